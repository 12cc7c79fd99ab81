"""Formula cells with their values: each formula is evaluated as it is written, and its value saved with it.

Writers call ``Book.put`` in dependency order (a formula reads only cells written before it), so one
pass gives every value. ``workbook_bytes`` then writes each value into the sheet XML as the cell's
cached result, which is what readers that do not recalculate (pandas, previews, Protected View) show.
"""

from __future__ import annotations

import datetime as dt
import re
import weakref
from collections.abc import Callable
from xml.sax.saxutils import escape

import numpy as np
from openpyxl import Workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils import column_index_from_string, range_boundaries
from openpyxl.utils.datetime import to_excel
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.workbook import styles
from xlcost.workbook.expr import Err, Expr, Scalar, Value

#: the date serial a spreadsheet stores; openpyxl leaves ``to_excel`` unannotated, this says what it returns
_serial: Callable[[dt.date], float] = to_excel

_BOOKS: weakref.WeakKeyDictionary[Workbook, Book] = weakref.WeakKeyDictionary()


class Book:
    """The values of a workbook's formula cells, and the names and cells formulas read."""

    def __init__(self, wb: Workbook):
        self.wb = wb
        self.values: dict[tuple[str, int, int], Scalar] = {}
        self.formulas: dict[tuple[str, int, int], str] = {}  # the text each value belongs to
        self.targets: dict[str, tuple[str, int, int, int, int]] = {}
        self.sheet, self.col = "", 0  # where the formula being evaluated sits
        self.sheets: dict[str, dict[tuple[int, int], Cell | MergedCell]] = {}  # each sheet's cells by (row, column)
        self.blocks: dict[tuple[str, int, int, int, int], np.ndarray] = {}
        self.read_blank: set[tuple[str, int, int]] = set()  # so a formula written after it was read fails
        _BOOKS[wb] = self

    def define(self, name: str, target: str) -> None:
        sheet, _, cells = target.rpartition("!")
        col1, row1, col2, row2 = range_boundaries(cells.replace("$", ""))
        assert col1 and row1 and col2 and row2, f"{name} names cells, not whole rows or columns: {target}"
        self.targets[name] = (sheet.strip("'"), row1, col1, row2, col2)

    def put(
        self, ws: Worksheet, coord: styles.Where, expr: Expr, role: styles.Role = styles.CALC, fmt: str | None = None
    ) -> Cell:
        """Write ``expr`` as the formula of ``coord`` and remember its value."""
        cell = styles.at(ws, coord)
        if (ws.title, cell.row, cell.column) in self.read_blank:
            raise ValueError(f"{ws.title}!{cell.coordinate} was read as blank before its formula was written")
        self.sheet, self.col = ws.title, cell.column
        cell.value = "=" + expr.excel(self)
        value = _result(expr.value(self))
        self.values[(ws.title, cell.row, cell.column)] = value
        self.formulas[(ws.title, cell.row, cell.column)] = cell.value
        return styles.style(cell, role, styles.FLAG if fmt is None and isinstance(value, bool) else fmt)

    def cached(self) -> dict[str, dict[tuple[int, int], Scalar]]:
        """Values by sheet and (row, column) of the formulas still as written (an edit since drops its value)."""
        out: dict[str, dict[tuple[int, int], Scalar]] = {ws.title: {} for ws in self.wb.worksheets}
        cells = {ws.title: ws._cells for ws in self.wb.worksheets}
        for (sheet, row, col), value in self.values.items():
            cell = cells[sheet].get((row, col)) if sheet in cells else None
            if cell is not None and cell.value == self.formulas[(sheet, row, col)]:
                out[sheet][(row, col)] = value
        return out

    # -- what formulas read (the expr.Env protocol)
    def cell(self, sheet: str, row: int, col: int) -> Scalar:
        key = (sheet, row, col)
        if key in self.values:
            return self.values[key]
        cells = self.sheets.get(sheet)
        if cells is None:
            ws = self.wb[sheet]  # by title: wb[title] searches the sheet list
            assert isinstance(ws, Worksheet), f"{sheet} is a sheet of cells"
            cells = self.sheets[sheet] = ws._cells
        found = cells.get((row, col))
        if found is None or found.value is None:
            self.read_blank.add(key)
            return None
        if found.data_type == "f":
            raise ValueError(f"{sheet} row {row} column {col} is read before its formula is written")
        value = found.value
        if isinstance(value, dt.datetime | dt.date):
            return float(_serial(value))
        return value  # type: ignore[return-value]  # the generator writes numbers, text and booleans only

    def block(self, sheet: str, row1: int, col1: int, row2: int, col2: int) -> np.ndarray:
        """A rectangle's values; kept, since a cell is written once (a later write to a cell read blank fails)."""
        key = (sheet, row1, col1, row2, col2)
        if key not in self.blocks:
            cells = [[self.cell(sheet, r, c) for c in range(col1, col2 + 1)] for r in range(row1, row2 + 1)]
            if all(isinstance(v, float | int) and not isinstance(v, bool) for row in cells for v in row):
                self.blocks[key] = np.array(cells, dtype=float)
            else:
                self.blocks[key] = np.empty((len(cells), len(cells[0])), dtype=object)
                self.blocks[key][:] = cells
        return self.blocks[key]

    def size(self, name: str) -> tuple[int, int]:
        _, row1, col1, row2, col2 = self.targets[name]
        return row2 - row1 + 1, col2 - col1 + 1

    def name(self, name: str) -> Value:
        sheet, row1, col1, row2, col2 = self.targets[name]
        if (row1, col1) == (row2, col2):
            return self.cell(sheet, row1, col1)
        return self.block(sheet, row1, col1, row2, col2)


def _result(value: Value) -> Scalar:
    """What a cell shows: a blank reference shows 0; an array entered in one cell is an error here."""
    if isinstance(value, np.ndarray):
        raise ValueError("a formula cell evaluated to an array")
    if value is None:
        return 0.0
    if isinstance(value, np.generic):
        shown: Scalar = value.item()
        return shown
    return value


def book_of(wb: Workbook | None) -> Book | None:
    """The expressions behind a comparison workbook's formulas; None for another workbook (or no workbook)."""
    return None if wb is None else _BOOKS.get(wb)


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+)(\d+)"([^>]*)><f>(.*?)</f><v ?/></c>', re.S)


def with_cached_values(sheet_xml: bytes, values: dict[tuple[int, int], Scalar]) -> bytes:
    """The sheet XML with each formula's value in its ``<v>`` (typed str, b or e when not a number)."""

    def fill(match: re.Match[bytes]) -> bytes:
        letters, row, attrs, formula = match.groups()
        key = (int(row), column_index_from_string(letters.decode()))
        if key not in values:  # a formula added after the workbook was built: left for the spreadsheet
            return match.group(0)
        value = values[key]
        kind, text = _typed(value)
        typed = attrs if kind is None else attrs + f' t="{kind}"'.encode()
        return b'<c r="%s%s"%s><f>%s</f><v>%s</v></c>' % (letters, row, typed, formula, text.encode())

    return _FORMULA_CELL.sub(fill, sheet_xml)


def _typed(value: Scalar) -> tuple[str | None, str]:
    if isinstance(value, Err):
        return "e", escape(value.code)
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, str):
        return "str", escape(value)
    return None, repr(float(value))  # type: ignore[arg-type]  # a number: None was stored as 0
