"""Fit each engine's efficiency constants on the published measurements and record the error.

    python benchmarks/calibrate.py            # fit, print, and rewrite templates/engines.csv
    python benchmarks/calibrate.py --check    # print the current constants' error only

Four constants per engine (share of HBM bandwidth, share of dense tensor throughput, fixed time per
decode step, latency of one all-reduce) are fitted by coordinate descent in log space, minimising the
mean |log(estimate / measured)| over that engine's measurements: one constant cannot chase one row.
An engine with fewer than ``MIN_ROWS`` measurements keeps vLLM's constants and says so.
"""

from __future__ import annotations

import csv
import math
import statistics
import sys
from pathlib import Path

from xlcost.core.capacity.calibration import check_all, summarise
from xlcost.core.capacity.engines import ENGINES_FILE, EngineProfile, load_engines
from xlcost.core.capacity.measurements import Measurement, load_measurements
from xlcost.core.catalog import default_catalog_dir
from xlcost.core.catalog.loader import csv_header

FITTED = ("bandwidth_efficiency", "compute_efficiency", "step_overhead_ms", "request_overhead_us", "allreduce_us")
BOUNDS = {
    "bandwidth_efficiency": (0.2, 1.0),
    "compute_efficiency": (0.1, 1.0),
    "step_overhead_ms": (0.05, 5.0),  # CUDA-graph decode launches cost a few ms at most
    "request_overhead_us": (0.5, 200.0),
    "allreduce_us": (1.0, 200.0),
}
#: Where every fit starts, so a refit does not depend on the last one.
START = {
    "bandwidth_efficiency": 0.7,
    "compute_efficiency": 0.5,
    "step_overhead_ms": 1.0,
    "request_overhead_us": 10.0,
    "allreduce_us": 10.0,
}
MIN_ROWS = 5
REFUSED_PENALTY = math.log(10.0)  # a measured deployment the method refuses counts as off by 10x


def loss(profile: EngineProfile, rows: list[Measurement]) -> float:
    checks = check_all(rows, {profile.id: profile})
    return statistics.fmean(math.log(c.error) if c.error else REFUSED_PENALTY for c in checks)


def fit(profile: EngineProfile, rows: list[Measurement]) -> EngineProfile:
    best = profile.model_copy(update=START)
    best_loss = loss(best, rows)
    for step in (2.0, 1.4, 1.15, 1.05):
        improved = True
        while improved:
            improved = False
            for name in FITTED:
                low, high = BOUNDS[name]
                for factor in (step, 1 / step):
                    value = min(high, max(low, getattr(best, name) * factor))
                    trial = best.model_copy(update={name: value})
                    trial_loss = loss(trial, rows)
                    if trial_loss < best_loss - 1e-9:
                        best, best_loss, improved = trial, trial_loss, True
    return best


def with_errors(profile: EngineProfile, rows: list[Measurement]) -> EngineProfile:
    summary = summarise(check_all(rows, {profile.id: profile}))
    return profile.model_copy(
        update={
            "measurements": summary.checked,
            "median_error": round(summary.median, 3),
            "within_2x": round(summary.within_2x, 3),
            "worst_error": round(summary.worst, 2),
        }
    )


def write(engines: dict[str, EngineProfile], path: Path) -> None:
    header = csv_header(EngineProfile)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for engine in engines.values():
            data = engine.model_dump()
            for name in FITTED:
                data[name] = round(data[name], 4)
            writer.writerow({k: _cell(data[k]) for k in header})


def _cell(value: object) -> object:
    if value is None:
        return ""
    return str(value).lower() if isinstance(value, bool) else value


def main(argv: list[str]) -> int:
    engines = dict(load_engines())
    measurements = load_measurements()
    by_engine = {e: [m for m in measurements if m.engine == e] for e in engines}
    for engine, rows in by_engine.items():
        if "--check" not in argv and len(rows) >= MIN_ROWS:
            print(f"fitting {engine} on {len(rows)} measurements ...", file=sys.stderr)
            engines[engine] = fit(engines[engine], rows)
    for engine, rows in by_engine.items():
        if len(rows) < MIN_ROWS and "--check" not in argv:
            fitted = {name: getattr(engines["vllm"], name) for name in FITTED}
            engines[engine] = engines[engine].model_copy(update=fitted)
        engines[engine] = with_errors(engines[engine], rows) if rows else engines[engine]
        e = engines[engine]
        print(
            f"{engine:13} n={len(rows):3}  bw {e.bandwidth_efficiency:.3f}  compute {e.compute_efficiency:.3f}  "
            f"step {e.step_overhead_ms:.3f} ms  per request {e.request_overhead_us:.1f} us  all-reduce {e.allreduce_us:.1f} us  "
            f"median x{e.median_error or math.nan:.2f}  within 2x {e.within_2x or 0:.0%}  worst x{e.worst_error or math.nan:.1f}"
        )
    if "--check" not in argv:
        write(engines, default_catalog_dir() / ENGINES_FILE)
        print(f"wrote {ENGINES_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
