"""Excel's argument conventions: blanks mean the default, 1x1 ranges are scalars, columns are arrays.

Every check raises ``ArgError`` with a message that names the argument, so a cell shows
``TCO: months must be 1 or more (got -3)`` instead of a traceback.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any

import numpy as np
from pydantic import ValidationError

from xlcost.core.capacity.serving import PRECISIONS, Precision
from xlcost.core.catalog import CASES, Case
from xlcost.core.catalog.rows import currency_code
from xlcost.errors import XlcostError, describe_validation_error
from xlcost.excel import setting
from xlcost.limits import MAX_COUNT, MAX_RANGE_CELLS, check_count

NA = "#N/A"  # xlwings Lite / Server turn this text into Excel's #N/A error
DIV0 = "#DIV/0!"
_PLAIN_NUMBERS = (int, float)  # exact types: bool is an int to Python but not a count to Excel
_FAST_CELLS = {int, float, type(None)}
ANSWERS_REMEMBERED = 16_384  # distinct single-value calls kept per function (a few MB at most)


class ArgError(XlcostError):
    """An Excel argument that cannot be used as given."""


def scalar(value: Any) -> Any:
    """A 1x1 range (``[[x]]``) or one-item list is its single value; blanks are None."""
    while isinstance(value, list | tuple) and len(value) == 1:
        value = value[0]
    return None if value == "" else value


def number(
    value: Any, name: str, default: float, *, minimum: float = 0.0, maximum: float = MAX_COUNT, whole: bool = False
) -> float:
    """One number: blank gives the default; numeric text is accepted, as Excel does for typed arguments."""
    if type(value) not in _PLAIN_NUMBERS:  # a plain number (the usual cell) needs no unwrapping
        value = scalar(value)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, int | float):
            value = _from_text(value, name)
    found = float(value)
    if not math.isfinite(found):
        raise ArgError(f"{name} must be a finite number (got {found})")
    if found < minimum:
        raise ArgError(f"{name} must be {minimum:g} or more (got {found:g})")
    if found > maximum:
        raise ArgError(f"{name} must be at most {maximum:g} (got {found:g})")
    if whole and not found.is_integer():
        raise ArgError(f"{name} must be a whole number (got {found:g})")
    return found


def numbers(
    value: Any, name: str, default: float, *, minimum: float = 0.0, maximum: float = MAX_COUNT, whole: bool = False
) -> float | np.ndarray:
    """A number or, for a multi-cell range, a 2-D array of numbers (blank cells take the default).

    A clean numeric range is converted in one numpy call; anything else is checked cell by cell
    so the message names the offending row.
    """
    if not isinstance(value, list | tuple):
        return number(value, name, default, minimum=minimum, maximum=maximum, whole=whole)
    widest = max((len(r) if isinstance(r, list | tuple) else 1 for r in value), default=0)
    check_count(len(value) * widest, MAX_RANGE_CELLS, "cells", name)
    fast = _numeric_grid(value, default)
    if fast is not None and fast.size > 1 and _valid(fast, minimum, maximum, whole):
        return fast
    grid = rows(value, name)
    if len(grid) * len(grid[0]) == 1:
        return number(value, name, default, minimum=minimum, maximum=maximum, whole=whole)
    out = np.empty((len(grid), len(grid[0])))
    for i, row in enumerate(grid):
        for j, cell in enumerate(row):
            out[i, j] = number(
                cell, _cell_name(name, grid, i, j), default, minimum=minimum, maximum=maximum, whole=whole
            )
    return out


def _numeric_grid(value: list[Any] | tuple[Any, ...], default: float) -> np.ndarray | None:
    """The range as a 2-D float array when every cell is a number or blank; None otherwise.

    Text cells (even "nan" or "inf", which numpy would parse) and TRUE/FALSE go cell by cell, so a
    range refuses exactly what one cell refuses and only a blank takes the default.
    """
    try:
        kinds = {type(c) for r in value for c in r}
        if not kinds <= _FAST_CELLS:
            return None
        blank = np.array([[c is None for c in r] for r in value], dtype=bool)
        grid = np.array(value, dtype=float)
    except (ValueError, TypeError):  # a ragged range or a flat list: checked cell by cell, and named
        return None
    if grid.ndim != 2 or blank.shape != grid.shape:
        return None
    grid[blank] = default
    return grid


def _valid(grid: np.ndarray, minimum: float, maximum: float, whole: bool) -> bool:
    in_range = (grid >= minimum).all() and (grid <= maximum).all()
    return bool(np.isfinite(grid).all() and in_range and (not whole or (grid == np.round(grid)).all()))


def flag(value: Any, name: str, default: bool = False) -> bool:
    """TRUE/FALSE, 1/0 or the text TRUE/FALSE; blank gives the default."""
    value = scalar(value)
    if value is None:
        return default
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().upper() in ("TRUE", "FALSE"):
        return value.strip().upper() == "TRUE"
    raise ArgError(f"{name} must be TRUE or FALSE (got {_shown(value)})")


def text(value: Any, name: str, default: str | None = None) -> str:
    value = scalar(value)
    if value is None:
        if default is None:
            raise ArgError(f"{name} is required")
        return default
    if not isinstance(value, str):
        raise ArgError(f"{name} must be text (got {_shown(value)})")
    return value.strip()


def serving(model: Any, precision: Any) -> tuple[str | None, Precision | None]:
    """The model the capacity engine sizes for (blank: size from throughput.csv, as the seed does) and its precision."""
    chosen = scalar(model)
    model_id = text(chosen, "model").lower() if chosen is not None else None
    if scalar(precision) is None:
        return model_id, None
    if model_id is None:
        raise ArgError("precision needs a model (the capacity engine sizes a model at a precision)")
    picked = text(precision, "precision").lower()
    if picked not in PRECISIONS:
        raise ArgError(f"precision must be one of {', '.join(PRECISIONS)} (got {picked!r})")
    return model_id, picked


def currency(value: Any, prices: setting.Prices) -> str:
    """A three-letter currency the catalog has a rate for; blank: the XLCOST_CURRENCY setting (CNY unset)."""
    chosen = scalar(value)
    if chosen is None:
        code = prices.currency
    else:
        try:
            code = currency_code(text(chosen, "currency"))
        except ValueError as exc:
            raise ArgError(f"currency {exc} (got {_shown(chosen)})") from None
    if code not in prices.catalog.currencies:
        raise ArgError(
            f"currency {code} has no exchange rate in the catalog (it has {', '.join(prices.catalog.currencies)}): "
            f"add a row for {code} to fx.csv (rate_to_cny: yuan per {code}, with source and as_of) in a catalog "
            f"directory ('xlcost prices init DIR' writes one) and name that directory in {setting.CATALOG_VARIABLE}"
        )
    return code


def case(value: Any, name: str = "price_case") -> Case:
    chosen = text(value, name, "mid").lower()
    if chosen not in CASES:
        raise ArgError(f"{name} must be one of {', '.join(CASES)} (got {chosen!r})")
    return chosen


def rows(value: Any, name: str) -> list[list[Any]]:
    """A range as a non-empty rectangular list of rows (a flat list is one column)."""
    if not isinstance(value, list | tuple) or not value:
        raise ArgError(f"{name} is an empty range")
    grid = [list(r) if isinstance(r, list | tuple) else [r] for r in value]
    widths = {len(r) for r in grid}
    if len(widths) != 1 or 0 in widths:
        raise ArgError(f"{name} is a ragged range (rows of {', '.join(str(w) for w in sorted(widths))} cells)")
    return grid


def excel_function(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Never raise into Excel: known failures become ``NAME: message``, anything else a one-line note.

    Excel recalculates the same call again and again, so answers are remembered, as ``remembered`` does:
    a warm call costs a dictionary lookup. They are remembered per reading of the catalog setting
    (``setting.current``), so an edited catalog is never answered from memory.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        def answer(*args: Any) -> Any:
            try:
                return func(*args)
            except XlcostError as exc:
                return f"{name}: {_first_line(str(exc))}"
            except ValidationError as exc:
                return f"{name}: {_first_line(describe_validation_error(exc, where='input'))}"
            except Exception as exc:
                return f"{name}: unexpected error ({type(exc).__name__}: {_first_line(str(exc))})"

        @functools.lru_cache(maxsize=ANSWERS_REMEMBERED, typed=True)  # typed: TRUE, 1 and 1.0 are not one answer
        def by_value(prices: setting.Prices, *args: Any) -> Any:
            return answer(*args)

        @functools.wraps(func)
        def guarded(*args: Any) -> Any:
            try:
                prices = setting.current()
            except XlcostError as exc:
                return f"{name}: {_first_line(str(exc))}"
            try:
                return _own(by_value(prices, *args))
            except TypeError:  # a range among them (answer() catches everything else): 1x1 ranges are values
                key = _answer_key(args)
                return answer(*args) if key is None else _own(by_value(prices, *key[1]))

        return guarded

    return decorate


def remembered(maxsize: int) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Remember answers to calls whose arguments are single values or 1x1 ranges; multi-cell ranges run each time.

    Errors are raised again on every call, never remembered.
    """

    def decorate(func: Callable[..., Any]) -> Callable[..., Any]:
        @functools.lru_cache(maxsize=maxsize)
        def by_key(key: tuple[tuple[type, ...], tuple[Any, ...]]) -> Any:
            return func(*key[1])

        @functools.wraps(func)
        def wrapper(*args: Any) -> Any:
            key = _answer_key(args)
            if key is None:
                return func(*args)
            return _own(by_key(key))

        return wrapper

    return decorate


def _own(answer: Any) -> Any:
    """A remembered spilled table is copied: the caller gets its own rows to convert or change."""
    if isinstance(answer, list):
        return [row[:] if isinstance(row, list) else row for row in answer]
    return answer


def _answer_key(args: tuple[Any, ...]) -> tuple[tuple[type, ...], tuple[Any, ...]] | None:
    """The arguments as a cache key when each is one value or a 1x1 range; None for a multi-cell range.

    The types are part of the key: TRUE, 1 and 1.0 are equal in Python but not to these functions.
    """
    types = tuple(map(type, args))
    if list in types or tuple in types:
        args = tuple(map(scalar, args))
        types = tuple(map(type, args))
        if list in types or tuple in types:
            return None
    return types, args


def _from_text(value: Any, name: str) -> float:
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").strip())
        except ValueError:
            pass
    raise ArgError(f"{name} must be a number (got {_shown(value)})")


def _shown(value: Any) -> str:
    """The offending value, cut short: a whole range in a message helps nobody."""
    if isinstance(value, list | tuple):
        return "a range of cells"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _cell_name(name: str, grid: list[list[Any]], i: int, j: int) -> str:
    if len(grid[0]) == 1:
        return f"{name} row {i + 1}"
    if len(grid) == 1:
        return f"{name} column {j + 1}"
    return f"{name} row {i + 1} column {j + 1}"


def _first_line(message: str) -> str:
    return message.strip().splitlines()[0] if message.strip() else "failed"
