"""Cell positions live in ``workbook/layout.py`` only: a sheet writer or the audit that spells a column letter
(``"B"``, ``f"D{row}"``, ``"$F$52"``, ``"A1:C3"``) has a position the layout does not know, and a column
moved there would leave it behind. Scanned from the source (string constants and f-string pieces)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import xlcost

PACKAGE = Path(xlcost.__file__).parent
SCANNED = ("workbook", "audit")
HOME = "workbook/layout.py"

#: a whole string that is a cell or a range: A1, $F$52, A1:C3 (a row number never starts with 0: not "C00000").
CELL = re.compile(r"^\$?[A-Z]{1,3}\$?[1-9][0-9]*(:\$?[A-Z]{1,3}\$?[1-9][0-9]*)?$")
#: a whole string that is one column letter ("B"), or one anchored with $ ("$B$"); two-letter words such as
#: IF, OR and NA (function names) are not columns the workbook uses, so they are left alone.
COLUMN = re.compile(r"^\$?[A-Z]\$?$|^\$[A-Z]{1,3}\$?$|^\$?[A-Z]{1,3}:\$?[A-Z]{1,3}$")
#: an f-string piece ending in a column letter just before a row number is formatted in: f"B{r}", f"INDEX($H${r}".
BEFORE_ROW = re.compile(r"(^|[^A-Za-z0-9_])\$?[A-Z]\$?$|\$[A-Z]{1,3}\$?$")
#: ... or holding a whole cell, or starting a range of columns: f"A1:{last}", f"A:{last}".
CELL_INSIDE = re.compile(r"(^|[^A-Za-z0-9_])\$?[A-Z]{1,3}\$?([1-9][0-9]*(?![A-Za-z0-9_])|:$)")

#: letters that are not columns, each with why.
NOT_COLUMNS = {
    ("workbook/fit.py", "E"): "the exponent of a number format (0.0E+00)",
    ("audit/formula_text.py", "R"): "R1C1 notation: a row offset",
    ("audit/formula_text.py", "C"): "R1C1 notation: a column offset",
}


def letters(source: str) -> list[tuple[int, str]]:
    """(line, text) of every string constant or f-string piece that spells a cell, a range or a column."""
    found = []
    nodes = list(ast.walk(ast.parse(source)))
    pieces_of_fstrings = {id(piece) for node in nodes if isinstance(node, ast.JoinedStr) for piece in node.values}
    for node in nodes:
        if id(node) in pieces_of_fstrings:
            continue  # read with the piece after it, below
        if isinstance(node, ast.JoinedStr):
            pieces = node.values
            for piece, after in zip(pieces, [*pieces[1:], None], strict=True):
                text = _text(piece)
                if text is None:
                    continue
                if (isinstance(after, ast.FormattedValue) and BEFORE_ROW.search(text)) or CELL_INSIDE.search(text):
                    found.append((piece.lineno, text))
        elif isinstance(node, ast.Constant) and (text := _text(node)) and (CELL.match(text) or COLUMN.match(text)):
            found.append((node.lineno, text))
    return found


def _text(node: ast.AST) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _hits(scanned: list[str]) -> list[str]:
    hits = []
    for name in scanned:
        for line, text in letters((PACKAGE / name).read_text(encoding="utf-8")):
            column = text.strip("$(:!, ")[-1:] if not CELL.match(text) else text
            if (name, column) not in NOT_COLUMNS:
                hits.append(f"xlcost/{name}:{line}: {text!r}")
    return sorted(set(hits))


def _sources() -> list[str]:
    return sorted(str(p.relative_to(PACKAGE)) for folder in SCANNED for p in (PACKAGE / folder).glob("*.py"))


def test_no_column_letter_outside_the_layout() -> None:
    """Each hit prints as file:line: take the position from layout.py (a Table column, ``layout.coordinate``)."""
    scanned = [name for name in _sources() if name != HOME]
    hits = _hits(scanned)
    assert not hits, "column letters outside layout.py:\n" + "\n".join(hits)


def test_the_scan_finds_what_it_looks_for() -> None:
    sample = 'a = "B"\nb = f"D{row}"\nc = "$F$52"\nd = "A1:C3"\ne = f"INDEX($H${r}:$H${s})"\nf = call("IF")\n'
    assert sorted(letters(sample)) == [(1, "B"), (2, "D"), (3, "$F$52"), (4, "A1:C3"), (5, ":$H$"), (5, "INDEX($H$")]
    assert letters('g = f"A1:{last}"\nh = f"A:{last}"\ni = "A:C"\n') == [(1, "A1:"), (2, "A:"), (3, "A:C")]
    assert letters('g = "C00000"\nh = f"{name}_{n}"\ni = "OR"\nj = "P10 TCO"\n') == []  # colour, name, function, label
