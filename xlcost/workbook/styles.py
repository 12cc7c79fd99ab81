"""The workbook's look, defined once: the colour key, number formats, and safe ways to write cells.

Every sheet module writes through these helpers so that inputs, formulas, checks and outputs
look the same everywhere and match the colour key stated on the Cover.
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from copy import copy
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.styles.proxy import StyleProxy
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.io.plain_text import cell_text, formula_like

MONEY = "#,##0.00"
TEXT = "@"  # shown as the text it is, never as a number or a date
#: A heading computed from text and a live code (``TCO (CNY)``): shown as text, never as a number.
LIVE_HEADING = TEXT
PRICE = "#,##0.0000"  # prices and cost per 1M tokens: one fixed precision, so a column lines up
MONTHS = "0.00"
COUNT = "#,##0"
NUMBER = "#,##0.####"
SHARE = "0.00%"
RATIO = "0.000000"
CHECK = "0;-0;0"
DATE = "yyyy-mm-dd"
#: a TRUE/FALSE cell: LibreOffice would print a logical value in General as 1 or 0
FLAG = '"TRUE";"TRUE";"FALSE"'

MONEY_SAVING = "#,##0.00;(#,##0.00)"  # a change in cost: savings (negative) in parentheses
MONTHS_CHANGE = "0.00;(0.00)"  # months earlier (negative) in parentheses
CURRENCY_MARK = "{currency}"

_THIN = Side(style="thin", color="808080")


@dataclass(frozen=True)
class Role:
    """One entry of the colour key: how a kind of cell looks, and whether it may be edited."""

    label: str
    meaning: str
    font: Font
    fill: PatternFill | None
    editable: bool = False
    border: Border | None = None


def _fill(rgb: str) -> PatternFill:
    return PatternFill(fill_type="solid", start_color=rgb, end_color=rgb)


INPUT = Role(
    "Input", "a value you may change (blue on pale yellow, unlocked)", Font(color="0000FF"), _fill("FFF2CC"), True
)
CALC = Role("Calculation", "a formula: do not type over it (black, locked)", Font(color="000000"), None)
LINK = Role("Link", "a formula that only brings a value from another sheet (green)", Font(color="008000"), None)
OUTPUT = Role(
    "Key output",
    "a result reported on Summary (bold, boxed)",
    Font(bold=True),
    _fill("E2EFDA"),
    border=Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN),
)
CHECK_ROLE = Role(
    "Check", "0 when fine, anything else is a problem (red)", Font(color="C00000", bold=True), _fill("FCE4D6")
)
SOURCE = Role("Source / note", "where a value comes from (grey)", Font(color="595959", italic=True), None)
GENERATED = Role(
    "As generated",
    "a value xlcost wrote when it generated the file, not recalculated (purple)",
    Font(color="7030A0"),
    None,
)
COLOUR_KEY: tuple[Role, ...] = (INPUT, CALC, LINK, OUTPUT, CHECK_ROLE, SOURCE, GENERATED)

TITLE = Font(bold=True, size=14)
HEADING = Font(bold=True)
HEADER_FILL = _fill("D9E1F2")

#: per workbook, the style array of each named style already registered
_STYLES: weakref.WeakKeyDictionary[Workbook, dict[str, StyleArray]] = weakref.WeakKeyDictionary()

Where = str | tuple[int, int]  # "B5", or (row, column) where many cells are written


def at(ws: Worksheet, where: Where) -> Cell:
    """The cell at an A1 coordinate or a (row, column) pair (the pair skips parsing the coordinate)."""
    cell = ws[where] if isinstance(where, str) else ws.cell(row=where[0], column=where[1])
    assert isinstance(cell, Cell), f"{ws.title}!{where} is not one writable cell (a range, or inside merged cells)"
    return cell


def style(cell: Cell, role: Role, number_format: str | None = None) -> Cell:
    """Give a cell the named style of its kind (role and number format), registered once per workbook.

    One named style per kind keeps the file small and fast to write, and shows the colour key in
    Excel's cell styles gallery.
    """
    name = role.label if number_format is None else f"{role.label} {number_format}"
    wb = cell.parent.parent
    assert wb is not None, "a cell is styled on a sheet of a workbook"
    known = _STYLES.get(wb)
    if known is None:
        known = _STYLES[wb] = {}
    if name not in known:
        wb.add_named_style(
            NamedStyle(
                name=name,
                font=role.font,
                fill=role.fill or PatternFill(),
                border=role.border or Border(),
                protection=Protection(locked=not role.editable),
                number_format=number_format or "General",
            )
        )
        cell.style = name
        known[name] = copy(cell._style)  # type: ignore[attr-defined]  # openpyxl's private style array, not in its stubs
    else:
        # what ``cell.style = name`` does, without its search by name
        cell._style = copy(known[name])  # type: ignore[attr-defined]  # openpyxl's private style array
    return cell


def text(ws: Worksheet, coord: Where, value: object, role: Role = SOURCE) -> Cell:
    """Write catalog or user text as a literal string, never a formula, whatever it starts with."""
    return _put(ws, coord, None if value is None else str(value), role, None)


def value(ws: Worksheet, coord: Where, number: object, role: Role = INPUT, fmt: str | None = NUMBER) -> Cell:
    """Write a number (an input, usually) or another cell value such as a date; text stays text, as in ``text``."""
    return _put(ws, coord, number, role, fmt)


def _put(ws: Worksheet, coord: Where, value: object, role: Role, fmt: str | None) -> Cell:
    cell = at(ws, coord)
    if value == "":
        value = None
    if not isinstance(value, str):
        cell.value = value  # type: ignore[assignment]  # a number, date or None: openpyxl checks the type itself
        return style(cell, role, fmt)
    value = cell_text(value, f"{ws.title}!{cell.coordinate}")
    cell.value = value
    cell.data_type = "s"
    style(cell, role, fmt)
    if formula_like(value):
        cell.quotePrefix = True
    return cell


def formula(ws: Worksheet, coord: Where, expression: str, role: Role = CALC, fmt: str | None = None) -> Cell:
    """Write a formula given as text, without its leading '='.

    For sheets not built from expressions (the Hybrid sheet): their cells carry no cached value, so
    they show once a spreadsheet recalculates. The comparison workbook writes through ``cells.Book.put``.
    """
    cell = at(ws, coord)
    cell.value = "=" + expression
    return style(cell, role, fmt)


def label(ws: Worksheet, coord: Where, words: str, font: Font = HEADING) -> Cell:
    cell = text(ws, coord, words, CALC)
    cell.font = font
    return cell


def header_row(ws: Worksheet, row: int, headings: list[str], first_col: int = 1) -> None:
    """Headings in bold on a fill, wrapped. ``{currency}`` in a heading shows the result currency, live:
    the cell joins the words to ``currency``, so its value (what pandas or a preview reads) is the heading."""
    for offset, heading in enumerate(headings):
        cell = ws.cell(row=row, column=first_col + offset)
        if CURRENCY_MARK in heading:
            before, after = heading.split(CURRENCY_MARK)
            from xlcost.workbook.cells import book_of  # cells writes through this module
            from xlcost.workbook.expr import Name, Text

            book = book_of(ws.parent)
            assert book is not None, "a {currency} heading is written while the comparison workbook is built"
            book.put(ws, cell.coordinate, Text(before).cat(Name("currency")).cat(Text(after)), CALC, LIVE_HEADING)
        else:
            text(ws, cell.coordinate, heading, CALC)
        cell.font = HEADING
        cell.fill = HEADER_FILL
        cell.alignment = wrapped()


def wrapped(alignment: Alignment | StyleProxy | None = None) -> Alignment:
    """Text wrapped within its column, from the top of the cell (unless an alignment given says otherwise):
    headings, long sources, and text wider than its column."""
    vertical = alignment.vertical if alignment is not None else None
    return Alignment(wrap_text=True, vertical=vertical or "top")


def at_top(alignment: Alignment | StyleProxy | None) -> Alignment:
    """An alignment kept as it is (wrapped or not, horizontally) but from the top: beside a taller, wrapped cell."""
    wrap = alignment.wrap_text if alignment is not None else None
    horizontal = alignment.horizontal if alignment is not None else None
    return Alignment(wrap_text=wrap, horizontal=horizontal, vertical="top")


def widths(ws: Worksheet, columns: Mapping[str, float] | Mapping[int, float]) -> None:
    """Column widths in characters, by letter or by 1-based column number (as in ``layout.Table.widths``)."""
    for column, width in columns.items():
        ws.column_dimensions[column if isinstance(column, str) else get_column_letter(column)].width = width


def protect(ws: Worksheet) -> None:
    """Lock formulas, leave inputs editable: protection without a password, so it guards against slips only."""
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
