"""Rules every price-file reader shares: numbers, ids, safe text, file dates, and the import report."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from xlcost.limits import MAX_PRICE_ENTRIES, check_count, shown
from xlcost.prices.vendors import first_party_vendor, vendor_of

T = TypeVar("T")

#: Text starting with one of these is run as a formula by spreadsheet apps (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@")
#: Above this many USD per 1M tokens a price is taken for a unit mistake, not a real price.
MAX_USD_PER_MTOK = 1000.0
#: Below this (and above zero) USD per 1M tokens a price looks like a per-token figure.
MIN_USD_PER_MTOK = 1e-3


class RowRejected(Exception):
    """One entry of a price file cannot be used; the message says why."""


@dataclass
class ImportReport:
    """What an import read, kept, skipped as not applicable, and rejected as wrong."""

    fmt: str
    files: list[str] = field(default_factory=list)
    read: int = 0
    accepted: int = 0
    rejected: list[tuple[str, str]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    renamed: list[tuple[str, str, str]] = field(default_factory=list)
    merged: list[tuple[str, str]] = field(default_factory=list)  # (catalog id, "<format> <entry>" it also stands for)
    fx: str = ""
    #: every provider id and region the files hold (lowercase), selected or not: what a filter can match
    providers: set[str] = field(default_factory=set)
    regions: set[str] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)  # about a file as a whole, such as a column it ignored

    def reject(self, key: str, reason: str) -> None:
        self.rejected.append((key, reason))

    def skip(self, reason: str) -> None:
        self.skipped[reason] += 1

    def collect(self, key: str, make: Callable[[], T | None], into: list[T]) -> None:
        """Read one entry: count it, keep its quote, and report a rejection instead of raising it."""
        self.read += 1
        check_count(self.read, MAX_PRICE_ENTRIES, "price entries", ", ".join(self.files))
        try:
            quote = make()
        except RowRejected as exc:
            self.reject(key, str(exc))
            return
        if quote is not None:
            into.append(quote)


def number(value: object, name: str) -> float | None:
    """A non-negative finite number from JSON/YAML/CSV (strings allowed); ``None`` when absent."""
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            value = float(text)
        except ValueError:
            raise RowRejected(f"{name} {shown(value)} is not a number") from None
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RowRejected(f"{name} {shown(value)} is not a number")
    result = float(value)
    if not math.isfinite(result):
        raise RowRejected(f"{name} is {result}, not a finite number")
    if result < 0:
        raise RowRejected(f"{name} is negative ({result:g})")
    return result


def check_per_mtok(value: float, name: str, *, per_token_field: bool) -> None:
    """Reject prices that are surely in the wrong unit instead of importing them 10^6 times off."""
    if value > MAX_USD_PER_MTOK:
        hint = (
            "looks like a per-million price in a per-token field"
            if per_token_field
            else "absurd for a token price; check the unit"
        )
        raise RowRejected(f"{name} = {value:,.6g} USD per 1M tokens: {hint}")
    if 0 < value < MIN_USD_PER_MTOK:
        hint = "looks like a per-token price in a per-million field" if not per_token_field else "absurdly low"
        raise RowRejected(f"{name} = {value:.3g} USD per 1M tokens: {hint}")


_NOT_SLUG = re.compile(r"[^a-z0-9._\-]+")


def slug(text: str) -> str:
    """A catalog id from a model or provider name: lowercase, other characters become '-'."""
    value = _NOT_SLUG.sub("-", str(text).strip().lower())
    value = re.sub(r"^[^a-z0-9]+", "", value).rstrip("-.")
    return value


def same_vendor(a: str, b: str) -> bool:
    """'OpenAI' and 'openai' name the same vendor; blank names match nothing."""
    na, nb = re.sub(r"[^a-z0-9]", "", a.lower()), re.sub(r"[^a-z0-9]", "", b.lower())
    return bool(na) and na == nb


def safe_text(value: object) -> str:
    """File text as one line that no spreadsheet runs: a leading =, +, - or @ gets an apostrophe."""
    text = " ".join(str(value).split())
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def file_label(path: Path) -> str:
    """How a source file is named in ``source``: parent folder too, since SkyPilot files are all vms.csv."""
    return f"{path.parent.name}/{path.name}" if path.parent.name else path.name


def file_date(path: Path) -> date:
    """The date a downloaded price file was last written: its as-of date unless the file says better."""
    return date.fromtimestamp(path.stat().st_mtime)


def parse_date(value: object, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise RowRejected(f"{name} {shown(value)} is not a date (YYYY-MM-DD)") from None


@dataclass(frozen=True)
class ReadOptions:
    """Filters and overrides the user gave on the command line."""

    providers: frozenset[str] = frozenset()  # lowercase provider ids; empty keeps all (or first-party ones)
    regions: frozenset[str] = frozenset()  # SkyPilot regions; empty keeps all
    as_of: date | None = None  # overrides the file date
    first_party_only: bool = False  # without --provider: keep only providers selling their own models
    installed: str = ""  # "litellm 1.110.2" when read from an installed package: dates come from the data

    def wants_provider(self, provider: str) -> bool:
        """Whether any entry of this provider can be kept (``wants`` decides each model)."""
        return not self.providers or provider.lower() in self.providers

    def wants(self, provider: str, model: str) -> bool:
        if self.providers:
            return provider.lower() in self.providers
        return not self.first_party_only or first_party_vendor(provider, model) is not None

    def skip_reason(self) -> str:
        return "provider not selected" if self.providers else "reseller, not the model's vendor (see --all-providers)"


def vendor_name(provider: str, given: object = None) -> str:
    """How the catalog names a provider: the vendor's name when first-party, else the file's own name."""
    return vendor_of(provider) or safe_text(given or provider)


#: A date stamped in a model id: claude-sonnet-4-5-20250929, gpt-4o-2024-11-20.
_STAMP = re.compile(r"(?<!\d)(20\d\d)-?(0[1-9]|1[0-2])-?(0[1-9]|[12]\d|3[01])(?!\d)")


def newest_stamp(names: Iterable[str], today: date) -> date | None:
    """The newest date stamped in model ids, not after ``today``: a file listing it is at least that recent."""
    found = []
    for name in names:
        for match in _STAMP.finditer(name):
            try:
                stamped = date(*(int(g) for g in match.groups()))
            except ValueError:
                continue
            if stamped <= today:
                found.append(stamped)
    return max(found, default=None)
