"""What a newer catalog's figure would do to the answer: a row the catalog states later than the workbook is
a warning when, priced with the catalog's figures, an option's TCO moves (the finding says from what to
what), and information when nothing moves."""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

from xlcost.audit.findings import Finding, Severity
from xlcost.audit.price_rows import Newer
from xlcost.core.catalog import Catalog
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario
from xlcost.errors import XlcostError

UNMOVED = " Priced with the catalog's figures, no option's TCO moves, so it is information, not a warning."


def grade_newer_rows(
    findings: list[Finding], newer: Mapping[Finding, Newer], scenario: Scenario, catalog: Catalog
) -> list[Finding]:
    """``findings`` with each newer-row finding saying how the answer moves, or graded info when it does not."""
    graded: dict[Finding, Finding] = {}
    for finding, row in newer.items():
        effect = _effect(row, scenario, catalog)
        if effect is None:
            continue
        graded[finding] = dataclasses.replace(
            finding,
            severity=Severity.WARNING if effect else Severity.INFO,
            message=finding.message
            + (f" The answer depends on it: with the catalog's figures, {effect}." if effect else UNMOVED),
        )
    return [graded.get(f, f) for f in findings]


def _effect(newer: Newer, scenario: Scenario, catalog: Catalog) -> str | None:
    """How each option's TCO moves with the catalog's row in place of the workbook's ("" when none moves),
    or None when the workbook does not hold the row or the scenario cannot be priced either way."""
    held = catalog.tables.get(newer.file, {})
    if newer.row.id not in held:
        return None
    tables = {file: dict(rows) for file, rows in catalog.tables.items()}
    tables[newer.file][newer.row.id] = newer.row
    try:
        now = compare(scenario, catalog)
        then = compare(scenario, Catalog(tables=tables, directory=catalog.directory))
    except XlcostError:
        return None
    moves = [
        f"the TCO of option {n} ({spec.name}) moves from {a.tco:,.2f} to {b.tco:,.2f} {now.currency}"
        for n, (spec, a, b) in enumerate(zip(scenario.options, now.results, then.results, strict=True), start=1)
        if not math.isclose(a.tco, b.tco, rel_tol=1e-9)
    ]
    n = then.results.index(then.cheapest)
    if now.results.index(now.cheapest) != n:
        moves.append(f"the cheapest option becomes option {n + 1} ({scenario.options[n].name})")
    return "; ".join(moves)
