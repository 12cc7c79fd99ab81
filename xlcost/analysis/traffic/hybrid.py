"""The burst-aware hybrid: own (or rent) n units for the base load, send each hour's excess to an API.

Capacity of n units in an hour = the GPUs of n's whole replicas x output tokens/s per GPU x 3,600 x
(1 - headroom), and nothing below the units that hold the model in memory. A GPU's rate is the capacity
engine's (one replica of the scenario's model within its latency target, at its planned utilisation,
over the replica's GPUs), or on the seed and measured bases a ``throughput.csv`` row. Each hour, output tokens up to capacity are served
locally; the rest overflow, with the hour's input tokens in the same proportion. Monthly cost(n) =
n x the option's monthly cost per unit + the overflow's API bill over the period scaled to a month.
Prices come from the core (``pricing.resolve``, ``money.annual_cost``, ``pricing.api_token_cost``).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from xlcost.core.catalog import Catalog
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.money import annual_cost
from xlcost.core.option_kinds import OWN_KINDS
from xlcost.core.pricing import MONTHS_PER_YEAR, Context, api_token_cost, resolve, sizing_for
from xlcost.core.scenario import OptionSpec
from xlcost.core.sizing import FLOAT_NOISE
from xlcost.errors import ScenarioError

SECONDS_PER_HOUR = 3_600
MAX_UNITS = 100_000

#: API bill in the report currency for (input tokens, output tokens), numbers or arrays.
Bill = Callable[[np.ndarray, np.ndarray], np.ndarray]


@dataclass(frozen=True)
class HourlyDemand:
    """Tokens in each hour of a period, and that period's length in months (to scale it to one)."""

    input_tokens: np.ndarray
    output_tokens: np.ndarray
    months: float
    source: str
    start: dt.datetime | None = None  # the first hour, for usage; a synthetic month has none


@dataclass(frozen=True)
class OwnUnit:
    """One unit (GPU) of the owned or rented option: what it costs a month and what it serves an hour."""

    key: str
    monthly_cost: float
    tokens_per_s: float
    min_units: int  # units needed to hold the model in memory; fewer serve nothing
    throughput_row: str  # the throughput.csv row, or "capacity engine"
    cost_basis: str
    gpus_per_replica: int = 1  # units serve in whole replicas (the capacity engine's tensor-parallel size)
    sizing: str = ""  # why a GPU serves what it does, whatever the load
    warnings: tuple[str, ...] = ()  # the sizing's caveats (a latency target no replica meets)


@dataclass(frozen=True)
class OverflowApi:
    """The API that takes the excess, at its catalog prices converted to the report currency."""

    key: str
    row: ApiPrice
    fx: float
    cached_share: float

    def bill(self, input_tokens: np.ndarray, output_tokens: np.ndarray) -> np.ndarray:
        bill: np.ndarray = api_token_cost(self.row, input_tokens, output_tokens, self.cached_share) * self.fx
        return bill


@dataclass(frozen=True)
class HybridCurve:
    """Monthly cost of every unit count 0..peak_units, and what each serves."""

    units: np.ndarray
    capacity_per_hour: np.ndarray
    own_cost: np.ndarray
    overflow_cost: np.ndarray
    overflow_input: np.ndarray  # tokens over the period
    overflow_output: np.ndarray
    overflow_hours: np.ndarray  # hours a month with overflow
    local_share: np.ndarray  # share of all tokens (input + output) served locally
    peak_units: int

    @property
    def monthly_cost(self) -> np.ndarray:
        total: np.ndarray = self.own_cost + self.overflow_cost
        return total

    @property
    def best(self) -> int:
        """Index (= units) of the cheapest point; the fewest units on a tie."""
        return int(np.argmin(self.monthly_cost))


def unit_capacity(unit: OwnUnit, headroom: float) -> float:
    """Output tokens one unit serves in an hour, less the headroom kept free."""
    if not 0 <= headroom < 1:
        raise ScenarioError(f"--headroom must be from 0 to below 1 (got {headroom:g})")
    return unit.tokens_per_s * SECONDS_PER_HOUR * (1 - headroom)


def peak_units(demand: HourlyDemand, capacity_per_unit: float, min_units: int, per_replica: int = 1) -> int:
    """Units (whole replicas) that serve the busiest hour with nothing left over."""
    peak = float(demand.output_tokens.max(initial=0.0))
    if peak == 0:
        return 0
    replicas = math.ceil(peak / (capacity_per_unit * per_replica) - FLOAT_NOISE)
    return max(min_units, replicas * per_replica)


def hybrid_curve(
    demand: HourlyDemand,
    unit_monthly_cost: float,
    capacity_per_unit: float,
    min_units: int,
    bill: Bill,
    per_replica: int = 1,
) -> HybridCurve:
    """Cost of n = 0..peak units, for all n at once: hours sorted once, suffix sums, one search per n.

    Units beyond the last whole replica serve nothing (a replica of ``per_replica`` GPUs serves as one)."""
    top = peak_units(demand, capacity_per_unit, min_units, per_replica)
    if top > MAX_UNITS:
        raise ScenarioError(f"the busiest hour needs {top:,} units; more than {MAX_UNITS:,} are not costed")
    units = np.arange(top + 1)
    serving = units // per_replica * per_replica
    capacity = np.where(units >= max(min_units, 1), serving * capacity_per_unit, 0.0)
    out, inp = demand.output_tokens, demand.input_tokens
    order = np.argsort(out, kind="stable")
    out_sorted = out[order]
    ratio = np.divide(inp, out, out=np.zeros_like(inp), where=out > 0)[order]
    first_over = np.searchsorted(out_sorted, capacity, side="right")  # hours above capacity: first_over..end
    hours_over = len(out) - first_over
    over_out = np.maximum(0.0, _suffix_sums(out_sorted)[first_over] - capacity * hours_over)
    # input follows output within its hour (an hour with input but no output never overflows)
    over_in = np.maximum(0.0, _suffix_sums(ratio * out_sorted)[first_over] - capacity * _suffix_sums(ratio)[first_over])
    total = float(out.sum() + inp.sum())
    # no capacity serves nothing locally: exactly 0, not 1 - (a sum over a sum summed in another order)
    local = np.where(capacity > 0, np.clip(1 - (over_in + over_out) / total, 0.0, 1.0), 0.0) if total else None
    return HybridCurve(
        units=units,
        capacity_per_hour=capacity,
        own_cost=units * unit_monthly_cost,
        overflow_cost=np.asarray(bill(over_in, over_out)) / demand.months,
        overflow_input=over_in,
        overflow_output=over_out,
        overflow_hours=hours_over / demand.months,
        local_share=np.ones(len(units)) if local is None else local,
        peak_units=top,
    )


def _suffix_sums(values: np.ndarray) -> np.ndarray:
    """s[k] = values[k:].sum(), with s[len] = 0."""
    return np.concatenate((np.cumsum(values[::-1])[::-1], [0.0]))


def own_unit(key: str, context: Context, catalog: Catalog) -> OwnUnit:
    """Price one GPU of ``key`` through the core and size it on the context's basis (the capacity engine
    for the context's serving block, or a throughput.csv row): its rate, replica and memory minimum."""
    kind, row = catalog.option_row(key)
    if kind not in OWN_KINDS or row.id not in catalog.table("gpus.csv"):
        raise ScenarioError(f"--own must be a GPU option, rent:, rent-hourly: or buy:<gpu> (got '{key}')")
    profile = resolve(OptionSpec(key=key, units=1), context, catalog)
    sizing = sizing_for(context, catalog, row.id, context.case)
    basis = "; ".join(f"{line.label}: {line.amount:,.2f} {context.currency}" for line in profile.lines)
    return OwnUnit(
        key=profile.key,
        monthly_cost=annual_cost(profile) / MONTHS_PER_YEAR,
        tokens_per_s=sizing.tokens_per_s_per_gpu,
        min_units=sizing.by_vram,
        throughput_row=sizing.throughput_row,
        cost_basis=f"{basis} (accounting month: depreciation + running costs)" if profile.upfront else basis,
        gpus_per_replica=sizing.gpus_per_replica,
        sizing=sizing.rate_reason,
        warnings=(sizing.warning,) if sizing.warning else (),
    )


def overflow_api(key: str, context: Context, catalog: Catalog, cached_share: float) -> OverflowApi:
    kind, row = catalog.option_row(key)
    if kind != "api" or not isinstance(row, ApiPrice):
        raise ScenarioError(f"--overflow must be an API option, api:<model> (got '{key}')")
    return OverflowApi(key, row, catalog.fx_rate(row.currency, context.currency), cached_share)
