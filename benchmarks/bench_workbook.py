"""Time, size and memory of generated workbooks: the default one, how they grow with months x options, and
that they do not grow with the catalog.

Targets: the default workbook in <= 0.3 s; 40 options over 120 months in <= 20x the default's time,
<= 3 MB and <= 300 MB peak memory (measured in a fresh process); the default scenario from a catalog of
3,000 API rows (`generate`, catalog load included) in <= 1.5x the time from the default catalog, its file
about as large. Time is the best of a few runs, wall clock and CPU (CPU time is steadier on a busy machine).

Run: python benchmarks/bench_workbook.py
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.catalogs import grown_catalog
from xlcost import load_catalog
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook.build import build_workbook, generate, workbook_bytes

TARGET_DEFAULT_S, TARGET_RATIO, TARGET_MB, TARGET_PEAK_MB = 0.3, 20, 3, 300
CATALOG_ROWS, TARGET_CATALOG_RATIO = 3_000, 1.5


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


def generated(folder: Path, catalog: Path | None, repeat: int = 3) -> tuple[float, int]:
    """Best wall time of ``generate`` (the catalog read from its directory each time) and the file's size."""
    best = float("inf")
    for n in range(repeat):
        start = time.perf_counter()
        path = generate(folder / f"{catalog.name if catalog else 'default'}-{n}.xlsx", catalog=catalog)
        best = min(best, time.perf_counter() - start)
    return best, path.stat().st_size


def grown_against_default() -> None:
    """The default scenario generated from the default catalog and from one of 3,000 API rows, in one run."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        catalogs = {
            "default": grown_catalog(folder / "default", 0),
            "grown": grown_catalog(folder / "grown", CATALOG_ROWS),
        }
        (default_s, default_size), (grown_s, grown_size) = (generated(folder, c) for c in catalogs.values())
    ratio = grown_s / default_s
    ok = "ok" if ratio <= TARGET_CATALOG_RATIO else "over"
    print(
        f"generate, default catalog: {default_s:.3f} s, {default_size / 1024:.0f} KB; {CATALOG_ROWS:,} API rows: "
        f"{grown_s:.3f} s ({ratio:.2f}x; aim <= {TARGET_CATALOG_RATIO}x: {ok}), {grown_size / 1024:.0f} KB"
    )


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
    grown_against_default()
    print("months options   seconds      KB")
    for months, options in ((36, 4), (60, 4), (36, 10), (60, 10), (120, 10), (60, 20)):
        seconds, size = measure(grid(months, options), repeat=1)
        print(f"{months:6d} {options:7d} {seconds:9.3f} {size / 1024:7.0f}")


if __name__ == "__main__":
    main()
