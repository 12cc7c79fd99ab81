"""Time the hybrid curve: a year of hourly buckets (8,760) and 100 candidate unit counts; target <= 0.2 s.

Also times reading that year from a plain CSV and deriving the workload, which comes before it.
Run from the repository root: ``python -m benchmarks.bench_hybrid``.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path

import numpy as np
from timing import best_and_median

from xlcost.analysis.traffic.hybrid import HourlyDemand, hybrid_curve, overflow_api, own_unit, unit_capacity
from xlcost.analysis.traffic.profile import traffic_profile
from xlcost.analysis.traffic.read import read_usage
from xlcost.core.catalog import load_catalog
from xlcost.core.pricing import Context
from xlcost.core.scenario import Workload

HOURS = 8_760
TARGET_S = 0.2


def year_of_hours(capacity: float) -> np.ndarray:
    """A daily cycle with weekly and random noise whose busiest hour needs 99 units: 100 candidates, 0..99."""
    rng = np.random.default_rng(1)
    hour = np.arange(HOURS)
    out = (
        (1 + 0.6 * np.sin(2 * np.pi * hour / 24))
        * (1 + 0.2 * np.sin(2 * np.pi * hour / 168))
        * rng.uniform(0.8, 1.2, HOURS)
    )
    return out / out.max() * 99 * capacity


def main() -> None:
    catalog = load_catalog()
    context = Context(workload=Workload())
    unit = own_unit("rent:a100-80g", context, catalog)
    api = overflow_api("api:gpt-4o", context, catalog, 0.1)
    capacity = unit_capacity(unit, 0.0)
    out = year_of_hours(capacity)
    demand = HourlyDemand(2 * out, out, HOURS / 24 / 30, "benchmark")
    curve = hybrid_curve(demand, unit.monthly_cost, capacity, unit.min_units, api.bill)
    assert len(curve.units) == 100, len(curve.units)
    best, median = best_and_median(lambda: hybrid_curve(demand, unit.monthly_cost, capacity, unit.min_units, api.bill))
    verdict = "ok" if median <= TARGET_S else "OVER TARGET"
    print(
        f"hybrid curve, {HOURS:,} hours x {len(curve.units)} unit counts: best {best * 1e3:.2f} ms, "
        f"median {median * 1e3:.2f} ms (target {TARGET_S * 1e3:.0f} ms: {verdict})"
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "year.csv"
        start = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
        lines = ["timestamp,input_tokens,output_tokens"] + [
            f"{(start + dt.timedelta(hours=h)).isoformat()},{round(2 * o)},{round(o)}" for h, o in enumerate(out)
        ]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        best, median = best_and_median(lambda: traffic_profile(read_usage([path]), 30))
        print(
            f"read + profile a year of hourly CSV rows ({HOURS:,}): best {best * 1e3:.1f} ms, median {median * 1e3:.1f} ms"
        )


if __name__ == "__main__":
    main()
