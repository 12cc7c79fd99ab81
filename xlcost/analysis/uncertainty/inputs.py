"""The uncertain inputs of a scenario and how to price the scenario with some of them moved.

An input is a catalog figure (a ranged field at its low and high, or a point value ±N%),
a workload figure (users, tokens ±N%; growth ± a number of points), or the capacity engine's
throughput estimate, over the error the engine's fit showed on published measurements, when the
engine sizes an option. Moving inputs builds a changed catalog, workload and serving block and
prices them with ``pricing.resolve``: the money maths stays in the core.

The estimate's error (``engines.csv``: the median and worst of max(estimate/measured,
measured/estimate)) is taken as log-normal around the estimate: the log of measured over estimated
is normal with the sigma at which half the draws are further off than the median error (a normal's
median absolute value is 0.6745 sigma), clipped at the worst error seen. The fit's errors come as
ratios either way, so the spread is symmetric in the log, and the worst measurement bounds what is
drawn. Low and high, as the tornado moves them, are that distribution's 10th and 90th percentiles.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass

from xlcost.core.capacity.engines import engine_profile
from xlcost.core.catalog import Case, Catalog
from xlcost.core.catalog.rows import PricedRow, Ranged, Row
from xlcost.core.compare import catalog_for, context_for
from xlcost.core.option_kinds import OPTION_KINDS
from xlcost.core.pricing import CostProfile, resolve
from xlcost.core.scenario import Scenario
from xlcost.core.sizing import ENGINE_ROW
from xlcost.errors import ScenarioError

WORKLOAD_FIELDS = ("users_per_day", "input_tokens_per_user_day", "output_tokens_per_user_day")
NOT_PRICES = frozenset({"useful_life_months", "vram_gb", "gpus"})  # catalog numbers that are not uncertain prices
DEFAULT_SPREAD = 0.20  # ±20% where the source gives a single figure
DEFAULT_GROWTH_SPREAD = 0.01  # ± one percentage point of monthly growth
THROUGHPUT = "serving:throughput_scale"
HALF_WITHIN = 0.6745  # half a normal's draws lie within this many sigmas of its centre
Z90 = 1.2816  # a normal's 90th percentile, in sigmas


@dataclass(frozen=True, slots=True)
class Input:
    """One uncertain figure: where it lives, its low/base/high, and where the range comes from."""

    key: str  # "workload:users_per_day" or "<file>:<row id>:<field>"
    label: str
    low: float
    base: float
    high: float
    basis: str  # "catalog range", "±20%" or the measured error it comes from
    unit: str = ""
    to_display: float = 1.0  # times a money figure, in the scenario currency (low/base/high stay the row's)

    @property
    def shown(self) -> tuple[float, float, float]:
        """Low, base and high as a reader sees them: money in the scenario currency."""
        return self.low * self.to_display, self.base * self.to_display, self.high * self.to_display

    log_normal: tuple[float, float] | None = None  # (sigma of the log, worst factor): drawn so, not from low/high

    @property
    def is_share(self) -> bool:
        """A share (growth a month, a residual share of cost): shown as a percentage."""
        return self.unit.startswith("share")


def uncertain_inputs(
    scenario: Scenario,
    catalog: Catalog,
    *,
    spread: float = DEFAULT_SPREAD,
    workload_spread: float | None = None,
    growth_spread: float = DEFAULT_GROWTH_SPREAD,
) -> list[Input]:
    """Every figure that can move a scenario's cost: its options' catalog rows, the assumptions, the workload."""
    for name, value in (("spread", spread), ("workload_spread", workload_spread), ("growth_spread", growth_spread)):
        if value is not None and not 0 <= value < 1:
            raise ScenarioError(f"{name} must be a share between 0 and 1 (got {value})")
    inputs: dict[str, Input] = {}
    catalog = catalog_for(scenario, catalog)

    def shown_in(row_currency: str) -> float:
        return catalog.fx_rate(row_currency, scenario.currency)

    for spec in scenario.options:
        kind, row = catalog.option_row(spec.key)
        for item in _row_inputs(OPTION_KINDS[kind], row, scenario.case, spread, set(spec.overrides), shown_in):
            inputs.setdefault(item.key, item)
    hidden = catalog.table("hidden_costs.csv")
    for ident in list(hidden) if "all" in scenario.hidden_costs else scenario.hidden_costs:
        if ident in hidden:
            for item in _row_inputs("hidden_costs.csv", hidden[ident], scenario.case, spread, NOT_PRICES, shown_in):
                inputs.setdefault(item.key, item)
    for assumption in catalog.table("assumptions.csv").values():
        for item in _row_inputs("assumptions.csv", assumption, scenario.case, spread, NOT_PRICES, shown_in):
            inputs.setdefault(item.key, item)
    w, ws = scenario.workload, spread if workload_spread is None else workload_spread
    for name in WORKLOAD_FIELDS:
        value = getattr(w, name)
        if value and ws:
            inputs[f"workload:{name}"] = Input(
                f"workload:{name}", name.replace("_", " "), value * (1 - ws), value, value * (1 + ws), f"±{ws:.0%}"
            )
    if growth_spread:
        g = w.monthly_growth
        inputs["workload:monthly_growth"] = Input(
            "workload:monthly_growth",
            "monthly growth",
            max(g - growth_spread, -0.99),
            g,
            g + growth_spread,
            f"±{growth_spread * 100:g} points",
            "share a month",
        )
    throughput = _throughput_input(scenario, catalog)
    if throughput is not None:
        inputs[throughput.key] = throughput
    return list(inputs.values())


def engine_sized(profile: CostProfile) -> bool:
    """Whether the capacity engine sized the option's units (so its estimate's error moves them)."""
    return profile.sizing is not None and profile.sizing.throughput_row == ENGINE_ROW


def _throughput_input(scenario: Scenario, catalog: Catalog) -> Input | None:
    """The engine's throughput estimate over its measured error, when the engine sizes an option."""
    if scenario.throughput_basis != "engine" or not any(engine_sized(p) for p in profiles(scenario, catalog)):
        return None
    engine = engine_profile(scenario.serving.engine, catalog.directory)
    if engine.median_error is None or engine.median_error <= 1:
        return None
    sigma = math.log(engine.median_error) / HALF_WITHIN
    worst = max(engine.worst_error or 1.0, math.exp(Z90 * sigma))
    base, band = scenario.serving.throughput_scale, math.exp(Z90 * sigma)
    basis = (
        f"{engine.name} estimate's error on {engine.measurements} measurements: median x{engine.median_error:g}, "
        f"worst x{worst:g}; P10-P90 of a log-normal"
    )
    label = f"throughput per GPU ({engine.name} estimate)"
    return Input(THROUGHPUT, label, base / band, base, base * band, basis, "x estimate", log_normal=(sigma, worst))


def _row_inputs(
    file: str,
    row: Row,
    case: Case,
    spread: float,
    skip: set[str] | frozenset[str],
    shown_in: Callable[[str], float],
) -> list[Input]:
    """The row's uncertain figures; ``shown_in`` gives the rate from a currency into the one shown."""
    found = []
    money = row.MONEY if isinstance(row, PricedRow) else ()
    rate = shown_in(row.currency) if isinstance(row, PricedRow) else 1.0
    for name, value in row:
        if name in skip or name in NOT_PRICES:
            continue
        label = f"{row.id} {name.replace('_', ' ')}"
        key = f"{file}:{row.id}:{name}"
        unit = getattr(row, "unit", "")
        shown = rate if name in money else 1.0
        if isinstance(value, Ranged) and value.low < value.high:
            found.append(Input(key, label, value.low, value.at(case), value.high, "catalog range", unit, shown))
        elif isinstance(value, Ranged | float) and not isinstance(value, bool) and spread:
            point = value.low if isinstance(value, Ranged) else value
            if point:
                low, high = point * (1 - spread), point * (1 + spread)
                found.append(Input(key, label, low, point, high, f"±{spread:.0%}", unit, shown))
    return found


def with_values(scenario: Scenario, catalog: Catalog, values: Mapping[str, float]) -> tuple[Scenario, Catalog]:
    """The scenario and catalog with the given inputs (by key) set to point values."""
    workload_update: dict[str, float] = {}
    serving_update: dict[str, float] = {}
    tables = dict(catalog.tables)
    changed = False
    for key, value in values.items():
        where, _, rest = key.partition(":")
        if where in ("workload", "serving"):
            (workload_update if where == "workload" else serving_update)[rest] = value
            continue
        row_id, _, field = rest.rpartition(":")
        table = tables[where] = dict(tables[where])
        row = table[row_id]
        current = getattr(row, field)
        table[row_id] = row.model_copy(update={field: Ranged.point(value) if isinstance(current, Ranged) else value})
        changed = True
    if workload_update:
        scenario = scenario.model_copy(update={"workload": scenario.workload.model_copy(update=workload_update)})
    if serving_update:
        scenario = scenario.model_copy(update={"serving": scenario.serving.model_copy(update=serving_update)})
    if changed:
        catalog = Catalog(tables=tables, directory=catalog.directory)
    return scenario, catalog


def profiles(scenario: Scenario, catalog: Catalog) -> list[CostProfile]:
    """Every option of the scenario priced by the core, at the scenario's own exchange rates."""
    context, catalog = context_for(scenario), catalog_for(scenario, catalog)
    return [resolve(spec, context, catalog) for spec in scenario.options]


def hold_units(scenario: Scenario, catalog: Catalog, resized: Collection[int] = ()) -> tuple[Scenario, list[str]]:
    """The scenario with every unit count xlcost sized (GPUs from the workload, one seat per user) fixed
    at its base value, as the workbook writes it: a fleet is bought once, it does not follow each case.
    The options ``resized`` (by index) are re-sized per draw for the throughput estimate's error, and say so."""
    specs, notes = [], []
    for k, (spec, profile) in enumerate(zip(scenario.options, profiles(scenario, catalog), strict=True)):
        if spec.units is None and profile.units is not None:
            spec = spec.model_copy(update={"units": profile.units})
            cases = "re-sized for the throughput estimate's error in each draw" if k in resized else "in every case"
            notes.append(f"{spec.name}: {profile.units:g} units as sized for the base workload, {cases}")
        specs.append(spec)
    return scenario.model_copy(update={"options": specs}), notes
