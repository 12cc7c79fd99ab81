"""Staged plan: never dearer than the cheapest pure strategy, and its months add up."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from xlcost.analysis.staged_plan import staged_plan
from xlcost.analysis.uncertainty.inputs import profiles
from xlcost.cli.app import app
from xlcost.core import money
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario import OptionSpec, Scenario, Workload
from xlcost.errors import ScenarioError

CATALOG = load_catalog()
OPTIONS = [
    OptionSpec(key="api:deepseek-v3"),
    OptionSpec(key="rent:a100-80g", units=2),
    OptionSpec(key="buy:a100-80g", units=2, include_power=True),
]


def scenario(users: float, growth: float, months: int = 36) -> Scenario:
    workload = Workload(users_per_day=users, monthly_growth=growth, horizon_months=months)
    return Scenario(name="staged", workload=workload, options=OPTIONS)


@settings(max_examples=30, deadline=None)
@given(
    users=st.floats(100, 200_000),
    growth=st.floats(-0.05, 0.3),
    months=st.integers(1, 60),
    to_rent=st.floats(0, 200_000),
    to_own=st.floats(0, 200_000),
)
def test_plan_never_costs_more_than_a_pure_strategy(users, growth, months, to_rent, to_own):
    s = scenario(users, growth, months)
    plan = staged_plan(s, CATALOG, switch_to_rent=to_rent, switch_to_own=to_own)
    assert plan.tco <= min(plan.pure.values()) * (1 + 1e-12) + 1e-6
    assert plan.monthly.sum() == pytest.approx(plan.tco)
    covered = [m for stage in plan.stages for m in range(stage.first_month, stage.last_month + 1)]
    assert covered == list(range(1, months + 1))


def test_pure_strategies_are_the_cores_tco():
    s = scenario(20_000, 0.1)
    plan = staged_plan(s, CATALOG)
    expected = [money.tco(p, s.workload) for p in profiles(s, CATALOG)]
    assert list(plan.pure.values()) == pytest.approx(expected)


def test_growing_load_moves_off_the_api_and_switching_costs_discourage_it():
    s = scenario(2_000, 0.15)
    free = staged_plan(s, CATALOG)
    assert [stage.name for stage in free.stages] == ["API", "Rented GPUs"]
    assert free.saving > 0
    switch = free.stages[1].first_month
    # by hand: the API's bill up to the switch, then the rental's running costs
    api, rent, _ = profiles(s, CATALOG)
    expected = money.tco(api, s.workload, switch - 1) + rent.fixed_monthly * (s.months - switch + 1)
    assert free.tco == pytest.approx(expected)
    costly = staged_plan(s, CATALOG, switch_to_rent=300_000, switch_to_own=300_000)
    assert costly.tco >= free.tco
    assert len(costly.stages) == 1  # paying to switch no longer pays off: one option throughout


def test_a_small_steady_load_stays_on_the_api():
    plan = staged_plan(scenario(1_000, 0.0), CATALOG)
    assert [stage.name for stage in plan.stages] == ["API"]
    assert plan.saving == 0


def test_missing_stage_option_is_named():
    s = Scenario(name="no-own", options=["api:deepseek-v3", "rent:a100-80g"])
    with pytest.raises(ScenarioError, match="buy/onprem"):
        staged_plan(s, CATALOG)
    with pytest.raises(ScenarioError, match="'api:nope'"):
        staged_plan(scenario(1_000, 0.0), CATALOG, options=("api:nope", None, None))
    with pytest.raises(ScenarioError, match="switch_to_rent"):
        staged_plan(scenario(1_000, 0.0), CATALOG, switch_to_rent=-1)


def test_cli_plan_json_and_bad_growth():
    out = CliRunner().invoke(app, ["plan", "-s", "seed-002-b", "--growth", "0.2", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["tco"] <= min(data["pure_strategies"].values())
    assert sum(data["monthly_cash"]) == pytest.approx(data["tco"])
    bad = CliRunner().invoke(app, ["plan", "--growth", "20"])
    assert bad.exit_code == 2 and bad.stderr.startswith("error: --growth 20:")
