"""Reports written as workbooks (the audit's findings, reconcile's claims): rows of text and numbers, saved atomically.

The checked file is never opened for writing. Text that came from a workbook or a claims file is
written as text, so a value such as ``=HYPERLINK(...)`` or ``@SUM(...)`` can never become a formula.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.errors import XlcostError
from xlcost.io.atomic import write_atomic
from xlcost.io.plain_text import formula_like, report_text


def write_cell(ws: Worksheet, row: int, col: int, value: object) -> Cell:
    """Write one value; strings are always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=col)
    if not isinstance(cell, Cell):
        raise TypeError(f"{ws.title}!{cell.coordinate} is inside a merged range: a report writes plain cells")
    if isinstance(value, str):
        value = report_text(value)
        cell.value = value
        cell.data_type = "s"
        if formula_like(value):
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    elif value is None or isinstance(value, int | float | bool):
        cell.value = value
    else:
        cell.value = report_text(value)
        cell.data_type = "s"
    return cell


def first_sheet(book: Workbook) -> Worksheet:
    """The worksheet a new workbook opens with (openpyxl types ``active`` as possibly a chart sheet or None)."""
    sheet = book.active
    if not isinstance(sheet, Worksheet):
        raise TypeError(f"the workbook opens on {type(sheet).__name__}, not a worksheet")
    return sheet


def write_rows(ws: Worksheet, header: Sequence[str], rows: Iterable[Sequence[object]], start: int = 1) -> int:
    """A bold header and rows below it; returns the next free row."""
    for col, title in enumerate(header, start=1):
        write_cell(ws, start, col, title).font = Font(bold=True)
    row = start
    for row, values in enumerate(rows, start=start + 1):
        for col, value in enumerate(values, start=1):
            write_cell(ws, row, col, value)
    return row + 1


def save_atomic(book: Workbook, out: Path, *, force: bool, protect: Iterable[Path] = ()) -> None:
    """Save atomically (as the generator does); refuse to overwrite unless asked, and never a checked file."""
    out = Path(out)
    for other in protect:
        if other.exists() and out.resolve() == Path(other).resolve():
            raise XlcostError(f"{out}: refusing to write the report over the file being checked")
    raw = io.BytesIO()
    book.save(raw)
    write_atomic(out, raw.getvalue(), force=force)
