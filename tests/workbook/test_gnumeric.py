"""Portable formulas: Gnumeric recalculates the workbook to the core's figures with no error cell, and to
the same values LibreOffice computes (the cached ones), including after an input is edited."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.support.workbooks import (
    differences,
    error_cells,
    formula_values,
    gnumeric_recalculated,
    mismatches,
    named,
    write,
)
from xlcost import compare, load_catalog
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout as L

pytestmark = [pytest.mark.gnumeric, pytest.mark.filterwarnings("ignore:Workbook contains no default style")]

CATALOG = load_catalog()
NAMES = ("default", "seed-002-a", "seed-002-b", "seed-002-c")


@pytest.mark.parametrize("name", NAMES)
def test_gnumeric_shows_no_error_and_the_cores_figures(name: str, tmp_path: Path) -> None:
    scenario = load_scenario(name)
    path = tmp_path / f"{name}.xlsx"
    write(scenario, CATALOG, path)
    again = openpyxl.load_workbook(gnumeric_recalculated(path, tmp_path / "gnumeric"), data_only=True)
    assert error_cells(again) == []
    assert mismatches(again, compare(scenario, CATALOG)) == []
    assert named(again, L.MASTER_CHECK) == 0
    assert differences(formula_values(path), again) == []


def test_gnumeric_recalculates_an_edited_input(tmp_path: Path) -> None:
    """Edited with openpyxl (which drops cached values), the file is computed by Gnumeric, not read back."""
    scenario = load_scenario("seed-002-b")
    path = tmp_path / "edited.xlsx"
    write(scenario, CATALOG, path)
    wb = openpyxl.load_workbook(path)
    users = scenario.workload.users_per_day * 3
    wb[L.INPUTS][f"B{L.input_row('users_per_day')}"] = users
    wb.save(path)
    again = openpyxl.load_workbook(gnumeric_recalculated(path, tmp_path / "gnumeric"), data_only=True)
    edited = scenario.model_copy(update={"workload": scenario.workload.model_copy(update={"users_per_day": users})})
    assert error_cells(again) == []
    assert mismatches(again, compare(edited, CATALOG)) == []
