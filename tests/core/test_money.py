"""The money maths by hand: schedule, NPV, cost per 1M tokens, sizing, FX, breakeven edge cases."""

from __future__ import annotations

import math
from typing import Any

import pytest

from tests.support.typed import present
from xlcost import OptionSpec, Scenario, Workload, compare, load_catalog
from xlcost.analysis.recommend import recommend
from xlcost.core import money
from xlcost.core.catalog.rows import Throughput
from xlcost.core.pricing import Context, CostProfile, resolve

CATALOG = load_catalog()


def profile(key: str, workload: Workload = Workload(), **spec: Any) -> CostProfile:
    return resolve(OptionSpec(key=key, **spec), Context(workload=workload), CATALOG)


def test_schedule_columns_add_up() -> None:
    w = Workload(monthly_growth=0.05, horizon_months=24)
    p = profile("onprem:light", w)
    table = money.schedule(p, w)
    assert list(table["month"]) == list(range(1, 25))
    assert table["upfront"].iloc[0] == p.upfront and table["upfront"].iloc[1:].eq(0).all()
    assert (table["cash_cost"] == table["upfront"] + table["running"]).all()
    assert table["cumulative"].iloc[-1] == pytest.approx(money.tco(p, w))


def test_growth_compounds_usage_costs_monthly() -> None:
    w = Workload(monthly_growth=0.10, horizon_months=3)
    p = profile("api:qwen-plus", w)
    running = money.schedule(p, w)["running"].tolist()
    assert running == pytest.approx([432, 432 * 1.1, 432 * 1.21])
    assert money.tco(p, w) == pytest.approx(sum(running))


def test_npv_discounts_running_costs_at_month_ends() -> None:
    w = Workload(horizon_months=12)
    p = profile("rent:a100-80g", w, units=1)
    monthly = 1.08 ** (1 / 12) - 1
    expected = sum(6_500 / (1 + monthly) ** k for k in range(1, 13))
    assert money.npv(p, w, 0.08) == pytest.approx(expected, rel=1e-12)
    assert money.npv(profile("buy:a100-80g", w, units=1), w, 0.08) == pytest.approx(100_000)


def test_cost_per_million_tokens_is_tco_over_tokens() -> None:
    w = Workload()
    tokens = 10_000 * 1_200 * 30 * 36
    assert money.cost_per_mtok(profile("rent:a100-80g", w, units=1), w) == pytest.approx(234_000 / tokens * 1e6)
    assert money.cost_per_mtok(profile("api:qwen-plus", w), Workload(users_per_day=0)) is None


def test_sizing_reports_the_binding_constraint() -> None:
    # 100,000 users x 400 output tokens / 86,400 s x peak 2 = 925.9 tok/s; 180 tok/s per GPU -> 6 GPUs.
    p = profile("rent:a100-80g", Workload(users_per_day=100_000))
    assert p.sizing is not None
    assert p.units == 6 and p.sizing.by_throughput == 6 and "throughput binds" in p.sizing.reason
    big = resolve(
        OptionSpec(key="rent:a100-80g"), Context(workload=Workload(users_per_day=10), model_size="671b"), CATALOG
    )
    assert big.sizing is not None
    assert big.sizing.by_vram == math.ceil(320 / 80) and "memory binds" in big.sizing.reason


def test_usd_prices_convert_through_the_fx_table() -> None:
    cny = profile("api:gpt-4o")
    usd = resolve(OptionSpec(key="api:gpt-4o"), Context(workload=Workload(), currency="USD"), CATALOG)
    assert usd.currency == "USD"
    assert usd.variable_monthly == pytest.approx(cny.variable_monthly / 7.2)


def test_override_prices_a_vendor_quote() -> None:
    quote = profile("rent:a100-80g", units=1, overrides={"reserved_monthly": 5_000})
    assert quote.fixed_monthly == 5_000


def test_power_is_added_only_when_asked() -> None:
    bare = profile("buy:a100-80g", units=2)
    powered = profile("buy:a100-80g", units=2, include_power=True)
    kwh = 2 * 0.4 * 730 * 1.5  # units x kW x hours x PUE
    assert bare.fixed_monthly == 0
    assert powered.fixed_monthly == pytest.approx(kwh * 0.8)  # mid tariff (0.6~1.0 CNY/kWh)


def test_breakeven_none_when_never_cheaper_and_zero_when_always() -> None:
    w = Workload(horizon_months=12)
    never = money.breakeven(profile("buy:a100-80g", w, units=1), profile("rent:a100-80g", w, units=1), w)
    assert never.month is None and "stays dearer" in never.reason
    growing = Workload(users_per_day=10_000, monthly_growth=0.5, horizon_months=36)
    api, rent = profile("api:qwen-plus", growing), profile("rent:a100-80g", growing, units=1)
    result = money.breakeven(api, rent, growing)
    assert result.costlier_upfront == rent.key and 0 < present(result.month) < 36  # rent dearer in month 1, wins later
    same = money.breakeven(rent, rent, growing)
    assert same.month == 0 and "never dearer" in same.reason


def test_breakeven_sentence_names_both_options_and_claims_no_upfront_that_is_not_there() -> None:
    growing = Workload(users_per_day=10_000, monthly_growth=0.5, horizon_months=36)
    api, rent = profile("api:qwen-plus", growing), profile("rent:a100-80g", growing, units=1)
    assert api.upfront == rent.upfront == 0  # the case the old wording called "costs more upfront"
    result = money.breakeven(api, rent, growing)
    assert result.reason == f"{rent.name} overtakes {api.name} from month {result.month:.2f}"
    assert "upfront" not in result.reason
    never = money.breakeven(rent, api, Workload(users_per_day=10_000, horizon_months=12))
    assert never.reason == f"{rent.name} stays dearer than {api.name} through month 12"


@pytest.mark.parametrize(("month", "shown"), [(2.005, "2.01"), (33.715, "33.72"), (7.0, "7.00")])
def test_breakeven_month_is_rounded_half_up_as_the_workbook_text_function_rounds(month: float, shown: str) -> None:
    assert money.breakeven_sentence("A", "B", month, 36) == f"A overtakes B from month {shown}"


def test_compare_default_scenario_lists_every_pair() -> None:
    scenario = Scenario.model_validate(dict(options=["api:qwen-plus", "rent:a100-80g", "onprem:light"]))
    result = compare(scenario)
    assert len(result.breakevens) == 3
    assert result.cheapest.profile.key == "api:qwen-plus"
    assert result.table()["tco"].tolist() == [r.tco for r in result.results]


@pytest.mark.parametrize(
    ("users", "flags", "approach"),
    [
        (3_000, {}, "API"),
        (100_000, {"sensitive_data": True}, "Cloud GPU rental"),  # seed 002 C: rental cheapest over 3 years
        (20_000, {"latency_sensitive": True}, "Cloud GPU rental"),
        (20_000, {"volatile": True}, "API"),
        (20_000, {"fine_tune": True}, "Cloud GPU rental"),
    ],
)
def test_recommendation_follows_the_seed_decision_matrix(users: int, flags: dict[str, Any], approach: str) -> None:
    result = recommend(Workload(users_per_day=users), **flags)
    assert result.approach == approach
    assert [r.rank for r in result.ranking] == list(range(1, len(result.ranking) + 1))
    assert result.ranking[0].tco == min(r.tco for r in result.ranking)


def test_measured_throughput_basis_uses_a_sourced_row() -> None:
    context = Context(workload=Workload(users_per_day=100_000), model_size="32b-70b", throughput_basis="measured")
    measured = resolve(OptionSpec(key="rent:h100-80g"), context, CATALOG)
    assert measured.sizing is not None
    row = CATALOG.rows("throughput.csv", Throughput)[measured.sizing.throughput_row]
    assert row.basis == "measured" and "http" in row.source
    assert measured.sizing is not None
    assert measured.sizing.tokens_per_s_per_gpu == row.tokens_per_s_per_gpu
