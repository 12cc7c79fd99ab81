"""Benchmark the core's hot paths.

1. The scalar path an Excel function takes: validate a workload and an option, price it, total it
   (no DataFrame). Median over many calls after warm-up.
2. The vectorised sweep: TCO of one option for N (users, months) workloads at once.

Run: python benchmarks/bench_core.py
"""

from __future__ import annotations

import statistics
import time

import numpy as np

from xlcost import OptionSpec, Workload, load_catalog
from xlcost.core import money
from xlcost.core.pricing import Context, resolve
from xlcost.core.vector import tco_grid


def scalar_tco(key: str, months: int, users: float, units: float | None) -> float:
    workload = Workload(users_per_day=users, horizon_months=months)
    profile = resolve(OptionSpec(key=key, units=units), Context(workload=workload), load_catalog())
    return money.tco(profile, workload)


def time_scalar(key: str, units: float | None, calls: int = 20_000) -> float:
    for _ in range(1_000):
        scalar_tco(key, 36, 10_000, units)
    samples = []
    for i in range(calls):
        start = time.perf_counter_ns()
        scalar_tco(key, 36, 10_000 + i % 7, units)
        samples.append(time.perf_counter_ns() - start)
    return statistics.median(samples) / 1_000


def time_sweep(key: str, n: int, repeats: int = 7) -> tuple[float, int]:
    rng = np.random.default_rng(1)
    users = rng.uniform(100, 200_000, n)
    months = rng.integers(1, 61, n)
    context = Context(workload=Workload(monthly_growth=0.02))
    spec = OptionSpec(key=key)
    tco_grid(spec, context, load_catalog(), users[:10], months[:10])
    best = min(_elapsed(lambda: tco_grid(spec, context, load_catalog(), users, months)) for _ in range(repeats))
    return best * 1_000, int(months.sum())


def _elapsed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def main() -> None:
    print("scalar TCO path (Workload + OptionSpec + resolve + tco), median after warm-up:")
    for key, units in (
        ("api:deepseek-v3", None),
        ("rent:a100-80g", 1.0),
        ("rent:h100-80g", None),
        ("onprem:light", None),
    ):
        print(f"  {key:<22} units={units!s:<5} {time_scalar(key, units):7.2f} µs")
    print("vectorised sweep, best of 7:")
    for key in ("api:qwen-plus", "rent:a100-80g"):
        for n in (100_000, 1_000_000):
            ms, scenario_months = time_sweep(key, n)
            print(f"  {key:<22} {n:>9,} workloads ({scenario_months:,} scenario-months): {ms:7.2f} ms")


if __name__ == "__main__":
    main()
