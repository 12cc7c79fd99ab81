"""The uncertain inputs of a scenario and how to price the scenario with some of them moved.

An input is a catalog figure (a ranged field at its low and high, or a point value ±N%)
or a workload figure (users, tokens ±N%; growth ± a number of points). Moving inputs builds a
changed catalog and workload and prices them with ``pricing.resolve``: the money maths stays in
the core.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from xlcost.core.catalog import Case, Catalog
from xlcost.core.catalog.catalog import OPTION_KINDS
from xlcost.core.catalog.rows import Ranged, Row
from xlcost.core.compare import context_for
from xlcost.core.pricing import CostProfile, resolve
from xlcost.core.scenario import Scenario
from xlcost.errors import ScenarioError

WORKLOAD_FIELDS = ("users_per_day", "input_tokens_per_user_day", "output_tokens_per_user_day")
NOT_PRICES = frozenset({"useful_life_months", "vram_gb", "gpus"})  # catalog numbers that are not uncertain prices
DEFAULT_SPREAD = 0.20  # ±20% where the source gives a single figure
DEFAULT_GROWTH_SPREAD = 0.01  # ± one percentage point of monthly growth


@dataclass(frozen=True, slots=True)
class Input:
    """One uncertain figure: where it lives, its low/base/high, and where the range comes from."""

    key: str  # "workload:users_per_day" or "<file>:<row id>:<field>"
    label: str
    low: float
    base: float
    high: float
    basis: str  # "catalog range" or "±20%"
    unit: str = ""

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
    for spec in scenario.options:
        kind, row = catalog.option_row(spec.key)
        for item in _row_inputs(OPTION_KINDS[kind], row, scenario.case, spread, skip=set(spec.overrides)):
            inputs.setdefault(item.key, item)
    hidden = catalog.table("hidden_costs.csv")
    for ident in list(hidden) if "all" in scenario.hidden_costs else scenario.hidden_costs:
        if ident in hidden:
            for item in _row_inputs("hidden_costs.csv", hidden[ident], scenario.case, spread, skip=NOT_PRICES):
                inputs.setdefault(item.key, item)
    for assumption in catalog.table("assumptions.csv").values():
        for item in _row_inputs("assumptions.csv", assumption, scenario.case, spread, skip=NOT_PRICES):
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
    return list(inputs.values())


def _row_inputs(file: str, row: Row, case: Case, spread: float, skip: set[str] | frozenset[str]) -> list[Input]:
    found = []
    for name, value in row:
        if name in skip or name in NOT_PRICES:
            continue
        label = f"{row.id} {name.replace('_', ' ')}"
        key = f"{file}:{row.id}:{name}"
        unit = getattr(row, "unit", "")
        if isinstance(value, Ranged) and value.low < value.high:
            found.append(Input(key, label, value.low, value.at(case), value.high, "catalog range", unit))
        elif isinstance(value, Ranged | float) and not isinstance(value, bool) and spread:
            point = value.low if isinstance(value, Ranged) else value
            if point:
                found.append(
                    Input(key, label, point * (1 - spread), point, point * (1 + spread), f"±{spread:.0%}", unit)
                )
    return found


def with_values(scenario: Scenario, catalog: Catalog, values: Mapping[str, float]) -> tuple[Scenario, Catalog]:
    """The scenario and catalog with the given inputs (by key) set to point values."""
    workload_update = {}
    tables = dict(catalog.tables)
    changed = False
    for key, value in values.items():
        where, _, rest = key.partition(":")
        if where == "workload":
            workload_update[rest] = value
            continue
        row_id, _, field = rest.rpartition(":")
        table = tables[where] = dict(tables[where])
        row = table[row_id]
        current = getattr(row, field)
        table[row_id] = row.model_copy(update={field: Ranged.point(value) if isinstance(current, Ranged) else value})
        changed = True
    if workload_update:
        scenario = scenario.model_copy(update={"workload": scenario.workload.model_copy(update=workload_update)})
    if changed:
        catalog = Catalog(tables=tables, directory=catalog.directory)
    return scenario, catalog


def profiles(scenario: Scenario, catalog: Catalog) -> list[CostProfile]:
    """Every option of the scenario priced by the core."""
    context = context_for(scenario)
    return [resolve(spec, context, catalog) for spec in scenario.options]


def hold_units(scenario: Scenario, catalog: Catalog) -> tuple[Scenario, list[str]]:
    """The scenario with every unit count xlcost sized (GPUs from the workload, one seat per user) fixed
    at its base value, as the workbook writes it: a fleet is bought once, it does not follow each case."""
    specs, notes = [], []
    for spec, profile in zip(scenario.options, profiles(scenario, catalog), strict=True):
        if spec.units is None and profile.units is not None:
            spec = spec.model_copy(update={"units": profile.units})
            notes.append(f"{spec.name}: {profile.units:g} units as sized for the base workload, in every case")
        specs.append(spec)
    return scenario.model_copy(update={"options": specs}), notes
