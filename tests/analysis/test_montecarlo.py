"""Monte Carlo: reproducible, exact against re-pricing each draw, centred on the mid case."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.support.scenarios import MIXED
from xlcost.analysis.uncertainty.inputs import THROUGHPUT, hold_units, profiles, uncertain_inputs, with_values
from xlcost.analysis.uncertainty.montecarlo import Simulation, simulate
from xlcost.core import money
from xlcost.core.capacity.engines import load_engines
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import GpuRental
from xlcost.core.scenario import OptionSpec, Scenario, Workload
from xlcost.core.scenario_io import load_scenario
from xlcost.errors import ScenarioError

CATALOG = load_catalog()
CATALOG_ENGINES = load_engines()


def _fleet_in(scenario: Scenario, values: dict[str, float]) -> Scenario:
    """The units a draw is priced with: sized for the base workload (a fleet is bought once), by the core's
    sizing at the draw's throughput estimate where the capacity engine sizes them."""
    estimate = {key: value for key, value in values.items() if key == THROUGHPUT}
    return hold_units(with_values(scenario, CATALOG, estimate)[0], CATALOG)[0]


def engine_sized_70b(**serving: object) -> Scenario:
    """Rented H100s sized by the capacity engine for a 70B model, beside an API and a fixed purchase."""
    return Scenario.model_validate(
        dict(
            name="engine",
            workload=Workload(users_per_day=200_000),
            model_size="32b-70b",
            serving=serving,
            options=["api:deepseek-v3", "rent:h100-80g", {"key": "buy:h100-80g", "units": 16, "include_power": True}],
        )
    )


@pytest.fixture(scope="module")
def default_run() -> Simulation:
    return simulate(load_scenario(None), CATALOG, draws=4_000, seed=7)


def test_same_seed_same_futures(default_run: Simulation) -> None:
    again = simulate(load_scenario(None), CATALOG, draws=4_000, seed=7)
    np.testing.assert_array_equal(again.tco, default_run.tco)
    other = simulate(load_scenario(None), CATALOG, draws=4_000, seed=8)
    assert not np.array_equal(other.tco, default_run.tco)


@pytest.mark.parametrize(
    "scenario", [load_scenario(None), MIXED, engine_sized_70b()], ids=["default", "every-kind", "engine-sized"]
)
def test_each_draw_equals_repricing_it_with_the_core(scenario: Scenario) -> None:
    run = simulate(scenario, CATALOG, draws=500, seed=11)
    for draw in (0, 1, 250, 499):
        values = {key: float(series[draw]) for key, series in run.samples.items()}
        moved, moved_catalog = with_values(_fleet_in(scenario, values), CATALOG, values)
        expected = [money.tco(p, moved.workload) for p in profiles(moved, moved_catalog)]
        np.testing.assert_allclose(run.tco[draw], expected, rtol=1e-9)


def test_the_engines_measured_error_widens_p10_p90_of_the_options_it_sized_only() -> None:
    scenario = engine_sized_70b()
    inputs = uncertain_inputs(scenario, CATALOG)
    assert THROUGHPUT in [i.key for i in inputs]
    with_band = simulate(scenario, CATALOG, draws=4_000, seed=5, inputs=inputs)
    without = simulate(scenario, CATALOG, draws=4_000, seed=5, inputs=[i for i in inputs if i.key != THROUGHPUT])
    width = [run.percentile(90) - run.percentile(10) for run in (with_band, without)]
    assert width[0][1] > 1.2 * width[1][1]  # the engine-sized rental
    # the band is drawn last: every other input's draws are the same, so the API and the fixed purchase are too
    np.testing.assert_array_equal(with_band.tco[:, [0, 2]], without.tco[:, [0, 2]])
    drawn = with_band.samples[THROUGHPUT]
    vllm = CATALOG_ENGINES["vllm"]
    assert vllm.worst_error is not None
    assert drawn.min() >= 1 / vllm.worst_error and drawn.max() <= vllm.worst_error
    # half the draws are further off the estimate than the engine's median error, as half the measurements were
    off = np.maximum(drawn, 1 / drawn)
    assert np.median(off) == pytest.approx(vllm.median_error, rel=0.02)
    assert any("log-normal" in note for note in with_band.notes)


def test_seed_basis_and_fixed_units_draw_no_sizing_error() -> None:
    assert THROUGHPUT not in [i.key for i in uncertain_inputs(load_scenario("seed-002-b"), CATALOG)]
    fixed = Scenario.model_validate(
        dict(name="fixed", model_size="32b-70b", options=["api:deepseek-v3", {"key": "rent:h100-80g", "units": 8}])
    )
    assert THROUGHPUT not in [i.key for i in uncertain_inputs(fixed, CATALOG)]


def test_p50_within_sampling_error_of_the_mid_case_for_symmetric_ranges() -> None:
    scenario = Scenario.model_validate(dict(name="onprem", options=["onprem:standard", "onprem:enterprise"]))
    run = simulate(scenario, CATALOG, draws=20_000, seed=1)
    base = [money.tco(p, scenario.workload) for p in profiles(scenario, CATALOG)]
    for k in range(2):
        column = run.tco[:, k]
        error = 1.2533 * column.std() / np.sqrt(run.draws)  # standard error of a median
        assert abs(np.median(column) - base[k]) < 4 * error
        assert run.percentile(10)[k] < base[k] < run.percentile(90)[k]


def test_pert_concentrates_more_than_triangular() -> None:
    scenario = Scenario.model_validate(dict(name="onprem", options=["onprem:standard", "api:deepseek-v3"]))
    tri = simulate(scenario, CATALOG, draws=20_000, seed=3)
    pert = simulate(scenario, CATALOG, draws=20_000, seed=3, distribution="pert")
    assert pert.tco[:, 0].std() < tri.tco[:, 0].std()


def test_probabilities_of_being_cheapest(default_run: Simulation) -> None:
    assert default_run.p_cheapest.sum() == pytest.approx(1.0)
    # seed 002's cheap flash API costs about ¥100 a month: no plausible future makes a build cheaper
    assert default_run.p_cheapest[0] == 1.0
    close = simulate(load_scenario("seed-002-b"), CATALOG, draws=4_000, seed=1)
    # seed 002 scenario B: two APIs at the same mid cost split the futures between them
    assert 0.3 < close.p_cheapest[0] < 0.7


def test_gpu_counts_sized_from_the_workload_are_held(tmp_path: Path) -> None:
    scenario = Scenario.model_validate(
        dict(name="sized", workload=Workload(users_per_day=200_000), options=["rent:a100-80g", "api:deepseek-v3"])
    )
    # users and tokens drawn, the engine's estimate taken as it is: the fleet stays as sized
    workload_only = [i for i in uncertain_inputs(scenario, CATALOG) if i.key != THROUGHPUT]
    run = simulate(scenario, CATALOG, draws=500, seed=1, inputs=workload_only)
    units = profiles(scenario, CATALOG)[0].units
    assert units is not None
    assert any(f"{units:g} units as sized for the base workload, in every case" in note for note in run.notes)
    rent = CATALOG.rows("gpu_rental.csv", GpuRental)["a100-80g"].reserved_monthly
    assert rent is not None
    assert run.tco[:, 0].max() <= units * rent * 1.2 * 36 + 1e-6


def test_bad_arguments_are_named() -> None:
    with pytest.raises(ScenarioError, match="draws"):
        simulate(load_scenario(None), CATALOG, draws=0)
    with pytest.raises(ScenarioError, match="distribution"):
        simulate(load_scenario(None), CATALOG, distribution="normal")


def test_cli_reports_seed_and_errors_cleanly() -> None:
    ok = subprocess.run(
        [sys.executable, "-m", "xlcost", "simulate", "--draws", "2000", "--seed", "1"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert ok.returncode == 0, ok.stderr
    assert "seed 1" in ok.stdout and "simulation output" in ok.stdout
    bad = subprocess.run(
        [sys.executable, "-m", "xlcost", "sensitivity", "--pair", "api:nope,onprem:light"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: --pair: 'api:nope'")


def test_options_with_overrides_are_not_drawn() -> None:
    spec = OptionSpec(key="rent:a100-80g", units=1, overrides={"reserved_monthly": 5000})
    run = simulate(
        Scenario.model_validate(dict(name="quote", options=[spec, "api:qwen-plus"])), CATALOG, draws=200, seed=1
    )
    assert np.all(run.tco[:, 0] == 5000 * 36)
