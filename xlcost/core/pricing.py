"""Turn an option key plus a workload into a cost profile: upfront, flat monthly, usage-driven monthly.

Every option kind reduces to these three numbers, so schedules, TCO, NPV and breakeven are
computed once for all kinds (see ``xlcost.core.money``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import Any, TypeVar, overload

import numpy as np
from numpy.typing import ArrayLike
from pydantic import ValidationError

from xlcost.core import billing
from xlcost.core.catalog import Case, Catalog
from xlcost.core.catalog.catalog import TARIFF_CURRENCY
from xlcost.core.catalog.loader import is_ranged
from xlcost.core.catalog.rows import (
    ApiPrice,
    GpuRental,
    HiddenCost,
    OnPremTier,
    PricedRow,
    Purchase,
    Row,
    SeatProduct,
)
from xlcost.core.scenario import DEFAULT_CURRENCY, DEFAULT_MODEL_SIZE, DEFAULT_REQUESTS, OptionSpec, Serving, Workload
from xlcost.core.sizing import Sizing, size_gpus
from xlcost.errors import CapacityError, CatalogError, ScenarioError, describe_validation_error

TOKENS_PER_MTOK = billing.TOKENS_PER_MTOK
MONTHS_PER_YEAR = 12

PricedRowT = TypeVar("PricedRowT", bound=PricedRow)


@dataclass(frozen=True, slots=True)
class CostLine:
    """One named part of an option's cost, in the result currency."""

    label: str
    timing: str  # "upfront" (month 1), "monthly" (flat) or "monthly, usage" (scales with users)
    amount: float


@dataclass(frozen=True, slots=True)
class CostProfile:
    """An option reduced to what the money maths needs, plus how it got there."""

    key: str
    name: str
    kind: str
    currency: str
    upfront: float
    fixed_monthly: float
    variable_monthly: float
    units: float | None
    sizing: Sizing | None
    useful_life_months: int | None
    residual_share: float
    lines: tuple[CostLine, ...]
    row: Row
    warnings: tuple[str, ...] = ()  # valid but doubtful: fewer units than the load needs
    shortfall: Shortfall | None = None  # units fixed below the load: GPUs priced and needed

    def with_amounts(self, upfront: Any, fixed_monthly: Any, variable_monthly: Any, units: Any) -> CostProfile:
        """The same option at other amounts (numbers or arrays), as ``xlcost.core.vector`` scales it; sizing left out.

        Any: numbers or arrays, which the float fields then hold (``core.vector``). A direct constructor call: ``dataclasses.replace`` costs more than an Excel function's whole answer.
        """
        return CostProfile(
            key=self.key,
            name=self.name,
            kind=self.kind,
            currency=self.currency,
            upfront=upfront,
            fixed_monthly=fixed_monthly,
            variable_monthly=variable_monthly,
            units=units,
            sizing=None,
            useful_life_months=self.useful_life_months,
            residual_share=self.residual_share,
            lines=self.lines,
            row=self.row,
            warnings=self.warnings,
            shortfall=self.shortfall,
        )


@dataclass(frozen=True, slots=True)
class Context:
    """Scenario-wide settings an option is priced under."""

    workload: Workload
    currency: str = DEFAULT_CURRENCY
    case: Case = "mid"
    model_size: str = DEFAULT_MODEL_SIZE
    throughput_basis: str = "seed"
    serving: Serving | None = None  # what the capacity engine sizes for (throughput_basis "engine")
    hidden_costs: tuple[str, ...] = ()  # ids from hidden_costs.csv, or ("all",)


def resolve(spec: OptionSpec, context: Context, catalog: Catalog) -> CostProfile:
    """Price one option for the context's workload."""
    kind, row = catalog.option_row(spec.key)
    row = _with_overrides(row, spec, context.currency, catalog)
    case = spec.case or context.case
    fx = catalog.fx_rate(row.currency, context.currency)
    from xlcost.core.option_kinds import KIND  # the registry imports this module's builders

    lines, units, sizing, life = KIND[kind].builder(spec, row, context, catalog, case, fx)
    lines.extend(_hidden_cost_lines(kind, context, catalog, case))
    if spec.extra_per_year:
        lines.append(
            CostLine(spec.extra_label or "other yearly cost", "monthly", spec.extra_per_year / MONTHS_PER_YEAR)
        )
    sizing_warnings = (sizing.warning,) if sizing is not None and sizing.warning else ()
    shortfall, short_warnings = _shortfall(spec, row, units, context, catalog, case)
    cards_only = gpu_cards_only(kind, row, catalog)
    scope = (
        (
            f"{spec.key}: {GPU_CARDS_ONLY}, no server, hosting, staff or maintenance: add them with "
            "extra_per_year, or compare an onprem build",
        )
        if cards_only
        else ()
    )
    caveat = KIND[kind].caveat
    return CostProfile(
        warnings=sizing_warnings + short_warnings + scope + ((f"{spec.key}: {caveat}",) if caveat else ()),
        shortfall=shortfall,
        key=spec.key,
        name=_shown_name(spec, cards_only),
        kind=kind,
        currency=context.currency,
        upfront=sum(line.amount for line in lines if line.timing == "upfront"),
        fixed_monthly=sum(line.amount for line in lines if line.timing == "monthly"),
        variable_monthly=sum(line.amount for line in lines if line.timing == "monthly, usage"),
        units=units,
        sizing=sizing,
        useful_life_months=life,
        residual_share=catalog.assumption("residual_share", case) if life else 0.0,
        lines=tuple(lines),
        row=row,
    )


GPU_CARDS_ONLY = "GPU cards only"


def gpu_cards_only(kind: str, row: Row, catalog: Catalog) -> bool:
    """A ``buy`` row that is a GPU (a gpus.csv id) prices the cards alone: no server, hosting, staff or
    maintenance, unlike a workstation row or an ``onprem`` build."""
    return kind == "buy" and row.id in catalog.table("gpus.csv")


def _shown_name(spec: OptionSpec, cards_only: bool) -> str:
    """The option's name, saying "GPU cards only" wherever a bare GPU purchase is shown (unless its label does)."""
    if not cards_only or GPU_CARDS_ONLY.lower() in spec.name.lower():
        return spec.name
    return f"{spec.name} ({GPU_CARDS_ONLY})"


def api_monthly_cost(row: ApiPrice, workload: Workload, requests_per_user_day: float = DEFAULT_REQUESTS) -> float:
    """Month-1 API bill in the row's currency, by the vendor's rules (``billing.token_cost``)."""
    w = workload
    user_days = w.users_per_day * w.days_per_month
    tokens_in, tokens_out = user_days * w.input_tokens_per_user_day, user_days * w.generated_tokens_per_user_day
    requests = user_days * requests_per_user_day
    return float(billing.token_cost(row, tokens_in, tokens_out, billing.Terms.of(w), requests))


def api_token_cost(
    row: ApiPrice, input_tokens: ArrayLike, output_tokens: ArrayLike, cached_input_share: float
) -> np.ndarray:
    """The API bill for token counts (numbers or numpy arrays) in the row's currency, requests unknown.

    Input tokens are billed at the input price blended with the cached-input price by the cached share.
    """
    bill: np.ndarray = np.asarray(
        billing.token_cost(row, input_tokens, output_tokens, billing.Terms(cached_input_share=cached_input_share))
    )
    return bill


#: what a kind's builder (``option_kinds.OptionKind.builder``) returns: its cost lines, units, sizing and
#: useful life in months.
Built = tuple[list[CostLine], float | None, Sizing | None, int | None]


def build_api(spec: OptionSpec, row: ApiPrice, context: Context, catalog: Catalog, case: Case, fx: float) -> Built:
    requests = DEFAULT_REQUESTS if context.serving is None else context.serving.requests_per_user_day
    rules = billing.rules_applied(row, context.workload, requests)
    label = f"API tokens ({row.name}{'; ' if rules else ''}{'; '.join(rules)})"
    return (
        [CostLine(label, "monthly, usage", api_monthly_cost(row, context.workload, requests) * fx)],
        None,
        None,
        None,
    )


def build_rent(spec: OptionSpec, row: GpuRental, context: Context, catalog: Catalog, case: Case, fx: float) -> Built:
    units, sizing = _gpu_units(spec, row.sized_gpu, context, catalog, case)
    price = _required(row, "reserved_monthly", spec)
    return [CostLine(f"reserved rental {units:g} x {row.id}", "monthly", units * price * fx)], units, sizing, None


def build_rent_hourly(
    spec: OptionSpec, row: GpuRental, context: Context, catalog: Catalog, case: Case, fx: float
) -> Built:
    return _by_the_hour("on-demand", "on_demand_hourly", spec, row, context, catalog, case, fx)


def build_rent_spot(
    spec: OptionSpec, row: GpuRental, context: Context, catalog: Catalog, case: Case, fx: float
) -> Built:
    return _by_the_hour("spot", "spot_hourly", spec, row, context, catalog, case, fx)


def _by_the_hour(
    what: str, field: str, spec: OptionSpec, row: GpuRental, context: Context, catalog: Catalog, case: Case, fx: float
) -> Built:
    """GPUs rented by the hour at the row's ``field`` price, for the option's hours a month (default: always on)."""
    units, sizing = _gpu_units(spec, row.sized_gpu, context, catalog, case)
    price = _required(row, field, spec)
    hours = catalog.assumption("hours_per_month") if spec.hours_per_month is None else spec.hours_per_month
    line = CostLine(f"{what} rental {units:g} x {row.id} x {hours:g} h", "monthly", units * price * hours * fx)
    return [line], units, sizing, None


def build_buy(spec: OptionSpec, row: Purchase, context: Context, catalog: Catalog, case: Case, fx: float) -> Built:
    if row.id in catalog.table("gpus.csv"):
        units, sizing = _gpu_units(spec, row.id, context, catalog, case)
    elif spec.units is None and row.gpu is not None and row.gpus is not None:
        units, sizing = _whole_units(row.id, "machine", "", row.gpu, row.gpus, context, catalog, case)
    else:
        units, sizing = (1.0 if spec.units is None else spec.units), None
    lines = [CostLine(f"purchase {units:g} x {row.id}", "upfront", units * row.purchase_price * fx)]
    if spec.include_power:
        power_kw = _required(row, "power_kw", spec)
        tariff = catalog.assumption("electricity_price", case) * catalog.fx_rate(TARIFF_CURRENCY, context.currency)
        kwh = units * power_kw * catalog.assumption("hours_per_month") * catalog.assumption("pue", case)
        lines.append(CostLine("electricity", "monthly", kwh * tariff))
    return lines, units, sizing, row.useful_life_months


def _whole_units(
    ident: str, noun: str, holding: str, gpu: str, per_unit: float, context: Context, catalog: Catalog, case: Case
) -> tuple[float, Sizing]:
    """Whole units of ``per_unit`` GPUs (bought machines, on-prem builds) holding the GPUs the load needs, at
    least one, the reason naming them: "3 light builds of up to 2 x a100-40g, for ..."."""
    sizing = replace(sizing_for(context, catalog, gpu, case), gpus_per_unit=per_unit)
    units = float(sizing.units(sizing.gpus))
    plural = "s" if units > 1 else ""
    reason = f"{units:g} {ident} {noun}{plural} of {holding}{per_unit:g} x {gpu}, for {sizing.reason}"
    return units, replace(sizing, reason=reason)


def build_onprem(spec: OptionSpec, row: OnPremTier, context: Context, catalog: Catalog, case: Case, fx: float) -> Built:
    builds, sizing = _builds(spec, row, context, catalog, case)
    scale = 1.0 if builds is None else builds
    lines = [
        CostLine(f"{name} ({row.id})", "upfront", scale * getattr(row, name).at(case) * fx) for name in row.CAPEX_LINES
    ]
    for name in row.OPEX_LINES:
        yearly = _required(row, name, spec)
        lines.append(
            CostLine(
                f"{name.removesuffix('_year')} ({row.id})", "monthly", scale * yearly.at(case) / MONTHS_PER_YEAR * fx
            )
        )
    return lines, builds, sizing, int(catalog.assumption("useful_life_months"))


def _builds(
    spec: OptionSpec, row: OnPremTier, context: Context, catalog: Catalog, case: Case
) -> tuple[float | None, Sizing | None]:
    """Builds of a tier: the scenario's ``units``; else, under the capacity engine, enough of them to hold
    the GPUs the load needs (a build holds up to ``gpus_high`` of its GPU); else one (seed 002's reading)."""
    if spec.units is not None:
        return spec.units, None
    gpu = spec.gpu or row.gpu
    if context.throughput_basis != "engine" or gpu is None or row.gpus is None:
        return None, None
    builds, sizing = _whole_units(row.id, "build", "up to ", gpu, row.gpus.high, context, catalog, case)
    if sizing.gpus_per_replica > row.gpus.high:
        warning = (
            f"onprem:{row.id}: one replica needs {sizing.gpus_per_replica} x {gpu}, more than a {row.id} build "
            f"holds ({row.gpus.high:g}): choose a larger tier or another gpu"
        )
        sizing = replace(sizing, warning=warning)
    return builds, sizing


def build_seat(spec: OptionSpec, row: SeatProduct, context: Context, catalog: Catalog, case: Case, fx: float) -> Built:
    units = seats_for(context.workload.users_per_day) if spec.units is None else spec.units
    monthly = units * row.price_per_seat_year.at(case) / MONTHS_PER_YEAR * fx
    return [CostLine(f"subscription {units:g} seats ({row.id})", "monthly", monthly)], units, None, None


@overload
def seats_for(users_per_day: float) -> float: ...
@overload
def seats_for(users_per_day: np.ndarray) -> np.ndarray: ...
def seats_for(users_per_day: float | np.ndarray) -> float | np.ndarray:
    """Seats when none are given: one per daily user, rounded up (numpy arrays give arrays)."""
    if isinstance(users_per_day, int | float):
        return float(math.ceil(users_per_day))
    seats: np.ndarray = np.ceil(users_per_day)
    return seats


def hidden_cost_rows(kind: str, context: Context, catalog: Catalog) -> list[HiddenCost]:
    """The hidden costs the scenario switched on that apply to this option kind, in the order asked for."""
    if not context.hidden_costs:
        return []
    table = catalog.rows("hidden_costs.csv", HiddenCost)
    wanted = list(table) if "all" in context.hidden_costs else context.hidden_costs
    for ident in wanted:
        if ident not in table:
            raise ScenarioError(f"hidden_costs: unknown id '{ident}' (hidden_costs.csv has: {', '.join(table)})")
    return [table[ident] for ident in wanted if kind in table[ident].kinds]


def _hidden_cost_lines(kind: str, context: Context, catalog: Catalog, case: Case) -> list[CostLine]:
    """The hidden costs the scenario switched on that apply to this option kind, marked as such."""
    lines = []
    for row in hidden_cost_rows(kind, context, catalog):
        yearly = row.amount.at(case) * catalog.fx_rate(row.currency, context.currency)
        if row.per == "user-year":
            yearly *= context.workload.users_per_day
        lines.append(CostLine(f"hidden cost: {row.name} ({row.source})", "monthly", yearly / MONTHS_PER_YEAR))
    return lines


@dataclass(frozen=True, slots=True)
class Shortfall:
    """Fewer GPUs priced than the workload needs at its busiest hour, as a warning and the audit say it."""

    priced: str  # what the scenario fixed: "1 x h100-80g", "2 standard builds"
    priced_gpus: float
    need: Sizing


def covers_load(units: float, need: Sizing, gpus: float | np.ndarray | None = None) -> bool | np.ndarray:
    """Whether ``units`` (each holding ``need.gpus_per_unit`` GPUs) cover the GPUs needed: ``need.gpus``, or
    ``gpus`` at other loads (an array, one per workload). The workbook's ``rules.short_of_load`` mirrors it."""
    return units * need.gpus_per_unit >= (need.gpus if gpus is None else gpus)


def capacity_need(spec: OptionSpec, context: Context, catalog: Catalog) -> Sizing | None:
    """GPUs of the option's type its workload needs, units fixed or not, with the GPUs one unit holds.

    None where a unit is not a GPU (an API, seats, hardware not in gpus.csv, an on-prem tier naming none).
    Raises ``CapacityError`` when no configuration holds the model."""
    _, row = catalog.option_row(spec.key)
    return _need(spec, row, context, catalog, spec.case or context.case)


def unit_gpus(spec: OptionSpec, row: Row) -> tuple[str | None, float | None]:
    """The GPU one priced unit of an option holds, and how many: a rented GPU, a bought GPU or machine (its
    ``gpu`` and ``gpus``), an on-prem build (the scenario's ``gpu`` or the tier's, up to its most); none else."""
    if isinstance(row, OnPremTier):
        return spec.gpu or row.gpu, row.gpus.high if row.gpus else None
    if isinstance(row, GpuRental):
        return row.sized_gpu, 1.0
    if isinstance(row, Purchase):
        return (row.id, 1.0) if row.gpu is None else (row.gpu, row.gpus)
    return None, None


def _need(spec: OptionSpec, row: Row, context: Context, catalog: Catalog, case: Case) -> Sizing | None:
    gpu, per_unit = unit_gpus(spec, row)
    if gpu is None or per_unit is None or gpu not in catalog.table("gpus.csv"):
        return None
    return replace(sizing_for(context, catalog, gpu, case), gpus_per_unit=per_unit)


def _shortfall(
    spec: OptionSpec, row: Row, units: float | None, context: Context, catalog: Catalog, case: Case
) -> tuple[Shortfall | None, tuple[str, ...]]:
    """A unit count the scenario fixed below what the workload needs, and the warning said where the cost is shown.

    A unit is a GPU, or for an on-prem tier a build of up to its ``gpus_high`` GPUs."""
    if spec.units is None or units is None:
        return None, ()
    if isinstance(row, OnPremTier):
        what = f"{units:g} {row.id} build{'s' if units != 1 else ''}"
    else:
        what = f"{units:g} x {row.id}"
    try:
        need = _need(spec, row, context, catalog, case)
    except CapacityError as exc:
        return None, (f"{spec.key}: {what} priced, but {exc}",)
    if need is None or covers_load(units, need):
        return None, ()
    warning = (
        f"{spec.key}: {what} priced, but the workload needs {need.gpus} x {need.gpu} at its busiest hour "
        f"({need.reason}); the cost understates what serving this load takes"
    )
    return Shortfall(what, units * need.gpus_per_unit, need), (warning,)


def sizing_for(context: Context, catalog: Catalog, gpu: str, case: Case) -> Sizing:
    """GPUs of one type the context's workload needs, on the context's basis (and serving, for the engine)."""
    return size_gpus(
        context.workload,
        catalog,
        model_size=context.model_size,
        gpu=gpu,
        basis=context.throughput_basis,
        case=case,
        serving=context.serving,
    )


def _gpu_units(
    spec: OptionSpec, gpu: str, context: Context, catalog: Catalog, case: Case
) -> tuple[float, Sizing | None]:
    if spec.units is not None:
        return spec.units, None
    sizing = sizing_for(context, catalog, gpu, case)
    return float(sizing.gpus), sizing


def _required(row: Row, field: str, spec: OptionSpec) -> Any:  # the field's value, whatever its type
    value = getattr(row, field)
    if value is None:
        raise CatalogError(
            f"option '{spec.key}': the catalog row '{row.id}' has no {field}; fill it in the catalog "
            f"or give it in the scenario's overrides"
        )
    return value


def _with_overrides(row: PricedRowT, spec: OptionSpec, currency: str, catalog: Catalog) -> PricedRowT:
    """Apply the scenario's field overrides (a vendor quote, say) and re-validate the row. A quote is in the
    option's ``currency`` (default: the scenario's), so the row is first restated in it: a $1,500 quote in a
    USD scenario is $1,500, not ¥1,500."""
    if not spec.overrides:
        return row
    quoted = spec.currency or currency
    if quoted != row.currency:
        row = row.in_currency(quoted, catalog.fx_rate(row.currency, quoted))
    model = type(row)
    data = row.model_dump()
    for field, value in spec.overrides.items():
        if field not in model.model_fields or field in ("id", "kind", "currency"):
            raise ScenarioError(
                f"option '{spec.key}': overrides: '{field}' is not a price field of {model.__name__}"
                + (" (give the quote's currency as the option's currency)" if field == "currency" else "")
            )
        data[field] = {"low": value, "high": value} if is_ranged(model, field) else value
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ScenarioError(describe_validation_error(exc, where=f"option '{spec.key}' overrides")) from None
