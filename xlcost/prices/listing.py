"""The catalog as rows to show: option key, prices, currency, source and as-of date."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import Enum

from xlcost.core.catalog import Catalog
from xlcost.core.catalog.age import age_days, is_stale
from xlcost.core.catalog.rows import Ranged, Row
from xlcost.core.option_kinds import LISTED_KINDS, OPTION_KINDS
from xlcost.prices.diff import META

#: ``prices list --kind``'s choices (typer offers an Enum's values), from the registry.
ListedKind = Enum("ListedKind", {kind: kind for kind in LISTED_KINDS}, type=str)  # type: ignore[misc]  # built from the registry, not a literal


@dataclass(frozen=True)
class Listed:
    key: str
    name: str
    prices: dict[str, float | dict[str, float]]
    currency: str
    as_of: date
    source: str
    age_days: int


def listing(
    catalog: Catalog, kind: str | None = None, *, stale_after_days: int | None = None, today: date | None = None
) -> list[Listed]:
    """Priced rows of the catalog, optionally one kind, optionally only those older than ``stale_after_days``."""
    today = today or date.today()
    rows = []
    for k in LISTED_KINDS if kind is None else (kind,):
        for ident, row in catalog.table(OPTION_KINDS[k]).items():
            if stale_after_days is not None and not is_stale(row.as_of, today, stale_after_days):
                continue
            rows.append(
                Listed(
                    key=f"{k}:{ident}",
                    name=getattr(row, "name", "") or ident,
                    prices=price_fields(row),
                    currency=getattr(row, "currency", ""),
                    as_of=row.as_of,
                    source=row.source,
                    age_days=age_days(row.as_of, today),
                )
            )
    return rows


def price_fields(row: Row) -> dict[str, float | dict[str, float]]:
    """The row's price fields by name: a number, or ``{"low": .., "high": ..}`` for a range."""
    fields: dict[str, float | dict[str, float]] = {}
    for name in type(row).model_fields:
        if name in META or name == "id":
            continue
        value = getattr(row, name)
        if isinstance(value, Ranged):
            fields[name] = {"low": value.low, "high": value.high}
        elif isinstance(value, int | float) and not isinstance(value, bool):
            fields[name] = value
    return fields
