"""Hybrid staged plan (seed 002 §7): start on the API, move to rented GPUs, then to owned ones.

Every pair of switch months is costed from the core's monthly schedule of each option (upfront
paid at the start of the month the stage begins, running costs grown by the workload), plus the
one-off switching costs. The pure strategies are among the candidates, so the plan found is never
dearer than the cheapest of them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlcost.analysis.uncertainty.inputs import profiles
from xlcost.core import money
from xlcost.core.catalog import Catalog
from xlcost.core.compare import context_for
from xlcost.core.plausibility import scenario_warnings
from xlcost.core.pricing import CostProfile
from xlcost.core.scenario import Scenario
from xlcost.errors import ScenarioError
from xlcost.limits import MAX_AMOUNT, in_range

STAGES = ("API", "Rented GPUs", "Owned GPUs")
STAGE_KINDS = (("api",), ("rent", "rent-hourly"), ("buy", "onprem"))


@dataclass(frozen=True, slots=True)
class Stage:
    name: str
    option: str  # the option's label, as reports show it
    first_month: int
    last_month: int
    option_key: str


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
    (default: the scenario's cheapest option of that kind)."""
    for name, value in (("switch_to_rent", switch_to_rent), ("switch_to_own", switch_to_own)):
        in_range(value, name, 0, MAX_AMOUNT, ScenarioError)
    priced = profiles(scenario, catalog)
    chosen = [_stage_option(scenario, priced, stage, wanted) for stage, wanted in enumerate(options)]
    w, n = scenario.workload, scenario.months
    running = [np.concatenate(([0.0], np.cumsum(money.running_costs(p, w, n)))) for p in chosen]
    upfront = [p.upfront for p in chosen]
    # s1 = first rented month, s2 = first owned month; 1 <= s1 <= s2 <= n + 1 (n + 1: never)
    s1, s2 = np.meshgrid(np.arange(1, n + 2), np.arange(1, n + 2), indexing="ij")
    valid = s1 <= s2
    api_on, rent_on, own_on = s1 > 1, s2 > s1, s2 <= n
    total = (
        running[0][s1 - 1]
        + running[1][s2 - 1]
        - running[1][s1 - 1]
        + running[2][n]
        - running[2][s2 - 1]
        + upfront[0] * api_on
        + upfront[1] * rent_on
        + upfront[2] * own_on
        + switch_to_rent * (api_on & rent_on)
        + switch_to_own * (own_on & (api_on | rent_on))
    )
    total = np.where(valid, total, np.inf)
    best = np.unravel_index(np.argmin(total), total.shape)
    first_rent, first_own = int(s1[best]), int(s2[best])
    bounds = ((1, first_rent - 1), (first_rent, first_own - 1), (first_own, n))
    stages = tuple(
        Stage(STAGES[k], chosen[k].name, lo, hi, chosen[k].key) for k, (lo, hi) in enumerate(bounds) if hi >= lo
    )
    pure = {STAGES[k]: money.tco(chosen[k], w) for k in range(3)}
    return StagedPlan(
        stages=stages,
        tco=float(total[best]),
        pure=pure,
        monthly=_monthly(chosen, w, n, stages, switch_to_rent, switch_to_own),
        switch_to_rent=switch_to_rent,
        switch_to_own=switch_to_own,
        warnings=(
            *scenario_warnings(scenario, context_for(scenario), catalog),
            *(w for p in chosen for w in p.warnings),
        ),
    )


def _monthly(chosen, workload, n, stages, switch_to_rent, switch_to_own) -> np.ndarray:
    """Cash cost per month under the plan, for charts and for checking the total by hand."""
    cash = np.zeros(n)
    for position, stage in enumerate(stages):
        profile = chosen[STAGES.index(stage.name)]
        months = slice(stage.first_month - 1, stage.last_month)
        cash[months] += money.running_costs(profile, workload, n)[months]
        cash[stage.first_month - 1] += profile.upfront
        if position > 0:
            cash[stage.first_month - 1] += switch_to_rent if stage.name == STAGES[1] else switch_to_own
    return cash


def _stage_option(scenario: Scenario, priced: list[CostProfile], stage: int, wanted: str | None) -> CostProfile:
    kinds = STAGE_KINDS[stage]
    candidates = [p for p in priced if p.kind in kinds]
    if wanted is not None:
        match = [p for p in candidates if wanted.strip().lower() in (p.key, p.name.lower())]
        if not match:
            raise ScenarioError(
                f"plan: '{wanted}' is not a {'/'.join(kinds)} option of scenario '{scenario.name}' "
                f"(have: {', '.join(p.key for p in candidates) or 'none'})"
            )
        return match[0]
    if not candidates:
        raise ScenarioError(
            f"plan: scenario '{scenario.name}' has no {'/'.join(kinds)} option for the '{STAGES[stage]}' stage; "
            "add one to its options"
        )
    return min(candidates, key=lambda p: money.tco(p, scenario.workload))
