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
    file: str  # the catalog file the import changes


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
    currency = currency.strip().upper()
    fx = Fx.from_usd(catalog, currency)
    report = ImportReport(fmt=fmt, files=[file_label(p) for p in paths], fx=fx.text)
    _check_filter_applies(fmt, options)
    if fmt == "skypilot":
        gpus = set(catalog.table("gpus.csv"))
        quotes = [q for p in paths for q in skypilot.read(p, options, report, gpus)]
        _check_filter_matches("--region", options.regions, report.regions, "region")
        return ImportOutcome(
            with_table(catalog, "gpu_rental.csv", merge_rental(catalog, quotes, fx, report)), report, "gpu_rental.csv"
        )
    reader = litellm.read if fmt == "litellm" else genai_prices.read
    api_quotes = [q for p in paths for q in reader(p, options, report)]
    _check_filter_matches("--provider", options.providers, report.providers, "provider")
    return ImportOutcome(with_table(catalog, "api.csv", merge_api(catalog, api_quotes, fx, report)), report, "api.csv")


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
