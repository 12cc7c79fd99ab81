"""Time and size of generated workbooks: the default one, and how both grow with months x options.

Run: python benchmarks/bench_workbook.py
"""

from __future__ import annotations

import time

from xlcost import load_catalog
from xlcost.scenario_io import load_scenario
from xlcost.workbook.build import build_workbook, workbook_bytes
from xlcost.workload import Scenario


def measure(scenario: Scenario, repeat: int = 3) -> tuple[float, int]:
    """Best wall time of building and serialising the workbook, and its size in bytes."""
    best, size = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        wb, _ = build_workbook(scenario)
        data = workbook_bytes(wb)
        best, size = min(best, time.perf_counter() - start), len(data)
    return best, size


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


def main() -> None:
    seconds, size = measure(load_scenario())
    print(f"default workbook: {seconds:.3f} s, {size / 1024:.0f} KB (aim: <= 1 s, <= 200 KB)")
    print("months options pairs   seconds      KB  ms per (month x pair)")
    for months, options in ((36, 4), (60, 4), (36, 10), (60, 10), (120, 10), (60, 20)):
        seconds, size = measure(grid(months, options), repeat=1)
        pairs = options * (options - 1) // 2
        print(
            f"{months:6d} {options:7d} {pairs:5d} {seconds:9.3f} {size / 1024:7.0f} {1000 * seconds / (months * pairs):10.3f}"
        )


if __name__ == "__main__":
    main()
