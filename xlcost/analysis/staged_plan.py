"""Hybrid staged plan (seed 002 §7): start on the API, move to rented GPUs, then to owned ones.

Every pair of switch months is costed from the core's month-by-month cost of each option
(``core.monthly_fleet``: upfront paid at the start of the month the stage begins and for each unit
added, running costs grown by the workload, sized GPUs or builds re-sized each month as users grow,
an owned fleet never shrinking), plus the one-off switching costs. The pure strategies are among the
candidates, so the plan found is never dearer than the cheapest of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlcost.core.catalog import Catalog
from xlcost.core.compare import context_for
from xlcost.core.monthly_fleet import MonthlyFleet, monthly_fleet
from xlcost.core.option_kinds import STAGE_KINDS, STAGE_OWNED, STAGE_RENTED, STAGES
from xlcost.core.plausibility import scenario_warnings
from xlcost.core.scenario import Scenario
from xlcost.errors import ScenarioError
from xlcost.limits import MAX_AMOUNT, in_range

STAGE_OPTION_KINDS = frozenset(kind for kinds in STAGE_KINDS for kind in kinds)


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    option: str  # the option's label, as reports show it
    first_month: int
    last_month: int
    option_key: str
    units: tuple[float, ...] = ()  # units in service each month of the stage (GPUs, builds); none for an API


@dataclass(frozen=True)
class StagedPlan:
    """The cheapest staged plan, the pure strategies it was weighed against, and its monthly cash."""

    stages: tuple[Stage, ...]  # only stages that last at least one month
    tco: float
    pure: dict[str, float]  # stage name -> TCO of staying on that option throughout
    monthly: np.ndarray  # cash cost per month of the plan, switching costs included
    switch_to_rent: float
    switch_to_own: float
    warnings: tuple[str, ...] = ()  # the stage options' caveats (a unit count below the load ...)

    @property
    def saving(self) -> float:
        """How much the plan saves against the cheapest pure strategy (0 when it is one)."""
        return min(self.pure.values()) - self.tco


def staged_plan(
    scenario: Scenario,
    catalog: Catalog,
    *,
    options: tuple[str | None, str | None, str | None] = (None, None, None),
    switch_to_rent: float = 0.0,
    switch_to_own: float = 0.0,
) -> StagedPlan:
    """Cheapest months to move API -> rented -> owned; ``options`` picks each stage's option key
    (default: the scenario's cheapest option of that kind). Sized units follow each month's load."""
    for name, value in (("switch_to_rent", switch_to_rent), ("switch_to_own", switch_to_own)):
        in_range(value, name, 0, MAX_AMOUNT, ScenarioError)
    context = context_for(scenario)
    staged = [spec for spec in scenario.options if catalog.option_row(spec.key)[0] in STAGE_OPTION_KINDS]
    fleets = [monthly_fleet(spec, context, catalog) for spec in staged]
    chosen = [_stage_option(scenario, fleets, stage, wanted) for stage, wanted in enumerate(options)]
    n = scenario.months
    costs = [fleet.stage_costs(keep=stage == STAGE_OWNED) for stage, fleet in enumerate(chosen)]
    # s1 = first rented month, s2 = first owned month; 1 <= s1 <= s2 <= n + 1 (n + 1: never)
    s1, s2 = np.meshgrid(np.arange(1, n + 2), np.arange(1, n + 2), indexing="ij")
    api_on, rent_on, own_on = s1 > 1, s2 > s1, s2 <= n
    total = (
        costs[0][1, s1 - 1]
        + costs[1][s1, s2 - 1]
        + costs[2][s2, n]
        + switch_to_rent * (api_on & rent_on)
        + switch_to_own * (own_on & (api_on | rent_on))
    )
    total = np.where(s1 <= s2, total, np.inf)
    best = np.unravel_index(np.argmin(total), total.shape)
    first_rent, first_own = int(s1[best]), int(s2[best])
    bounds = ((1, first_rent - 1), (first_rent, first_own - 1), (first_own, n))
    stages = tuple(
        Stage(STAGES[k], chosen[k].profile.name, lo, hi, chosen[k].profile.key, _units(chosen[k], k, lo, hi))
        for k, (lo, hi) in enumerate(bounds)
        if hi >= lo
    )
    return StagedPlan(
        stages=stages,
        tco=float(total[best]),
        pure={STAGES[k]: float(costs[k][1, n]) for k in range(len(STAGES))},
        monthly=_monthly(chosen, n, stages, switch_to_rent, switch_to_own),
        switch_to_rent=switch_to_rent,
        switch_to_own=switch_to_own,
        warnings=(
            *scenario_warnings(scenario, context_for(scenario), catalog),
            *(w for fleet in chosen for w in fleet.profile.warnings),
        ),
    )


def _units(fleet: MonthlyFleet, stage: int, first: int, last: int) -> tuple[float, ...]:
    """Units in service each month of the stage: empty for an option without units (an API)."""
    units = fleet.units(first, last, keep=stage == STAGE_OWNED)
    return () if np.isnan(units).all() else tuple(float(u) for u in units)


def _monthly(
    chosen: list[MonthlyFleet], n: int, stages: tuple[Stage, ...], switch_to_rent: float, switch_to_own: float
) -> np.ndarray:
    """Cash cost per month under the plan, for charts and for checking the total by hand."""
    cash = np.zeros(n)
    for position, stage in enumerate(stages):
        k = STAGES.index(stage.name)
        cash[stage.first_month - 1 : stage.last_month] += chosen[k].cash(
            stage.first_month, stage.last_month, keep=k == STAGE_OWNED
        )
        if position > 0:
            cash[stage.first_month - 1] += switch_to_rent if stage.name == STAGES[STAGE_RENTED] else switch_to_own
    return cash


def _stage_option(scenario: Scenario, fleets: list[MonthlyFleet], stage: int, wanted: str | None) -> MonthlyFleet:
    kinds = STAGE_KINDS[stage]
    candidates = [f for f in fleets if f.profile.kind in kinds]
    if wanted is not None:
        match = [f for f in candidates if wanted.strip().lower() in (f.profile.key, f.profile.name.lower())]
        if not match:
            raise ScenarioError(
                f"plan: '{wanted}' is not a {'/'.join(kinds)} option of scenario '{scenario.name}' "
                f"(have: {', '.join(f.profile.key for f in candidates) or 'none'})"
            )
        return match[0]
    if not candidates:
        raise ScenarioError(
            f"plan: scenario '{scenario.name}' has no {'/'.join(kinds)} option for the '{STAGES[stage]}' stage; "
            "add one to its options"
        )
    return min(candidates, key=lambda f: f.cash(1, f.months, keep=stage == STAGE_OWNED).sum())
