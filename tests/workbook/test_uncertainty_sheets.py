"""Sensitivity sheet: LibreOffice's recalculation of every case block equals the core's tornado."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.support.scenarios import MIXED
from tests.support.workbooks import tornado_mismatches
from xlcost.analysis.uncertainty.inputs import hold_units
from xlcost.analysis.uncertainty.montecarlo import simulate
from xlcost.analysis.uncertainty.sensitivity import sensitivity
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook.build import build_workbook, workbook_bytes
from xlcost.workbook.recalc import recalculate
from xlcost.workbook.sensitivity_sheet import SETTINGS, SETTINGS_ROW, SHEET, TABLE_HEADER
from xlcost.workbook.simulation_sheet import HEADER_ROW
from xlcost.workbook.simulation_sheet import SHEET as SIMULATION
from xlcost.workbook.styles import GENERATED

CATALOG = load_catalog()
assert GENERATED.font.color is not None
GENERATED_RGB = GENERATED.font.color.rgb[-6:]
#: spreads typed into the sheet after generation: the recalculated tornado must follow them
EDITED = {"sens_spread": 0.1, "sens_workload_spread": 0.3, "sens_growth_spread": 0.005}


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> openpyxl.Workbook:
    folder = tmp_path_factory.mktemp("sensitivity")
    wb, _ = build_workbook(MIXED, CATALOG)
    ws = wb[SHEET]
    for offset, (name, _, _) in enumerate(SETTINGS):
        ws[f"B{SETTINGS_ROW + offset}"] = EDITED[name]
    path = folder / "mixed.xlsx"
    path.write_bytes(workbook_bytes(wb))
    return load_workbook(recalculate(path, folder / "out"), data_only=True)


def test_libreoffice_case_blocks_equal_the_core(recalculated: openpyxl.Workbook) -> None:
    held, _ = hold_units(MIXED, CATALOG)
    core = sensitivity(
        held,
        CATALOG,
        spread=EDITED["sens_spread"],
        workload_spread=EDITED["sens_workload_spread"],
        growth_spread=EDITED["sens_growth_spread"],
    )
    bad, compared = tornado_mismatches(recalculated, core, len(MIXED.options))
    assert bad == []
    assert compared == len(core.rows) >= 15


def test_sheet_has_no_errors_and_its_base_agrees_with_calc(recalculated: openpyxl.Workbook) -> None:
    ws = recalculated[SHEET]
    values = [cell.value for row in ws.iter_rows() for cell in row]
    assert not [v for v in values if isinstance(v, str) and v.startswith(("#", "Err:"))]
    check_row = next(row for row in ws.iter_rows() if str(row[0].value).startswith("Check:"))
    assert [c.value for c in check_row[1:] if c.value is not None] == [0] * len(MIXED.options)
    assert recalculated["Checks"]["B2"].value == 0


def test_sheet_structure_without_libreoffice() -> None:
    wb, _ = build_workbook(MIXED, CATALOG)
    ws = wb[SHEET]
    assert wb.sheetnames[-1] == SHEET
    # one tornado per option, except the rental priced by a fixed quote and units (no input moves it),
    # and the breakeven chart of the pair
    assert len(ws._charts) == len(MIXED.options) - 1 + 1  # type: ignore[attr-defined]  # openpyxl keeps the charts private
    for offset, (name, _, default) in enumerate(SETTINGS):
        cell = ws[f"B{SETTINGS_ROW + offset}"]
        assert cell.value == default and not cell.protection.locked
        assert name in wb.defined_names
    cells = [c for row in ws.iter_rows(min_row=TABLE_HEADER + 1) for c in row if c.value is not None]
    generated = [c for c in cells if c.font.color is not None and c.font.color.rgb == "00" + GENERATED_RGB]
    numbers = [c.coordinate for c in cells if isinstance(c.value, int | float) and c not in generated]
    assert not numbers  # below the settings, every figure is a formula, except breakevens marked as generated
    assert all(isinstance(c.value, float) for c in generated if c.column > 1)


def test_simulation_sheet_holds_the_runs_values_and_seed(tmp_path: Path) -> None:
    path = tmp_path / "sim.xlsx"
    out = CliRunner().invoke(app, ["simulate", "--draws", "3000", "--seed", "5", "--output", str(path)])
    assert out.exit_code == 0, out.output
    ws = load_workbook(path)[SIMULATION]
    assert ws.print_area and ws.page_setup.fitToWidth == 1  # prints like the other sheets
    assert "seed 5" in ws["A2"].value and "3,000 simulated futures" in ws["A2"].value
    expected = simulate(load_scenario(None), CATALOG, draws=3000, seed=5)
    for k, name in enumerate(expected.options):
        r = HEADER_ROW + 1 + k
        assert ws[f"A{r}"].value == name
        assert ws[f"C{r}"].value == pytest.approx(expected.percentile(50)[k])
        assert ws[f"F{r}"].value == pytest.approx(expected.p_cheapest[k])
    [growth] = [row for row in ws.iter_rows() if row[0].value == "monthly growth"]
    assert [c.value for c in growth[2:5]] == pytest.approx([-0.01, 0.0, 0.01])  # ± one point around the default 0
    assert {c.number_format for c in growth[2:5]} == {"0.00%"}  # shown as -1.00% .. 1.00%, not -0.01 .. 0.01
    again = CliRunner().invoke(app, ["simulate", "--draws", "10", "--output", str(path)])
    assert again.exit_code == 2 and "already exists" in again.stderr
