"""Audit of a 100,000-cell workbook: wall time and peak memory (target <= 3 s, <= 500 MB).

Run from the repository root: ``python benchmarks/bench_audit.py``. The workbook is built in a
temporary directory: a price table plus a calculation sheet of timeline rows (one formula per row).
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlcost.audit import audit
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.loader import columns_for
from xlcost.core.catalog.rows import ApiPrice

ROWS, MONTHS = 1_000, 99  # 1,000 rows x (label + 99 months) = 100,000 cells


def build(path: Path) -> int:
    book = Workbook()  # normal mode, as the generator writes (with a <dimension> element)
    prices = book.active
    prices.title = "Prices"
    columns = columns_for(ApiPrice)
    prices.append(columns)
    for row in load_catalog().table("api.csv").values():
        prices.append([str(getattr(row, c)) if c in ("as_of",) else getattr(row, c) for c in columns])
    calc = book.create_sheet("Calc")
    calc.append(["line", *range(1, MONTHS + 1)])
    cells = 0
    for r in range(2, ROWS + 2):
        values: list[object] = [f"line {r}", 100.0]
        for c in range(3, MONTHS + 2):
            values.append(f"={get_column_letter(c - 1)}{r}*(1+$A$1)")
        calc.append(values)
        cells += len(values)
    book.save(path)
    return cells


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.xlsx"
        cells = build(path)
        start = time.perf_counter()
        result = audit(path)
        elapsed = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"cells: {cells:,}  findings: {len(result.findings):,}")
    print(f"audit time: {elapsed:.2f} s (target <= 3 s)")
    print(f"peak RSS of this process: {peak_mb:.0f} MB (target <= 500 MB)")


if __name__ == "__main__":
    main()
