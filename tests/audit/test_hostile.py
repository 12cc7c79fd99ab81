"""Hostile and broken files: each gives a clear finding or error, no traceback, within seconds."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import openpyxl
import pytest
from defusedxml import EntitiesForbidden
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import fromstring

from tests.audit import hostile_workbooks as corpus
from xlcost.audit import audit
from xlcost.cli.app import main
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.loader import columns_for
from xlcost.core.catalog.rows import ApiPrice

SECONDS = 5


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str]:
    monkeypatch.setattr(sys, "argv", ["xlcost", "audit", *map(str, args)])
    start = time.perf_counter()
    with pytest.raises(SystemExit) as exc:
        main()
    assert time.perf_counter() - start < SECONDS
    out = capsys.readouterr()
    text = out.out + out.err
    assert "Traceback" not in text
    assert isinstance(exc.value.code, int), exc.value.code
    return exc.value.code, text


def test_openpyxl_parses_with_defusedxml() -> None:
    assert openpyxl.DEFUSEDXML
    with pytest.raises(EntitiesForbidden):
        fromstring('<!DOCTYPE x [<!ENTITY a "b">]><x>&a;</x>')


def test_zip_bomb_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run(monkeypatch, capsys, corpus.zip_bomb(tmp_path / "bomb.xlsx"))
    assert code == 2
    assert "zip bomb" in text and "padding.xml" in text


def test_billion_laughs_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, text = run(monkeypatch, capsys, corpus.billion_laughs(tmp_path / "laughs.xlsx"))
    assert code == 2
    assert "sharedStrings.xml" in text and "entit" in text


def test_oversized_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from xlcost.io import safe_open

    monkeypatch.setattr(safe_open, "MAX_FILE_BYTES", 1000)
    code, text = run(monkeypatch, capsys, corpus.plain_workbook(tmp_path / "big.xlsx"))
    assert code == 2 and "limit" in text


def test_not_a_workbook_is_unreadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "notes.xlsx"
    fake.write_text("id,price\n", encoding="utf-8")
    code, text = run(monkeypatch, capsys, fake)
    assert code == 2 and "not an Excel" in text


def test_external_link_is_reported_not_followed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus.external_link(tmp_path / "linked.xlsx")
    code, _text = run(monkeypatch, capsys, path)
    assert code == 1
    findings = audit(path).findings
    links = [f for f in findings if f.kind == "external-link"]
    assert any("file:///C:/finance/prices.xlsx" in f.message for f in links)
    assert any(f.location == "Calc!A1" for f in links)


def test_macro_workbook_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus.macro_workbook(tmp_path / "book.xlsm")
    code, _text = run(monkeypatch, capsys, path)
    assert code == 1
    assert [f.severity.name for f in audit(path).findings if f.kind == "macros"] == ["ERROR"]


def test_text_in_number_cell_is_named_by_cell(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus.catalog_sheet(tmp_path / "prices.xlsx", edits={("deepseek-v3", "input_per_mtok"): "two yuan"})
    code, _text = run(monkeypatch, capsys, path)
    assert code == 1
    invalid = [f for f in audit(path).findings if f.kind == "invalid-input"]
    column = get_column_letter(columns_for(ApiPrice).index("input_per_mtok") + 1)
    row = 2 + list(load_catalog().rows("api.csv", ApiPrice)).index("deepseek-v3")
    assert [f.location for f in invalid] == [f"Prices!{column}{row}"]
    assert "two yuan" in invalid[0].message and "input_per_mtok" in invalid[0].message


def test_deleted_sheet_ref_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = corpus.deleted_sheet(tmp_path / "deleted.xlsx")
    code, _text = run(monkeypatch, capsys, path)
    assert code == 1
    errors = {f.location for f in audit(path).findings if f.kind == "error-value"}
    assert errors == {"Summary!B1", "Summary!B2"}
