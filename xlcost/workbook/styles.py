"""The workbook's look, defined once: the colour key, number formats, and safe ways to write cells.

Every sheet module writes through these helpers so that inputs, formulas, checks and outputs
look the same everywhere and match the colour key stated on the Cover.
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.plain_text import cell_text

MONEY = "#,##0.00"
PRICE = "#,##0.00##"
MONTHS = "0.00"
COUNT = "#,##0"
NUMBER = "#,##0.####"
SHARE = "0.00%"
RATIO = "0.000000"
CHECK = "0;-0;0"
DATE = "yyyy-mm-dd"

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

_FORMULA_START = ("=", "+", "-", "@")


def style(cell: Cell, role: Role, number_format: str | None = None) -> Cell:
    cell.font = role.font
    if role.fill is not None:
        cell.fill = role.fill
    if role.border is not None:
        cell.border = role.border
    cell.protection = Protection(locked=not role.editable)
    if number_format:
        cell.number_format = number_format
    return cell


def text(ws: Worksheet, coord: str, value: object, role: Role = SOURCE) -> Cell:
    """Write catalog or user text as a literal string, never a formula, whatever it starts with."""
    cell = ws[coord]
    if value is None or value == "":
        cell.value = None
        return style(cell, role)
    value = cell_text(value, f"{ws.title}!{coord}")
    cell.value = value
    cell.data_type = "s"
    if value.startswith(_FORMULA_START):
        cell.quotePrefix = True
    return style(cell, role)


def value(ws: Worksheet, coord: str, number: float | int | None, role: Role = INPUT, fmt: str = NUMBER) -> Cell:
    """Write a number (an input, usually)."""
    cell = ws[coord]
    cell.value = number
    return style(cell, role, fmt)


def formula(ws: Worksheet, coord: str, expression: str, role: Role = CALC, fmt: str | None = None) -> Cell:
    """Write a formula; ``expression`` is given without its leading '='."""
    cell = ws[coord]
    cell.value = "=" + expression
    return style(cell, role, fmt)


def label(ws: Worksheet, coord: str, words: str, font: Font = HEADING) -> Cell:
    cell = text(ws, coord, words, CALC)
    cell.font = font
    return cell


def header_row(ws: Worksheet, row: int, headings: list[str], first_col: int = 1) -> None:
    """Headings in bold on a fill, wrapped. ``{currency}`` in a heading shows the result currency, live:
    the cell links to ``currency`` and its number format puts the words around it (no text in formulas)."""
    for offset, heading in enumerate(headings):
        cell = ws.cell(row=row, column=first_col + offset)
        if CURRENCY_MARK in heading:
            before, after = heading.split(CURRENCY_MARK)
            formula(ws, cell.coordinate, "currency", CALC, f'"{before}"@"{after}"')
        else:
            text(ws, cell.coordinate, heading, CALC)
        cell.font = HEADING
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")


def widths(ws: Worksheet, columns: dict[str, float]) -> None:
    for letter, width in columns.items():
        ws.column_dimensions[letter].width = width


def protect(ws: Worksheet) -> None:
    """Lock formulas, leave inputs editable: protection without a password, so it guards against slips only."""
    ws.protection.sheet = True
    ws.protection.formatCells = False
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
