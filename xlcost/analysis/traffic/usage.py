"""The usage an export records, as columns: one entry per request (logs) or per time bucket (usage API).

Readers of every format fill the same ``Usage``, so the profile and the hybrid never look at formats.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from array import array
from collections.abc import Callable, MutableSequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from xlcost.errors import XlcostError
from xlcost.limits import MAX_AMOUNT, MAX_COUNT, MAX_USAGE_SPAN_DAYS, shown

#: Largest export read; an hourly year is 8,760 rows, so a million leaves room for per-request logs.
MAX_RECORDS = 1_000_000
MAX_FILE_BYTES = 200 * 1024 * 1024
#: Unix seconds of 1970-01-01 and of 9999-12-31 23:59:59: the times an export can carry.
FIRST_SECOND, LAST_SECOND = 0, 253_402_300_799
AGGREGATE_HINT = "aggregate it to hourly rows (timestamp,input_tokens,output_tokens) first"


class UsageError(XlcostError):
    """A usage export that cannot be read; the message names the file and the record."""


@dataclass(frozen=True)
class Usage:
    """Token counts with their time: ``start`` and ``end`` in Unix seconds (equal for a single request)."""

    source: str
    format: str
    start: np.ndarray
    end: np.ndarray
    input_tokens: np.ndarray
    output_tokens: np.ndarray
    cached_tokens: np.ndarray
    requests: np.ndarray
    users: np.ndarray  # object array: user id, or None where the export has none
    models: np.ndarray  # object array: model name, "" where unknown
    spend: np.ndarray  # the export's own cost per record, NaN where it reports none
    spend_currency: str = "USD"
    warnings: tuple[str, ...] = ()  # what the reader noticed but could read past (a misspelt optional column)

    def with_warnings(self, warnings: tuple[str, ...]) -> Usage:
        return dataclasses.replace(self, warnings=self.warnings + warnings) if warnings else self

    @property
    def records(self) -> int:
        return len(self.start)

    @property
    def bucket_seconds(self) -> int:
        """The widest time bucket (0 for request logs): above an hour there is no hourly profile."""
        return int((self.end - self.start).max()) if self.records else 0


#: what each column holds while a file is read: numbers packed 8 bytes each (a list of floats takes 32 each)
_COLUMNS: dict[str, Callable[[], MutableSequence[Any]]] = {
    "start": lambda: array("q"),
    "end": lambda: array("q"),
    "input": lambda: array("d"),
    "output": lambda: array("d"),
    "cached": lambda: array("d"),
    "requests": lambda: array("d"),
    "users": list,
    "models": list,
    "spend": lambda: array("d"),
}


@dataclass
class UsageRows:
    """Collects records while a reader walks a file, enforcing the size cap as it goes."""

    source: str
    format: str
    spend_currency: str = "USD"
    columns: dict[str, MutableSequence[Any]] = field(
        default_factory=lambda: {name: kind() for name, kind in _COLUMNS.items()}
    )

    def add(
        self,
        where: str,
        start: int,
        input_tokens: float,
        output_tokens: float,
        *,
        end: int | None = None,
        cached: float = 0.0,
        requests: float = 1.0,
        user: str | None = None,
        model: str = "",
        spend: float = math.nan,
    ) -> None:
        if len(self.columns["start"]) >= MAX_RECORDS:
            raise UsageError(f"{where}: more than {MAX_RECORDS:,} records; {AGGREGATE_HINT}")
        if cached > input_tokens:
            raise UsageError(f"{where}: cached input tokens ({cached:g}) exceed input tokens ({input_tokens:g})")
        end = start if end is None else end
        if end < start:
            raise UsageError(f"{where}: the bucket ends before it starts")
        values = (start, end, input_tokens, output_tokens, cached, requests, user or None, model or "", spend)
        for column, value in zip(self.columns.values(), values, strict=True):
            column.append(value)

    def usage(self) -> Usage:
        c = self.columns
        if not c["start"]:
            raise UsageError(f"{self.source}: no usage records")
        start, end = np.asarray(c["start"], dtype=np.int64), np.asarray(c["end"], dtype=np.int64)
        check_span(start, end, self.source)
        return Usage(
            source=self.source,
            format=self.format,
            start=start,
            end=end,
            input_tokens=np.asarray(c["input"], dtype=float),
            output_tokens=np.asarray(c["output"], dtype=float),
            cached_tokens=np.asarray(c["cached"], dtype=float),
            requests=np.asarray(c["requests"], dtype=float),
            users=np.asarray(c["users"], dtype=object),
            models=np.asarray(c["models"], dtype=object),
            spend=np.asarray(c["spend"], dtype=float),
            spend_currency=self.spend_currency,
        )


def count(value: object, where: str, name: str) -> float:
    """A token or request count: a whole number, 0 or more (blank is 0, as exports leave it)."""
    if value is None or value == "":
        return 0.0
    try:
        number = float(value)  # type: ignore[arg-type]  # any value: what float() refuses is caught below
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not 0 <= number <= MAX_COUNT or number != int(number):
        raise UsageError(f"{where}: field '{name}': not a whole number from 0 to {MAX_COUNT:g} (got {shown(value)})")
    return number


def money(value: object, where: str, name: str) -> float:
    """An amount of spend; blank means the export did not price the record (NaN)."""
    if value is None or value == "":
        return math.nan
    try:
        number = float(value)  # type: ignore[arg-type]  # any value: what float() refuses is caught below
    except (TypeError, ValueError):
        number = math.nan
    if isinstance(value, bool) or not 0 <= number <= MAX_AMOUNT:
        raise UsageError(f"{where}: field '{name}': not an amount from 0 to {MAX_AMOUNT:g} (got {shown(value)})")
    return number


def timestamp(value: object, where: str, name: str) -> int:
    """Unix seconds from Unix seconds or ISO 8601 text; times without a zone are taken as UTC."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _seconds(value, where, name)
    text = str(value).strip() if value is not None else ""
    if text.isdigit():
        return _seconds(int(text[:20]), where, name)  # more digits than that are past year 9999 anyway
    try:
        moment = dt.datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise UsageError(
            f"{where}: field '{name}': not a timestamp (ISO 8601 or Unix seconds; got {value!r})"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return int(moment.timestamp())


def _seconds(value: float, where: str, name: str) -> int:
    if not FIRST_SECOND <= value <= LAST_SECOND:  # NaN too
        raise UsageError(
            f"{where}: field '{name}': Unix seconds from {FIRST_SECOND} to {LAST_SECOND} "
            f"(1970 to 9999) are accepted (got {shown(value)})"
        )
    return int(value)


def check_span(start: np.ndarray, end: np.ndarray, source: str) -> None:
    """Refuse records further apart than an analysis reads: each hour between them becomes a number."""
    first, last = int(start.min()), int(max(end.max(), start.max()))
    days = (last - first) / 86_400
    if days > MAX_USAGE_SPAN_DAYS:
        moments = (dt.datetime.fromtimestamp(t, dt.timezone.utc).strftime("%Y-%m-%d %H:%M") for t in (first, last))
        raise UsageError(
            f"{source}: the records run from {next(moments)} to {next(moments)} UTC, {days:,.0f} days "
            f"(limit {MAX_USAGE_SPAN_DAYS:,} days); check the timestamps, or read one period at a time"
        )


def merge(parts: list[Usage]) -> Usage:
    """Several files (pages of one export) as one usage; they must share a format."""
    if len(parts) == 1:
        return parts[0]
    formats = {p.format for p in parts}
    if len(formats) > 1:
        raise UsageError(f"usage files mix formats ({', '.join(sorted(formats))}); give one format at a time")
    arrays = {
        name: np.concatenate([getattr(p, name) for p in parts])
        for name in (
            "start",
            "end",
            "input_tokens",
            "output_tokens",
            "cached_tokens",
            "requests",
            "users",
            "models",
            "spend",
        )
    }
    if len(arrays["start"]) > MAX_RECORDS:
        raise UsageError(f"usage files: more than {MAX_RECORDS:,} records together; {AGGREGATE_HINT}")
    check_span(arrays["start"], arrays["end"], "usage files")
    return Usage(
        source=", ".join(p.source for p in parts),
        format=parts[0].format,
        spend_currency=parts[0].spend_currency,
        warnings=tuple(w for p in parts for w in p.warnings),
        **arrays,
    )
