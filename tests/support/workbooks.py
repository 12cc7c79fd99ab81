"""Generated workbooks in the tests of several areas: write one, recalculate it in LibreOffice or Gnumeric, read
cells by defined name, and set its figures beside the core's."""

from __future__ import annotations

import math
import subprocess
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.cell import Cell

from tests.support.programs import require_soffice, require_ssconvert
from xlcost.analysis.uncertainty.sensitivity import Sensitivity
from xlcost.core.catalog import Catalog
from xlcost.core.compare import Comparison
from xlcost.core.scenario import Scenario
from xlcost.workbook import layout
from xlcost.workbook.build import build_workbook, workbook_bytes
from xlcost.workbook.build_plan import BuildPlan
from xlcost.workbook.recalc import recalculate_all

ERROR_VALUES = ("#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NUM!", "#NAME?", "#NULL!", "Err:")


def gnumeric_recalculated(path: Path, outdir: Path) -> Path:
    """``ssconvert --recalc``: Gnumeric opens the file, recalculates every formula and saves a copy."""
    ssconvert = require_ssconvert()
    outdir.mkdir(parents=True, exist_ok=True)
    out = outdir / path.name
    subprocess.run([ssconvert, "--recalc", str(path), str(out)], capture_output=True, check=True, timeout=300)
    return out


def save_with_gnumeric(source: Path, target: Path) -> Path:
    """Open and save unchanged in Gnumeric (no --recalc: it keeps the formulas and computes missing values)."""
    done = subprocess.run(
        [require_ssconvert(), str(source), str(target)], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0 and target.is_file(), done.stderr
    return target


def formula_values(path: Path) -> dict[str, object]:
    """Value of every formula cell of a workbook (as cached in the file), by ``Sheet!A1``."""
    formulas = openpyxl.load_workbook(path)
    values = openpyxl.load_workbook(path, data_only=True)
    return {
        f"{ws.title}!{cell.coordinate}": values[ws.title][cell.coordinate].value
        for ws in formulas.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.data_type == "f"
    }


def differences(cached: dict[str, object], recalculated: openpyxl.Workbook) -> list[str]:
    """Formula cells whose cached value differs from a recalculation: numbers to 1e-9 relative, the rest equal."""
    bad = []
    for where, value in cached.items():
        sheet, coord = where.split("!")
        got = recalculated[sheet][coord].value
        same = value == got or (
            isinstance(value, int | float)
            and isinstance(got, int | float)
            and math.isclose(value, got, rel_tol=1e-9, abs_tol=1e-9)
        )
        if not same:
            bad.append(f"{where}: cached {value!r}, recalculated {got!r}")
    return bad


def write(scenario: Scenario, catalog: Catalog, path: Path) -> BuildPlan:
    wb, plan = build_workbook(scenario, catalog)
    path.write_bytes(workbook_bytes(wb))
    return plan


def recalculated(paths: Sequence[Path], outdir: Path) -> dict[str, openpyxl.Workbook]:
    """Recalculate in one LibreOffice run; workbooks (values only) by file stem."""
    require_soffice()
    return {p.stem: openpyxl.load_workbook(p, data_only=True) for p in recalculate_all(paths, outdir)}


def cell_of(wb: openpyxl.Workbook, name: str) -> Cell:
    """The cell a workbook-level defined name points to."""
    ((sheet, coord),) = list(wb.defined_names[name].destinations)
    cell = wb[sheet][coord.replace("$", "")]
    assert isinstance(cell, Cell), f"{name} points to {sheet}!{coord}, not one cell"
    return cell


def named(wb: openpyxl.Workbook, name: str) -> object:
    return cell_of(wb, name).value


def error_cells(wb: openpyxl.Workbook) -> list[str]:
    found = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(ERROR_VALUES):
                    found.append(f"{ws.title}!{cell.coordinate}={cell.value}")
    return found


def close(actual: object, expected: float, rel: float = 1e-9) -> bool:
    return isinstance(actual, int | float) and math.isclose(actual, expected, rel_tol=rel, abs_tol=1e-9)


def mismatches(wb: openpyxl.Workbook, comparison: Comparison) -> list[str]:
    """Every Summary figure that differs from the core's (TCO, NPV, cost per 1M tokens, breakeven)."""
    none_text, na_text = named(wb, "text_none"), named(wb, "text_na")
    bad = []
    for i, result in enumerate(comparison.results, start=1):
        expected = {"tco": result.tco, "npv": result.npv, "upfront": result.profile.upfront}
        for field, value in expected.items():
            if not close(named(wb, f"{field}_{i}"), value):
                bad.append(f"{field}_{i}: workbook {named(wb, f'{field}_{i}')!r}, core {value!r}")
        got = named(wb, f"cost_per_mtok_{i}")
        if (result.cost_per_mtok is None and got != na_text) or (
            result.cost_per_mtok is not None and not close(got, result.cost_per_mtok)
        ):
            bad.append(f"cost_per_mtok_{i}: workbook {got!r}, core {result.cost_per_mtok!r}")
    names = {r.profile.name: i for i, r in enumerate(comparison.results, start=1)}
    pairs = [(a, b) for a in range(1, len(names) + 1) for b in range(a + 1, len(names) + 1)]
    for (a, b), be in zip(pairs, comparison.breakevens, strict=True):
        got = named(wb, f"breakeven_{a}_{b}")
        ok = got == none_text if be.month is None else close(got, be.month)
        if not ok:
            bad.append(f"breakeven_{a}_{b}: workbook {got!r}, core {be.month!r}")
        if named(wb, f"costlier_{a}_{b}") != be.costlier_upfront:
            bad.append(f"costlier_{a}_{b}: workbook {named(wb, f'costlier_{a}_{b}')!r}, core {be.costlier_upfront!r}")
    summary = layout.SummaryLayout(len(names))
    for p, be in enumerate(comparison.breakevens, start=1):
        words = wb[layout.SUMMARY].cell(summary.pair_row(p), layout.PAIR_COLS["reading"]).value
        if words != be.reason:
            bad.append(f"breakeven {p} in words: workbook {words!r}, core {be.reason!r}")
    return bad


def tornado_mismatches(wb: openpyxl.Workbook, core: Sensitivity, options: int) -> tuple[list[str], int]:
    """Every Sensitivity table row whose TCO low or high differs from the core's tornado, and how many rows were
    compared (the table's rows down to the first input the core does not list)."""
    from xlcost.workbook.sensitivity_sheet import SHEET, TABLE_HEADER

    ws, by_label = wb[SHEET], {row.input.label: row for row in core.rows}
    bad, r = [], TABLE_HEADER + 1
    while ws[f"A{r}"].value in by_label:
        row = by_label[ws[f"A{r}"].value]
        for i in range(options):
            for field, value in (("TCO low", row.tco_low[i]), ("TCO high", row.tco_high[i])):
                got = ws.cell(r, layout.sensitivity_col(i + 1, field)).value
                if not (isinstance(got, int | float) and math.isclose(got, value, rel_tol=1e-9, abs_tol=1e-6)):
                    bad.append(f"{row.input.key}, option {i + 1}, {field}: workbook {got!r}, core {value!r}")
        r += 1
    return bad, r - TABLE_HEADER - 1
