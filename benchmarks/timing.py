"""The one stopwatch the benchmark scripts share: best and median of repeated runs."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

REPEATS = 7


def best_and_median(run: Callable[[], object], repeats: int = REPEATS) -> tuple[float, float]:
    """Seconds of the fastest run and the median run: the best shows the code, the median the machine."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times)
