"""The capacity engine: its error on the published measurements, and its speed.

1. Error, by engine and by load: every measurement in templates/measurements.csv re-estimated from its
   own conditions with the fitted constants (physics only, no anchoring), beside the yardstick the
   engine replaces (seed 002's 180 output tokens/s per GPU for any model, GPU and prompt).
   Error is max(estimate/measured, measured/estimate): the median, the share within 2x, the worst.
2. Speed: one estimate warm (an Excel cell), and a 10,000-row column of request shapes in one pass.

Run: python benchmarks/bench_capacity.py [--rows] [--readme]
"""

from __future__ import annotations

import math
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's xlcost, installed or not

import numpy as np

from benchmarks.readme_section import machine, write_section
from xlcost.core.capacity.calibration import Check, check_all, summarise
from xlcost.core.capacity.engines import engine_profile
from xlcost.core.capacity.estimate import Deployment, estimate, serve
from xlcost.core.capacity.measurements import load_measurements
from xlcost.core.capacity.models import resolve_model
from xlcost.core.capacity.physics import replica
from xlcost.core.catalog import load_catalog

SEED_TOKENS_PER_S_PER_GPU = 180.0  # seed 002 §3, the constant the engine replaces
COLUMN_ROWS = 10_000


def _seed_error(check: Check) -> float:
    m = check.measurement
    return math.exp(abs(math.log(SEED_TOKENS_PER_S_PER_GPU * m.gpus / m.output_tokens_per_s)))


def _line(label: str, checks: list[Check]) -> str:
    s = summarise(checks)
    seed = statistics.median(_seed_error(c) for c in checks)
    return (
        f"| {label} | {s.checked} | {s.answered} | x{s.median:.2f} | {s.within_2x:.0%} | x{s.worst:.1f} | x{seed:.1f} |"
    )


def error_table(checks: list[Check]) -> list[str]:
    lines = [
        "| measurements | n | answered | median error | within 2x | worst | seed 180 tok/s median |",
        "|---|---|---|---|---|---|---|",
        _line("all", checks),
    ]
    shared = [c for c in checks if c.measurement.id.startswith("h")]  # the calibration set's own ids
    lines.append(_line("the calibration set (h ids)", shared))
    lines.append(_line("added here (m ids)", [c for c in checks if not c.measurement.id.startswith("h")]))
    for key in ("engine", "load"):
        groups: dict[str, list[Check]] = defaultdict(list)
        for c in checks:
            groups[getattr(c.measurement, key)].append(c)
        lines += [_line(f"{key} {name}", group) for name, group in sorted(groups.items())]
    return lines


def speed() -> list[str]:
    deployment = Deployment(
        model=resolve_model("llama-3.3-70b"),
        gpu=load_catalog().gpu("h100-80g"),
        precision="fp8",
        engine=engine_profile("vllm"),
        input_tokens=1_000,
        output_tokens=500,
    )
    for _ in range(200):
        estimate(deployment, gpus=2, concurrency=32)
    calls = 2_000
    start = time.perf_counter()
    for _ in range(calls):
        estimate(deployment, gpus=2, concurrency=32)
    one = (time.perf_counter() - start) / calls
    rep = replica(deployment.model, deployment.gpu, 2, "fp8", deployment.engine)
    rng = np.random.default_rng(0)
    concurrency = rng.integers(1, 256, COLUMN_ROWS).astype(float)
    serve(rep, concurrency, 1_000, 500)
    start = time.perf_counter()
    column = serve(rep, concurrency, 1_000, 500)
    column_s = time.perf_counter() - start
    scalar_start = time.perf_counter()
    for c in concurrency[:1_000]:
        serve(rep, float(c), 1_000, 500)
    loop_s = (time.perf_counter() - scalar_start) * COLUMN_ROWS / 1_000
    assert column.output_tokens_per_s.shape == (COLUMN_ROWS,)
    return [
        "| path | time | target |",
        "|---|---|---|",
        f"| one estimate, warm (llama-3.3-70b, 2 x h100-80g, concurrency 32) | {one * 1e6:.1f} µs | 50 µs |",
        f"| {COLUMN_ROWS:,}-row column in one pass (`serve` over an array) | {column_s * 1e3:.2f} ms | 50 ms |",
        f"| the same column as {COLUMN_ROWS:,} scalar calls (yardstick) | {loop_s * 1e3:.0f} ms | |",
    ]


def main(argv: list[str]) -> int:
    checks = check_all(load_measurements())
    if "--rows" in argv:
        for c in sorted(checks, key=lambda c: -(c.error or 99)):
            m = c.measurement
            print(
                f"{m.id:5} {m.engine:12} {m.load:11} {m.model:16} {m.gpus}x{m.gpu:11} {m.precision:5} "
                f"{m.input_tokens:>5}/{m.output_tokens:<5} c={m.concurrency or '-':<4} meas {m.output_tokens_per_s:>9.0f} "
                f"est {c.estimated or 0:>9.0f}  x{c.error or math.inf:.2f}"
            )
    accuracy, timing = "\n".join(error_table(checks)), "\n".join(speed())
    print(accuracy, timing, sep="\n\n")
    if "--readme" in argv:
        write_section("capacity-accuracy", accuracy)
        write_section("capacity-speed", f"{timing}\n\nMeasured on {machine()}.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
