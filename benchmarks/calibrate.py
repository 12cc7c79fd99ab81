"""Fit each engine's efficiency constants on the published measurements and record the error.

    python benchmarks/calibrate.py            # fit, print, and rewrite templates/engines.csv
    python benchmarks/calibrate.py --check    # print the current constants' error only
    python benchmarks/calibrate.py --cross-validate [--readme]   # 5-fold: each row estimated by a fit that never saw it

Six constants per engine (share of HBM bandwidth, share of dense tensor throughput, fixed time per
layer, per mixture-of-experts layer and per running request in a decode step, latency of one all-reduce) are fitted by Nelder-Mead in
log space within physical ranges, minimising the mean |log(estimate / measured)| over that engine's
measurements: six constants over dozens of deployments cannot chase one row.
An engine with fewer than ``MIN_ROWS`` measurements keeps vLLM's constants and says so.
"""

from __future__ import annotations

import csv
import math
import statistics
import sys
from pathlib import Path

import numpy as np
from scipy import optimize  # a development tool: pip install scipy

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's xlcost, installed or not

from benchmarks.readme_section import write_section
from xlcost.core.capacity.calibration import check_all, summarise
from xlcost.core.capacity.engines import ENGINES_FILE, EngineProfile, load_engines
from xlcost.core.capacity.measurements import Measurement, load_measurements
from xlcost.core.catalog import default_catalog_dir
from xlcost.core.catalog.loader import csv_header

FITTED = (
    "bandwidth_efficiency",
    "compute_efficiency",
    "layer_overhead_us",
    "moe_layer_overhead_us",
    "request_overhead_us",
    "allreduce_us",
)
#: Physical ranges each constant stays in, whatever a handful of measurements would prefer.
BOUNDS = {
    "bandwidth_efficiency": (0.4, 0.9),  # decode kernels reach 40-90% of HBM bandwidth
    "compute_efficiency": (0.2, 0.8),  # dense GEMMs and attention reach 20-80% of tensor peak
    "layer_overhead_us": (1.0, 150.0),  # kernel launches and synchronisation, a few per layer
    "moe_layer_overhead_us": (1.0, 500.0),  # routing, permuting and grouped GEMMs add kernels to an MoE layer
    "request_overhead_us": (0.5, 200.0),  # scheduling, sampling and detokenising per running request
    "allreduce_us": (2.0, 50.0),  # NVLink all-reduce latency for small messages
}
#: Where every fit starts (the best answer wins), so a refit does not depend on the last one:
#: a middling engine, a lean one near the hardware, and one with heavy per-step costs.
STARTS = [
    {
        "bandwidth_efficiency": 0.7,
        "compute_efficiency": 0.5,
        "layer_overhead_us": 25.0,
        "moe_layer_overhead_us": 25.0,
        "request_overhead_us": 10.0,
        "allreduce_us": 10.0,
    },
    {
        "bandwidth_efficiency": 0.85,
        "compute_efficiency": 0.6,
        "layer_overhead_us": 5.0,
        "moe_layer_overhead_us": 5.0,
        "request_overhead_us": 2.0,
        "allreduce_us": 5.0,
    },
    {
        "bandwidth_efficiency": 0.5,
        "compute_efficiency": 0.4,
        "layer_overhead_us": 80.0,
        "moe_layer_overhead_us": 200.0,
        "request_overhead_us": 100.0,
        "allreduce_us": 30.0,
    },
]
MIN_ROWS = 5
FOLDS = 5
RESTARTS = 3  # Nelder-Mead restarted from its own answer escapes a collapsed simplex
REFUSED_PENALTY = math.log(10.0)  # a measured deployment the method refuses counts as off by 10x


def loss(profile: EngineProfile, rows: list[Measurement]) -> float:
    checks = check_all(rows, {profile.id: profile})
    return statistics.fmean(math.log(c.error) if c.error else REFUSED_PENALTY for c in checks)


def fit(profile: EngineProfile, rows: list[Measurement], starts: list[dict[str, float]]) -> EngineProfile:
    """Nelder-Mead over the logs of the constants, each kept inside its physical range, from each start."""
    low = np.log([BOUNDS[n][0] for n in FITTED])
    high = np.log([BOUNDS[n][1] for n in FITTED])

    def at(x: np.ndarray) -> EngineProfile:
        values = np.exp(np.clip(x, low, high))
        return profile.model_copy(update=dict(zip(FITTED, values.tolist(), strict=True)))

    answers = []
    for start in starts:
        x = np.log([start[n] for n in FITTED])
        for _ in range(RESTARTS):
            x = optimize.minimize(
                lambda x: loss(at(x), rows),
                x,
                method="Nelder-Mead",
                options={"xatol": 1e-3, "fatol": 1e-5, "maxiter": 2000},
            ).x
        answers.append(at(x))
    return min(answers, key=lambda p: loss(p, rows))


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


def cross_validate(engines: dict[str, EngineProfile], measurements: list[Measurement], folds: int = FOLDS) -> None:
    """Each measurement estimated with constants fitted without it (k folds): the error on unseen deployments."""
    order = sorted(measurements, key=lambda m: m.id)
    checks = []
    for fold in range(folds):
        held = order[fold::folds]
        held_ids = {m.id for m in held}
        trained = dict(engines)
        for engine in engines:
            rows = [m for m in order if m.engine == engine and m.id not in held_ids]
            if len(rows) >= MIN_ROWS:
                trained[engine] = fit(engines[engine], rows, STARTS)
        checks += check_all(held, trained)
        print(f"fold {fold + 1}/{folds} done", file=sys.stderr)
    lines = ["| held out | n | median error | within 2x | worst |", "|---|---|---|---|---|"]
    for engine in [None, *engines]:
        mine = [c for c in checks if engine is None or c.measurement.engine == engine]
        if mine:
            s = summarise(mine)
            lines.append(f"| {engine or 'all'} | {s.checked} | x{s.median:.2f} | {s.within_2x:.0%} | x{s.worst:.1f} |")
    print("\n".join(lines))
    if "--readme" in sys.argv:
        write_section("capacity-held-out", "\n".join(lines))


def main(argv: list[str]) -> int:
    if "--cross-validate" in argv:
        cross_validate(dict(load_engines()), load_measurements())
        return 0
    engines = dict(load_engines())
    measurements = load_measurements()
    by_engine = {e: [m for m in measurements if m.engine == e] for e in engines}
    for engine, rows in by_engine.items():
        if "--check" not in argv and len(rows) >= MIN_ROWS:
            print(f"fitting {engine} on {len(rows)} measurements ...", file=sys.stderr)
            engines[engine] = fit(engines[engine], rows, STARTS)
    for engine, rows in by_engine.items():
        if len(rows) < MIN_ROWS and "--check" not in argv:
            fitted = {name: getattr(engines["vllm"], name) for name in FITTED}
            engines[engine] = engines[engine].model_copy(update=fitted)
        engines[engine] = with_errors(engines[engine], rows) if rows else engines[engine]
        e = engines[engine]
        print(
            f"{engine:13} n={len(rows):3}  bw {e.bandwidth_efficiency:.3f}  compute {e.compute_efficiency:.3f}  "
            f"per layer {e.layer_overhead_us:.1f} us (+{e.moe_layer_overhead_us:.1f} MoE)  per request {e.request_overhead_us:.1f} us  all-reduce {e.allreduce_us:.1f} us  "
            f"median x{e.median_error or math.nan:.2f}  within 2x {e.within_2x or 0:.0%}  worst x{e.worst_error or math.nan:.1f}"
        )
    if "--check" not in argv:
        write(engines, default_catalog_dir() / ENGINES_FILE)
        print(f"wrote {ENGINES_FILE}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
