"""Workbook formulas as small expression trees: one tree gives both the Excel text and the value.

A row of the workbook is defined once as an expression over defined names and other cells. The
printer (``excel``) writes the formula text a spreadsheet keeps; the evaluator (``value``) computes
what a spreadsheet shows, which is written into the file as the formula's cached value. The language
is only what the workbook uses (arithmetic, comparisons, IF, AND/OR, INDEX/MATCH, SUM, SUMPRODUCT,
MIN/MAX ...): it is not a spreadsheet engine, and it evaluates each cell once, in writing order.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Context, Decimal
from typing import Protocol

import numpy as np
from openpyxl.utils import get_column_letter, quote_sheetname


@dataclass(frozen=True)
class Err:
    """A spreadsheet error value (#N/A, #DIV/0! ...)."""

    code: str


NA, DIV0, VALUE, REF = Err("#N/A"), Err("#DIV/0!"), Err("#VALUE!"), Err("#REF!")
Scalar = float | int | bool | str | Err | None
Value = Scalar | np.ndarray  # np.ndarray: a 2-D block of cells, or an array computed from blocks


class Env(Protocol):
    """Where a formula sits (sheet, column) and the cells and names it can read."""

    sheet: str
    col: int

    def cell(self, sheet: str, row: int, col: int) -> Scalar: ...

    def block(self, sheet: str, row1: int, col1: int, row2: int, col2: int) -> np.ndarray: ...

    def name(self, name: str) -> Value: ...

    def size(self, name: str) -> tuple[int, int]:
        """Rows and columns of the range a defined name points to."""
        ...


class Expr:
    """A node; Python operators build formulas (``a * b + 1``), methods build comparisons."""

    def excel(self, env: Env) -> str:
        raise NotImplementedError

    def value(self, env: Env) -> Value:
        raise NotImplementedError

    precedence = 9  # atoms; operators override

    def __add__(self, other: object) -> Expr:
        return Op("+", self, lift(other))

    def __radd__(self, other: object) -> Expr:
        return Op("+", lift(other), self)

    def __sub__(self, other: object) -> Expr:
        return Op("-", self, lift(other))

    def __rsub__(self, other: object) -> Expr:
        return Op("-", lift(other), self)

    def __mul__(self, other: object) -> Expr:
        return Op("*", self, lift(other))

    def __rmul__(self, other: object) -> Expr:
        return Op("*", lift(other), self)

    def __truediv__(self, other: object) -> Expr:
        return Op("/", self, lift(other))

    def __rtruediv__(self, other: object) -> Expr:
        return Op("/", lift(other), self)

    def __pow__(self, other: object) -> Expr:
        return Op("^", self, lift(other))

    def __rpow__(self, other: object) -> Expr:
        return Op("^", lift(other), self)

    def gt(self, other: object) -> Expr:
        return Op(">", self, lift(other))

    def ge(self, other: object) -> Expr:
        return Op(">=", self, lift(other))

    def lt(self, other: object) -> Expr:
        return Op("<", self, lift(other))

    def le(self, other: object) -> Expr:
        return Op("<=", self, lift(other))

    def eq(self, other: object) -> Expr:
        return Op("=", self, lift(other))

    def ne(self, other: object) -> Expr:
        return Op("<>", self, lift(other))

    def cat(self, other: object) -> Expr:
        """Text joined (Excel's ``&``)."""
        return Op("&", self, lift(other))


def lift(x: object) -> Expr:
    if isinstance(x, Expr):
        return x
    if isinstance(x, int | float) and not isinstance(x, bool):
        return Num(x)
    raise TypeError(f"not a formula operand: {x!r}")


@dataclass(frozen=True)
class Num(Expr):
    """A number typed in a formula: only structural ones (0, 1, 12, 100) are allowed by the standard."""

    number: float

    def excel(self, env: Env) -> str:
        return f"{self.number:g}" if float(self.number).is_integer() else repr(self.number)

    def value(self, env: Env) -> Value:
        return self.number


@dataclass(frozen=True)
class Text(Expr):
    """Words typed in a formula: labels only (a heading around a live code), never an assumption."""

    text: str

    def excel(self, env: Env) -> str:
        return '"' + self.text.replace('"', '""') + '"'

    def value(self, env: Env) -> Value:
        return self.text


@dataclass(frozen=True)
class Name(Expr):
    """A defined name: an input, an output or a range (``users_per_day``, ``op_key``)."""

    name: str

    def excel(self, env: Env) -> str:
        return self.name

    def value(self, env: Env) -> Value:
        return env.name(self.name)


@dataclass(frozen=True)
class Cell(Expr):
    """One cell. ``col`` None: the column of the formula itself (a timeline row), offset by ``shift``."""

    sheet: str
    row: int
    col: int | None = None
    shift: int = 0

    def _col(self, env: Env) -> int:
        return env.col + self.shift if self.col is None else self.col

    def excel(self, env: Env) -> str:
        prefix = "" if self.sheet == env.sheet else quote_sheetname(self.sheet) + "!"
        letter = get_column_letter(self._col(env))
        return f"{prefix}{letter}{self.row}" if self.col is None else f"{prefix}${letter}${self.row}"

    def value(self, env: Env) -> Value:
        return env.cell(self.sheet, self.row, self._col(env))


@dataclass(frozen=True)
class CellRange(Expr):
    """A rectangle of cells, always absolute (``Calc!$F$20:$AO$20``)."""

    sheet: str
    row1: int
    col1: int
    row2: int
    col2: int

    def excel(self, env: Env) -> str:
        prefix = "" if self.sheet == env.sheet else quote_sheetname(self.sheet) + "!"
        a, b = get_column_letter(self.col1), get_column_letter(self.col2)
        return f"{prefix}${a}${self.row1}:${b}${self.row2}"

    def value(self, env: Env) -> Value:
        return env.block(self.sheet, self.row1, self.col1, self.row2, self.col2)


_PRECEDENCE = {"=": 1, "<>": 1, "<": 1, "<=": 1, ">": 1, ">=": 1, "&": 2, "+": 3, "-": 3, "*": 4, "/": 4, "^": 5}


@dataclass(frozen=True)
class Op(Expr):
    op: str
    left: Expr
    right: Expr

    @property
    def precedence(self) -> int:  # type: ignore[override]  # computed per operator; atoms share the class attribute
        return _PRECEDENCE[self.op]

    def excel(self, env: Env) -> str:
        p = self.precedence
        left = self.left.excel(env)
        right = self.right.excel(env)
        if self.left.precedence < p or (self.op == "^" and self.left.precedence == p):
            left = f"({left})"
        if self.right.precedence < p or (self.right.precedence == p and self.op not in ("+", "*", "&")):
            right = f"({right})"
        return f"{left}{self.op}{right}"

    def value(self, env: Env) -> Value:
        a, b = self.left.value(env), self.right.value(env)
        if isinstance(a, np.ndarray) or isinstance(b, np.ndarray):
            return _array_op(self.op, floats(a), floats(b))
        return _scalar_op(self.op, a, b)


def _scalar_op(op: str, a: Scalar, b: Scalar) -> Scalar:
    if op in ("=", "<>", "<", "<=", ">", ">="):
        return _compare(op, a, b)
    if op == "&":
        return a if isinstance(a, Err) else b if isinstance(b, Err) else _as_text(a) + _as_text(b)
    x, y = number(a), number(b)
    if isinstance(x, Err):
        return x
    if isinstance(y, Err):
        return y
    if op == "+":
        return x + y
    if op == "-":
        return x - y
    if op == "*":
        return x * y
    if op == "/":
        return DIV0 if y == 0 else x / y
    try:
        result = math.pow(x, y)
    except (ValueError, OverflowError, ZeroDivisionError):
        return Err("#NUM!")
    return result


def _as_text(v: Scalar) -> str:
    """A value as ``&`` joins it: TRUE/FALSE, a number in General format, blank as nothing."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


TEXT_DIGITS = 310  # digits before the point of the largest double (1.8e308)


def _text(env: Env, args: tuple[Expr, ...]) -> Value:
    """TEXT(number, format) for the formats the workbook uses: ``#,##0`` with optional decimals."""
    n, fmt = number(args[0].value(env)), str(args[1].value(env))
    if isinstance(n, Err):
        return n
    decimals = len(fmt.split(".", 1)[1]) if "." in fmt else 0
    exact = Context(prec=TEXT_DIGITS + decimals)  # 1e30 is shown in full, as Excel shows it, not refused
    step = Decimal(1).scaleb(-decimals)
    rounded = Decimal(repr(n)).quantize(step, rounding=ROUND_HALF_UP, context=exact)  # as Excel rounds
    return f"{rounded:{',' if ',' in fmt else ''}.{decimals}f}"


def _count(env: Env, args: tuple[Expr, ...]) -> Value:
    """COUNT: the numbers among the arguments (text, blanks and TRUE/FALSE in ranges are not counted)."""
    found = 0
    for arg in args:
        v = arg.value(env)
        items = v.ravel().tolist() if isinstance(v, np.ndarray) else [v]
        found += sum(isinstance(x, int | float) and not isinstance(x, bool) and not math.isnan(x) for x in items)
    return float(found)


def _compare(op: str, a: Scalar, b: Scalar) -> Scalar:
    if isinstance(a, Err):
        return a
    if isinstance(b, Err):
        return b
    ka, kb = _order(a), _order(b)
    return {"=": ka == kb, "<>": ka != kb, "<": ka < kb, "<=": ka <= kb, ">": ka > kb, ">=": ka >= kb}[op]


def _order(v: float | str | None) -> tuple[int, float, str]:
    """Sort key of a compared value: numbers (blank is 0) before text, text case-insensitive."""
    if isinstance(v, str):
        return (1, 0.0, v.lower())
    return (0, float(v or 0), "")


def _array_op(op: str, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    result: np.ndarray  # numpy types arithmetic on an unparameterised array as Any
    with np.errstate(divide="ignore", invalid="ignore"):
        match op:
            case "+":
                result = a + b
            case "-":
                result = a - b
            case "*":
                result = a * b
            case "/":
                result = np.where(b == 0, np.nan, a / np.where(b == 0, 1, b))
            case "^":
                result = np.power(a, b)
            case ">":
                result = (a > b).astype(float)
            case ">=":
                result = (a >= b).astype(float)
            case "<":
                result = (a < b).astype(float)
            case "<=":
                result = (a <= b).astype(float)
            case "=":
                result = (a == b).astype(float)
            case _:
                result = (a != b).astype(float)
    return result


def number(v: Value) -> float | Err:
    """A cell as a number in arithmetic: blank is 0, TRUE is 1, text is #VALUE!; a one-cell array is its cell."""
    if isinstance(v, np.ndarray):
        return number(v.item()) if v.size == 1 else VALUE
    if v is None:
        return 0.0
    if isinstance(v, Err):
        return v
    if isinstance(v, str):
        return VALUE
    return float(v)


def floats(v: Value) -> np.ndarray:
    """A block or scalar as floats for array arithmetic; text and errors become NaN (never summed)."""
    if isinstance(v, np.ndarray) and v.dtype == float:
        return v
    if isinstance(v, np.ndarray):
        return np.array([[_float_or_nan(x) for x in row] for row in np.atleast_2d(v)], dtype=float)
    return np.array(_float_or_nan(v), dtype=float)


def _float_or_nan(x: Value) -> float:
    n = number(x)
    return math.nan if isinstance(n, Err) else n


def truth(v: Value) -> bool | Err:
    n = number(v)
    return n if isinstance(n, Err) else n != 0


@dataclass(frozen=True)
class Call(Expr):
    """A spreadsheet function; its evaluator is looked up by name in FUNCTIONS."""

    fn: str
    args: tuple[Expr, ...]

    def excel(self, env: Env) -> str:
        portable = self._portable(env)
        if portable is not None:
            return portable.excel(env)
        return f"{self.fn}({','.join(a.excel(env) for a in self.args)})"

    def value(self, env: Env) -> Value:
        portable = self._portable(env)
        return FUNCTIONS[self.fn](env, self.args) if portable is None else portable.value(env)

    def _portable(self, env: Env) -> Expr | None:
        """INDEX over one cell, spelled without INDEX (Gnumeric reads a one-cell range as a value: #REF!)."""
        cell = one_cell(self.args[0], env) if self.fn == "INDEX" else None
        if cell is None:
            return None
        tests = [position.eq(1) for position in self.args[1:] if position != Num(1)]
        if not tests:
            return cell
        return Call("IF", (tests[0] if len(tests) == 1 else Call("AND", tuple(tests)), cell, Call("NA", ())))


def one_cell(reference: Expr, env: Env) -> Expr | None:
    """The one cell a range or name stands for, None when it holds more (a timeline of one month, one option)."""
    if isinstance(reference, CellRange) and (reference.row1, reference.col1) == (reference.row2, reference.col2):
        return Cell(reference.sheet, reference.row1, reference.col1)
    if isinstance(reference, Name) and env.size(reference.name) == (1, 1):
        return reference
    return None


def call(fn: str, *args: object) -> Expr:
    if fn not in FUNCTIONS:
        raise ValueError(f"function {fn} is not in the workbook's formula language")
    return Call(fn, tuple(lift(a) for a in args))


def join_words(prefix: str, *parts: Expr | str) -> Expr:
    """Text joined with ``&``; a ``str`` part names a words cell (``prefix + part``), as no text is typed in a formula."""
    exprs = [Name(f"{prefix}{p}") if isinstance(p, str) else p for p in parts]
    joined = exprs[0]
    for part in exprs[1:]:
        joined = joined.cat(part)
    return joined


def _if(env: Env, args: tuple[Expr, ...]) -> Value:
    test = truth(args[0].value(env))
    if isinstance(test, Err):
        return test
    return args[1].value(env) if test else args[2].value(env)


def _logic(combine: Callable[[list[bool]], bool]) -> Callable[[Env, tuple[Expr, ...]], Value]:
    def evaluate(env: Env, args: tuple[Expr, ...]) -> Value:
        tests = [truth(a.value(env)) for a in args]
        errors = [t for t in tests if isinstance(t, Err)]
        return errors[0] if errors else combine([t for t in tests if not isinstance(t, Err)])

    return evaluate


def _numbers(env: Env, args: tuple[Expr, ...]) -> list[float] | Err:
    """Numbers among the arguments: in a reference (a cell, a range, a name) text and blanks are skipped, as
    spreadsheets do even when it is one cell; text typed or computed is #VALUE!; an error is returned."""
    out: list[float] = []
    for arg in args:
        v = arg.value(env)
        items = v.ravel().tolist() if isinstance(v, np.ndarray) else [v]
        by_reference = isinstance(arg, Name | Cell | CellRange)
        for item in items:
            if isinstance(item, Err):
                return item
            if isinstance(item, float) and math.isnan(item):
                return VALUE
            if isinstance(item, bool | int | float):
                out.append(float(item))
            elif not (by_reference or isinstance(v, np.ndarray)):
                n = number(item)
                if isinstance(n, Err):
                    return n
                out.append(n)
    return out


def _aggregate(fold: Callable[[list[float]], float | Err]) -> Callable[[Env, tuple[Expr, ...]], Value]:
    def evaluate(env: Env, args: tuple[Expr, ...]) -> Value:
        values = _numbers(env, args)
        return values if isinstance(values, Err) else fold(values)

    return evaluate


def _index(env: Env, args: tuple[Expr, ...]) -> Value:
    block = args[0].value(env)
    r, c = (number(a.value(env)) for a in args[1:3])
    if isinstance(r, Err) or isinstance(c, Err):
        return r if isinstance(r, Err) else c
    rows, cols = np.atleast_2d(np.asanyarray(block)).shape
    if not (1 <= r <= rows and 1 <= c <= cols):
        return REF
    found = np.atleast_2d(np.asanyarray(block))[int(r) - 1, int(c) - 1]
    item: Value = found.item() if isinstance(found, np.generic) else found
    return item


def _match(env: Env, args: tuple[Expr, ...]) -> Value:
    wanted = args[0].value(env)
    if isinstance(wanted, Err):
        return wanted
    for position, item in enumerate(np.asarray(args[1].value(env)).ravel().tolist(), start=1):
        if item is not None and _compare("=", wanted, item) is True:  # type: ignore[arg-type]  # MATCH looks up one value, not a block
            return float(position)
    return NA


def _sumproduct(env: Env, args: tuple[Expr, ...]) -> Value:
    arrays = [floats(a.value(env)) for a in args]
    product = np.prod(np.broadcast_arrays(*arrays), axis=0)
    return float(np.nansum(product))


def _rank(env: Env, args: tuple[Expr, ...]) -> Value:
    x = number(args[0].value(env))
    values = _numbers(env, args[1:2])
    if isinstance(x, Err):
        return x
    if isinstance(values, Err):
        return values
    return float(1 + sum(v < x for v in values)) if x in values else NA


def _is(test: Callable[[Value], bool]) -> Callable[[Env, tuple[Expr, ...]], Value]:
    return lambda env, args: test(args[0].value(env))


def _search(env: Env, args: tuple[Expr, ...]) -> Value:
    """SEARCH(find, within): 1-based place of the text, ignoring case; #VALUE! when absent (no wildcards used)."""
    wanted, within = (a.value(env) for a in args[:2])
    if isinstance(wanted, Err):
        return wanted
    if isinstance(within, Err):
        return within
    if isinstance(wanted, np.ndarray) or isinstance(within, np.ndarray):
        return VALUE  # SEARCH looks for one text in one text, not in a block
    place = _as_text(within).lower().find(_as_text(wanted).lower())
    return VALUE if place < 0 else float(place + 1)


def _iferror(env: Env, args: tuple[Expr, ...]) -> Value:
    v = args[0].value(env)
    return args[1].value(env) if isinstance(v, Err) else v


def _unary(fn: Callable[[float], float]) -> Callable[[Env, tuple[Expr, ...]], Value]:
    def evaluate(env: Env, args: tuple[Expr, ...]) -> Value:
        n = number(args[0].value(env))
        return n if isinstance(n, Err) else float(fn(n))

    return evaluate


def _roundup(env: Env, args: tuple[Expr, ...]) -> Value:
    """ROUNDUP(number, digits): away from zero to ``digits`` decimals."""
    n, digits = (number(a.value(env)) for a in args[:2])
    if isinstance(n, Err) or isinstance(digits, Err):
        return n if isinstance(n, Err) else digits
    scale = math.pow(10.0, int(digits))
    return math.copysign(math.ceil(abs(n) * scale) / scale, n)


FUNCTIONS: dict[str, Callable[[Env, tuple[Expr, ...]], Value]] = {
    "IF": _if,
    "AND": _logic(all),
    "OR": _logic(any),
    "NOT": _logic(lambda tests: not tests[0]),
    "ISBLANK": _is(lambda v: v is None),
    "ISNA": _is(lambda v: v == NA),
    "ISNUMBER": _is(lambda v: isinstance(v, int | float) and not isinstance(v, bool)),
    "SEARCH": _search,
    "IFERROR": _iferror,
    "INDEX": _index,
    "MATCH": _match,
    "SUM": _aggregate(math.fsum),
    "MAX": _aggregate(lambda xs: max(xs, default=0.0)),
    "MIN": _aggregate(lambda xs: min(xs, default=0.0)),
    "AVERAGE": _aggregate(lambda xs: math.fsum(xs) / len(xs) if xs else DIV0),
    "ABS": _unary(abs),
    "INT": _unary(math.floor),
    "ROUNDUP": _roundup,
    "COLUMNS": lambda env, args: float(np.atleast_2d(np.asanyarray(args[0].value(env))).shape[1]),
    "SUMPRODUCT": _sumproduct,
    "RANK": _rank,
    "COUNT": _count,
    "TEXT": _text,
    "TRUE": lambda env, args: True,
    "NA": lambda env, args: NA,
}


@dataclass(frozen=True)
class LastWhere(Expr):
    """The entry of ``values`` at the last place ``flags`` is non-zero, #N/A if none.

    Written LOOKUP(100,1/(flags),values): 1/0 errors are skipped and 100 is above every 1/flag, so the
    last match wins. The idiom needs no array entry in Excel, LibreOffice or Gnumeric (MAX inside
    SUMPRODUCT does not work in Gnumeric). Over one cell it is IF(flag, value, NA()): Gnumeric reads a
    one-cell range as a value, and LOOKUP over a value is #N/A there.
    """

    flags: Expr
    values: CellRange

    def _one(self, env: Env) -> Expr | None:
        cell = one_cell(self.values, env)
        return None if cell is None else Call("IF", (self.flags, cell, Call("NA", ())))

    def excel(self, env: Env) -> str:
        one = self._one(env)
        if one is not None:
            return one.excel(env)
        return f"LOOKUP(100,1/({self.flags.excel(env)}),{self.values.excel(env)})"

    def value(self, env: Env) -> Value:
        one = self._one(env)
        if one is not None:
            return one.value(env)
        flags = floats(self.flags.value(env)).ravel()
        values = np.asarray(self.values.value(env)).ravel()
        hits = np.flatnonzero(flags != 0)
        return NA if hits.size == 0 else number(values[hits[-1]])
