"""The catalog rows a workbook holds: those the scenario reads, so a big catalog makes no bigger workbook.

Option files keep the rows the scenario's options name (and the rows written for their overrides);
hidden costs keep the ones switched on. Sizing tables, exchange rates and assumptions are small and
read by formulas across the workbook (the currency drop-down lists every rate), so they are held whole.
"""

from __future__ import annotations

from xlcost.core.catalog import split_key
from xlcost.core.catalog.rows import Row
from xlcost.core.option_kinds import OPTION_KINDS
from xlcost.core.scenario import Scenario
from xlcost.workbook.layout import HIDDEN_COSTS_FILE

#: what Inputs says about an option the workbook does not hold
ANOTHER_OPTION = (
    "The drop-down lists the options this workbook holds. To compare another catalog option, "
    "add its key to the scenario file and regenerate (xlcost generate)."
)


def held_tables(
    scenario: Scenario, tables: dict[str, dict[str, Row]], written: dict[str, set[str]]
) -> dict[str, dict[str, Row]]:
    """``tables`` narrowed to the rows the scenario reads; ``written`` names the rows added for overrides."""
    used: dict[str, set[str]] = {file: set(ids) for file, ids in written.items()}
    for spec in scenario.options:
        kind, ident = split_key(spec.key)
        used.setdefault(OPTION_KINDS[kind], set()).add(ident)
    narrowed = set(OPTION_KINDS.values())
    if "all" not in scenario.hidden_costs:
        used[HIDDEN_COSTS_FILE] = set(scenario.hidden_costs)
        narrowed.add(HIDDEN_COSTS_FILE)
    return {
        file: {ident: row for ident, row in rows.items() if ident in used.get(file, set())}
        if file in narrowed
        else rows
        for file, rows in tables.items()
    }
