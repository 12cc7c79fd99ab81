"""Put a hybrid study together: hourly demand (from usage or a scenario), the priced unit and API, the curve."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from xlcost.analysis.traffic.hybrid import (
    HourlyDemand,
    HybridCurve,
    OverflowApi,
    OwnUnit,
    hybrid_curve,
    overflow_api,
    own_unit,
    unit_capacity,
)
from xlcost.analysis.traffic.profile import require_hourly, traffic_profile
from xlcost.analysis.traffic.read import UsageFormat, read_usage
from xlcost.analysis.traffic.synthetic import parse_burst, synthetic_month
from xlcost.core.catalog import Catalog
from xlcost.core.pricing import Context
from xlcost.core.scenario import DEFAULT_CURRENCY, DEFAULT_MODEL_SIZE, Scenario, Serving, Workload
from xlcost.errors import ScenarioError


@dataclass(frozen=True)
class HybridStudy:
    """Everything the report, the JSON and the Hybrid sheet show, priced once."""

    demand: HourlyDemand
    unit: OwnUnit
    api: OverflowApi
    headroom: float
    capacity_per_unit: float
    curve: HybridCurve
    context: Context
    warnings: tuple[str, ...] = ()  # what reading the usage files noticed (a misspelt optional column)


def hybrid_context(
    scenario: Scenario | None, catalog: Catalog, *, model_size: str | None = None, measured: bool = False
) -> Context:
    """What units are priced and sized under: the scenario's workload, money settings and serving block
    (the defaults without one). GPUs are sized by the capacity engine unless the scenario's
    ``throughput_basis`` (or ``measured``) names throughput.csv's rows; ``model_size`` replaces the
    scenario's model with that size band's."""
    serving = scenario.serving if scenario else Serving()
    if model_size is not None:
        serving = serving.model_copy(update={"model": None})
    basis = "measured" if measured else scenario.throughput_basis if scenario else "engine"
    return Context(
        workload=scenario.workload if scenario else Workload(days_per_month=catalog.assumption("days_per_month")),
        currency=scenario.currency if scenario else DEFAULT_CURRENCY,
        case=scenario.case if scenario else "mid",
        model_size=catalog.model_size(model_size or (scenario.model_size if scenario else DEFAULT_MODEL_SIZE)).id,
        throughput_basis=basis,
        serving=serving,
    )


def usage_demand(
    paths: list[Path], fmt: UsageFormat | None, days_per_month: float
) -> tuple[HourlyDemand, float, tuple[str, ...]]:
    """Hourly demand of a usage export, its cached input share and what reading it warned of."""
    usage = read_usage(paths, fmt)
    profile = traffic_profile(usage, days_per_month)
    hourly_in, hourly_out = require_hourly(profile)
    demand = HourlyDemand(hourly_in, hourly_out, profile.days / days_per_month, profile.source, profile.start)
    return demand, profile.cached_share, usage.warnings


def hybrid_study(
    context: Context,
    catalog: Catalog,
    *,
    own: str,
    overflow: str,
    usage: list[Path] | None = None,
    fmt: UsageFormat | None = None,
    burst: str | None = None,
    scenario_name: str = "scenario",
    headroom: float = 0.0,
) -> HybridStudy:
    """The curve for usage files when given, else for a synthetic month of the context's workload."""
    workload = context.workload
    if usage:
        if burst:
            raise ScenarioError("--burst shapes a synthetic month; a usage file already has its bursts")
        demand, cached_share, warnings = usage_demand(usage, fmt, workload.days_per_month)
    else:
        demand = synthetic_month(workload, parse_burst(burst) if burst else None, f"scenario {scenario_name}")
        cached_share, warnings = workload.cached_input_share, ()
    unit = own_unit(own, context, catalog)
    api = overflow_api(overflow, context, catalog, cached_share)
    capacity = unit_capacity(unit, headroom)
    curve = hybrid_curve(demand, unit.monthly_cost, capacity, unit.min_units, api.bill, unit.gpus_per_replica)
    return HybridStudy(demand, unit, api, headroom, capacity, curve, context, warnings)
