"""Find the catalog tables in a workbook: a header row of catalog column names, data rows below it.

The generated workbook writes each catalog file as such a table; an edited copy may have rows
added, removed or reordered, so tables are found by their headers, not by fixed addresses.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from xlcost.core.catalog import FILES
from xlcost.core.catalog.loader import columns_for
from xlcost.core.catalog.rows import Row
from xlcost.io.safe_open import SheetData, WorkbookData

MARKERS = frozenset({"id", "kind", "source", "as_of"})  # every catalog table has these columns


@dataclass(frozen=True)
class TableRow:
    row: int
    cells: dict[str, object]  # column name -> cell value (None when blank)


@dataclass(frozen=True)
class Table:
    """One catalog file as laid out on a sheet."""

    sheet: str
    file: str
    model: type[Row]
    header_row: int
    columns: dict[str, int]  # column name -> sheet column index
    rows: tuple[TableRow, ...]

    def address(self, row: int, column: str) -> tuple[int, int]:
        return row, self.columns[column]


def find_tables(book: WorkbookData) -> list[Table]:
    tables = []
    for sheet in book.sheets.values():
        tables.extend(_tables_on(sheet))
    return tables


def _tables_on(sheet: SheetData) -> list[Table]:
    headers = _header_rows(sheet)
    tables = []
    for index, (row, columns) in enumerate(headers):
        file = _best_file(columns)
        if file is None:
            continue
        end = headers[index + 1][0] if index + 1 < len(headers) else None
        tables.append(Table(sheet.name, file, FILES[file], row, columns, tuple(_data_rows(sheet, row, columns, end))))
    return tables


def _header_rows(sheet: SheetData) -> list[tuple[int, dict[str, int]]]:
    rows: dict[int, dict[str, int]] = {}
    for (row, col), value in sheet.values.items():
        if isinstance(value, str):
            rows.setdefault(row, {})[value.strip().lower()] = col
    return sorted((row, cols) for row, cols in rows.items() if cols.keys() >= MARKERS)


def _best_file(columns: dict[str, int]) -> str | None:
    """The catalog file whose columns best match the header (extra display columns are allowed)."""
    scored = []
    for file, model in FILES.items():
        wanted = set(columns_for(model))
        missing = wanted - columns.keys() - set(model.SHOWN_WHEN_FILLED)  # shown only where a held row fills one
        scored.append((len(wanted & columns.keys()) - len(missing), file))
    score, file = max(scored)
    return file if score > len(MARKERS) else None


def _data_rows(sheet: SheetData, header: int, columns: dict[str, int], end: int | None) -> Iterator[TableRow]:
    row = header + 1
    while end is None or row < end:
        cells = {name: sheet.value(row, col) for name, col in columns.items()}
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in cells.values()):
            return
        yield TableRow(row, cells)
        row += 1


def as_text(value: object) -> str | None:
    """A cell value as the catalog CSV would write it, so rows validate exactly like catalog files."""
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
