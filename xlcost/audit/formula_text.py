"""Read formula text by meaning, without evaluating it: references, constants, errors, and a normal form.

Spreadsheet applications rewrite formula text when they save (``'API'!H5`` becomes ``API!H5``,
``rank`` becomes ``_xlfn.RANK.EQ``, spaces come and go), so two formulas are compared by a normal
form: tokens from openpyxl's ``Tokenizer`` with sheet names unquoted, function and defined names
upper-case, whitespace dropped, ``_xlfn.``/``_xlws.`` prefixes removed, numbers in one spelling and
references in relative (R1C1) form, so one row filled across the timeline is one shape; a one-cell
range is its cell.

Tokenising is slow next to a regular expression, and a timeline row repeats one formula in every
month, so each formula is first rewritten by a cheap regex into its relative form and the analysis
is done once per distinct relative form.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from openpyxl.formula.tokenizer import Token, Tokenizer, TokenizerError
from openpyxl.utils import column_index_from_string

_STRING = re.compile(r'"(?:[^"]|"")*"')
_SHEET = r"(?P<sheet>'(?:[^']|'')+'|\[\d+\][\w.]+|[^\W\d][\w.]*)"
_CELLS = r"(?P<c1>\$?[A-Z]{1,3})(?P<r1>\$?\d+)(?::(?P<c2>\$?[A-Z]{1,3})(?P<r2>\$?\d+))?"
_REF = re.compile(rf"(?<![\w.$\]#!])(?:{_SHEET}!)?{_CELLS}(?![\w(!])")
_EXTERNAL = re.compile(r"\[[^\]]*\][^!]*!")  # [book]sheet! or [1]! : another workbook (not Table[Column])
_PREFIXES = ("_XLFN.", "_XLWS.")
# Excel 2010 renamed some functions; the old and new names compute the same thing.
_SAME_FUNCTION = {"RANK.EQ": "RANK", "STDEV.S": "STDEV", "STDEV.P": "STDEVP", "VAR.S": "VAR", "VAR.P": "VARP"}
# a reference read only by one of these tests whether the cell is blank: emptiness is the point
_GUARDS = frozenset({"ISBLANK", "ISNUMBER", "ISTEXT", "ISNONTEXT", "ISLOGICAL", "ISERROR", "ISERR", "ISNA"})
ERRORS = ("#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
HARMLESS_CONSTANTS = frozenset({0.0, 1.0})
_CACHE_LIMIT = 50_000

# one corner of a reference: (row is absolute, row or offset, column is absolute, column or offset)
Corner = tuple[bool, int, bool, int]


@dataclass(frozen=True, slots=True)
class RelRef:
    """A reference as written relative to its cell; ``guarded`` when only a blank/error test reads it."""

    sheet: str | None
    external: bool
    first: Corner
    last: Corner
    guarded: bool = False


@dataclass(frozen=True, slots=True)
class ReferencedRange:
    """A cell or rectangular range a formula reads; ``sheet`` is None for the formula's own sheet."""

    sheet: str | None
    first: tuple[int, int]
    last: tuple[int, int]
    external: bool

    def cells(self) -> int:
        return (self.last[0] - self.first[0] + 1) * (self.last[1] - self.first[1] + 1)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a formula means, whatever cell it sits in: its normal form and what it reads."""

    normal: str
    constants: tuple[str, ...]
    errors: tuple[str, ...]
    external: bool
    refs: tuple[RelRef, ...]


_shapes: dict[str, Shape] = {}


def shape_at(formula: str, row: int, col: int) -> Shape:
    """The shape of the formula in cell (row, col); ``formula`` with or without its leading ``=``."""
    key = relative_form(formula, row, col)
    found = _shapes.get(key)
    if found is None:
        if len(_shapes) >= _CACHE_LIMIT:
            _shapes.clear()
        found = _shapes[key] = _analyse(formula, row, col)
    return found


def relative_form(formula: str, row: int, col: int) -> str:
    """The formula text with each reference (outside string literals) written relative to its cell."""
    return _outside_strings(formula, lambda m: _rel_text(m, row, col))


def with_rows(formula: str, move: Callable[[str | None, int], int]) -> str:
    """The formula with each reference's rows replaced by ``move(sheet, row)`` (``$`` kept)."""

    def one(m: re.Match[str]) -> str:
        sheet = _sheet_name(m.group("sheet"))
        corners = [
            f"{c}{'$' if r[0] == '$' else ''}{move(sheet, int(r.lstrip('$')))}"
            for c, r in ((m.group("c1"), m.group("r1")), (m.group("c2"), m.group("r2")))
            if c is not None
        ]
        whole: str = m.group()
        return whole[: m.start("c1") - m.start()] + ":".join(corners)

    return _outside_strings(formula, one)


def _outside_strings(formula: str, replace: Callable[[re.Match[str]], str]) -> str:
    if '"' not in formula:
        return _REF.sub(replace, formula)
    parts, start = [], 0
    for literal in _STRING.finditer(formula):
        parts.append(_REF.sub(replace, formula[start : literal.start()]))
        parts.append(literal.group())
        start = literal.end()
    parts.append(_REF.sub(replace, formula[start:]))
    return "".join(parts)


def _rel_text(m: re.Match[str], row: int, col: int) -> str:
    """One reference as ``{sheet!R[dr]C[dc]:...}``: written for every formula cell, so kept lean."""
    sheet, c1, r1, c2, r2 = m.group("sheet", "c1", "r1", "c2", "r2")
    text = "{" + (sheet or "") + "!" + _corner_text(_corner(c1, r1, row, col))
    if c2 is not None:
        text += ":" + _corner_text(_corner(c2, r2, row, col))
    return text + "}"


def _corners(m: re.Match[str], row: int, col: int) -> list[Corner]:
    """One corner for a cell and for a one-cell range (``$F$52:$F$52`` is ``$F$52``, as Gnumeric saves it)."""
    first = _corner(m.group("c1"), m.group("r1"), row, col)
    if m.group("c2") is None:
        return [first]
    last = _corner(m.group("c2"), m.group("r2"), row, col)
    return [first] if last == first else [first, last]


def _corner(c: str, r: str, row: int, col: int) -> Corner:
    if r[0] == "$":
        rn, r_abs = int(r[1:]), True
    else:
        rn, r_abs = int(r) - row, False
    if c[0] == "$":
        return (r_abs, rn, True, column_index_from_string(c[1:]))
    return (r_abs, rn, False, column_index_from_string(c) - col)


def _corner_text(corner: Corner) -> str:
    r_abs, r, c_abs, c = corner
    return (f"R{r}" if r_abs else f"R[{r}]") + (f"C{c}" if c_abs else f"C[{c}]")


def _sheet_name(text: str | None) -> str | None:
    if text and text.startswith("'"):
        return text[1:-1].replace("''", "'")
    return text


def _analyse(formula: str, row: int, col: int) -> Shape:
    text = formula if formula.startswith("=") else "=" + formula
    try:
        tokens = Tokenizer(text).items
    except TokenizerError:  # not a formula openpyxl can read: compare it as written, without spaces
        return Shape(text.replace(" ", "").upper(), (), (), bool(_EXTERNAL.search(text)), ())
    parts: list[str] = []
    constants: list[str] = []
    errors: list[str] = []
    refs: list[RelRef] = []
    functions: list[str] = []
    for token in tokens:
        if token.type == Token.WSPACE:
            continue
        if token.type == Token.FUNC:
            if token.subtype == Token.OPEN:
                functions.append(_function(token.value[:-1]))
                parts.append(functions[-1] + "(")
            else:
                functions = functions[:-1]
                parts.append(")")
        elif token.type == Token.OPERAND:
            parts.append(
                _operand(token, row, col, bool(functions) and functions[-1] in _GUARDS, constants, errors, refs)
            )
        else:
            parts.append(token.value)
    external = any(t.subtype == Token.RANGE and _EXTERNAL.search(t.value) for t in tokens)
    return Shape(" ".join(parts), tuple(constants), tuple(errors), external, tuple(refs))


def _function(name: str) -> str:
    name = name.upper()
    for prefix in _PREFIXES:
        name = name.removeprefix(prefix)
    return _SAME_FUNCTION.get(name, name)


def _operand(
    token: Token, row: int, col: int, guarded: bool, constants: list[str], errors: list[str], refs: list[RelRef]
) -> str:
    """One operand in normal form, noting what it tells about the formula on the way."""
    value: str = token.value
    if token.subtype == Token.NUMBER:
        number = float(value)
        if number not in HARMLESS_CONSTANTS:
            constants.append(value)
        return repr(number)
    if token.subtype == Token.ERROR:
        errors.append(value.upper())
        return value.upper()
    if token.subtype != Token.RANGE:
        return value if token.subtype == Token.TEXT else value.upper()
    found = _REF.fullmatch(value)
    if found is None:  # a defined name, a whole row or column, or an error written into a reference
        errors.extend(e for e in ERRORS if e in value.upper())
        return value.upper()
    sheet = _sheet_name(found.group("sheet"))
    corners = _corners(found, row, col)
    external = bool(sheet and _EXTERNAL.search(sheet + "!"))
    refs.append(RelRef(sheet, external, corners[0], corners[-1], guarded))
    return (sheet or "").upper() + "!" + ":".join(_corner_text(c) for c in corners)


def absolute(ref: RelRef, row: int, col: int) -> ReferencedRange:
    def point(corner: Corner) -> tuple[int, int]:
        r_abs, r, c_abs, c = corner
        return (r if r_abs else row + r, c if c_abs else col + c)

    return ReferencedRange(ref.sheet, point(ref.first), point(ref.last), ref.external)
