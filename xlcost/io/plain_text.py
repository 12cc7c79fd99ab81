"""Text from data files shown as text: one place that makes it safe for terminals, JSON and spreadsheets.

A scenario name, claim label, price note or workbook cell may hold rich markup (``[/x]``), which
the terminal printer would parse and fail on, or control characters (ESC), which would reach the
terminal raw or make a workbook unsavable. Both are shown literally instead: markup is never
parsed from data, and a control character appears as its escape, ``\\x1b``. Text that a
spreadsheet would run as a formula (``=HYPERLINK(...)``, ``+cmd|...``) is kept inert wherever it can
reach one: a workbook cell stores it as text, a tab-separated field starts with an apostrophe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.segment import Segment
from rich.text import Text

from xlcost.limits import MAX_CELL_TEXT, LimitError

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_BUT_LINES = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
#: JSON escapes C0 controls itself; DEL, C1 controls and the line separators JavaScript splits on stay raw.
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029]")
#: The first characters that make a spreadsheet read typed, pasted or imported text as a formula (OWASP).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d[\d,]*(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?%?")


def plain(value: object, *, keep_lines: bool = False) -> str:
    """``value`` as text with each control character shown as its escape; ``keep_lines`` keeps tab and newline."""
    pattern = _CONTROL_BUT_LINES if keep_lines else _CONTROL
    return pattern.sub(lambda m: f"\\x{ord(m.group()):02x}", str(value))


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could take ``text`` for a formula: a workbook cell holding it is marked as text."""
    return text.startswith(FORMULA_START)


def tsv_field(value: object) -> str:
    """Data text as one tab-separated field: on one line, controls escaped, a formula made inert by an apostrophe.

    A signed number (-5, -94.2%) is left as it is: a spreadsheet reads it as that number, and runs nothing.
    """
    text = plain(" ".join(str(value).split()))
    return "'" + text if formula_like(text) and not _NUMBER.fullmatch(text) else text


def json_text(data: object) -> str:
    """``data`` as indented JSON whose every character is printable: C1 controls escaped as ``\\u0085``.

    ``json`` escapes C0 controls but writes DEL and C1 controls (which terminals obey) raw. Outside
    strings JSON is ASCII, so escaping each such character in place keeps the document valid.
    """
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


class DataConsole(Console):
    """A rich console that never parses markup and shows control characters in anything it prints as escapes."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("markup", False)
        kwargs.setdefault("highlight", False)
        super().__init__(*args, **kwargs)

    def render_str(self, text: str, **kwargs: Any) -> Text:
        # Before layout, so a table measures the text as it will be shown.
        return super().render_str(plain(text, keep_lines=True), **kwargs)

    def render(self, renderable: Any, options: Any = None) -> Iterable[Segment]:
        # Text objects built from data skip render_str; their segments are cleaned here.
        for segment in super().render(renderable, options):
            if segment.control or not _CONTROL_BUT_LINES.search(segment.text):
                yield segment
            else:
                yield Segment(plain(segment.text, keep_lines=True), segment.style)


def first_line(exc: BaseException, limit: int = 200) -> str:
    """An exception as one short line of plain text: messages of libraries can span pages."""
    lines = str(exc).strip().splitlines()
    return plain(lines[0][:limit]) if lines else type(exc).__name__


def report_text(value: object) -> str:
    """Text a report quotes from data: escaped as in cell_text, and cut visibly, never silently, at Excel's limit.

    A report quotes cells of the checked file (up to 32,767 characters each) inside longer sentences.
    """
    text = plain(value, keep_lines=True)
    if len(text) <= MAX_CELL_TEXT:
        return text
    note = f" ... [cut here: {len(text):,} characters in all]"
    return text[: MAX_CELL_TEXT - len(note)] + note


def cell_text(value: object, where: str) -> str:
    """Text for one workbook cell, control characters escaped; refused rather than cut past Excel's limit."""
    text = plain(value, keep_lines=True)
    if len(text) > MAX_CELL_TEXT:
        raise LimitError(
            f"{where}: {len(text):,} characters is over Excel's limit of {MAX_CELL_TEXT:,} for one cell "
            "(the text would be cut); shorten it"
        )
    return text
