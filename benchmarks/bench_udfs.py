"""Time the Excel functions: a scalar =TCO and a 10,000-row column of users, called directly and via xlwings.

Run: python benchmarks/bench_udfs.py
The xlwings path is xlwings.server.custom_functions_call, what xlwings Lite and Server run per call;
XLWINGS_ON_SERVER must be set before xlwings is imported, hence the lines above the imports.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's xlcost, installed or not
os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # free for open-source projects

import asyncio
import statistics
import time

import xlwings as xw
import xlwings.server as server

from xlcost import udfs

ROWS = 10_000
SCALAR_CALLS = 20_000
ARRAY_CALLS = 30


def median_us(call, repeat: int) -> float:
    for _ in range(min(repeat, 100)):  # warm-up: caches filled, code paths hot
        call()
    times = []
    for _ in range(repeat):
        start = time.perf_counter_ns()
        call()
        times.append(time.perf_counter_ns() - start)
    return statistics.median(times) / 1000


def payload(name: str, *args) -> dict:
    return {
        "func_name": name,
        "args": [a if isinstance(a, list) else [[a]] for a in args],
        "version": xw.__version__,
        "client": "Office.js",
        "runtime": "1.4",
    }


def via_xlwings(data: dict):
    loop = asyncio.new_event_loop()
    return lambda: loop.run_until_complete(server.custom_functions_call(data, udfs))


def main() -> None:
    users = [[1000.0 + 17 * i] for i in range(ROWS)]
    fresh = iter(range(10**9))
    cases = [
        ("TCO scalar, direct", lambda: udfs.TCO("api:qwen-plus", 36), SCALAR_CALLS),
        ("TCO scalar, new users each call (no cache hit)", lambda: udfs.TCO("rent:a100-80g", 36, next(fresh)), 5000),
        ("TCO scalar rent sized, direct", lambda: udfs.TCO("rent:a100-80g", 12, 50_000), SCALAR_CALLS),
        (
            "BREAKEVEN scalar, direct",
            lambda: udfs.BREAKEVEN("buy:h100-80g", "rent:h100-80g", None, None, None, 1),
            5000,
        ),
        ("RECOMMEND scalar, direct", lambda: udfs.RECOMMEND(3000), SCALAR_CALLS),
        ("TCO scalar, custom_functions_call", via_xlwings(payload("TCO", "api:qwen-plus", 36)), 5000),
        (f"TCO {ROWS:,} users API, direct", lambda: udfs.TCO("api:qwen-plus", 36, users), ARRAY_CALLS),
        (f"TCO {ROWS:,} users rent sized, direct", lambda: udfs.TCO("rent:a100-80g", 36, users), ARRAY_CALLS),
        (f"UNITCOST {ROWS:,} users, direct", lambda: udfs.UNITCOST("buy:h100-80g", 36, users), ARRAY_CALLS),
        (
            f"TCO {ROWS:,} users rent sized, custom_functions_call",
            via_xlwings(payload("TCO", "rent:a100-80g", 36, users)),
            ARRAY_CALLS,
        ),
    ]
    assert udfs.TCO("api:qwen-plus", 36) == 15552
    run(cases)
    # Outside Pyodide, xlwings' officejs reader tries `from pyodide.ffi import JsNull` once per cell and
    # the failed import is searched for again each time; in xlwings Lite the import succeeds and is cached.
    # Marking the module absent shows the cost that remains once that search is gone.
    sys.modules.setdefault("pyodide", None)
    print("with xlwings' per-cell pyodide import short-circuited:")
    run([case for case in cases if "custom_functions_call" in case[0]])


def run(cases) -> None:
    for label, call, repeat in cases:
        value = median_us(call, repeat)
        shown = f"{value:8.1f} µs" if value < 1000 else f"{value / 1000:8.2f} ms"
        print(f"{label:55s} median {shown}  ({repeat} calls)")


if __name__ == "__main__":
    main()
