"""Time the Excel functions against a yardstick measured in the same run, and against tokencost / genai-prices
when they are installed (they are not dependencies of xlcost).

Run: python benchmarks/bench_udfs.py            (add --readme to write the table into README.md)

The yardstick is ``json.dumps`` of one catalog price row (five fields): a small, fixed amount of pure-Python
work, so ratios to it mean the same on a fast and a slow machine. Targets: a warm ``=TCO`` call no slower
than the yardstick, a call with arguments not seen before at most 4x it, and a per-request ``=TCO`` (new
token counts on every call) at most 2x what tokencost takes to price the same request's input and output
tokens (two ``calculate_cost_by_tokens`` calls) or, without tokencost, the same arithmetic in plain Python. Cases run interleaved, in
rounds, and each figure is the median over rounds, so a busy neighbour slows all of them alike.
The xlwings rows go through ``xlwings.server.custom_functions_call``, what xlwings Lite and Server run per
call; XLWINGS_ON_SERVER must be set before xlwings is imported, hence the lines above the imports.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's xlcost, installed or not
os.environ.setdefault("XLWINGS_ON_SERVER", "true")
os.environ.setdefault("XLWINGS_LICENSE_KEY", "noncommercial")  # free for open-source projects

import argparse
import asyncio
import itertools
import json
import statistics
import time
from collections.abc import Callable

import xlwings as xw
import xlwings.server as server

from benchmarks.readme_section import machine, write_section
from xlcost import udfs

ROUNDS = 15
ROWS = 10_000
PRICE_ROW = {"id": "gpt-4o", "input_per_mtok": 18.0, "output_per_mtok": 72.0, "currency": "CNY", "as_of": "2026-06-01"}
WARM_LIMIT, NEW_ARGUMENTS_LIMIT, PER_REQUEST_LIMIT = 1.0, 4.0, 2.0
PER_REQUEST = '`=TCO("api:gpt-4o",1,1,<new tokens_in>,<new tokens_out>)`, per request'

Case = tuple[str, Callable[[], object], int]  # label, call, calls per round


def per_call_us(call: Callable[[], object], calls: int) -> float:
    start = time.perf_counter_ns()
    for _ in range(calls):
        call()
    return (time.perf_counter_ns() - start) / calls / 1000


def medians(cases: list[Case]) -> tuple[dict[str, float], dict[str, float]]:
    """Median µs per call of each case, and median ratio to the yardstick (first case), over interleaved rounds."""
    for _, call, _ in cases:
        call()  # warm-up: caches filled, code paths hot
    times: dict[str, list[float]] = {label: [] for label, _, _ in cases}
    ratios: dict[str, list[float]] = {label: [] for label, _, _ in cases}
    for _ in range(ROUNDS):
        measured = {label: per_call_us(call, calls) for label, call, calls in cases}
        yardstick = measured[cases[0][0]]
        for label, value in measured.items():
            times[label].append(value)
            ratios[label].append(value / yardstick)
    return (
        {label: statistics.median(v) for label, v in times.items()},
        {label: statistics.median(v) for label, v in ratios.items()},
    )


def per_request_peer(tokens: itertools.count) -> Case:
    """What a request's price costs elsewhere: tokencost's input and output calls, or the plain arithmetic."""
    try:
        from tokencost import calculate_cost_by_tokens

        def tokencost_request() -> object:
            n = next(tokens)
            return calculate_cost_by_tokens(n, "gpt-4o", "input") + calculate_cost_by_tokens(n // 2, "gpt-4o", "output")

        return "tokencost: a request's input + output tokens", tokencost_request, 2000
    except Exception:  # not installed, or an API that moved: the plain-Python yardstick instead
        price = PRICE_ROW

        def plain_request() -> object:
            n = next(tokens)
            return (n * price["input_per_mtok"] + n // 2 * price["output_per_mtok"]) / 1e6

        return "plain Python: a request's input + output price (no tokencost)", plain_request, 2000


def peers() -> list[Case]:
    """The calls a user would otherwise make, where installed."""
    found: list[Case] = []
    try:
        from tokencost import calculate_cost_by_tokens

        found.append(
            ("tokencost `calculate_cost_by_tokens`", lambda: calculate_cost_by_tokens(1000, "gpt-4o", "input"), 2000)
        )
    except Exception:  # not installed, or an API that moved: the comparison is optional
        pass
    try:
        from genai_prices import Usage, calc_price

        usage = Usage(input_tokens=1000, output_tokens=100)
        found.append(
            ("genai-prices `calc_price`", lambda: calc_price(usage, model_ref="gpt-4o", provider_id="openai"), 500)
        )
    except Exception:
        pass
    return found


def payload(name: str, *args) -> dict:
    return {
        "func_name": name,
        "args": [a if isinstance(a, list) else [[a]] for a in args],
        "version": xw.__version__,
        "client": "Office.js",
        "runtime": "1.4",
    }


def via_xlwings(data: dict) -> Callable[[], object]:
    loop = asyncio.new_event_loop()
    return lambda: loop.run_until_complete(server.custom_functions_call(data, udfs))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    options = parser.parse_args()
    assert udfs.TCO("api:qwen-plus", 36) == 15552
    fresh = itertools.count(1_000)  # daily users never asked before: no remembered answer, no cached profile
    tokens = itertools.count(1_000)  # token counts never asked before, as every request brings
    users = [[1000.0 + 17 * i] for i in range(ROWS)]
    scalar: list[Case] = [
        ("yardstick: `json.dumps` of one price row", lambda: json.dumps(PRICE_ROW), 5000),
        ('`=TCO("api:gpt-4o",1)`, warm', lambda: udfs.TCO("api:gpt-4o", 1), 5000),
        ('`=TCO("api:gpt-4o",1,<new users>)`', lambda: udfs.TCO("api:gpt-4o", 1, next(fresh)), 1000),
        (
            '`=TCO("rent:a100-80g",36,<new users>)`, GPUs sized',
            lambda: udfs.TCO("rent:a100-80g", 36, next(fresh)),
            1000,
        ),
        (
            '`=BREAKEVEN("buy:h100-80g","rent:h100-80g",<new users>)`',
            lambda: udfs.BREAKEVEN("buy:h100-80g", "rent:h100-80g", next(fresh)),
            200,
        ),
        (PER_REQUEST, lambda: udfs.TCO("api:gpt-4o", 1, 1, next(tokens), next(tokens)), 2000),
        per_request_peer(itertools.count(1_000)),
        *peers(),
        (
            '`=TCO("api:qwen-plus",36)` via `custom_functions_call`',
            via_xlwings(payload("TCO", "api:qwen-plus", 36)),
            100,
        ),
    ]
    arrays: list[Case] = [
        scalar[0],
        (f'`=TCO("rent:a100-80g",36,<{ROWS:,} users>)`', lambda: udfs.TCO("rent:a100-80g", 36, users), 3),
        ("the same via `custom_functions_call`", via_xlwings(payload("TCO", "rent:a100-80g", 36, users)), 1),
    ]
    rows = []
    for cases in (scalar, arrays):
        times, ratios = medians(cases)
        rows += [(label, times[label], ratios[label]) for label, _, _ in cases if label not in {r[0] for r in rows}]
    for label, value, ratio in rows:
        print(f"{label:70s} {shown(value):>10}  {versus(value, ratio):>8}")
    if len(peers()) < 2:
        print("tokencost / genai-prices: compared when installed (pip install tokencost genai-prices)")
    warm, new = rows[1][2], rows[2][2]
    request = ratios_to(rows, PER_REQUEST, scalar[6][0])
    print(
        f"targets: warm <= {WARM_LIMIT:g}x ({warm:.2f}x), new arguments <= {NEW_ARGUMENTS_LIMIT:g}x ({new:.2f}x), "
        f"per request <= {PER_REQUEST_LIMIT:g}x {scalar[6][0]} ({request:.2f}x):",
        "met" if warm <= WARM_LIMIT and new <= NEW_ARGUMENTS_LIMIT and request <= PER_REQUEST_LIMIT else "MISSED",
    )
    if options.readme:
        table = ["| Call | Median | Ratio to yardstick |", "| --- | ---: | ---: |"]
        table += [f"| {label} | {shown(value)} | {versus(value, ratio)} |" for label, value, ratio in rows]
        table.append(
            f"\n_Written by `python benchmarks/bench_udfs.py --readme` ({machine()}; medians of {ROUNDS} interleaved rounds)._"
        )
        write_section("bench_udfs", "\n".join(table))
        print("README.md updated")


def ratios_to(rows: list[tuple[str, float, float]], label: str, peer: str) -> float:
    """One case's median ratio to the yardstick over the peer's: the two measured in the same rounds."""
    found = {r[0]: r[2] for r in rows}
    return found[label] / found[peer]


def versus(us: float, ratio: float) -> str:
    """The ratio to the yardstick, for calls of a similar size (a 10,000-row call has none that means much)."""
    return f"{ratio:.2f}x" if us < 1000 else ""


def shown(us: float) -> str:
    if us < 1000:
        return f"{us:.1f} µs"
    return f"{us / 1000:.1f} ms" if us < 1_000_000 else f"{us / 1_000_000:.2f} s"


if __name__ == "__main__":
    main()
