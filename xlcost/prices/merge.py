"""Put quotes into a catalog: settle ids and collisions, convert currency, keep untouched rows.

Id rule for API rows: the model name without provider prefix, slugged; ``.`` and ``-`` are the
same (``claude-sonnet-4-6`` refreshes the row ``claude-sonnet-4.6``, which keeps its spelling).
When entries share an id, or an id is already a row of another vendor, one keeps the plain id
(the existing row's vendor, else the model's own vendor, else the entry listed without provider
prefix) and the others get ``<id>-<provider>``; each rename is reported. One vendor's entries for
a model, across sources and regions, are one row naming the others as aliases (see ``_one_per_vendor``).

GPU rentals: ``on_demand_hourly`` is the median per-GPU price (host VM included) over every offer read (all
instances and regions; ``--region`` narrows it); ``reserved_monthly`` of an existing row is kept.
"""

from __future__ import annotations

import re
import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError

from xlcost.core.catalog import Catalog
from xlcost.core.catalog.rows import ApiPrice, FxRate, GpuRental, Row
from xlcost.errors import describe_validation_error
from xlcost.prices.common import ImportReport, same_vendor, slug
from xlcost.prices.quotes import ApiQuote, GpuQuote
from xlcost.prices.vendors import first_party_vendor

Q = TypeVar("Q", ApiQuote, GpuQuote)
#: Aliases named in a row's notes; the import's JSON report lists them all.
MAX_ALIASES_SHOWN = 6
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


def match_id(ident: str) -> str:
    """What two spellings of one model id share: ``claude-sonnet-4.6`` and ``claude-sonnet-4-6`` are one model."""
    return slug(ident).replace(".", "-")


def merge_api(catalog: Catalog, quotes: list[ApiQuote], fx: Fx, report: ImportReport) -> dict[str, ApiPrice]:
    """Quotes in source order (the first source wins a model both list) merged into the API table."""
    table = dict(catalog.rows("api.csv", ApiPrice))
    spelled = {match_id(ident): ident for ident in table}
    for key, group in _grouped(quotes, lambda q: match_id(q.base_id)).items():
        base = spelled.get(key, group[0].base_id)
        chosen = _one_per_vendor(base, group, report)
        owner = _owner(table.get(base), [q for q, _ in chosen])
        for quote, aliases in chosen:
            ident = base if quote is owner else slug(f"{base}-{quote.provider}")
            if ident != base:
                taken = table.get(base)
                why = f"'{base}' is {'the ' + taken.vendor + ' row' if taken else 'shared by several providers'}"
                report.renamed.append((quote.key, ident, why))
            existing = table.get(ident)
            if existing is not None and not _same_vendor(existing, quote):
                report.reject(quote.key, f"id '{ident}' is already the {existing.vendor or 'unnamed vendor'} row")
                continue
            if quote.base_id != ident:
                aliases = [quote.alias, *aliases]
            row = _api_row(ident, quote, existing, fx, report, aliases)
            if row is not None:
                table[ident] = row
                report.accepted += 1
                report.merged.extend((ident, alias) for alias in aliases)
    return table


def _one_per_vendor(base: str, group: list[ApiQuote], report: ImportReport) -> list[tuple[ApiQuote, list[str]]]:
    """One quote per vendor, with the entries it stands for (other sources, variants at its price).

    Within a vendor the first source read wins; within that source the entry with the shortest
    path (``azure/gpt-4o``, not the regional ``azure/eu/gpt-4o``) does. Entries at that depth
    with different prices leave nothing to choose, so they are rejected; deeper ones priced
    differently are regional variants, left out but not held against the others.
    """
    if len(group) == 1:
        return [(group[0], [])]
    chosen = []
    for same in _grouped(group, lambda q: re.sub(r"[^a-z0-9]", "", q.vendor.lower())).values():
        first = [q for q in same if q.origin == same[0].origin]
        shallowest = min(q.depth for q in first)
        top = [q for q in first if q.depth == shallowest]
        if len({q.prices for q in top}) > 1:
            keys = ", ".join(q.key for q in top)
            for quote in top:
                report.reject(
                    quote.key,
                    f"{len(top)} entries of {quote.provider} map to id '{base}' with different prices ({keys})",
                )
            continue
        pick = min(top, key=lambda q: (not q.canonical, len(q.key), q.key))
        aliases = []
        for quote in same:
            if quote is pick:
                continue
            if quote.origin == pick.origin and quote.prices != pick.prices:
                report.skip("regional or dated variant priced apart from its model's row")
            else:
                aliases.append(quote.alias)
        chosen.append((pick, aliases))
    return chosen


def _owner(existing: ApiPrice | None, chosen: list[ApiQuote]) -> ApiQuote | None:
    """Which quote keeps the plain id: the existing row's vendor, else the model's own vendor."""
    if existing is not None:
        return next((q for q in chosen if _same_vendor(existing, q)), None)
    if len(chosen) == 1:
        return chosen[0]
    makers = [q for q in chosen if first_party_vendor(q.provider, q.key)]
    if len(makers) == 1:
        return makers[0]
    canonical = [q for q in chosen if q.canonical]
    return canonical[0] if len(canonical) == 1 else None


def _same_vendor(row: Row, quote: ApiQuote) -> bool:
    vendor = getattr(row, "vendor", "")
    return same_vendor(vendor, quote.vendor) or same_vendor(vendor, quote.provider)


def _api_row(
    ident: str, quote: ApiQuote, existing: ApiPrice | None, fx: Fx, report: ImportReport, aliases: list[str]
) -> ApiPrice | None:
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
        "notes": "; ".join(n for n in (quote.notes, _aliases_note(aliases)) if n),
    }
    data |= {name: value if name == "long_context_above" else _stored(value * fx.rate) for name, value in quote.rules}
    return _validated(ApiPrice, data, quote.key, report)


def _aliases_note(aliases: list[str]) -> str:
    shown = aliases[:MAX_ALIASES_SHOWN]
    more = f" and {len(aliases) - len(shown)} more" if len(aliases) > len(shown) else ""
    return f"also listed as: {', '.join(shown)}{more}" if shown else ""


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


def _validated(model: type[RowT], data: dict[str, Any], key: str, report: ImportReport) -> RowT | None:
    """The catalog's own row model is the last check: what it refuses is rejected, not written."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        report.reject(key, describe_validation_error(exc, where=key).replace("\n", "; "))
        return None
