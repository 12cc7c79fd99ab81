"""Self-hosted GPUs sized by the capacity engine in a cost comparison, and unit counts checked against the load."""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pytest

from tests.support.typed import present
from xlcost.core.catalog import load_catalog
from xlcost.core.compare import Comparison, compare, context_for
from xlcost.core.scenario import OptionSpec, Scenario
from xlcost.core.scenario_io import builtin_scenarios, load_scenario
from xlcost.core.vector import tco_grid

CATALOG = load_catalog()


def scenario(
    options: list[Any], *, serving: dict[str, Any] | None = None, model_size: str = "7b-14b", **workload: float
) -> Scenario:
    load = {"users_per_day": 10_000, "input_tokens_per_user_day": 800, "output_tokens_per_user_day": 400}
    return Scenario.model_validate(
        {
            "name": "engine",
            "workload": {**load, **workload},
            "model_size": model_size,
            "serving": serving or {},
            "options": options,
        }
    )


def units(result: Comparison, key: str) -> float:
    return present(next(r.profile.units for r in result.results if r.profile.key == key))


def test_chat_for_a_million_users_on_an_8b_model_takes_a_few_h100s() -> None:
    # The anchor: one H100 is measured at 11,126 output tok/s with 20 ms between tokens at 250 in flight
    chat = scenario(
        ["rent:h100-80g"],
        serving={"model": "llama-3.1-8b", "precision": "fp8", "requests_per_user_day": 2},
        users_per_day=1_000_000,
    )
    result = compare(chat, CATALOG)
    assert 1 <= units(result, "rent:h100-80g") <= 8
    sizing = result.results[0].profile.sizing
    assert sizing is not None and "llama-3.1-8b (fp8, vllm, 400 in / 200 out per request)" in sizing.reason


def test_rag_for_100k_users_on_a_70b_model_takes_at_least_twelve_a100s() -> None:
    # The anchor: 4 x A100 measured at 98.6 output tok/s per GPU with 183 ms between tokens (2,000 / 200)
    rag = scenario(
        ["rent:a100-80g"],
        serving={"model": "llama-3.3-70b"},
        users_per_day=100_000,
        input_tokens_per_user_day=4_000,
        output_tokens_per_user_day=300,
    )
    assert units(compare(rag, CATALOG), "rent:a100-80g") >= 12


def test_gpus_come_in_whole_replicas_and_grow_with_the_load() -> None:
    counts = []
    for users in (1_000, 100_000, 1_000_000):
        result = compare(scenario(["rent:h100-80g"], model_size="32b-70b", users_per_day=users), CATALOG)
        sizing = result.results[0].profile.sizing
        assert sizing is not None and sizing.gpus % sizing.gpus_per_replica == 0
        counts.append(sizing.gpus)
    assert counts == sorted(counts) and counts[0] < counts[-1]


def test_no_users_still_need_one_replica_to_hold_the_model() -> None:
    result = compare(scenario(["rent:h100-80g"], model_size="32b-70b", users_per_day=0), CATALOG)
    assert units(result, "rent:h100-80g") == 2  # llama-3.3-70b in bf16: 131.5 GiB on two H100s


def test_a_fixed_count_below_the_load_warns_and_is_still_priced() -> None:
    result = compare(scenario([{"key": "rent:h100-80g", "units": 1}], users_per_day=2_000_000), CATALOG)
    (warning,) = result.results[0].profile.warnings
    assert warning.startswith("rent:h100-80g: 1 x h100-80g priced, but the workload needs")
    assert result.results[0].profile.units == 1


def test_a_fixed_count_that_meets_the_load_says_nothing() -> None:
    result = compare(scenario([{"key": "rent:h100-80g", "units": 8}], users_per_day=10_000), CATALOG)
    assert result.results[0].profile.warnings == ()


def test_a_fixed_gpu_the_engine_cannot_size_warns_with_the_reason() -> None:
    fp4 = scenario([{"key": "rent:h100-80g", "units": 1}], serving={"precision": "fp4"})
    (warning,) = compare(fp4, CATALOG).results[0].profile.warnings
    assert warning == (
        "rent:h100-80g: 1 x h100-80g priced, but h100-80g has no FP4 tensor cores "
        "(gpus.csv fp4_tflops is blank): int4 keeps 4-bit weights on it"
    )


def test_a_big_model_on_small_gpus_needs_many_of_them() -> None:
    big = scenario([{"key": "rent:l40s-48g", "units": 1}], model_size="671b")
    (warning,) = compare(big, CATALOG).results[0].profile.warnings
    assert re.search(
        r"needs \d+ x l40s-48g at its busiest hour \(\d+ x l40s-48g: \d+ replicas? of 16 for deepseek-v3", warning
    )


def test_an_unreachable_latency_target_sizes_for_throughput_and_says_so() -> None:
    strict = scenario(["rent:a100-80g"], serving={"tpot_ms": 1}, model_size="32b-70b")
    profile = compare(strict, CATALOG).results[0].profile
    assert profile.units is not None and profile.units >= 2
    assert any("no load meets the latency target" in w and "sized for throughput alone" in w for w in profile.warnings)


@pytest.mark.parametrize("name", builtin_scenarios())
def test_built_in_scenarios_price_without_capacity_warnings_on_the_seed_basis(name: str) -> None:
    loaded = load_scenario(name)
    if name.startswith("seed-002"):
        assert loaded.throughput_basis == "seed"
    for result in compare(loaded, CATALOG).results:
        assert result.profile.warnings == (), result.profile.warnings


@pytest.mark.parametrize(
    ("key", "users"),
    [("rent:h100-80g", (1_000.0, 50_000.0, 400_000.0)), ("onprem:standard", (1_000.0, 200_000.0, 2_000_000.0))],
)
def test_a_column_of_workloads_sizes_as_the_comparison_does(key: str, users: tuple[float, float, float]) -> None:
    base = scenario([key], model_size="32b-70b")
    grid = tco_grid(OptionSpec(key=key), context_for(base), CATALOG, np.array(users), 36)
    one_by_one = [
        compare(base.model_copy(update={"workload": base.workload.model_copy(update={"users_per_day": u})}), CATALOG)
        .results[0]
        .tco
        for u in users
    ]
    assert grid == pytest.approx(one_by_one, rel=1e-12)


def test_an_onprem_tier_takes_as_many_builds_as_the_load_needs() -> None:
    rag = scenario(["onprem:standard"], model_size="32b-70b", users_per_day=100_000, input_tokens_per_user_day=4_000)
    profile = compare(rag, CATALOG).results[0].profile
    sizing = profile.sizing
    assert sizing is not None and profile.units is not None and profile.units > 1
    assert profile.units == -(-sizing.gpus // 4)  # a standard build holds up to 4 A100 80GB
    assert sizing.reason.startswith(f"{profile.units:g} standard builds of up to 4 x a100-80g, for ")
    one_build = compare(scenario(["onprem:standard"], model_size="32b-70b", users_per_day=10), CATALOG)
    assert profile.upfront == pytest.approx(profile.units * one_build.results[0].profile.upfront)


def test_an_onprem_option_costs_more_as_the_load_grows() -> None:
    totals = [
        compare(scenario(["onprem:enterprise"], model_size="32b-70b", users_per_day=u), CATALOG).results[0].tco
        for u in (1_000, 100_000, 1_000_000, 5_000_000)
    ]
    assert totals == sorted(totals) and totals[0] < totals[-1]


def test_a_tier_too_small_for_one_replica_says_so() -> None:
    light = compare(scenario(["onprem:light"], model_size="32b-70b"), CATALOG).results[0].profile
    assert any("one replica needs" in w and "more than a light build holds (2)" in w for w in light.warnings)


def test_onprem_units_are_builds_and_the_gpu_can_be_chosen() -> None:
    given = compare(scenario([{"key": "onprem:standard", "units": 3}]), CATALOG).results[0].profile
    single = compare(scenario([{"key": "onprem:standard", "units": 1}]), CATALOG).results[0].profile
    assert given.upfront == pytest.approx(3 * single.upfront)
    on_h100 = compare(scenario([{"key": "onprem:standard", "gpu": "h100-80g"}], users_per_day=3_000_000), CATALOG)
    sizing = on_h100.results[0].profile.sizing
    assert sizing is not None and "x h100-80g" in sizing.reason


def test_the_seed_basis_prices_one_build_as_seed_002_does() -> None:
    seed = scenario(["onprem:standard"], users_per_day=1_000_000, model_size="32b-70b")
    seed = seed.model_copy(update={"throughput_basis": "seed"})
    profile = compare(seed, CATALOG).results[0].profile
    assert profile.units is None and profile.sizing is None


def test_too_few_onprem_builds_warn() -> None:
    busy = scenario([{"key": "onprem:enterprise", "units": 1}], model_size="32b-70b", users_per_day=3_000_000)
    (warning,) = compare(busy, CATALOG).results[0].profile.warnings
    assert warning.startswith("onprem:enterprise: 1 enterprise build priced, but the workload needs")
    assert "x h100-80g at its busiest hour" in warning
