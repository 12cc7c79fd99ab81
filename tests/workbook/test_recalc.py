"""recalc.py fails with a clear XlcostError, never a traceback, when LibreOffice cannot do the job."""

from __future__ import annotations

import tempfile
from pathlib import Path

import openpyxl
import pytest

from xlcost.errors import XlcostError
from xlcost.io.xlsx_report import first_sheet
from xlcost.workbook.recalc import recalculate, recalculate_all


def test_missing_workbook(tmp_path: Path) -> None:
    with pytest.raises(XlcostError, match="no such file"):
        recalculate(tmp_path / "absent.xlsx", tmp_path / "out")


def test_missing_soffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    monkeypatch.setenv("XLCOST_SOFFICE", str(tmp_path / "no-soffice-here"))
    with pytest.raises(XlcostError, match="cannot run LibreOffice"):
        recalculate(tmp_path / "a.xlsx", tmp_path / "out")


def test_refuses_to_overwrite_the_source(tmp_path: Path) -> None:
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    with pytest.raises(XlcostError, match="outdir must differ"):
        recalculate(tmp_path / "a.xlsx", tmp_path)


def test_copies_need_distinct_names(tmp_path: Path) -> None:
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.xlsx").write_bytes(b"PK")
    with pytest.raises(XlcostError, match="distinct file names"):
        recalculate_all([tmp_path / "x" / "a.xlsx", tmp_path / "y" / "a.xlsx"], tmp_path / "out")


@pytest.mark.libreoffice
def test_without_an_outdir_the_copy_lands_beside_the_workbook_and_no_temporary_folder_is_left(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, soffice: str
) -> None:
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # LibreOffice's own temporary files too
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    wb = openpyxl.Workbook()
    ws = first_sheet(wb)
    ws["A1"], ws["A2"] = 20, "=A1*2+2"
    source = tmp_path / "book" / "a.xlsx"
    source.parent.mkdir()
    wb.save(source)
    copy = recalculate(source)
    assert copy == source.with_name("a-recalculated.xlsx")
    assert first_sheet(openpyxl.load_workbook(copy, data_only=True))["A2"].value == 42
    assert sorted(p.name for p in source.parent.iterdir()) == ["a-recalculated.xlsx", "a.xlsx"]
    assert list(scratch.iterdir()) == []
