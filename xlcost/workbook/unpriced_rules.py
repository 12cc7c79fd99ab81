"""The vendor billing rules the workbook's formulas do not compute yet, refused before a workbook is written.

Calc bills API tokens at the list prices blended with the cached share (``rules.api_monthly``). A scenario
the core bills by other rules (cache writes, long-context tiers, batch, service tiers, per-request fees,
reasoning tokens) would get cells that disagree with ``xlcost tco``; it is refused with what to do instead.
"""

from __future__ import annotations

from xlcost.core import billing
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.compare import Comparison
from xlcost.core.scenario import Scenario
from xlcost.errors import ScenarioError


def refuse_unpriced_rules(scenario: Scenario, comparison: Comparison) -> None:
    """Raise ``ScenarioError`` naming each rule that moves this scenario's bill away from the list prices."""
    workload = scenario.workload
    found = ["workload.reasoning_tokens_per_user_day"] if workload.reasoning_tokens_per_user_day else []
    for result in comparison.results:
        row = result.profile.row
        if isinstance(row, ApiPrice):
            rules = billing.rules_applied(row, workload, scenario.serving.requests_per_user_day)
            found.extend(f"{result.profile.key}: {rule}" for rule in rules if "reasoning" not in rule)
    if found:
        raise ScenarioError(
            f"the workbook does not price these billing rules yet: {'; '.join(found)}. `xlcost tco` and the "
            "Excel functions do; for a workbook, leave the workload's billing fields at their defaults"
        )
