"""A generated workbook carries its numbers: every formula cell has a cached value, which readers that do
not recalculate (pandas, openpyxl, previews, Excel's Protected View) show, and which equals what
LibreOffice computes when it recalculates the same file."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import openpyxl
import pandas as pd
import pytest

from tests.support.scenarios import EVERY_KIND, MIXED
from tests.support.typed import present, text
from tests.support.workbooks import differences, formula_values, mismatches, write
from xlcost import compare, load_catalog
from xlcost.core.scenario_io import load_scenario
from xlcost.io.xlsx_report import first_sheet
from xlcost.workbook import layout as L
from xlcost.workbook.build import build_workbook, workbook_bytes
from xlcost.workbook.cells import Book
from xlcost.workbook.expr import Cell, call
from xlcost.workbook.recalc import recalculate_all

CATALOG = load_catalog()
SCENARIOS = {name: load_scenario(name) for name in ("default", "seed-002-a", "seed-002-b", "seed-002-c")} | {
    "mixed-sensitivity": MIXED,
    "every-kind": EVERY_KIND,
}


def _fresh(name: str) -> bytes:
    wb, _ = build_workbook(SCENARIOS[name], CATALOG)
    return workbook_bytes(wb)


@pytest.mark.parametrize("name", ["default", "seed-002-b", "every-kind"])
def test_openpyxl_values_only_finds_the_cores_figures(name: str) -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_fresh(name)), data_only=True)
    assert mismatches(wb, compare(SCENARIOS[name], CATALOG)) == []


@pytest.mark.parametrize("name", ["default", "seed-002-c"])
def test_every_formula_cell_has_a_value(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.xlsx"
    path.write_bytes(_fresh(name))
    values = formula_values(path)
    assert len(values) > 1000
    assert [where for where, value in values.items() if value is None] == []


def test_pandas_reads_names_tcos_npvs_and_breakevens() -> None:
    comparison = compare(SCENARIOS["seed-002-b"], CATALOG)
    sheets = pd.read_excel(io.BytesIO(_fresh("seed-002-b")), sheet_name=None, header=None)
    summary = sheets[L.SUMMARY]
    cols = {field: col - 1 for field, col in L.SUMMARY_COLS.items()}
    options = summary.iloc[L.SUMMARY_HEADER_ROW : L.SUMMARY_HEADER_ROW + len(comparison.results)]
    assert list(options[cols["name"]]) == [r.profile.name for r in comparison.results]
    np.testing.assert_allclose(options[cols["tco"]].astype(float), [r.tco for r in comparison.results], rtol=1e-9)
    np.testing.assert_allclose(options[cols["npv"]].astype(float), [r.npv for r in comparison.results], rtol=1e-9)
    per_mtok = [present(r.cost_per_mtok) for r in comparison.results]
    np.testing.assert_allclose(options[cols["cost_per_mtok"]].astype(float), per_mtok, rtol=1e-9)
    layout = L.SummaryLayout(len(comparison.results))
    first = layout.pair_row(1) - 1
    pairs = summary.iloc[first : first + len(comparison.breakevens)]
    shown = [b.month if b.month is not None else "none within horizon" for b in comparison.breakevens]
    for got, expected in zip(pairs[L.PAIR_COLS["breakeven"] - 1], shown, strict=True):
        assert got == pytest.approx(expected, rel=1e-9) if isinstance(expected, float) else got == expected
    assert summary.notna().values.sum() > 50 and not sheets[L.CALC].iloc[4:, 3].isna().all()


def test_cached_values_keep_generation_deterministic() -> None:
    assert _fresh("seed-002-a") == _fresh("seed-002-a")


@pytest.mark.libreoffice
def test_every_cached_value_equals_libreoffices_recalculation(tmp_path: Path, soffice: str) -> None:
    paths = []
    for name, scenario in SCENARIOS.items():
        write(scenario, CATALOG, tmp_path / f"{name}.xlsx")
        paths.append(tmp_path / f"{name}.xlsx")
    recalculated = recalculate_all(paths, tmp_path / "libreoffice")
    compared = 0
    for path, again in zip(paths, recalculated, strict=True):
        cached = formula_values(path)
        assert differences(cached, openpyxl.load_workbook(again, data_only=True)) == [], path.stem
        compared += len(cached)
    assert compared > 10_000


@pytest.mark.libreoffice
def test_text_booleans_and_errors_are_cached_as_libreoffice_shows_them(tmp_path: Path, soffice: str) -> None:
    """Cached values keep their type: text, TRUE/FALSE and error values (#DIV/0!, #N/A)."""
    wb = openpyxl.Workbook()
    ws = first_sheet(wb)
    ws.title = "Sheet"
    book = Book(wb)
    ws["A1"], ws["A2"] = 0, "words"
    here = Cell("Sheet", 1, 1)
    formulas = {
        "B1": 1 / here,
        "B2": call("MATCH", 1, Cell("Sheet", 2, 1), 0),
        "B3": here.gt(0),
        "B4": call("IF", here.eq(0), Cell("Sheet", 2, 1), 1),
        "B5": call("OR", here.eq(0), here.gt(1)),
        "B6": (here + 1) / 12,
    }
    for coord, expression in formulas.items():
        book.put(ws, coord, expression)
    path = tmp_path / "types.xlsx"
    path.write_bytes(workbook_bytes(wb))
    cached = formula_values(path)
    assert cached == {
        "Sheet!B1": "#DIV/0!",
        "Sheet!B2": "#N/A",
        "Sheet!B3": False,
        "Sheet!B4": "words",
        "Sheet!B5": True,
        "Sheet!B6": pytest.approx(1 / 12),
    }
    (again,) = recalculate_all([path], tmp_path / "libreoffice")
    assert differences(cached, openpyxl.load_workbook(again, data_only=True)) == []


def test_audit_shows_the_workbooks_figures_beside_the_cores(tmp_path: Path) -> None:
    """A user generates a workbook and audits it: the 'shown in the workbook' figures are there and agree."""
    path = tmp_path / "b.xlsx"
    run = [sys.executable, "-m", "xlcost"]
    subprocess.run([*run, "generate", "-s", "seed-002-b", "-o", str(path)], check=True, capture_output=True)
    done = subprocess.run([*run, "audit", str(path), "--json"], capture_output=True, text=True, check=False)
    lines = json.loads(done.stdout)["answer"]
    assert len(lines) >= 10
    for line in lines:
        core, shown = line["core"], line["workbook"]
        if isinstance(core, float | int):
            assert shown == pytest.approx(core, rel=1e-9), line
        else:
            assert shown == (core if core is not None else "none within horizon"), line


def test_a_formula_edited_after_building_keeps_no_stale_value(tmp_path: Path) -> None:
    """Values belong to the formulas xlcost wrote: a cell changed before saving is left for the spreadsheet."""
    wb, _ = build_workbook(SCENARIOS["default"], CATALOG)
    wb[L.SUMMARY]["G7"] = "=1+1"
    path = tmp_path / "edited.xlsx"
    path.write_bytes(workbook_bytes(wb))
    values = formula_values(path)
    assert values["Summary!G7"] is None and values["Summary!H7"] is not None


def test_month_one_means_the_running_cost_on_summary_as_in_xlcost_tco() -> None:
    """One meaning of "month 1": flat + usage, the upfront shown apart (an on-prem build has a large one)."""
    comparison = compare(SCENARIOS["default"], CATALOG)
    wb = openpyxl.load_workbook(io.BytesIO(_fresh("default")), data_only=True)
    summary = wb[L.SUMMARY]
    assert "Running cost, month 1" in text(summary.cell(L.SUMMARY_HEADER_ROW, L.SUMMARY_COLS["month1_running"]).value)
    rows = comparison.table().to_dict("records")
    assert any(row["upfront"] > 0 for row in rows)
    for i, row in enumerate(rows, start=1):
        shown = summary.cell(L.summary_option_row(i), L.SUMMARY_COLS["month1_running"]).value
        assert shown == pytest.approx(row["monthly_month1"], rel=1e-12)
