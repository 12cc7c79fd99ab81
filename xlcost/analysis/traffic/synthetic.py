"""An hourly month built from a scenario when there is no usage export: its daily tokens, its
peak-to-average ratio as the shape of each day, and bursts such as ``5x:2d/month``.

The scenario's daily tokens are an ordinary day; burst days multiply them (bursts come on top).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from xlcost.analysis.traffic.hybrid import HourlyDemand
from xlcost.core.scenario import Workload
from xlcost.errors import ScenarioError

HOURS_PER_DAY = 24
PEAK_HOUR = 14  # busiest hour of an ordinary day (UTC-agnostic: only the shape matters)
_BURST = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*x\s*:\s*(\d+)\s*d\s*/\s*month\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class Burst:
    """``multiplier`` times the ordinary traffic on ``days`` days of every month."""

    multiplier: float
    days: int

    def __str__(self) -> str:
        return f"{self.multiplier:g}x:{self.days}d/month"


def parse_burst(spec: str) -> Burst:
    match = _BURST.match(spec)
    if not match:
        raise ScenarioError(f"--burst: expected MULTIPLIERx:DAYSd/month, e.g. 5x:2d/month (got '{spec}')")
    burst = Burst(float(match[1]), int(match[2]))
    if burst.multiplier < 1:
        raise ScenarioError(f"--burst: the multiplier must be 1 or more (got {burst.multiplier:g})")
    return burst


def day_shape(peak_to_average: float) -> np.ndarray:
    """24 hourly weights with mean 1 and maximum ``peak_to_average``: exp(k cos(hour angle)), k solved for."""
    if not 1 <= peak_to_average < HOURS_PER_DAY:
        raise ScenarioError(f"peak_to_average must be from 1 to below 24 for an hourly day (got {peak_to_average:g})")
    angle = np.cos(2 * np.pi * (np.arange(HOURS_PER_DAY) - PEAK_HOUR) / HOURS_PER_DAY)

    def shape(k: float) -> np.ndarray:
        weights = np.exp(k * (angle - 1))  # scaled by e^-k: no overflow for large k
        normalised: np.ndarray = weights / weights.mean()
        return normalised

    low, high = 0.0, 1.0
    while shape(high).max() < peak_to_average:
        high *= 2
    for _ in range(200):  # bisection: the peak grows with k
        mid = (low + high) / 2
        low, high = (mid, high) if shape(mid).max() < peak_to_average else (low, mid)
    return shape((low + high) / 2)


def synthetic_month(workload: Workload, burst: Burst | None, source: str) -> HourlyDemand:
    """One month of hours (days_per_month rounded to whole days) of the scenario's month-1 workload."""
    days = max(1, round(workload.days_per_month))
    factors = np.ones(days)
    if burst is not None:
        if burst.days > days:
            raise ScenarioError(f"--burst: {burst.days} burst days do not fit in a {days}-day month")
        spread = ((np.arange(burst.days) + 0.5) * days / burst.days).astype(int)  # evenly through the month
        factors[spread] = burst.multiplier
    hourly = np.outer(factors, day_shape(workload.peak_to_average)).ravel() / HOURS_PER_DAY
    users = workload.users_per_day
    return HourlyDemand(
        input_tokens=hourly * users * workload.input_tokens_per_user_day,
        output_tokens=hourly * users * workload.output_tokens_per_user_day,
        months=days / workload.days_per_month,
        source=source + (f", bursts {burst}" if burst else ""),
    )
