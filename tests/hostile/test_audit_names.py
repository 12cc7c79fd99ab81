"""Defined names that reach outside the workbook are reported, as external-link parts are."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from tests.hostile import hostile_files as H
from xlcost.audit.outside import reaches_outside
from xlcost.io.xlsx_report import first_sheet

# (name, what it refers to, the words the finding uses): each added, alone, to a clean workbook.
OUTSIDE = [
    ("unc_book", r"'\\fileserver\finance\[prices.xlsx]Rates'!$B$2", "a network share"),
    ("drive_book", r"'C:\Users\cfo\[budget.xlsx]Sheet1'!$A$1", "a file path"),
    ("web_rate", 'WEBSERVICE("https://example.com/rate?x=1")', "a web address"),
    ("web_bare", 'FILTERXML(WEBSERVICE(Calc!$A$1),"//rate")', "a web service"),
    ("dde_cmd", "cmd|'/c calc.exe'!A0", "a program (a DDE link)"),
    ("dde_plus", "+MSEXCEL|'\\..\\..\\Windows\\System32\\cmd.exe /c calc'!''", "a program (a DDE link)"),
    ("linked", "[1]Rates!$B$2", "another workbook"),
    ("quoted_link", "'[prices.xlsx]Rates'!$B$2*2", "another workbook"),
]


def workbook_with_names(path: Path, names: dict[str, str], *, scoped: bool = False) -> Path:
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = "Calc"
    ws["A1"] = "https://example.com"  # a URL as a cell value is text, not a link
    ws["A2"] = 5
    ws["B2"] = "=A2*2"
    wb.defined_names["rate"] = DefinedName("rate", attr_text="Calc!$A$2")
    wb.defined_names["table_col"] = DefinedName("table_col", attr_text="SUM(Table1[Cost])")
    wb.defined_names["label"] = DefinedName("label", attr_text='"A|B: see C:\\ notes"')
    for name, target in names.items():
        if scoped:
            ws.defined_names[name] = DefinedName(name, attr_text=target)
        else:
            wb.defined_names[name] = DefinedName(name, attr_text=target)
    wb.save(path)
    return path


def external_findings(path: Path) -> list[dict[str, Any]]:
    run = H.xlcost("audit", path, "--json")
    assert run.code in (0, 1), run.err
    return [f for f in json.loads(run.out)["findings"] if f["kind"] == "external-link"]


def test_a_workbook_whose_names_stay_inside_has_no_external_link(tmp_path: Path) -> None:
    assert external_findings(workbook_with_names(tmp_path / "clean.xlsx", {})) == []


@pytest.mark.parametrize("scoped", [False, True], ids=["workbook-name", "sheet-name"])
def test_each_name_pointing_outside_is_one_error_naming_it(tmp_path: Path, scoped: bool) -> None:
    path = workbook_with_names(tmp_path / "names.xlsx", {name: target for name, target, _ in OUTSIDE}, scoped=scoped)
    found = external_findings(path)
    assert len(found) == len(OUTSIDE)
    for (name, target, words), finding in zip(OUTSIDE, found, strict=True):
        shown_name = f"Calc!{name}" if scoped else name
        assert finding["severity"] == "error"
        assert finding["message"].startswith(f"The defined name {shown_name} refers to {words} ({target})")


@pytest.mark.parametrize(
    "formula", ["Calc!$A$2", "'My Sheet'!$A:$B", "SUM(Table1[Cost])", "'A|B'!$A$1", '"C: drive"', "INDEX(Calc!A:A,2)"]
)
def test_names_inside_the_workbook_reach_nothing(formula: str) -> None:
    assert reaches_outside(formula) is None


def test_a_dde_command_or_web_call_typed_into_a_cell_is_reported_there(tmp_path: Path) -> None:
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = "Calc"
    ws["A1"] = "=cmd|'/c calc.exe'!A0"
    ws["A2"] = '=WEBSERVICE("https://example.com/rate")'
    ws["A3"] = "=SUM(B1:B2)"
    path = tmp_path / "cells.xlsx"
    wb.save(path)
    found = external_findings(path)
    assert [(f["location"], f["message"]) for f in found] == [
        ("Calc!A1", "The formula =cmd|'/c calc.exe'!A0 reaches a program (a DDE link) outside the workbook; "
                    "xlcost did not follow it."),
        ("Calc!A2", 'The formula =WEBSERVICE("https://example.com/rate") reaches a web address outside the workbook; '
                    "xlcost did not follow it."),
    ]  # fmt: skip
