"""Time how fast xlcost starts: the CLI's ``--version`` and ``--help``, and Excel's ``import xlcost.udfs``.

Run: python benchmarks/bench_startup.py            (add --readme to write the table into README.md)

Each figure is the median wall time of fresh interpreters, run interleaved with its yardstick (a bare
``python -c pass`` for the CLI, ``python -c "import numpy"`` for the Excel functions). Targets: the CLI
within 10x its yardstick, the Excel functions within 3x theirs; it says whether each is met (a timing is a
benchmark, not a test: on a shared machine it fails at random; ``tests/cli/test_startup.py`` checks what is loaded).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RUNS = 9
PYTHON = sys.executable

#: label -> (command, yardstick label, most yardsticks it may take)
CASES = {
    "`python -c pass`": ([PYTHON, "-c", "pass"], None, None),
    "`xlcost --version`": ([PYTHON, "-m", "xlcost", "--version"], "`python -c pass`", 10),
    "`xlcost --help`": ([PYTHON, "-m", "xlcost", "--help"], "`python -c pass`", 10),
    '`python -c "import numpy"`': ([PYTHON, "-c", "import numpy"], None, None),
    "`import xlcost.udfs`": ([PYTHON, "-c", "import xlcost.udfs"], '`python -c "import numpy"`', 3),
}


def median_seconds(commands: dict[str, list[str]], runs: int = RUNS) -> dict[str, float]:
    """Median wall time of each command in a fresh process, interleaved so load spikes hit them alike."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, capture_output=True, timeout=120, check=True, env=env)
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readme", action="store_true", help="write the table into README.md")
    options = parser.parse_args()
    seconds = median_seconds({label: command for label, (command, _, _) in CASES.items()})
    table = ["| Start | Median | Against | Target |", "| --- | ---: | ---: | ---: |"]
    for label, (_, yardstick, limit) in CASES.items():
        ratio = f"{seconds[label] / seconds[yardstick]:.1f}x {yardstick}" if yardstick else ""
        target = f"<= {limit}x" if limit else ""
        print(f"{label:30s} {seconds[label] * 1000:7.0f} ms  {ratio:40s} {target}")
        table.append(f"| {label} | {seconds[label] * 1000:.0f} ms | {ratio} | {target} |")
    if options.readme:
        sys.path.insert(0, str(ROOT))
        from benchmarks.readme_section import machine, write_section

        table.append(
            f"\n_Written by `python benchmarks/bench_startup.py --readme` ({machine()}; medians of {RUNS} runs)._"
        )
        write_section("bench_startup", "\n".join(table))
        print("README.md updated")


if __name__ == "__main__":
    main()
