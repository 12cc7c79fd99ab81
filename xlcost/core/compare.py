"""Evaluate a scenario: every option's TCO, NPV, cost per 1M tokens, schedule, and pairwise breakevens."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from itertools import combinations
from typing import TYPE_CHECKING

from xlcost.core import money, served
from xlcost.core.catalog import Catalog, load_catalog
from xlcost.core.catalog.rows import ApiPrice, FxRate, Row
from xlcost.core.option_kinds import OPTION_KINDS, SELF_HOSTED_KINDS
from xlcost.core.plausibility import scenario_warnings
from xlcost.core.pricing import Context, CostProfile, hidden_cost_rows, resolve
from xlcost.core.scenario import Scenario, Workload

if TYPE_CHECKING:  # pandas loads with the first schedule or table, not with the core
    import pandas as pd


@dataclass(frozen=True)
class OptionResult:
    """One option's figures over the scenario horizon, in the scenario currency."""

    profile: CostProfile
    tco: float
    npv: float
    cost_per_mtok: float | None
    annual_cost: float
    workload: Workload
    serves: str | None = None  # the model it serves, with its size (None: not known, a seat subscription)

    @cached_property
    def schedule(self) -> pd.DataFrame:
        """The monthly schedule, built when first read (most callers only need the totals)."""
        return money.schedule(self.profile, self.workload)


@dataclass(frozen=True)
class Comparison:
    """The answer to a scenario; ``results`` keep the scenario's option order."""

    scenario: Scenario
    currency: str
    discount_rate: float
    results: list[OptionResult]
    breakevens: list[money.Breakeven]
    scenario_warnings: tuple[str, ...] = ()  # valid but implausible inputs (``core.plausibility``)
    price_rows: tuple[tuple[str, Row], ...] = ()  # (catalog file, row) of every price the answer reads

    @property
    def cheapest(self) -> OptionResult:
        return min(self.results, key=lambda r: r.tco)

    @property
    def warnings(self) -> tuple[str, ...]:
        """The scenario's implausible inputs, then every option's caveats (a unit count below the load, a
        latency target no replica meets)."""
        return self.scenario_warnings + tuple(w for r in self.results for w in r.profile.warnings)

    @property
    def oldest_price(self) -> tuple[str, Row] | None:
        """The price row with the earliest as-of date among those the answer reads (options and hidden
        costs; not FX, throughput benchmarks or assumptions such as the discount rate)."""
        return min(self.price_rows, key=lambda found: found[1].as_of, default=None)

    @property
    def like_for_like(self) -> str | None:
        """Says so when the API options and the self-hosted ones serve different models."""
        sides: dict[str, set[str]] = {}
        for r in self.results:
            side = "api" if r.profile.kind == "api" else "self-hosted"
            if r.serves is not None:
                sides.setdefault(side, set()).add(r.serves)
        return served.like_for_like(sides)

    def table(self) -> pd.DataFrame:
        """One row per option: what the CLI prints and the workbook's Summary shows."""
        import pandas as pd

        return pd.DataFrame(
            {
                "option": [r.profile.name for r in self.results],
                "units": [r.profile.units for r in self.results],
                "upfront": [r.profile.upfront for r in self.results],
                "monthly_month1": [r.profile.fixed_monthly + r.profile.variable_monthly for r in self.results],
                "tco": [r.tco for r in self.results],
                "npv": [r.npv for r in self.results],
                "cost_per_mtok": [r.cost_per_mtok for r in self.results],
            }
        )


def context_for(scenario: Scenario) -> Context:
    return Context(
        workload=scenario.workload,
        currency=scenario.currency,
        case=scenario.case,
        model_size=scenario.model_size,
        throughput_basis=scenario.throughput_basis,
        serving=scenario.serving,
        hidden_costs=tuple(scenario.hidden_costs),
    )


def catalog_for(scenario: Scenario, catalog: Catalog) -> Catalog:
    """The catalog with the scenario's own exchange rates (``fx``): what every price of it converts by."""
    if not scenario.fx:
        return catalog
    rates = [
        FxRate(
            id=entry.currency.lower(),
            kind="fx",
            currency=entry.currency,
            rate_to_cny=entry.rate_to_cny,
            unit=f"CNY per {entry.currency}",
            source=entry.source,
            as_of=entry.as_of,
            notes="from the scenario",
        )
        for entry in scenario.fx
    ]
    return catalog.with_rates(rates)


def compare(scenario: Scenario, catalog: Catalog | None = None) -> Comparison:
    """Price every option of the scenario and every pair's breakeven."""
    catalog = catalog_for(scenario, catalog or load_catalog())
    context = context_for(scenario)
    rate = catalog.assumption("discount_rate") if scenario.discount_rate is None else scenario.discount_rate
    workload = scenario.workload
    profiles = [resolve(spec, context, catalog) for spec in scenario.options]
    own = (  # what every self-hosted option serves: named once
        served.self_hosted_model(scenario.serving.model, scenario.model_size, catalog)
        if any(p.kind in SELF_HOSTED_KINDS for p in profiles)
        else None
    )
    results = []
    for profile in profiles:
        results.append(
            OptionResult(
                profile=profile,
                tco=money.tco(profile, workload),
                npv=money.npv(profile, workload, rate),
                cost_per_mtok=money.cost_per_mtok(profile, workload),
                annual_cost=money.annual_cost(profile),
                workload=workload,
                serves=_serves(profile, own, catalog),
            )
        )
    pairs = money.breakevens([(a.profile, b.profile) for a, b in combinations(results, 2)], workload)
    warnings = scenario_warnings(scenario, context, catalog)
    return Comparison(
        scenario, scenario.currency, rate, results, pairs, warnings, _price_rows(results, context, catalog)
    )


def _price_rows(results: list[OptionResult], context: Context, catalog: Catalog) -> tuple[tuple[str, Row], ...]:
    found: dict[tuple[str, str], Row] = {}
    for r in results:
        found[(OPTION_KINDS[r.profile.kind], r.profile.row.id)] = r.profile.row
        for row in hidden_cost_rows(r.profile.kind, context, catalog):
            found[("hidden_costs.csv", row.id)] = row
    return tuple((file, row) for (file, _), row in found.items())


def _serves(profile: CostProfile, own: str | None, catalog: Catalog) -> str | None:
    """The model an option serves: an API's own, ``own`` for a self-hosted option, None for a seat."""
    if isinstance(profile.row, ApiPrice):
        return served.api_model(profile.row, catalog)
    return own if profile.kind in SELF_HOSTED_KINDS else None
