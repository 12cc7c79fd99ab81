"""An option given as a worksheet range: a header row plus one price row, or two columns of key and value.

The row is validated by the catalog's own row model and priced as if it were in the catalog,
so an auditor sees every number the function used, next to the formula.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from xlcost.core.catalog import FILES, Catalog
from xlcost.core.catalog.loader import columns_for, row_from_cells
from xlcost.core.option_kinds import KIND, OPTION_KINDS
from xlcost.errors import XlcostError
from xlcost.excel.args import ArgError, rows, scalar
from xlcost.excel.setting import Prices

#: every column a price sheet may carry, to tell a header row from a key/value column
_KNOWN_COLUMNS = frozenset(c for file in set(OPTION_KINDS.values()) for c in columns_for(FILES[file]))
_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DEFAULTS = {"id": "range", "source": "worksheet range"}


def option_source(value: Any) -> Any:
    """The option argument in a hashable form (a key, or the range as a tuple of rows) to cache on."""
    single = scalar(value)
    if isinstance(single, list | tuple):
        return tuple(tuple(_hashable(c) for c in r) if isinstance(r, list | tuple) else (_hashable(r),) for r in value)
    return single


def option_of(value: Any, name: str, prices: Prices) -> tuple[str, Catalog]:
    """The option key and the catalog that prices it: the setting's catalog for a key, a copy with the row for a range."""
    single = scalar(value)
    if isinstance(single, str):
        return single, prices.catalog
    if single is None:
        raise ArgError(f"{name} is required: a key such as api:deepseek-v3, or a price range")
    if not isinstance(single, list | tuple):
        raise ArgError(f"{name} must be a key such as api:deepseek-v3 or a price range (got {single!r})")
    grid = rows(value, name)
    try:
        return _from_cells(tuple(tuple(_hashable(c) for c in r) for r in grid), prices)
    except XlcostError as exc:
        raise type(exc)(f"{name} {exc}") from None


@lru_cache(maxsize=256)
def _from_cells(grid: tuple[tuple[Any, ...], ...], prices: Prices) -> tuple[str, Catalog]:
    cells = _as_mapping(grid)
    kind = str(cells.get("kind") or "").strip().lower()
    if kind not in OPTION_KINDS:
        raise ArgError(f"range: 'kind' must be one of {', '.join(OPTION_KINDS)} (got {kind or 'nothing'!r})")
    file = OPTION_KINDS[kind]
    texts = {name: _text(name, v) for name, v in cells.items()}
    texts["kind"] = KIND[kind].row_kind
    for name, default in _DEFAULTS.items():
        texts[name] = texts.get(name) or default
    texts["as_of"] = texts.get("as_of") or dt.date.today().isoformat()
    row = row_from_cells(FILES[file], texts, where="range")
    base = prices.catalog
    tables = dict(base.tables)
    tables[file] = {**tables[file], row.id: row}
    return f"{kind}:{row.id}", Catalog(tables=tables, directory=base.directory)


def _as_mapping(grid: tuple[tuple[Any, ...], ...]) -> dict[str, Any]:
    """Header row + one price row, or a key/value column pair; unknown names are rejected by name."""
    header = [str(c or "").strip().lower() for c in grid[0]]
    if len(grid) == 2 and header and all(h in _KNOWN_COLUMNS for h in header if h):
        return {h: v for h, v in zip(header, grid[1], strict=True) if h}
    if len(grid[0]) == 2:
        pairs = {str(k or "").strip().lower(): v for k, v in grid if str(k or "").strip()}
        unknown = [k for k in pairs if k not in _KNOWN_COLUMNS]
        if unknown:
            raise ArgError(f"range: unknown field(s) {', '.join(unknown)}")
        return pairs
    if len(grid) == 2:
        unknown = [h for h in header if h and h not in _KNOWN_COLUMNS]
        raise ArgError(f"range: unknown column(s) {', '.join(unknown)}")
    raise ArgError(
        f"must be a header row plus one price row, or two columns of field and value "
        f"(got {len(grid)} rows x {len(grid[0])} columns)"
    )


def _text(name: str, value: Any) -> str | None:
    """Cell values as the CSV text the row models read; Excel date serials in as_of become dates."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, int | float):
        if name == "as_of":
            return (_EXCEL_EPOCH + dt.timedelta(days=int(value))).isoformat()
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return str(value)


def _hashable(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | dt.date | type(None)) else str(value)
