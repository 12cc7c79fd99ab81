"""Which catalog the Excel functions price from, and the currency of a blank ``currency`` argument.

Both are set where the functions run (a cell must not choose a path on an xlwings Server):
``XLCOST_CATALOG`` names a catalog directory, as ``xlcost prices init DIR`` or ``xlcost prices refresh
-o DIR`` write one, or a built-in catalog (``international``; unset: the seed catalog); ``XLCOST_CURRENCY`` a three-letter code (unset: CNY).
A call looks at them at most once a second (a clock reading otherwise: a per-request =TCO has a few
microseconds to spend), and the directory is read again only when one of its files changed name, size
or modification time, so a refreshed catalog reaches the cells at the next recalculation.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from pathlib import Path

from xlcost.core.catalog import Catalog, builtin_names, load_catalog
from xlcost.core.catalog.builtin import catalog_path
from xlcost.core.catalog.rows import currency_code
from xlcost.core.scenario import DEFAULT_CURRENCY
from xlcost.errors import CatalogError

CATALOG_VARIABLE = "XLCOST_CATALOG"
CURRENCY_VARIABLE = "XLCOST_CURRENCY"
RECHECK_SECONDS = 1.0


@dataclass(frozen=True, eq=False)
class Prices:
    """One reading of the settings. Hashed by identity: caches keyed on it start afresh when the catalog changes."""

    catalog: Catalog
    currency: str  # what a blank currency argument means


#: the catalog directory (or None: the embedded one), the currency, and each CSV file's name, size and mtime
_Signature = tuple[str | None, str] | tuple[str, str, tuple[tuple[str, int, int], ...]]


class _Reading:
    """The last reading and when to look again (module state: one Excel process, one setting)."""

    prices: Prices | None = None
    signature: _Signature | None = None
    next_check: float = 0.0


def current() -> Prices:
    """The catalog and default currency in force; a setting that cannot be used raises CatalogError naming it."""
    now = time.monotonic()
    if _Reading.prices is not None and now < _Reading.next_check:
        return _Reading.prices
    signature = _signature()
    if _Reading.prices is None or signature != _Reading.signature:
        folder, code = signature[0], signature[1]
        try:
            catalog = load_catalog(folder)
        except CatalogError as exc:
            raise CatalogError(f"{CATALOG_VARIABLE}: {exc}") from None
        _Reading.prices, _Reading.signature = Prices(catalog, _currency(code)), signature
    _Reading.next_check = now + RECHECK_SECONDS
    return _Reading.prices


def _signature() -> _Signature:
    """The settings and, for a directory, each CSV file's name, size and modification time."""
    folder = os.environ.get(CATALOG_VARIABLE, "").strip() or None
    code = os.environ.get(CURRENCY_VARIABLE, "").strip() or DEFAULT_CURRENCY
    if folder is None:
        return None, code
    try:
        files = tuple(
            sorted(
                (entry.name, entry.stat().st_size, entry.stat().st_mtime_ns)
                for entry in os.scandir(catalog_path(folder))
                if entry.name.endswith(".csv")
            )
        )
    except (OSError, CatalogError):
        raise CatalogError(
            f"{CATALOG_VARIABLE}: catalog directory not found: {Path(folder).name} "
            "(name a directory written by 'xlcost prices init DIR' or 'xlcost prices refresh -o DIR', "
            f"or a built-in catalog: {', '.join(builtin_names())})"
        ) from None
    return folder, code, files


def _currency(code: str) -> str:
    try:
        return currency_code(code)
    except ValueError as exc:
        raise CatalogError(f"{CURRENCY_VARIABLE} {exc} (got {code[:12]!r})") from None
