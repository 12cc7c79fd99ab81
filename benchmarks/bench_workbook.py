"""Time, size and memory of generated workbooks: the default one, and how they grow with months x options.

Targets: the default workbook in <= 0.3 s; 40 options over 120 months in <= 20x the default's time,
<= 3 MB and <= 300 MB peak memory (measured in a fresh process). Time is the best of a few runs, wall
clock and CPU (CPU time is steadier on a busy machine).

Run: python benchmarks/bench_workbook.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import time

from xlcost import load_catalog
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook.build import build_workbook, workbook_bytes

TARGET_DEFAULT_S, TARGET_RATIO, TARGET_MB, TARGET_PEAK_MB = 0.3, 20, 3, 300


def measure(scenario: Scenario, repeat: int = 3) -> tuple[float, int]:
    """Best wall time of building and serialising the workbook, and its size in bytes."""
    wall, _, size = timed(scenario, repeat)
    return wall, size


def timed(scenario: Scenario, repeat: int) -> tuple[float, float, int]:
    """Best wall and best CPU time of building and serialising the workbook, and its size in bytes."""
    wall = cpu = float("inf")
    size = 0
    for _ in range(repeat):
        start, start_cpu = time.perf_counter(), time.process_time()
        wb, _ = build_workbook(scenario)
        size = len(workbook_bytes(wb))
        wall = min(wall, time.perf_counter() - start)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu, size


def grid(months: int, options: int) -> Scenario:
    keys = load_catalog().option_keys()
    specs = [{"key": keys[i % len(keys)], "label": f"option {i + 1}", "units": 1} for i in range(options)]
    for spec in specs:
        if spec["key"].startswith(("api:", "onprem:")):
            del spec["units"]
    specs = [s for s in specs if s["key"] != "onprem:cluster"]  # no opex lines in the catalog
    while len(specs) < options:
        specs.append({"key": "api:qwen-plus", "label": f"option {len(specs) + 1}"})
    return Scenario.model_validate(
        {"name": f"{months}x{options}", "workload": {"horizon_months": months}, "options": specs}
    )


def peak_memory_mb(months: int, options: int) -> float:
    """Peak resident memory of a fresh process that builds and serialises one workbook."""
    code = (
        "import json, resource, sys; sys.path.insert(0, 'benchmarks'); from bench_workbook import grid; "
        "from xlcost.workbook.build import build_workbook, workbook_bytes; "
        f"wb, _ = build_workbook(grid({months}, {options})); workbook_bytes(wb); "
        "print(json.dumps(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(done.stdout) / 1024  # ru_maxrss is in KiB on Linux


def main() -> None:
    wall, cpu, size = timed(load_scenario(), repeat=5)
    ok = "ok" if wall <= TARGET_DEFAULT_S else "over"
    print(
        f"default workbook: {wall:.3f} s wall, {cpu:.3f} s CPU, {size / 1024:.0f} KB (aim <= {TARGET_DEFAULT_S} s: {ok})"
    )
    big_wall, big_cpu, big_size = timed(grid(120, 40), repeat=2)
    peak = peak_memory_mb(120, 40)
    print(
        f"40 options x 120 months: {big_wall:.2f} s wall ({big_wall / wall:.1f}x), {big_cpu:.2f} s CPU "
        f"({big_cpu / cpu:.1f}x; aim <= {TARGET_RATIO}x), {big_size / 1e6:.2f} MB (aim <= {TARGET_MB}), "
        f"peak {peak:.0f} MB (aim <= {TARGET_PEAK_MB})"
    )
    print("months options   seconds      KB")
    for months, options in ((36, 4), (60, 4), (36, 10), (60, 10), (120, 10), (60, 20)):
        seconds, size = measure(grid(months, options), repeat=1)
        print(f"{months:6d} {options:7d} {seconds:9.3f} {size / 1024:7.0f}")


if __name__ == "__main__":
    main()
