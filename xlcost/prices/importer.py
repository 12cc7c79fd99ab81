"""Import price files into a catalog in memory; nothing is written here (see ``writer``)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from xlcost.core.catalog import Catalog
from xlcost.errors import CatalogError
from xlcost.prices import genai_prices, litellm, skypilot
from xlcost.prices.common import ImportReport, ReadOptions, file_label
from xlcost.prices.merge import Fx, merge_api, merge_rental, with_table
from xlcost.prices.quotes import ApiQuote, GpuQuote


class PriceFormat(str, Enum):
    """The price files xlcost reads: ``prices import --format`` offers these."""

    litellm = "litellm"
    genai_prices = "genai-prices"
    skypilot = "skypilot"


FORMATS = tuple(fmt.value for fmt in PriceFormat)


@dataclass(frozen=True)
class ImportOutcome:
    """The catalog as it would be after the import, and what the import did."""

    catalog: Catalog
    report: ImportReport


@dataclass(frozen=True)
class Source:
    """Price files of one format, read with the same options."""

    fmt: str
    paths: tuple[Path, ...]
    options: ReadOptions


def import_prices(
    paths: Iterable[Path],
    fmt: str,
    catalog: Catalog,
    *,
    providers: Iterable[str] = (),
    regions: Iterable[str] = (),
    currency: str = "CNY",
    as_of: date | None = None,
) -> ImportOutcome:
    """Read price files of one format and merge them into a copy of ``catalog``."""
    if fmt not in FORMATS:
        raise CatalogError(f"unknown price file format '{fmt}' (formats: {', '.join(FORMATS)})")
    paths = [Path(p) for p in paths]
    if not paths:
        raise CatalogError("no price file given")
    options = ReadOptions(
        providers=frozenset(p.strip().lower() for p in providers if p.strip()),
        regions=frozenset(r.strip().lower() for r in regions if r.strip()),
        as_of=as_of,
    )
    return import_sources([Source(fmt, tuple(paths), options)], catalog, currency=currency)


def import_sources(
    sources: Iterable[Source],
    catalog: Catalog,
    *,
    currency: str = "CNY",
    on_step: Callable[[str], None] | None = None,
) -> ImportOutcome:
    """Read several sources in one run; where two price one vendor's model, the first one given wins.

    ``on_step`` hears what is being read, for a progress line on a slow run.
    """
    step = on_step or (lambda _: None)
    sources = list(sources)
    fx = Fx.from_usd(catalog, currency.strip().upper())
    report = ImportReport(
        fmt=" + ".join(dict.fromkeys(s.fmt for s in sources)),
        files=[file_label(p) for s in sources for p in s.paths],
        fx=fx.text,
    )
    gpus = set(catalog.table("gpus.csv"))
    api_quotes: list[ApiQuote] = []
    gpu_quotes: list[GpuQuote] = []
    for source in sources:
        for path in source.paths:
            step(f"reading {source.fmt} {file_label(path)}")
            if source.fmt == "skypilot":
                gpu_quotes.extend(skypilot.read(path, source.options, report, gpus))
            else:
                reader = litellm.read if source.fmt == "litellm" else genai_prices.read
                api_quotes.extend(reader(path, source.options, report))
    step("merging prices into the catalog")
    if api_quotes or any(s.fmt != "skypilot" for s in sources):
        catalog = with_table(catalog, "api.csv", merge_api(catalog, api_quotes, fx, report))
    if gpu_quotes or any(s.fmt == "skypilot" for s in sources):
        catalog = with_table(catalog, "gpu_rental.csv", merge_rental(catalog, gpu_quotes, fx, report))
    return ImportOutcome(catalog, report)
