"""Data text reaches every output inert: no control character raw on a terminal or in JSON, and no
formula that a spreadsheet would run, from TSV, a report workbook or a generated workbook."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import openpyxl
import pytest

from tests.hostile import hostile_files as H
from tests.support.typed import text
from xlcost.io.plain_text import formula_like, json_text, tsv_field

HYPERLINK = '=HYPERLINK("http://evil.example/x","click")'
DDE = "+cmd|' /c calc'!A0"
AT = "@SUM(1)"
ESCAPES = "a\x1b[2Jb\x9b31m\x85c"  # ESC (C0), CSI and NEL (C1)
LABELS = [HYPERLINK, DDE, AT, ESCAPES, "-5", "plain words"]


def claims_file(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["label", "option", "claimed", "months"])
        writer.writerows([label, "api:deepseek-v3", 1000, 12] for label in LABELS)
    return path


def raw_controls(text: str) -> list[str]:
    return [c for c in text if (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F]


def test_tsv_fields_are_one_line_with_escapes_shown_and_formulas_inert(tmp_path: Path) -> None:
    run = H.xlcost("reconcile", claims_file(tmp_path / "claims.csv"), "--format", "tsv")
    assert run.code == 1 and raw_controls(run.out) == []
    labels = [line.split("\t")[1] for line in run.out.splitlines()[1:]]
    assert labels == [
        "'" + HYPERLINK,
        "'" + DDE,
        "'" + AT,
        "a\\x1b[2Jb\\x9b31m c",
        "-5",
        "plain words",
    ]  # NEL breaks a line: a space


def test_json_escapes_c1_controls_and_keeps_the_text(tmp_path: Path) -> None:
    run = H.xlcost("reconcile", claims_file(tmp_path / "claims.csv"), "--json")
    assert raw_controls(run.out) == [] and "\\u009b" in run.out and "\\u0085" in run.out
    assert [claim["label"] for claim in json.loads(run.out)] == LABELS  # a JSON reader gets the data back whole


def test_a_report_workbook_stores_formula_like_labels_as_text(tmp_path: Path) -> None:
    report = tmp_path / "claims.xlsx"
    H.xlcost("reconcile", claims_file(tmp_path / "claims.csv"), "--output", report)
    cells = {c.value: c for row in openpyxl.load_workbook(report)["Claims"].iter_rows() for c in row}
    for label in (HYPERLINK, DDE, AT):
        assert cells[label].data_type == "s" and cells[label].quotePrefix


def test_a_generated_workbook_stores_formula_like_option_labels_as_text(tmp_path: Path) -> None:
    options = [{"key": "api:deepseek-v3", "label": HYPERLINK}, {"key": "rent:a100-80g", "label": DDE}]
    scenario = H.write(tmp_path / "s.json", json.dumps({"name": AT, "options": options}))
    out = tmp_path / "book.xlsx"
    assert H.xlcost("generate", "-s", scenario, "-o", out).code == 0
    book = openpyxl.load_workbook(out)
    seen: set[str] = set()
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert "HYPERLINK" not in str(cell.value) and "cmd|" not in str(cell.value), cell.coordinate
                elif cell.value in (HYPERLINK, DDE, AT):
                    assert cell.quotePrefix, (ws.title, cell.coordinate)
                    seen.add(text(cell.value))
    assert seen == {HYPERLINK, DDE, AT}


@pytest.mark.parametrize(
    ("text", "field"),
    [("=1+1", "'=1+1"), ("+1+1", "'+1+1"), ("-A1", "'-A1"), ("@x", "'@x"), ("-5", "-5"), ("-94.2%", "-94.2%"),
     ("+1,000.5", "+1,000.5"), ("1e5", "1e5"), ("a=b", "a=b"), ("-", "'-"), ("-1+cmd|'/c x'!A0", "'-1+cmd|'/c x'!A0")],
)  # fmt: skip
def test_a_tsv_field_is_inert_unless_a_spreadsheet_reads_a_number(text: str, field: str) -> None:
    assert tsv_field(text) == field
    assert formula_like(text) is text.startswith(("=", "+", "-", "@"))  # a workbook cell marks all of them text


def test_the_one_rule_for_a_tsv_field_and_json() -> None:
    assert tsv_field("x\ty\nz") == "x y z"
    assert tsv_field("  =1") == "'=1"
    assert json_text({"k": "\u2028\x7f"}) == '{\n  "k": "\\u2028\\u007f"\n}'
