"""Print setup of every sheet, so the workbook prints (or exports to PDF) as a short, readable pack.

Each sheet prints its used range and its charts, landscape when portrait would shrink it, with the
sheet name and page number in the footer. A sheet fits one page wide when that keeps its text at
least half its size; a wider sheet prints at half size across as many pages as it needs, its first
column (and a table's heading row) repeated on each. Cover and Summary each fit on one page (up to
120 rows: a dozen options), and so does any sheet of up to 60 rows that fits one page wide. Calc's
timeline is cut into years (twelve month columns a page), with its month row, headings and line
labels repeated on every page.
"""

from __future__ import annotations

import math

from openpyxl import Workbook
from openpyxl.utils.cell import column_index_from_string, coordinate_from_string
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.workbook import layout
from xlcost.workbook.fit import LINE_POINTS, column_width

MONTHS_PER_PAGE = 12
ONE_PAGE = (layout.COVER, layout.SUMMARY)
MIN_SCALE = 0.5  # smallest share of its size a sheet's text is shrunk to; 11 points print at 5.5
ONE_TABLE = (*layout.PRICE_SHEETS.values(), layout.HIDDEN_COSTS, layout.OPTION_PRICES)  # headings on row 4
SHORT_SHEET_ROWS = 60  # a sheet this short prints on one page rather than spill a few rows onto a second
ONE_PAGE_ROWS = 120  # Cover and Summary print on one page up to this (a dozen options); longer, one page wide
MARGINS = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.3, footer=0.3)
A4_POINTS = (595.0, 842.0)  # portrait width, height
CM_POINTS = 72 / 2.54


def set_print(wb: Workbook, sheets: list[str] | None = None, *, first_column_titles: bool = True) -> None:
    """Print area, orientation, scaling, titles and footer of the sheets named (default: all); run after
    the widths are final. A sheet split across pages repeats its first column when that labels its rows."""
    for ws in wb.worksheets:
        if sheets is not None and ws.title not in sheets:
            continue
        last_col, last_row = _extent(ws)
        ws.print_area = layout.block(1, 1, last_row, last_col)
        ws.page_margins = MARGINS
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        footer = ws.oddFooter
        assert footer is not None  # every sheet has a footer, with a left, centre and right part
        footer.left.text = "&A"
        footer.right.text = "Page &P of &N"
        portrait, landscape = (side - 72 * (MARGINS.left + MARGINS.right) for side in A4_POINTS)
        width = _points(ws, 1, last_col)
        ws.page_setup.orientation = "landscape" if width > portrait else "portrait"
        if ws.title == layout.CALC:
            _timeline_pages(ws, last_col)
        elif ws.title in ONE_PAGE or width * MIN_SCALE <= landscape:
            one_page = last_row <= (ONE_PAGE_ROWS if ws.title in ONE_PAGE else SHORT_SHEET_ROWS)
            ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
            ws.page_setup.fitToWidth = 1
            ws.page_setup.fitToHeight = 1 if one_page else 0
        else:
            _pages_across(ws, first_column_titles)


def _pages_across(ws: Worksheet, first_column_titles: bool) -> None:
    """A sheet too wide to shrink onto one page width: at the smallest readable scale, as many pages
    across as it takes, each starting with the sheet's first column (and its table's headings)."""
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=False)
    ws.page_setup.scale = round(MIN_SCALE * 100)
    if first_column_titles:
        ws.print_title_cols = layout.columns(1, 1)
    if ws.title in ONE_TABLE:
        ws.print_title_rows = f"{layout.TABLE_HEADER_ROW}:{layout.TABLE_HEADER_ROW}"


def _timeline_pages(ws: Worksheet, last_col: int) -> None:
    """A page across per year of months: fit to that many pages wide (so the font does not matter),
    with breaks after every twelfth month for the applications that honour both."""
    labels = layout.CALC_COLS["value"]
    ws.print_title_rows = f"{layout.MONTH_ROW}:{layout.CALC_HEADER_ROW}"
    ws.print_title_cols = layout.columns(1, labels)
    month_cols = last_col - layout.FIRST_MONTH_COL + 1
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_setup.fitToWidth = math.ceil(month_cols / MONTHS_PER_PAGE)
    ws.page_setup.fitToHeight = 0
    for month in range(MONTHS_PER_PAGE, month_cols, MONTHS_PER_PAGE):
        ws.col_breaks.append(Break(id=layout.month_col(month)))


def _extent(ws: Worksheet) -> tuple[int, int]:
    """Last column and row holding a value or covered by a chart."""
    last_col, last_row = ws.max_column, ws.max_row
    for chart in ws._charts:  # type: ignore[attr-defined]  # openpyxl keeps a sheet's charts privately only
        anchor = chart.anchor._from if hasattr(chart.anchor, "_from") else None
        col, row = (anchor.col + 1, anchor.row + 1) if anchor else _cell_position(chart.anchor)
        end_col, width = col, chart.width * CM_POINTS
        while width > 0:
            width -= _points(ws, end_col, end_col)
            end_col += 1
        last_col = max(last_col, end_col - 1)
        last_row = max(last_row, row + math.ceil(chart.height * CM_POINTS / LINE_POINTS))
    return last_col, last_row


def _cell_position(coordinate: str) -> tuple[int, int]:
    letters, row = coordinate_from_string(coordinate)
    return column_index_from_string(letters), row


def _points(ws: Worksheet, first: int, last: int) -> float:
    """Printed width of columns first..last in points (a character is about 7 pixels, plus 5 of padding)."""
    return sum((column_width(ws, col) * 7 + 5) * 0.75 for col in range(first, last + 1))
