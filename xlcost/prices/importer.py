"""Import price files into a catalog in memory; nothing is written here (see ``writer``)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

from xlcost.core.catalog import Catalog
from xlcost.errors import CatalogError
from xlcost.limits import shown
from xlcost.prices import genai_prices, litellm, skypilot
from xlcost.prices.common import ImportReport, ReadOptions, file_label
from xlcost.prices.merge import Fx, merge_api, merge_rental, with_table
from xlcost.prices.quotes import ApiQuote, GpuQuote
from xlcost.progress import Progress, silent


class PriceFormat(str, Enum):
    """The price files xlcost reads: ``prices import --format`` offers these."""

    litellm = "litellm"
    genai_prices = "genai-prices"
    skypilot = "skypilot"


FORMATS = tuple(fmt.value for fmt in PriceFormat)
#: Known providers or regions an error lists before it says how many there are.
KNOWN_SHOWN = 30


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
    _check_filter_applies(fmt, options)
    return import_sources([Source(fmt, tuple(paths), options)], catalog, currency=currency)


def import_sources(
    sources: Iterable[Source],
    catalog: Catalog,
    *,
    currency: str = "CNY",
    progress: Progress = silent,
) -> ImportOutcome:
    """Read several sources in one run; where two price one vendor's model, the first one given wins.

    ``progress`` hears each file being read, then the merge (its last step leaves room for the caller's).
    """
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
    done, total = 0, sum(len(s.paths) for s in sources) + 2  # the files, the merge, what the caller does next
    for source in sources:
        for path in source.paths:
            progress(f"reading {source.fmt} {file_label(path)}", done, total)
            done += 1
            if source.fmt == "skypilot":
                gpu_quotes.extend(skypilot.read(path, source.options, report, gpus))
            else:
                reader = litellm.read if source.fmt == "litellm" else genai_prices.read
                api_quotes.extend(reader(path, source.options, report))
    for flag, wanted, known, what in (
        (
            "--provider",
            {p for s in sources if s.fmt != "skypilot" for p in s.options.providers},
            report.providers,
            "provider",
        ),
        ("--region", {r for s in sources if s.fmt == "skypilot" for r in s.options.regions}, report.regions, "region"),
    ):
        _check_filter_matches(flag, frozenset(wanted), known, what)
    progress("merging prices into the catalog", done, total)
    if api_quotes or any(s.fmt != "skypilot" for s in sources):
        catalog = with_table(catalog, "api.csv", merge_api(catalog, api_quotes, fx, report))
    if gpu_quotes or any(s.fmt == "skypilot" for s in sources):
        catalog = with_table(catalog, "gpu_rental.csv", merge_rental(catalog, gpu_quotes, fx, report))
    return ImportOutcome(catalog, report)


def _check_filter_applies(fmt: str, options: ReadOptions) -> None:
    """A filter the format's files have nothing to match is a mistake, not a request to import everything."""
    if fmt == "skypilot" and options.providers:
        raise CatalogError(
            "--provider does not apply to SkyPilot files (each file is one cloud's); use --region, or give that "
            "cloud's vms.csv"
        )
    if fmt != "skypilot" and options.regions:
        raise CatalogError(f"--region applies to SkyPilot files only, not to {fmt} files")


def _check_filter_matches(flag: str, wanted: frozenset[str], known: set[str], what: str) -> None:
    """Refuse a filter value that names nothing in the files (a typo imports nothing), listing what is there."""
    unknown = sorted(wanted - known)
    if not unknown:
        return
    close = [m for value in unknown for m in difflib.get_close_matches(value, sorted(known), n=1)]
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    listed = sorted(known)
    shown_known = ", ".join(listed[:KNOWN_SHOWN]) + (
        f" ... ({len(listed):,} in all)" if len(listed) > KNOWN_SHOWN else ""
    )
    raise CatalogError(
        f"{flag} {', '.join(shown(v) for v in unknown)} matches no {what} in the file(s){hint} "
        f"(known: {shown_known or 'none'})"
    )
