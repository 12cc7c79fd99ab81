"""Column widths from what the cells show, so no label or figure is cut on screen or on paper.

Applied once, after every sheet is written: each column is as wide as its longest label or
widest formatted figure (headings wrap, so only their longest word counts), within a cap; text
longer than the cap wraps instead of running under the next column. A title or note with nothing
alone on its row runs on across the empty cells, as finance expects, and is not counted.
"""

from __future__ import annotations

import re

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.workbook import styles
from xlcost.workbook.build_plan import BuildPlan
from xlcost.workbook.cells import book_of

MIN_WIDTH = 4.0
MAX_WIDTH = 60.0
PADDING = 2.0  # characters of air either side of the widest entry
DEFAULT_WIDTH = 8.43  # characters, an untouched column
LINE_POINTS = 15.0  # height of one line of 11-point text
PROSE = 1.1  # letters of prose per digit width
BOLD_PROSE = 1.0  # bold letters (headings) are wider: one a digit width
PAGE_CHARACTERS = 150.0  # widest run of a note: a landscape page printed at half size, with room to spare
MAX_WORD = 72.0  # widest column for one unbreakable word (a SHA-256 hash is 64 characters)
_DECIMALS = re.compile(r"\.([0#]+)")
_CELL = re.compile(r"\$?[A-Z]{1,3}\$?[0-9]+")
_CELL_IN_FORMULA = re.compile(r"(?:'.+?'|[A-Za-z]+)?!?\$?[A-Z]{1,3}\$?[0-9]+")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")
LINK_DEPTH = 4  # links followed to find the text a formula shows


def fit_columns(wb: Workbook, plan: BuildPlan, sheets: list[str] | None = None) -> None:
    """Widen or narrow every used column of the sheets named (default: all) to its content."""
    guess = _FormulaGuess(wb, plan)
    for ws in wb.worksheets:
        if sheets is None or ws.title in sheets:
            _fit_sheet(ws, guess)


class _FormulaGuess:
    """How wide a formula's result will be: its cached value is not known when the file is written,
    so money is sized by the largest figure the core computed and text by the longest option name."""

    def __init__(self, wb: Workbook, plan: BuildPlan) -> None:
        self.wb, self.names = wb, plan.names
        self._estimates: dict[tuple[str, str], float] = {}
        results = plan.comparison.results
        self.largest = max([1.0, *(abs(r.tco) for r in results), *(abs(r.npv) for r in results)])
        self.longest_text = max([12, *(len(o.name) for o in plan.options), *(len(o.key) for o in plan.options)])

    def width(self, cell: Cell, depth: int = 0) -> float:
        expression, number_format = str(cell.value)[1:], cell.number_format
        target = self._link_target(expression)
        if target is not None and depth < LINK_DEPTH:
            return _shown_width(target, self, depth + 1)
        key = (_CELL_IN_FORMULA.sub("", expression), number_format)  # a timeline row repeats one shape
        if key not in self._estimates:
            self._estimates[key] = self._estimate(*key)
        return self._estimates[key]

    def _estimate(self, shape: str, number_format: str) -> float:
        """Width of a formula's result from the names it reads and its number format (references removed)."""
        words = max((len(str(w)) for w in self._named_texts(shape)), default=0)
        if number_format == styles.FLAG:
            return max(words, len("FALSE"))
        if _shows_text(number_format):
            return max(words, self.longest_text)
        if "%" in number_format:
            return max(words, len(_formatted(1.0, number_format)))
        if "E" in number_format:
            return max(words, len(number_format))
        return max(words, len(_formatted(self.largest, number_format)))

    def _named_texts(self, expression: str) -> list[str]:
        """Texts a formula may show: the defined names it reads that hold words (text_none, currency ...)."""
        found = []
        for name in set(_NAME.findall(expression)) & self.names.keys():
            target = self._link_target(name)
            if target is not None and isinstance(target.value, str) and not target.value.startswith("="):
                found.append(target.value)
        return found

    def _link_target(self, expression: str) -> Cell | None:
        """The cell a formula that is only a defined name or only a reference shows, else None."""
        target = self.names.get(expression, expression)
        sheet, bang, coordinate = target.rpartition("!")
        if not bang or not _CELL.fullmatch(coordinate):
            return None
        sheet = sheet.strip("'")
        return self.wb[sheet][coordinate.replace("$", "")] if sheet in self.wb.sheetnames else None


def _formatted(number: float, number_format: str) -> str:
    """A number as the format would roughly show it (thousands separators, decimals, %, parentheses)."""
    section = number_format.split(";")[0]
    match = _DECIMALS.search(section)
    decimals = len(match.group(1)) if match else 0
    shown = number * 100 if "%" in section else number
    text = f"{shown:,.{decimals}f}" if "," in section else f"{shown:.{decimals}f}"
    return f"({text})" if "(" in number_format else text + ("%" if "%" in section else "")


def _shown_width(cell: Cell, guess: _FormulaGuess, depth: int = 0) -> float:
    value = cell.value
    if value is None:
        return 0.0
    if isinstance(value, str) and value.startswith("="):
        return guess.width(cell, depth)
    if isinstance(value, bool):
        return 5.0
    if isinstance(value, int | float):
        return len(_formatted(float(value), cell.number_format)) if cell.number_format != "General" else len(str(value))
    lines = str(value).splitlines() or [""]
    if cell.alignment is not None and cell.alignment.wrap_text:
        return max(len(word) for line in lines for word in (line.split() or [""]))
    return max(len(line) for line in lines)


def _fit_sheet(ws: Worksheet, guess: _FormulaGuess) -> None:
    widest: dict[int, float] = {}
    running_on: list[tuple[Cell, int]] = []  # text shown across the empty cells to its right, up to a column
    last_column = ws.max_column  # openpyxl recomputes it on every call
    for row in _existing_rows(ws):
        filled = [c for c in row if c.value is not None]
        if len(filled) == 1 and isinstance(filled[0].value, str) and not filled[0].value.startswith("="):
            running_on.append((filled[0], last_column))  # a title or note alone on its row
            continue
        for cell, right in zip(filled, [*filled[1:], None], strict=True):
            if _may_run_on(ws, cell, last_column):
                running_on.append((cell, last_column if right is None else right.column - 1))
                continue
            if _live_heading(cell):
                continue
            width = _shown_width(cell, guess)
            if width > MAX_WIDTH and _one_word(cell):
                width = min(width, MAX_WORD)  # a hash or an address: wrapping would not help
            elif width > MAX_WIDTH:
                cell.alignment = styles.wrapped(cell.alignment)
                width = MAX_WIDTH
            widest[cell.column] = max(widest.get(cell.column, 0.0), width)
    for column, width in widest.items():
        ws.column_dimensions[get_column_letter(column)].width = max(MIN_WIDTH, width + PADDING)
    for cell, end in running_on:
        _keep_on_page(ws, cell, end)
    fit_row_heights(ws)


def _existing_rows(ws: Worksheet) -> list[list[Cell]]:
    """The cells that exist, row by row; ``iter_rows`` would create every empty cell of the used range."""
    rows: dict[int, list[Cell]] = {}
    for (row, _), cell in sorted(ws._cells.items()):
        if isinstance(cell, Cell):  # not the covered part of merged cells: it shows nothing
            rows.setdefault(row, []).append(cell)
    return list(rows.values())


def _keep_on_page(ws: Worksheet, cell: Cell, end: int) -> None:
    """Text longer than the empty columns up to ``end`` (the next filled cell, or the printed edge) wraps
    across them instead of running under that cell or off the page. A formula's text may grow when its
    inputs change (a recommendation naming another option): its row keeps a line spare."""
    shown = _shown_text(cell)
    room = 0.0
    for col in range(cell.column, end + 1):  # within a printed page when the sheet is split across pages
        if room + column_width(ws, col) > PAGE_CHARACTERS and col > cell.column:
            end = col - 1
            break
        room += column_width(ws, col)
    if room < min(MAX_WIDTH, len(shown) + PADDING):
        own = column_width(ws, cell.column)  # a narrow table column widens first, so it does not wrap to a sliver
        ws.column_dimensions[cell.column_letter].width = min(MAX_WIDTH, own + len(shown) + PADDING - room)
        room = sum(column_width(ws, col) for col in range(cell.column, end + 1))
    if len(shown) <= room or end == cell.column:
        return
    ws.merge_cells(start_row=cell.row, start_column=cell.column, end_row=cell.row, end_column=end)
    cell.alignment = styles.wrapped(cell.alignment)
    lines = sum(_wrapped_lines(part, room - PADDING) for part in shown.splitlines() or [""])
    lines += 1 if str(cell.value).startswith("=") else 0
    ws.row_dimensions[cell.row].height = max(LINE_POINTS * lines, ws.row_dimensions[cell.row].height or 0)
    for col in range(1, cell.column):  # its label starts on its first line
        left = ws._cells.get((cell.row, col))
        if left is not None and left.value is not None:
            left.alignment = styles.at_top(left.alignment)


def column_width(ws: Worksheet, column: int) -> float:
    dim = ws.column_dimensions.get(get_column_letter(column))
    return dim.width if dim is not None and dim.width else DEFAULT_WIDTH


def fit_row_heights(ws: Worksheet) -> None:
    """Rows with wrapped text tall enough for every line (applications do not grow them on opening)."""
    merged = {r.min_row for r in ws.merged_cells.ranges}
    lines_by_row: dict[int, int] = {}
    for cell in ws._cells.values():  # only wrapped text decides a height: skip the rest without sorting
        if not isinstance(cell, Cell):
            continue  # the covered part of merged cells: it shows nothing
        is_text = isinstance(cell.value, str) and (not cell.value.startswith("=") or _live_heading(cell))
        if cell.row in merged or not (is_text and cell.alignment is not None and cell.alignment.wrap_text):
            continue
        width = column_width(ws, cell.column) - PADDING / 2
        prose = BOLD_PROSE if cell.font is not None and cell.font.bold else PROSE
        lines = sum(_wrapped_lines(part, width, prose) for part in _shown_text(cell).splitlines() or [""])
        lines_by_row[cell.row] = max(lines_by_row.get(cell.row, 1), lines)
    tall = {row: lines for row, lines in lines_by_row.items() if lines > 1}
    for row, lines in sorted(tall.items()):
        ws.row_dimensions[row].height = LINE_POINTS * lines
    for (row, _), cell in ws._cells.items():  # every cell of a tall row starts at the top, beside its wrapped neighbour
        if row in tall and cell.value is not None:
            cell.alignment = styles.at_top(cell.alignment)


def _shown_text(cell: Cell) -> str:
    """What a text cell shows: its text, or for a formula (a live heading) the text computed at generation."""
    text = str(cell.value)
    if not text.startswith("="):
        return text
    book = book_of(cell.parent.parent)
    shown = book.values.get((cell.parent.title, cell.row, cell.column)) if book is not None else None
    return text if shown is None else str(shown)


def _wrapped_lines(text: str, width: float, prose: float = PROSE) -> int:
    """Lines a paragraph takes when wrapped at word boundaries in a column ``width`` characters wide
    (a width counts digits; ``prose`` letters fit in one). A word wider than the column (an
    address) is broken across as many lines as it fills."""
    width = max(1, int(width * prose))
    lines, used = 1, 0
    for word in text.split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, 0
        if len(word) > width - used:
            lines, used = lines + (used + len(word) - 1) // width, (used + len(word) - 1) % width + 1
        else:
            used += (1 if used else 0) + len(word)
    return lines


def _live_heading(cell: Cell) -> bool:
    """A heading computed by a formula (``TCO (CNY)``, in the text format): it wraps to the column, never sets it."""
    if not (isinstance(cell.value, str) and cell.value.startswith("=") and cell.number_format == styles.LIVE_HEADING):
        return False
    return bool(cell.alignment is not None and cell.alignment.wrap_text)


def _shows_text(number_format: str) -> bool:
    """A formula in this format shows text (or may: General), not a formatted number."""
    return number_format == "General" or "@" in number_format


def _may_run_on(ws: Worksheet, cell: Cell, last_column: int) -> bool:
    """Text with an empty cell to its right shows in full whatever its width (but not past the printed edge)."""
    value = cell.value
    is_text = isinstance(value, str) and (not value.startswith("=") or _shows_text(cell.number_format))
    right = ws._cells.get((cell.row, cell.column + 1))
    return is_text and cell.column < last_column and (right is None or right.value is None)


def _one_word(cell: Cell) -> bool:
    return isinstance(cell.value, str) and not cell.value.startswith("=") and " " not in cell.value.strip()
