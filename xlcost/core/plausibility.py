"""Valid but implausible scenarios: warned about beside the answer, never refused.

A scenario can be within every bound and still say something its author did not mean: 5 typed
for 5% growth, a horizon no price holds for, staff time charged for every customer. The answer
is computed as asked; these lines say what looks wrong and how to write what was meant.
"""

from __future__ import annotations

from xlcost.core.catalog import Catalog
from xlcost.core.pricing import Context, hidden_cost_rows
from xlcost.core.scenario import Scenario

MAX_PLAUSIBLE_GROWTH = 1.0  # above 100% a month, most likely a percentage typed as a number
MAX_PLAUSIBLE_MONTHS = 240  # 20 years: longer than any price, hardware life or discount rate holds
STAFF_KINDS = ("seat",)  # options bought per member of staff: their users are staff, not customers


def scenario_warnings(scenario: Scenario, context: Context, catalog: Catalog) -> tuple[str, ...]:
    """What looks unintended in the scenario, each a sentence naming the field and what was likely meant."""
    return (*_growth(scenario), *_horizon(scenario), *_staff_costs(scenario, context, catalog))


def _growth(scenario: Scenario) -> tuple[str, ...]:
    growth, months = scenario.workload.monthly_growth, scenario.months
    if growth <= MAX_PLAUSIBLE_GROWTH:
        return ()
    fold = (1 + growth) ** (months - 1)  # bounded: the workload refuses growth past 1e100-fold
    return (
        f"workload.monthly_growth is {growth:g}, {growth:.0%} a month: users grow {fold:.3g}-fold by month {months}; "
        f"growth is a share, so 5% a month is written 0.05",
    )


def _horizon(scenario: Scenario) -> tuple[str, ...]:
    months = scenario.months
    if months <= MAX_PLAUSIBLE_MONTHS:
        return ()
    return (
        f"workload.horizon_months is {months} ({months / 12:g} years), over {MAX_PLAUSIBLE_MONTHS // 12}: "
        "prices, hardware lives and the discount rate do not hold that long",
    )


def _staff_costs(scenario: Scenario, context: Context, catalog: Catalog) -> tuple[str, ...]:
    """A cost per user-year is staff time: it fits users who are staff, as a seat subscription's are."""
    kinds = {spec.key.split(":", 1)[0] for spec in scenario.options}
    if kinds & set(STAFF_KINDS):
        return ()
    charged = {row.id: row for kind in sorted(kinds) for row in hidden_cost_rows(kind, context, catalog)}
    return tuple(
        f"hidden_costs: '{row.id}' ({row.name}) is charged per daily user as staff time, but no option is a seat "
        f"subscription, so the {scenario.workload.users_per_day:,.0f} daily users look like customers, not staff; "
        f"leave '{row.id}' out of hidden_costs (name the ids that apply rather than 'all')"
        for row in charged.values()
        if row.per == "user-year"
    )
