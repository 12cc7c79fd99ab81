"""The burst-aware hybrid: optimum worked out by hand, CLI equal to the core, and the marginal rule as a property."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from tests.support import usage_exports as F
from tests.support.cli import xlcost
from tests.support.usage_exports import OUTPUT_PER_DAY
from xlcost.analysis.traffic.hybrid import HourlyDemand, OverflowApi, hybrid_curve
from xlcost.analysis.traffic.study import hybrid_context, hybrid_study
from xlcost.analysis.traffic.synthetic import day_shape
from xlcost.cli.app import app as app_
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import ApiPrice

runner = CliRunner()
# By hand, from the catalog rows: rent:a100-80g 6,500 CNY a month; the seed's 180 tok/s x 3,600 s = 648,000
# output tokens per GPU-hour; api:gpt-4o 18 / 72 CNY per 1M input / output tokens, 2 input tokens per output.
# On the seed basis: seed 002's scenarios keep its 180 tok/s (SEED), and so does a scenario saying so.
SEED = ("-s", "seed-002-a")
UNIT_COST = 6_500
CAPACITY = 180 * 3_600
API_PER_UNIT_HOUR = CAPACITY * (72 + 2 * 18) / 1e6  # 69.984 CNY: what a busy unit-hour costs at the API


def _usage(tmp_path: Path, kind: str) -> list[Path]:
    month = F.hours()
    if kind == "csv":
        return [F.write_plain_csv(tmp_path / "usage.csv", month)]
    if kind == "openai":
        return [F.write_json(tmp_path / f"p{k}.json", p) for k, p in enumerate(F.openai_pages(month))]
    return [F.write_spend_logs_csv(tmp_path / "logs.csv", F.spend_logs(month))]


def _hybrid_json(*args: str) -> dict[str, Any]:
    result = runner.invoke(app_, ["hybrid", *args, "--json"])
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.output)
    return loaded


@pytest.mark.parametrize("kind", ["csv", "openai", "litellm"])
def test_usage_with_a_burst_owns_the_base_and_sends_the_burst_to_the_api(tmp_path: Path, kind: str) -> None:
    args = [a for path in _usage(tmp_path, kind) for a in ("--usage", str(path))]
    data = _hybrid_json(*SEED, *args, "--own", "rent:a100-80g", "--overflow", "api:gpt-4o")
    # Unit 1 is busy all 720 hours (720 x 69.984 > 6,500: it pays); units 2-5 only in the 48 burst hours
    # (48 x 69.984 = 3,359 < 6,500: they do not). So 1 unit, and 4 units' worth of tokens overflow 48 hours.
    overflow_tokens = 48 * 4 * CAPACITY
    assert data["peak_units"] == 5
    assert data["best"]["units"] == 1
    assert data["best"]["monthly_cost"] == pytest.approx(UNIT_COST + 48 * 4 * API_PER_UNIT_HOUR, rel=1e-12)
    assert data["best"]["local_share"] == pytest.approx(1 - overflow_tokens / (30 * OUTPUT_PER_DAY), rel=1e-12)
    assert data["best"]["overflow_hours_per_month"] == 48
    all_api = 30 * OUTPUT_PER_DAY * (72 + 2 * 18) / 1e6
    assert data["all_overflow"]["monthly_cost"] == pytest.approx(all_api, rel=1e-12)
    assert data["all_owned_for_peak"] == {**data["curve"][5], "units": 5}
    assert data["all_owned_for_peak"]["monthly_cost"] == 5 * UNIT_COST
    assert [p["units"] for p in data["curve"]] == [0, 1, 2, 3, 4, 5]


@pytest.fixture
def flat_scenario(tmp_path: Path) -> Path:
    """A scenario whose ordinary hour is exactly one A100's 648,000 output tokens, flat through the day."""
    path = tmp_path / "flat.yaml"
    path.write_text(
        "name: flat\nworkload: {users_per_day: 1, input_tokens_per_user_day: 31104000, "
        "output_tokens_per_user_day: 15552000, peak_to_average: 1, days_per_month: 30}\noptions: [api:gpt-4o]\n"
        "throughput_basis: seed\n",
        encoding="utf-8",
    )
    return path


def test_synthetic_month_with_more_burst_days_owns_for_the_peak(flat_scenario: Path) -> None:
    data = _hybrid_json(
        "-s", str(flat_scenario), "--burst", "5x:4d/month", "--own", "rent:a100-80g", "--overflow", "api:gpt-4o"
    )
    # 4 burst days: units 2-5 are busy 96 hours, 96 x 69.984 = 6,718 > 6,500, so each pays: own all 5.
    assert data["best"]["units"] == 5 and data["best"]["monthly_cost"] == 5 * UNIT_COST
    assert data["curve"][1]["monthly_cost"] == pytest.approx(UNIT_COST + 96 * 4 * API_PER_UNIT_HOUR, rel=1e-12)
    assert data["curve"][0]["overflow_hours_per_month"] == 720


def test_a_cheap_api_makes_owning_not_pay(flat_scenario: Path) -> None:
    data = _hybrid_json("-s", str(flat_scenario), "--own", "rent:a100-80g", "--overflow", "api:deepseek-v3")
    # DeepSeek V3 at 2 / 8 CNY: a busy unit-hour costs 648,000 x (8 + 2 x 2) / 1M = 7.776; 720 h = 5,598.72 < 6,500.
    assert data["peak_units"] == 1 and data["best"]["units"] == 0
    assert data["best"]["monthly_cost"] == pytest.approx(720 * CAPACITY * (8 + 2 * 2) / 1e6, rel=1e-12)


def test_headroom_is_only_kept_when_asked(flat_scenario: Path) -> None:
    args = ("-s", str(flat_scenario), "--burst", "5x:2d/month", "--own", "rent:a100-80g", "--overflow", "api:gpt-4o")
    assert _hybrid_json(*args)["capacity_per_unit_hour"] == CAPACITY
    data = _hybrid_json(*args, "--headroom", "0.2")
    assert data["capacity_per_unit_hour"] == pytest.approx(0.8 * CAPACITY)
    assert data["peak_units"] == math.ceil(5 / 0.8)


def test_cli_curve_equals_the_core(tmp_path: Path) -> None:
    paths = _usage(tmp_path, "openai")
    catalog = load_catalog()
    study = hybrid_study(
        hybrid_context(None, catalog), catalog, own="rent:h100-80g", overflow="api:qwen3-max", usage=paths
    )
    args = [a for p in paths for a in ("--usage", str(p))]
    data = _hybrid_json(*args, "--own", "rent:h100-80g", "--overflow", "api:qwen3-max")
    assert [p["monthly_cost"] for p in data["curve"]] == pytest.approx(list(study.curve.monthly_cost), rel=1e-9)
    assert [p["local_share"] for p in data["curve"]] == pytest.approx(list(study.curve.local_share), rel=1e-9)
    assert data["best"]["units"] == study.curve.best


def test_text_report_marks_the_cheapest_and_compares(tmp_path: Path) -> None:
    args = [a for p in _usage(tmp_path, "csv") for a in ("--usage", str(p))]
    result = runner.invoke(app_, ["hybrid", *SEED, *args, "--own", "rent:a100-80g", "--overflow", "api:gpt-4o"])
    assert result.exit_code == 0, result.output
    assert "*1\t648,000\t6,500.00\t13,436.93\t19,936.93\t78.95%\t48.0" in result.output
    assert "all API\t0 units: 63,825.41 CNY a month" in result.output
    assert "all owned for peak\t5 units: 32,500.00 CNY a month" in result.output


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--own", "onprem:light", "--overflow", "api:gpt-4o"], "--own must be a GPU option"),
        (["--own", "rent:a100-80g", "--overflow", "rent:h100-80g"], "--overflow must be an API option"),
        (["--own", "rent:a100-80g", "--overflow", "api:gpt-4o", "--burst", "5x"], "--burst shapes a synthetic month"),
        (["--own", "rent:a100-80g", "--overflow", "api:gpt-4o", "--headroom", "1"], "headroom must be from 0"),
    ],
)
def test_bad_arguments_are_one_line_and_exit_2(tmp_path: Path, extra: list[str], message: str) -> None:
    done = xlcost("hybrid", "--usage", str(_usage(tmp_path, "csv")[0]), *extra)
    assert done.returncode == 2 and done.stderr.startswith("error: ") and message in done.stderr, done.stderr


def test_without_usage_or_scenario_and_with_daily_buckets(tmp_path: Path) -> None:
    done = xlcost("hybrid", "--own", "rent:a100-80g", "--overflow", "api:gpt-4o")
    assert done.returncode == 2 and "give --usage FILE, or --scenario" in done.stderr
    page = F.openai_pages(F.hours(), pages=1)[0]
    for bucket in page["data"]:
        bucket["end_time"] = bucket["start_time"] + 86_400
    daily = F.write_json(tmp_path / "daily.json", page)
    done = xlcost("hybrid", "--usage", str(daily), "--own", "rent:a100-80g", "--overflow", "api:gpt-4o")
    assert done.returncode == 2 and "buckets are wider than an hour" in done.stderr
    done = xlcost("hybrid", "-s", "default", "--burst", "5x:2w", "--own", "rent:a100-80g", "--overflow", "api:gpt-4o")
    assert done.returncode == 2 and "expected MULTIPLIERx:DAYSd/month" in done.stderr


@given(st.floats(1, 23.5))
def test_synthetic_day_shape_has_the_scenarios_peak_to_average(ratio: float) -> None:
    shape = day_shape(ratio)
    assert shape.mean() == pytest.approx(1, rel=1e-12) and shape.max() == pytest.approx(ratio, rel=1e-9)


# ---- properties over random hourly profiles ------------------------------------------------------------

API_ROW = load_catalog().rows("api.csv", ApiPrice)["gpt-4o"]
hourly_tokens = st.lists(st.floats(0, 5e6, allow_nan=False), min_size=1, max_size=150)


def _demand(out: list[float], ratios: list[float], months: float) -> HourlyDemand:
    out_arr = np.asarray(out)
    return HourlyDemand(out_arr * np.resize(np.asarray(ratios), len(out)), out_arr, months, "random")


@settings(max_examples=150, deadline=None)
@given(
    hourly_tokens,
    st.lists(st.floats(0, 10), min_size=1, max_size=5),
    st.floats(100, 50_000),
    st.floats(1e4, 2e6),
    st.integers(1, 3),
    st.floats(0, 1),
    st.floats(0.1, 12),
    st.sampled_from([1, 2, 4]),
)
def test_curve_equals_hour_by_hour_overflow(
    out: list[float],
    ratios: list[float],
    unit_cost: float,
    capacity: float,
    min_units: int,
    cached: float,
    months: float,
    tp: int,
) -> None:
    demand = _demand(out, ratios, months)
    api = OverflowApi("api:gpt-4o", API_ROW, 1.0, cached)
    curve = hybrid_curve(demand, unit_cost, capacity, min_units, api.bill, per_replica=tp)
    assert curve.peak_units % tp == 0 or curve.peak_units == min_units
    for n in curve.units:
        replicas = n // tp  # GPUs outside a whole replica serve nothing
        cap = replicas * tp * capacity if n >= min_units else 0.0
        over_out = np.maximum(demand.output_tokens - cap, 0)
        share = np.divide(over_out, demand.output_tokens, out=np.zeros(len(out)), where=demand.output_tokens > 0)
        over_in = demand.input_tokens * share
        assert curve.overflow_output[n] == pytest.approx(over_out.sum(), rel=1e-9, abs=1e-3)
        assert curve.overflow_input[n] == pytest.approx(over_in.sum(), rel=1e-9, abs=1e-3)
        assert curve.overflow_hours[n] == pytest.approx(np.count_nonzero(over_out > 0) / months)
    assert curve.overflow_output[curve.peak_units] == pytest.approx(0, abs=1e-3)  # the peak units serve everything


@settings(max_examples=150, deadline=None)
@given(hourly_tokens, st.lists(st.floats(0, 10), min_size=1, max_size=5), st.floats(100, 50_000), st.floats(1e4, 2e6))
def test_marginal_rule_the_nth_unit_pays_off_when_its_api_hours_cost_more(
    out: list[float], ratios: list[float], unit_cost: float, capacity: float
) -> None:
    demand = _demand(out, ratios, 1.0)
    api = OverflowApi("api:gpt-4o", API_ROW, 1.0, 0.0)
    curve = hybrid_curve(demand, unit_cost, capacity, 1, api.bill)
    ratio = np.divide(demand.input_tokens, demand.output_tokens, out=np.zeros(len(out)), where=demand.output_tokens > 0)
    per_token = (
        API_ROW.output_per_mtok + ratio * API_ROW.input_per_mtok
    ) / 1e6  # API price of an output token and its input
    paying = 0
    for n in range(1, curve.peak_units + 1):
        served = np.clip(demand.output_tokens - (n - 1) * capacity, 0, capacity)  # what the n-th unit serves each hour
        local_hours = served.sum() / capacity  # its busy hours, in full unit-hours
        if local_hours == 0:
            continue
        api_cost_per_unit_hour = (served * per_token).sum() / local_hours
        saving = local_hours * api_cost_per_unit_hour
        assume(abs(saving - unit_cost) > 1e-6 * unit_cost)  # skip exact ties
        pays = saving > unit_cost
        assert (curve.monthly_cost[n] < curve.monthly_cost[n - 1]) == pays
        paying += pays
    # a unit's busy hours only shrink as units are added, so the units that pay come first: own exactly those
    assert curve.best == paying


def test_a_70b_model_is_sized_by_the_engine_in_whole_replicas_unless_the_scenario_keeps_the_seed(
    tmp_path: Path,
) -> None:
    scenario = "name: rag\nworkload: {users_per_day: 300000}\nmodel_size: 32b-70b\noptions: [rent:a100-80g]\n"
    engine_path, seed_path = tmp_path / "engine.yaml", tmp_path / "seed.yaml"
    engine_path.write_text(scenario, encoding="utf-8")
    seed_path.write_text(scenario + "throughput_basis: seed\n", encoding="utf-8")
    own = ("--own", "rent:a100-80g", "--overflow", "api:deepseek-v3")
    engine, seed = (_hybrid_json("-s", str(path), *own) for path in (engine_path, seed_path))
    # the synthetic month's busiest hour is the scenario's: owning for it takes what tco sizes
    for data, path in ((engine, engine_path), (seed, seed_path)):
        tco = json.loads(runner.invoke(app_, ["tco", "-s", str(path), "--json"]).stdout)
        assert data["peak_units"] == tco["options"][0]["units"]
    assert engine["peak_units"] != seed["peak_units"]
    assert engine["own"]["throughput_row"] == "capacity engine" and "llama-3.3-70b" in engine["own"]["sizing"]
    tp = engine["own"]["gpus_per_replica"]
    assert tp > 1 and engine["peak_units"] % tp == 0 and engine["own"]["min_units"] == tp
    # a GPU short of a whole replica serves nothing more than the replicas below it
    assert engine["curve"][tp + 1]["local_share"] == engine["curve"][tp]["local_share"]
    assert seed["own"]["tokens_per_s_per_gpu"] == 180 and seed["own"]["gpus_per_replica"] == 1


def test_no_units_serve_nothing_locally_exactly_zero_in_json() -> None:
    """With no capacity every token overflows: the share is 0, not the rounding left by two summation orders."""
    data = _hybrid_json("-s", "default", "--own", "rent:a100-80g", "--overflow", "api:deepseek-v3")
    assert data["all_overflow"]["units"] == 0 and data["all_overflow"]["local_share"] == 0
    assert data["curve"][0]["local_share"] == 0
