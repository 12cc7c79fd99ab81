"""Staged plan: never dearer than the cheapest pure strategy, and its months add up."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.support.cli import xlcost
from xlcost.analysis.staged_plan import staged_plan
from xlcost.analysis.uncertainty.inputs import profiles
from xlcost.cli.app import app
from xlcost.core import money
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import GpuRental
from xlcost.core.compare import compare
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
def test_plan_never_costs_more_than_a_pure_strategy(
    users: float, growth: float, months: int, to_rent: float, to_own: float
) -> None:
    s = scenario(users, growth, months)
    plan = staged_plan(s, CATALOG, switch_to_rent=to_rent, switch_to_own=to_own)
    assert plan.tco <= min(plan.pure.values()) * (1 + 1e-12) + 1e-6
    assert plan.monthly.sum() == pytest.approx(plan.tco)
    covered = [m for stage in plan.stages for m in range(stage.first_month, stage.last_month + 1)]
    assert covered == list(range(1, months + 1))


def test_pure_strategies_are_the_cores_tco() -> None:
    s = scenario(20_000, 0.1)
    plan = staged_plan(s, CATALOG)
    expected = [money.tco(p, s.workload) for p in profiles(s, CATALOG)]
    assert list(plan.pure.values()) == pytest.approx(expected)


def test_growing_load_moves_off_the_api_and_switching_costs_discourage_it() -> None:
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


def test_a_small_steady_load_stays_on_the_api() -> None:
    plan = staged_plan(scenario(1_000, 0.0), CATALOG)
    assert [stage.name for stage in plan.stages] == ["API"]
    assert plan.saving == 0


def test_missing_stage_option_is_named() -> None:
    s = Scenario.model_validate(dict(name="no-own", options=["api:deepseek-v3", "rent:a100-80g"]))
    with pytest.raises(ScenarioError, match="buy/onprem"):
        staged_plan(s, CATALOG)
    with pytest.raises(ScenarioError, match="'api:nope'"):
        staged_plan(scenario(1_000, 0.0), CATALOG, options=("api:nope", None, None))
    with pytest.raises(ScenarioError, match="switch_to_rent"):
        staged_plan(scenario(1_000, 0.0), CATALOG, switch_to_rent=-1)


def test_cli_plan_json_and_bad_growth() -> None:
    out = CliRunner().invoke(app, ["plan", "-s", "seed-002-b", "--growth", "0.2", "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["tco"] <= min(data["pure_strategies"].values())
    assert sum(data["monthly_cash"]) == pytest.approx(data["tco"])
    bad = CliRunner().invoke(app, ["plan", "--growth", "20"])
    assert bad.exit_code == 2 and bad.stderr.startswith("error: --growth 20:")


def growing(growth: float, *options: str | dict[str, object], users: float = 20_000) -> Scenario:
    """A 70B model's users compounding from ``users`` a day; GPUs sized by the capacity engine."""
    workload = Workload(users_per_day=users, monthly_growth=growth, horizon_months=36)
    return Scenario.model_validate(dict(name="growing", workload=workload, model_size="32b-70b", options=list(options)))


def test_rented_gpus_grow_with_users_month_by_month() -> None:
    s = growing(0.2, "api:claude-sonnet-4.6", "rent:h100-80g", {"key": "buy:h100-80g", "include_power": True})
    plan = staged_plan(s, CATALOG, options=(None, "rent:h100-80g", None), switch_to_own=1e12)
    rented = next(stage for stage in plan.stages if stage.name == "Rented GPUs")
    assert rented.last_month == 36 and len(rented.units) == 36 - rented.first_month + 1
    assert list(rented.units) == sorted(rented.units) and rented.units[-1] > 10 * rented.units[0]
    # the last month is the horizon's busiest hour: as many GPUs as tco sizes for the whole horizon
    assert rented.units[-1] == compare(s, CATALOG).results[1].profile.units
    # the first rented month needs what a steady load of that month's users needs
    users = s.workload.users_in_month(rented.first_month)
    steady = s.model_copy(update={"workload": Workload(users_per_day=users, horizon_months=1)})
    assert rented.units[0] == compare(steady, CATALOG).results[1].profile.units
    # each rented month is billed for that month's GPUs at the catalog's reserved price
    price = CATALOG.rows("gpu_rental.csv", GpuRental)["h100-80g"].reserved_monthly
    months = slice(rented.first_month - 1, 36)
    assert plan.monthly[months] == pytest.approx(np.array(rented.units) * price)
    assert plan.pure["Rented GPUs"] < money.tco(compare(s, CATALOG).results[1].profile, s.workload)


def test_an_owned_fleet_is_never_sold_while_a_rented_one_follows_the_load_down() -> None:
    s = growing(
        -0.1, "api:claude-sonnet-4.6", "rent:h100-80g", {"key": "buy:h100-80g", "include_power": True}, users=2e6
    )
    rent = staged_plan(s, CATALOG, switch_to_own=1e12, switch_to_rent=0).stages
    assert rent[0].name == "Rented GPUs" and rent[0].units[-1] < rent[0].units[0]
    # owned throughout: the fleet month 1 needs, bought in month 1 and kept as users fall
    month_one = rent[0].units[0]
    kept = s.model_copy(
        update={"options": [*s.options[:2], OptionSpec(key="buy:h100-80g", include_power=True, units=month_one)]}
    )
    assert staged_plan(s, CATALOG).pure["Owned GPUs"] == pytest.approx(compare(kept, CATALOG).results[2].tco)


def test_a_fixed_count_that_growth_outruns_warns_in_json_and_on_stderr(tmp_path: Path) -> None:
    path = tmp_path / "fixed.yaml"
    path.write_text(
        "name: fixed\nworkload: {users_per_day: 20000}\nmodel_size: 32b-70b\n"
        "options: [api:deepseek-v4-pro, {key: rent:h100-80g, units: 8}, buy:h100-80g]\n",
        encoding="utf-8",
    )
    steady = json.loads(CliRunner().invoke(app, ["plan", "-s", str(path), "--json"]).stdout)
    assert not any(w.startswith("rent:h100-80g") for w in steady["warnings"])
    grown = json.loads(CliRunner().invoke(app, ["plan", "-s", str(path), "--growth", "0.2", "--json"]).stdout)
    short = [w for w in grown["warnings"] if w.startswith("rent:h100-80g: 8 x h100-80g priced, but")]
    assert short, grown["warnings"]
    shell = xlcost("plan", "-s", str(path), "--growth", "0.2")
    assert shell.returncode == 0 and "warning: rent:h100-80g: 8 x h100-80g" in shell.stderr
    assert "warning" not in shell.stdout
