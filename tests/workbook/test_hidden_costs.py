"""Hidden costs in the comparison workbook: a HiddenCosts price sheet and a Calc line per option,
in TCO, NPV and everything after them, as ``xlcost tco`` prices them."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.support.scenarios import EVERY_KIND
from tests.support.typed import number, text
from tests.support.workbooks import (
    differences,
    error_cells,
    formula_values,
    gnumeric_recalculated,
    mismatches,
    named,
    recalculated,
    write,
)
from xlcost.audit import audit
from xlcost.audit.findings import Severity
from xlcost.core.catalog import Catalog, load_catalog, split_key
from xlcost.core.catalog.rows import HiddenCost
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout as L
from xlcost.workbook.build import build_workbook
from xlcost.workbook.cells import book_of

CATALOG = load_catalog()
HIDDEN = CATALOG.rows(L.HIDDEN_COSTS_FILE, HiddenCost)
SCENARIOS = {
    "default-hidden": load_scenario(None).model_copy(update={"hidden_costs": ["all"]}),
    "team30-hidden": load_scenario("seed-003-team30").model_copy(update={"hidden_costs": ["all"]}),
    "every-kind-latency": EVERY_KIND.model_copy(update={"hidden_costs": ["latency-wait"]}),
}
EDITED = "team30-edited"  # team30-hidden with the latency price doubled in the copy
LATENCY = "latency-wait"
AS_OF = dt.date(2026, 6, 15)


def _price_cell(field: str) -> tuple[int, int]:
    return L.TABLE_FIRST_ROW + list(HIDDEN).index(LATENCY), L.price_column(L.HIDDEN_COSTS_FILE, field, HIDDEN.values())


def _doubled_latency() -> Catalog:
    """The catalog with the latency cost at twice its amount: what the edited copy says."""
    row = HIDDEN[LATENCY]
    amount = row.amount.model_copy(update={"low": 2 * row.amount.low, "high": 2 * row.amount.high})
    tables = {file: dict(rows) for file, rows in CATALOG.tables.items()}
    tables[L.HIDDEN_COSTS_FILE][LATENCY] = row.model_copy(update={"amount": amount})
    return Catalog(tables=tables, directory=CATALOG.directory)


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Path], dict[str, openpyxl.Workbook]]:
    """Each scenario written, plus an edited copy, recalculated in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("hidden")
    paths = []
    for name, scenario in SCENARIOS.items():
        write(scenario, CATALOG, folder / f"{name}.xlsx")
        paths.append(folder / f"{name}.xlsx")
    wb = openpyxl.load_workbook(folder / "team30-hidden.xlsx")
    for bound in ("low", "high"):
        cell = wb[L.HIDDEN_COSTS].cell(*_price_cell(f"amount_{bound}"))
        cell.value = 2 * number(cell.value)
    wb.save(folder / f"{EDITED}.xlsx")
    paths.append(folder / f"{EDITED}.xlsx")
    return {p.stem: p for p in paths}, recalculated(paths, tmp_path_factory.mktemp("recalculated"))


def test_generate_writes_hidden_costs_and_its_figures_are_xlcost_tcos(tmp_path: Path, root: Path) -> None:
    scenario = tmp_path / "hidden.yaml"
    scenario.write_text("hidden_costs: [all]\noptions: [api:qwen-plus, onprem:light]\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(root)}

    def xlcost(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "xlcost", *args], capture_output=True, text=True, env=env)

    done = xlcost("generate", "-s", str(scenario), "-o", str(tmp_path / "out.xlsx"))
    assert done.returncode == 0, done.stderr
    tco = xlcost("tco", "-s", str(scenario), "--json")
    assert tco.returncode == 0, tco.stderr
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx", data_only=True)
    for i, option in enumerate(json.loads(tco.stdout)["options"], start=1):
        assert named(wb, f"tco_{i}") == pytest.approx(option["tco"], rel=1e-9)
        assert named(wb, f"npv_{i}") == pytest.approx(option["npv"], rel=1e-9)


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_cached_figures_equal_the_cores(name: str) -> None:
    wb, _ = build_workbook(SCENARIOS[name], CATALOG)
    comparison = compare(SCENARIOS[name], CATALOG)
    book = book_of(wb)
    assert book is not None
    for i, result in enumerate(comparison.results, start=1):
        row = L.summary_option_row(i)
        assert book.values[(L.SUMMARY, row, L.SUMMARY_COLS["tco"])] == pytest.approx(result.tco, rel=1e-9)
        assert book.values[(L.SUMMARY, row, L.SUMMARY_COLS["npv"])] == pytest.approx(result.npv, rel=1e-9)
    assert book.values[(L.CHECKS, L.CHECKS_MASTER_ROW, 2)] == 0


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_option_has_a_line_per_hidden_cost_holding_the_cores_amount(name: str) -> None:
    """One Calc line per switched-on cost in every option block: the core's line where the kind is listed, else 0."""
    scenario = SCENARIOS[name]
    wb, plan = build_workbook(scenario, CATALOG)
    book = book_of(wb)
    assert book is not None
    block = plan.calc_layout.option_block
    ids = plan.hidden_costs
    assert ids == (list(HIDDEN) if scenario.hidden_costs == ["all"] else scenario.hidden_costs)
    for i, result in enumerate(compare(scenario, CATALOG).results, start=1):
        core = {line.label: line.amount for line in result.profile.lines if line.label.startswith("hidden cost:")}
        kind, _ = split_key(result.profile.key)
        for k, ident in enumerate(ids, start=1):
            row = block.row(i, f"hidden_{k}")
            assert ident in text(wb[L.CALC].cell(row, 2).value)
            value = book.values[(L.CALC, row, L.CALC_COLS["value"])]
            wanted = [amount for label, amount in core.items() if HIDDEN[ident].name in label]
            assert value == pytest.approx(wanted[0] if kind in HIDDEN[ident].kinds else 0.0, rel=1e-12)
            assert (kind in HIDDEN[ident].kinds) == bool(wanted)


def test_a_workbook_without_hidden_costs_has_no_hidden_costs_sheet() -> None:
    wb, _ = build_workbook(load_scenario(None), CATALOG)
    assert wb.sheetnames == list(L.SHEET_ORDER)
    wb, _ = build_workbook(SCENARIOS["default-hidden"], CATALOG)
    assert wb.sheetnames == list(L.sheet_order(True)) and L.HIDDEN_COSTS in wb.sheetnames


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_sensitivity_base_case_is_the_cores_tco(name: str) -> None:
    """Hidden costs are not moved on Sensitivity, but its base case (and its check) includes them."""
    wb, _ = build_workbook(SCENARIOS[name], CATALOG)
    book = book_of(wb)
    assert book is not None
    labels = {cell.value: cell.row for cell in wb[L.SENSITIVITY]["A"] if isinstance(cell.value, str)}
    base, check = labels["Base case (as on Inputs)"], labels["Check: base TCO here minus Calc's TCO (0 = agree)"]
    for i, result in enumerate(compare(SCENARIOS[name], CATALOG).results, start=1):
        col = L.case_col(i, "TCO")
        assert book.values[(L.SENSITIVITY, base, col)] == pytest.approx(result.tco, rel=1e-9)
        assert book.values[(L.SENSITIVITY, check, col)] == 0


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", list(SCENARIOS))
def test_libreoffice_recalculates_the_cores_figures_and_every_cached_value(
    books: tuple[dict[str, Path], dict[str, openpyxl.Workbook]], name: str
) -> None:
    paths, again = books
    assert mismatches(again[name], compare(SCENARIOS[name], CATALOG)) == []
    assert differences(formula_values(paths[name]), again[name]) == []
    assert error_cells(again[name]) == []
    assert named(again[name], L.MASTER_CHECK) == 0


@pytest.mark.libreoffice
def test_doubling_the_latency_price_moves_tco_as_the_core_says(
    books: tuple[dict[str, Path], dict[str, openpyxl.Workbook]],
) -> None:
    _, again = books
    scenario = SCENARIOS["team30-hidden"]
    before, after = compare(scenario, CATALOG), compare(scenario, _doubled_latency())
    assert [r.tco for r in after.results] != pytest.approx([r.tco for r in before.results])
    assert mismatches(again[EDITED], after) == []
    assert named(again[EDITED], L.MASTER_CHECK) == 0


@pytest.mark.gnumeric
@pytest.mark.filterwarnings("ignore:Workbook contains no default style")
def test_gnumeric_computes_the_hidden_cost_lines_too(tmp_path: Path) -> None:
    """SEARCH and ISNUMBER, new to the workbook with hidden costs, are portable."""
    scenario = SCENARIOS["every-kind-latency"]
    path = tmp_path / "every-kind-latency.xlsx"
    write(scenario, CATALOG, path)
    again = openpyxl.load_workbook(gnumeric_recalculated(path, tmp_path / "gnumeric"), data_only=True)
    assert error_cells(again) == []
    assert mismatches(again, compare(scenario, CATALOG)) == []
    assert differences(formula_values(path), again) == []


@pytest.mark.parametrize("name", ["default-hidden", "team30-hidden"])
def test_audit_of_a_fresh_hidden_cost_workbook_is_clean(name: str, tmp_path: Path) -> None:
    path = tmp_path / f"{name}.xlsx"
    write(SCENARIOS[name], CATALOG, path)
    result = audit(path, as_of=AS_OF)
    assert [f.as_dict() for f in result.findings if f.severity > Severity.INFO] == []
    assert [a.core for a in result.answer if a.metric == "tco"] == pytest.approx(
        [r.tco for r in compare(SCENARIOS[name], CATALOG).results]
    )


def test_the_scenario_is_stored_with_its_hidden_costs() -> None:
    wb, _ = build_workbook(SCENARIOS["every-kind-latency"], CATALOG)
    stored = text(wb[L.COVER].cell(L.COVER_ROWS["scenario_json"], L.COVER_VALUE_COL).value)
    assert Scenario.model_validate(json.loads(stored)).hidden_costs == [LATENCY]
