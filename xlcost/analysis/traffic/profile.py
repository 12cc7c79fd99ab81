"""From usage records to the workload figures a scenario needs: per-day volumes, the hourly shape, growth.

Times are UTC. The period runs from the first record's hour to the end of the last record's hour
(or bucket), so 30 days of hourly data cover exactly 30 days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from xlcost.analysis.traffic.usage import Usage, UsageError

HOUR = 3_600
DAY = 86_400
HOURS_PER_DAY = 24
MIN_DAYS_FOR_GROWTH = 14  # fewer whole days than two weeks cannot separate growth from the weekly cycle
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Growth:
    """Compound monthly growth fitted to daily tokens, with one standard error."""

    monthly: float
    stderr: float
    days_fitted: int


@dataclass(frozen=True)
class TrafficProfile:
    """What the usage says about the workload, each figure traceable to the export."""

    source: str
    format: str
    start: dt.datetime
    end: dt.datetime
    days: float
    input_tokens_per_day: float
    output_tokens_per_day: float
    cached_share: float
    requests_per_day: float
    users_per_day: float | None  # mean distinct users a day, when the export names users
    distinct_users: int | None
    hourly_input: np.ndarray | None  # tokens in each hour of the period; None when buckets are wider
    hourly_output: np.ndarray | None
    peak_to_average: float | None  # busiest hour's output tokens over the average hour's
    peak_hour: dt.datetime | None
    hour_of_day_shape: tuple[float, ...] | None  # mean output per hour of day over the hourly mean, 0-23 UTC
    day_of_week_shape: tuple[float | None, ...]  # tokens per weekday over the mean day, Mon..Sun
    growth: Growth | None

    @property
    def hours(self) -> int:
        return round(self.days * HOURS_PER_DAY)


def traffic_profile(usage: Usage, days_per_month: float) -> TrafficProfile:
    """Derive the workload figures of ``usage``; growth is per month of ``days_per_month`` days."""
    first = int(usage.start.min()) // HOUR * HOUR
    last = max(int(usage.end.max()), int(usage.start.max()) // HOUR * HOUR + HOUR)
    last = -(-last // HOUR) * HOUR
    days = (last - first) / DAY
    total_input = float(usage.input_tokens.sum())
    tokens = usage.input_tokens + usage.output_tokens
    hourly_in, hourly_out = _hourly(usage, first, last)
    peak, peak_hour = _peak(hourly_out, first)
    users_per_day, distinct = _users(usage, first, days)
    return TrafficProfile(
        source=usage.source,
        format=usage.format,
        start=_utc(first),
        end=_utc(last),
        days=days,
        input_tokens_per_day=total_input / days,
        output_tokens_per_day=float(usage.output_tokens.sum()) / days,
        cached_share=float(usage.cached_tokens.sum()) / total_input if total_input else 0.0,
        requests_per_day=float(usage.requests.sum()) / days,
        users_per_day=users_per_day,
        distinct_users=distinct,
        hourly_input=hourly_in,
        hourly_output=hourly_out,
        peak_to_average=peak,
        peak_hour=peak_hour,
        hour_of_day_shape=_hour_of_day(hourly_out, first),
        day_of_week_shape=_day_of_week(usage.start, tokens, first, last),
        growth=fit_growth(_daily(usage.start, tokens, first, last), days_per_month),
    )


def _hourly(usage: Usage, first: int, last: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    if usage.bucket_seconds > HOUR:
        return None, None
    index = (usage.start - first) // HOUR
    hours = (last - first) // HOUR
    return (
        np.bincount(index, weights=usage.input_tokens, minlength=hours),
        np.bincount(index, weights=usage.output_tokens, minlength=hours),
    )


def _peak(hourly_out: np.ndarray | None, first: int) -> tuple[float | None, dt.datetime | None]:
    if hourly_out is None or hourly_out.sum() == 0:
        return None, None
    busiest = int(hourly_out.argmax())
    return float(hourly_out[busiest] / hourly_out.mean()), _utc(first + busiest * HOUR)


def _hour_of_day(hourly_out: np.ndarray | None, first: int) -> tuple[float, ...] | None:
    if hourly_out is None or hourly_out.sum() == 0:
        return None
    hour_of_day = (first // HOUR + np.arange(len(hourly_out))) % HOURS_PER_DAY
    sums = np.bincount(hour_of_day, weights=hourly_out, minlength=HOURS_PER_DAY)
    seen = np.bincount(hour_of_day, minlength=HOURS_PER_DAY)
    means = np.divide(sums, seen, out=np.zeros(HOURS_PER_DAY), where=seen > 0)
    return tuple(float(x) for x in means / hourly_out.mean())


def _daily(start: np.ndarray, tokens: np.ndarray, first: int, last: int) -> np.ndarray:
    """Tokens in each whole day of the period (a partial last day is left out)."""
    whole_days = (last - first) // DAY
    index = (start - first) // DAY
    keep = index < whole_days
    return np.bincount(index[keep], weights=tokens[keep], minlength=whole_days)


def _day_of_week(start: np.ndarray, tokens: np.ndarray, first: int, last: int) -> tuple[float | None, ...]:
    calendar_days = np.arange(first // DAY, (last - 1) // DAY + 1)
    occurrences = np.bincount((calendar_days + 3) % 7, minlength=7)  # 1970-01-01 was a Thursday
    sums = np.bincount((start // DAY + 3) % 7, weights=tokens, minlength=7)
    mean_day = tokens.sum() / len(calendar_days)
    return tuple(
        None if n == 0 or mean_day == 0 else float(s / n / mean_day) for s, n in zip(sums, occurrences, strict=True)
    )


def fit_growth(daily_tokens: np.ndarray, days_per_month: float) -> Growth | None:
    """Least squares of log daily tokens on the day; None below MIN_DAYS_FOR_GROWTH days with traffic."""
    days = np.flatnonzero(daily_tokens > 0)
    if len(days) < MIN_DAYS_FOR_GROWTH:
        return None
    (slope, _), cov = np.polyfit(days.astype(float), np.log(daily_tokens[days]), 1, cov=True)
    per_month = slope * days_per_month
    return Growth(float(np.expm1(per_month)), float(np.exp(per_month) * days_per_month * np.sqrt(cov[0, 0])), len(days))


def _users(usage: Usage, first: int, days: float) -> tuple[float | None, int | None]:
    """Mean distinct users a day (user-days over the period's days) and distinct users overall."""
    named = np.array([u is not None for u in usage.users], dtype=bool)
    if not named.any():
        return None, None
    day = (usage.start[named] - first) // DAY
    users = usage.users[named].tolist()
    user_days = len(set(zip(day.tolist(), users, strict=True)))
    return user_days / days, len(set(users))


def _utc(seconds: int) -> dt.datetime:
    return dt.datetime.fromtimestamp(seconds, tz=dt.timezone.utc)


def require_hourly(profile: TrafficProfile) -> tuple[np.ndarray, np.ndarray]:
    """The hourly input and output series, or a clear error when the export's buckets are wider than an hour."""
    if profile.hourly_output is None or profile.hourly_input is None:
        raise UsageError(
            f"{profile.source}: buckets are wider than an hour, so there is no hourly profile; "
            "export hourly buckets (OpenAI: bucket_width=1h)"
        )
    return profile.hourly_input, profile.hourly_output
