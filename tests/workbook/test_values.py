"""The workbook, recalculated by LibreOffice, gives the core's figures for every built-in scenario and
for scenarios that exercise every option kind, currency conversion, growth, cases and overrides."""

from __future__ import annotations

import openpyxl
import pytest

from tests.support.scenarios import EVERY_KIND
from tests.support.typed import number
from tests.support.workbooks import error_cells, mismatches, named, recalculated, write
from xlcost import compare, load_catalog
from xlcost.core.compare import Comparison
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import builtin_scenarios, load_scenario

pytestmark = pytest.mark.libreoffice

BUY_VS_RENT = Scenario.model_validate(
    {
        "name": "buy-vs-rent",
        "options": [
            {"key": f"{kind}:{gpu}", "units": 1}
            for gpu in ("a100-80g", "h100-80g", "h200-141g")
            for kind in ("rent", "buy")
        ],
    }
)
#: GPUs and on-prem builds sized by the capacity engine (several builds of a tier, a fixed count of another that
#: holds the load).
ENGINE_SIZED = Scenario.model_validate(
    {
        "name": "engine-sized",
        "workload": {"users_per_day": 300_000, "monthly_growth": 0.02},
        "model_size": "32b-70b",
        "options": [
            "api:deepseek-v3",
            "rent:h100-80g",
            "buy:a100-80g",
            "onprem:standard",
            {"key": "onprem:enterprise", "units": 4},  # 32 GPUs: enough (a shortfall fails a check)
        ],
    }
)
SCENARIOS = {name: load_scenario(name) for name in builtin_scenarios()} | {
    "buy-vs-rent": BUY_VS_RENT,
    "every-kind": EVERY_KIND,
    "engine-sized": ENGINE_SIZED,
}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[openpyxl.Workbook, Comparison]]:
    """Every scenario written and recalculated in one LibreOffice run, with the core's comparison."""
    folder = tmp_path_factory.mktemp("written")
    catalog = load_catalog()
    paths = []
    for name, scenario in SCENARIOS.items():
        write(scenario, catalog, folder / f"{name}.xlsx")
        paths.append(folder / f"{name}.xlsx")
    values = recalculated(paths, tmp_path_factory.mktemp("recalculated"))
    return {name: (values[name], compare(scenario, catalog)) for name, scenario in SCENARIOS.items()}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_no_error_values_anywhere(books: dict[str, tuple[openpyxl.Workbook, Comparison]], name: str) -> None:
    wb, _ = books[name]
    assert error_cells(wb) == []


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_summary_equals_the_core(books: dict[str, tuple[openpyxl.Workbook, Comparison]], name: str) -> None:
    wb, comparison = books[name]
    assert mismatches(wb, comparison) == []


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_every_check_is_zero(books: dict[str, tuple[openpyxl.Workbook, Comparison]], name: str) -> None:
    wb, _ = books[name]
    ws = wb["Checks"]
    values = [row[1] for row in ws.iter_rows(min_row=5, max_col=2, values_only=True) if row[0]]
    assert values and all(v == 0 for v in values), values
    assert named(wb, "checks_master") == 0
    assert wb["Cover"]["B10"].value == 0 and wb["Summary"]["D3"].value == 0


def test_seed_breakevens_buy_vs_rent(books: dict[str, tuple[openpyxl.Workbook, Comparison]]) -> None:
    """Seed 002 §4: buying an A100 pays back after about 15.4 months of reserved rental, an H100 19.1, an H200 20."""
    wb, _ = books["buy-vs-rent"]
    months = [named(wb, f"breakeven_{a}_{a + 1}") for a in (1, 3, 5)]
    assert [round(number(m), 2) for m in months] == [15.38, 19.13, 20.00]


def test_cheapest_option_is_the_lowest_tco(books: dict[str, tuple[openpyxl.Workbook, Comparison]]) -> None:
    wb, comparison = books["default"]
    assert named(wb, "cheapest_option") == comparison.cheapest.profile.name
