"""Audit of a 100,000-cell workbook: wall time and peak memory (target <= 3 s, <= 500 MB); and of a generated
workbook whose catalog has 2,000 extra API rows, every row stale, so each stale row is graded by whether
the answer depends on it (target <= 3 s).

Run from the repository root: ``python benchmarks/bench_audit.py``. The workbooks are built in a
temporary directory: a price table plus a calculation sheet of timeline rows (one formula per row), and
the default scenario generated from the enlarged catalog.
"""

from __future__ import annotations

import datetime as dt
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from openpyxl import Workbook
from openpyxl.utils import get_column_letter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from xlcost.audit import audit
from xlcost.core.catalog import default_catalog_dir, load_catalog
from xlcost.core.catalog.loader import columns_for
from xlcost.core.catalog.rows import ApiPrice
from xlcost.workbook import generate

ROWS, MONTHS = 1_000, 99  # 1,000 rows x (label + 99 months) = 100,000 cells
EXTRA_API_ROWS = 2_000
ALL_STALE = dt.date(2030, 1, 1)  # every catalog row is years old then


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


def enlarged_catalog(directory: Path) -> Path:
    shutil.copytree(default_catalog_dir(), directory, ignore=shutil.ignore_patterns("scenarios", "claims"))
    with (directory / "api.csv").open("a", encoding="utf-8") as api:
        for n in range(EXTRA_API_ROWS):
            api.write(f"extra-{n},api,Extra {n},Acme,{1 + n % 7},{2 + n % 11},,,CNY,per 1M tokens,bench,2026-06-01,\n")
    return directory


def stale_generated(tmp: Path) -> None:
    catalog = enlarged_catalog(tmp / "catalog")
    path = generate(tmp / "generated.xlsx", catalog=catalog)
    start = time.perf_counter()
    result = audit(path, baseline=load_catalog(catalog), as_of=ALL_STALE)
    elapsed = time.perf_counter() - start
    counts = result.counts()
    print(f"generated workbook, {EXTRA_API_ROWS:,} extra API rows, every row stale: {counts['warning']:,} warnings")
    print(f"  (rows the answer depends on), {counts['info']:,} info; audit time {elapsed:.2f} s (target <= 3 s)")


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
    with tempfile.TemporaryDirectory() as tmp:
        stale_generated(Path(tmp))


if __name__ == "__main__":
    main()
