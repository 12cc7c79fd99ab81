"""Time the uncertainty hot paths: 10,000 Monte Carlo draws of the default scenario, and a 20-input tornado.

Run from the repository root: ``python -m benchmarks.bench_uncertainty``. Targets: simulation <= 0.5 s,
sensitivity <= 50 ms.
"""

from __future__ import annotations

from timing import best_and_median

from xlcost.analysis.staged_plan import staged_plan
from xlcost.analysis.uncertainty.inputs import uncertain_inputs
from xlcost.analysis.uncertainty.montecarlo import simulate
from xlcost.analysis.uncertainty.sensitivity import sensitivity
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import load_scenario


def main() -> None:
    catalog, scenario = load_catalog(), load_scenario(None)
    inputs = uncertain_inputs(scenario, catalog)[:20]
    growing = scenario.model_copy(update={"workload": scenario.workload.model_copy(update={"monthly_growth": 0.1})})
    cases = {
        f"simulate: 10,000 draws x {len(scenario.options)} options": lambda: simulate(
            scenario, catalog, draws=10_000, seed=1
        ),
        "simulate: 100,000 draws": lambda: simulate(scenario, catalog, draws=100_000, seed=1),
        f"sensitivity: {len(inputs)} inputs x {len(scenario.options)} options": lambda: sensitivity(
            scenario, catalog, inputs=inputs
        ),
        "plan: 36 months, every pair of switch months": lambda: staged_plan(growing, catalog),
    }
    for name, run in cases.items():
        best, median = best_and_median(run)
        print(f"{name:<45} best {best * 1000:8.1f} ms   median {median * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
