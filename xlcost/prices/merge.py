"""Put quotes into a catalog: settle ids and collisions, convert currency, keep untouched rows.

Id rule for API rows: the model name without provider prefix, slugged. When entries of the file
share an id, or an id is already a row of another vendor, one keeps the plain id (the entry of
the existing row's vendor, else the one listed without provider prefix) and the others get
``<id>-<provider>``; each rename is reported. Same-provider entries with the same id and the
same prices are one row; with different prices they are rejected, since which is right is unknown.

GPU rentals: ``on_demand_hourly`` is the median per-GPU price (host VM included) over every offer read (all
instances and regions; ``--region`` narrows it); ``reserved_monthly`` of an existing row is kept.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TypeVar

from pydantic import ValidationError

from xlcost.core.catalog import Catalog
from xlcost.core.catalog.rows import ApiPrice, FxRate, GpuRental, Row
from xlcost.errors import describe_validation_error
from xlcost.prices.common import ImportReport, same_vendor, slug
from xlcost.prices.quotes import ApiQuote, GpuQuote

Q = TypeVar("Q", ApiQuote, GpuQuote)
RowT = TypeVar("RowT", bound=Row)


@dataclass(frozen=True)
class Fx:
    """The conversion applied to imported USD prices, and how ``source`` states it."""

    currency: str
    rate: float
    text: str

    @classmethod
    def from_usd(cls, catalog: Catalog, currency: str) -> Fx:
        rate = catalog.fx_rate("USD", currency)
        if currency == "USD":
            return cls(currency, 1.0, "USD, not converted")
        rows = {r.currency: r for r in catalog.table("fx.csv").values() if isinstance(r, FxRate)}
        dated = ", ".join(f"{c} {rows[c].as_of.isoformat()}" for c in ("USD", currency) if c in rows and c != "CNY")
        return cls(currency, rate, f"USD→{currency} at {rate:.6g} (fx.csv, {dated})")


def _grouped(items: list[Q], key: Callable[[Q], str]) -> dict[str, list[Q]]:
    groups: dict[str, list[Q]] = defaultdict(list)
    for item in items:
        groups[key(item)].append(item)
    return groups


def _stored(value: float) -> float:
    """A converted price as the CSV stores it (10 significant digits), so a dry run shows what --write writes."""
    return float(f"{value:.10g}")


def with_table(catalog: Catalog, file: str, table: Mapping[str, Row]) -> Catalog:
    tables = dict(catalog.tables)
    tables[file] = dict(table)
    return Catalog(tables=tables, directory=catalog.directory)


def merge_api(catalog: Catalog, quotes: list[ApiQuote], fx: Fx, report: ImportReport) -> dict[str, ApiPrice]:
    table = dict(catalog.rows("api.csv", ApiPrice))
    for base, group in _grouped(quotes, lambda q: q.base_id).items():
        chosen = _one_per_provider(base, group, report)
        owner = _owner(table.get(base), chosen)
        for quote in chosen:
            ident = base if quote is owner else slug(f"{base}-{quote.provider}")
            if ident != base:
                taken = table.get(base)
                why = f"'{base}' is {'the ' + taken.vendor + ' row' if taken else 'shared by several providers'}"
                report.renamed.append((quote.key, ident, why))
            existing = table.get(ident)
            if existing is not None and not _same_vendor(existing, quote):
                report.reject(quote.key, f"id '{ident}' is already the {existing.vendor or 'unnamed vendor'} row")
                continue
            row = _api_row(ident, quote, existing, fx, report)
            if row is not None:
                table[ident] = row
                report.accepted += 1
    return table


def _one_per_provider(base: str, group: list[ApiQuote], report: ImportReport) -> list[ApiQuote]:
    by_provider = _grouped(group, lambda q: q.provider.lower())
    chosen = []
    for same in by_provider.values():
        if len({q.prices for q in same}) > 1:
            keys = ", ".join(q.key for q in same)
            for quote in same:
                report.reject(
                    quote.key,
                    f"{len(same)} entries of {quote.provider} map to id '{base}' with different prices ({keys})",
                )
            continue
        chosen.append(min(same, key=lambda q: (not q.canonical, len(q.key), q.key)))
        if len(same) > 1:
            report.skipped["same model and price listed again"] += len(same) - 1
    return chosen


def _owner(existing: ApiPrice | None, chosen: list[ApiQuote]) -> ApiQuote | None:
    """Which quote keeps the plain id."""
    if existing is not None:
        return next((q for q in chosen if _same_vendor(existing, q)), None)
    if len(chosen) == 1:
        return chosen[0]
    canonical = [q for q in chosen if q.canonical]
    return canonical[0] if len(canonical) == 1 else None


def _same_vendor(row: Row, quote: ApiQuote) -> bool:
    vendor = getattr(row, "vendor", "")
    return same_vendor(vendor, quote.vendor) or same_vendor(vendor, quote.provider)


def _api_row(ident: str, quote: ApiQuote, existing: ApiPrice | None, fx: Fx, report: ImportReport) -> ApiPrice | None:
    data = {
        "id": ident,
        "kind": "api",
        "name": existing.name if existing is not None else quote.name,
        "vendor": existing.vendor if existing is not None else quote.vendor,
        "input_per_mtok": _stored(quote.input_usd * fx.rate),
        "output_per_mtok": _stored(quote.output_usd * fx.rate),
        "cached_input_per_mtok": None if quote.cached_usd is None else _stored(quote.cached_usd * fx.rate),
        "currency": fx.currency,
        "unit": "per 1M tokens",
        "source": f"{quote.source}; {fx.text}",
        "as_of": quote.as_of,
        "notes": quote.notes,
    }
    return _validated(ApiPrice, data, quote.key, report)


def merge_rental(catalog: Catalog, quotes: list[GpuQuote], fx: Fx, report: ImportReport) -> dict[str, GpuRental]:
    table = dict(catalog.rows("gpu_rental.csv", GpuRental))
    for gpu, offers in _grouped(quotes, lambda q: q.gpu).items():
        prices = [q.hourly_usd for q in offers]
        median = statistics.median(prices)
        sources = sorted({q.source for q in offers})
        notes = [
            f"on_demand_hourly = median of {len(prices)} on-demand offers "
            f"({min(prices):.4g}–{max(prices):.4g} USD per GPU-hour; spot prices not used)"
        ]
        hosted = sum(1 for q in offers if q.host_usd is not None)
        if hosted:
            notes.append(f"{hosted} of them include the host VM the cloud bills apart")
        existing = table.get(gpu)
        reserved = None
        if isinstance(existing, GpuRental) and existing.reserved_monthly is not None:
            reserved = _stored(existing.reserved_monthly * catalog.fx_rate(existing.currency, fx.currency))
            notes.append(f"reserved_monthly kept from: {existing.source} ({existing.as_of.isoformat()})")
        data = {
            "id": gpu,
            "kind": "rent",
            "on_demand_hourly": _stored(median * fx.rate),
            "reserved_monthly": reserved,
            "currency": fx.currency,
            "unit": "per GPU",
            "source": f"{'; '.join(sources)}; {fx.text}",
            "as_of": max(q.as_of for q in offers),
            "notes": "; ".join(notes),
        }
        row = _validated(GpuRental, data, f"rent:{gpu}", report)
        if row is not None:
            table[gpu] = row
            report.accepted += 1
    return table


def _validated(model: type[RowT], data: dict, key: str, report: ImportReport) -> RowT | None:
    """The catalog's own row model is the last check: what it refuses is rejected, not written."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        report.reject(key, describe_validation_error(exc, where=key).replace("\n", "; "))
        return None
