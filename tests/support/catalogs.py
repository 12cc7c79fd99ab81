"""A writable copy of the shipped catalog, for tests that edit one (one copy in a test: the ``catalog_copy``
fixture), and one grown to thousands of API rows."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from xlcost.core.catalog import default_catalog_dir
from xlcost.prices.init import init_catalog


def copy_catalog(directory: Path) -> Path:
    """A writable copy of the shipped catalog's CSV files."""
    directory.mkdir(parents=True, exist_ok=True)
    for csv_file in default_catalog_dir().glob("*.csv"):
        shutil.copy(csv_file, directory / csv_file.name)
    return directory


def grown_catalog(directory: Path, api_rows: int) -> Path:
    """The built-in catalog (as `xlcost prices init` writes it) grown to ``api_rows`` API rows: the embedded
    rows, then made-up models priced in USD and CNY by turns, each with its own source and as-of date, as an
    import of thousands of rows leaves it."""
    init_catalog(directory)
    with (directory / "api.csv").open(encoding="utf-8", newline="") as existing:
        reader = csv.DictReader(existing)
        have = sum(1 for _ in reader)
        columns = reader.fieldnames or []
    with (directory / "api.csv").open("a", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, columns)
        for n in range(api_rows - have):
            writer.writerow(
                {
                    "id": f"grown-{n}",
                    "kind": "api",
                    "name": f"Grown model {n}",
                    "vendor": f"Vendor {n % 40}",
                    "input_per_mtok": 0.1 + n % 17 / 4,
                    "output_per_mtok": 0.4 + n % 23 / 2,
                    "currency": ("USD", "CNY")[n % 2],
                    "unit": "per 1M tokens",
                    "source": f"https://example.com/vendor-{n % 40}/pricing",
                    "as_of": f"2026-0{1 + n % 6}-{1 + n % 28:02d}",
                }
            )
    return directory


def add_api_row(directory: Path, ident: str, **prices: float) -> str:
    """Append a USD API row (list prices 3 / 15, as Claude Sonnet's) with the given prices and billing rules to
    a catalog copy's api.csv, adding the rule columns its header lacks; the option key is returned."""
    path = directory / "api.csv"
    with path.open(encoding="utf-8", newline="") as existing:
        reader = csv.DictReader(existing)
        columns, rows = list(reader.fieldnames or []), list(reader)
    row = {"id": ident, "kind": "api", "name": ident, "vendor": "Vendor", "input_per_mtok": 3, "output_per_mtok": 15,
           "currency": "USD", "unit": "per 1M tokens", "source": "test", "as_of": "2026-06-01"} | prices  # fmt: skip
    columns += [name for name in row if name not in columns]
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, columns, restval="")
        writer.writeheader()
        writer.writerows([*rows, row])
    return f"api:{ident}"
