"""Every table the CLI prints, drawn one way: the single place data text reaches the terminal.

Keys, ids and dates are never wrapped or cut; only prose columns wrap. On a terminal the table
fits its width (or overflows it rather than break a key); piped, it is drawn at full width so
every row is one line ``grep`` can find; ``--format tsv`` prints tab-separated rows instead.
Numbers have one format: thousands separators and never an exponent.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from enum import Enum
from typing import Literal

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from xlcost.io.plain_text import DataConsole, tsv_field


class TableFormat(str, Enum):
    """How a table is printed: aligned for people, or tab-separated for a spreadsheet or ``cut``."""

    table = "table"
    tsv = "tsv"


#: A prose column on a narrow terminal keeps at least this many characters per line, and room for its
#: longest word up to PROSE_MAX_WORD (longer words, URLs say, are folded); columns give way first.
PROSE_MIN_WIDTH = 12
PROSE_MAX_WORD = 24
SIGNIFICANT_DIGITS = 6

Cell = object  # text, a number (formatted here), or None for a blank


@dataclass(frozen=True)
class Column:
    """One column: ``key`` (ids, keys, dates: never broken), ``text`` (prose: wraps) or ``number``.

    A column with a ``drop_order`` is left out, lowest first, on a terminal too narrow for it;
    piped and TSV output always have every column.
    """

    header: str
    kind: Literal["key", "text", "number"] = "key"
    places: int | None = None  # numbers: fixed decimals; None shows up to six significant digits
    drop_order: int | None = None


def number(value: float | None, places: int | None = None, *, grouping: bool = True) -> str:
    """The one way numbers are shown: ``2,000,000`` and ``0.42``, never ``2e+06``; blank for None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if places is None:
        digits = len(str(int(abs(value)))) if abs(value) >= 1 else 0
        places = max(0, SIGNIFICANT_DIGITS - digits)
        text = f"{value:{',' if grouping else ''}.{places}f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return f"{value:{',' if grouping else ''}.{places}f}"


def plain(text: str) -> Text:
    """Data text as literal terminal text: never read as rich markup (sanitise here, once)."""
    return Text(text)


def print_table(
    columns: Sequence[Column],
    rows: Iterable[Sequence[Cell]],
    *,
    title: str = "",
    fmt: TableFormat = TableFormat.table,
    console: Console | None = None,
) -> None:
    """Print ``rows`` under ``columns`` as an aligned table or, with ``fmt`` tsv, tab-separated lines."""
    console = console or DataConsole()
    if fmt is TableFormat.tsv:
        _print_tsv(columns, rows, console)
        return
    texts = [[_cell(value, column) for value, column in zip(row, columns, strict=True)] for row in rows]
    if not console.is_terminal:  # piped: every row on one line, without the padding at line ends
        table = _table(title, columns, texts, list(range(len(columns))), {})
        with _at_least(console, _measure(console, table)), console.capture() as captured:
            console.print(table)
        console.file.write("".join(line.rstrip() + "\n" for line in captured.get().splitlines()))
        return
    shown, widths = _fit(console, title, columns, texts)
    table = _table(title, columns, texts, shown, widths)
    with _at_least(console, _measure(console, table)):  # keys that cannot fit overflow, never break
        console.print(table)
    if len(shown) < len(columns):
        hidden = ", ".join(c.header.replace("\n", " ") for i, c in enumerate(columns) if i not in shown)
        console.print(plain(f"({hidden}: left out at this width; see --format tsv or --json)"), style="dim")


def _fit(
    console: Console, title: str, columns: Sequence[Column], texts: list[list[str]]
) -> tuple[list[int], dict[int, int]]:
    """Columns shown and prose widths for the terminal: keys whole, prose wrapped, whole columns dropped if need be.

    Each prose column gets room for its longest word (up to PROSE_MAX_WORD) before any gets more;
    if even that does not fit, droppable columns give way, lowest ``drop_order`` first. A table
    that still does not fit is drawn wider than the terminal rather than break a key.
    """
    shown = list(range(len(columns)))
    droppable = sorted((c.drop_order, i) for i, c in enumerate(columns) if c.drop_order is not None)
    while True:
        prose = {i: _prose_needs(columns[i], texts, i) for i in shown if columns[i].kind == "text"}
        full = _measure(console, _table(title, columns, texts, shown, {}))
        room = console.width - (full - sum(natural for _, natural in prose.values()))
        if full <= console.width:
            return shown, {}
        if room >= sum(least for least, _ in prose.values()) or not droppable:
            return shown, _share(max(room, 0), prose)
        shown.remove(droppable.pop(0)[1])


def _prose_needs(column: Column, texts: list[list[str]], i: int) -> tuple[int, int]:
    """(least, natural) width of a prose column: its longest word within limits, and its longest line."""
    natural = max([len(column.header)] + [_longest(row[i].splitlines()) for row in texts])
    least = min(max([PROSE_MIN_WIDTH, *(_longest(row[i].split()) for row in texts)]), PROSE_MAX_WORD, natural)
    return least, natural


def _share(room: int, prose: dict[int, tuple[int, int]]) -> dict[int, int]:
    """Split ``room`` among prose columns: each its least width first, then one character at a time to the
    column furthest from its natural width."""
    widths = {i: least for i, (least, _) in prose.items()}
    for _ in range(room - sum(widths.values())):
        i = max(widths, key=lambda k: prose[k][1] - widths[k])
        if prose[i][1] <= widths[i]:
            break
        widths[i] += 1
    return widths


def _table(
    title: str, columns: Sequence[Column], texts: list[list[str]], shown: list[int], widths: dict[int, int]
) -> Table:
    table = Table(
        title=plain(title) if title else None,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        pad_edge=False,
    )
    for i in shown:
        column = columns[i]
        table.add_column(
            plain(column.header),
            justify="right" if column.kind == "number" else "left",
            no_wrap=column.kind != "text",
            overflow="fold",
            width=widths.get(i),
        )
    for row in texts:
        table.add_row(*(plain(row[i]) for i in shown))
    return table


@contextmanager
def _at_least(console: Console, width: int) -> Iterator[None]:
    """Draw ``width`` characters wide (or the console's width, if wider) for the duration."""
    previous = console.width
    console.width = max(previous, width) if console.is_terminal else width
    try:
        yield
    finally:
        console.width = previous


def _measure(console: Console, table: Table) -> int:
    """The table's width with nothing wrapped."""
    return table.__rich_measure__(console, console.options.update_width(10**6)).maximum


def _longest(parts: list[str]) -> int:
    return max((len(part) for part in parts), default=0)


def _cell(value: Cell, column: Column) -> str:
    if column.kind == "number" and isinstance(value, int | float):
        return number(value, column.places)
    return "" if value is None else str(value)


def _print_tsv(columns: Sequence[Column], rows: Iterable[Sequence[Cell]], console: Console) -> None:
    """Header and rows, tab-separated; numbers without separators so a spreadsheet reads them as numbers, and
    text as ``tsv_field`` makes it (one line, controls escaped, formulas inert)."""

    def field(value: Cell, column: Column) -> str:
        if column.kind == "number" and isinstance(value, int | float):
            return number(value, column.places, grouping=False)
        return "" if value is None else tsv_field(value)

    lines = ["\t".join(tsv_field(c.header) for c in columns)]
    lines += ["\t".join(field(v, c) for v, c in zip(row, columns, strict=True)) for row in rows]
    console.file.write("\n".join(lines) + "\n")
