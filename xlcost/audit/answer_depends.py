"""Which stale rows the answer depends on: a stale price no figure moves with is worth knowing, not failing.

The answer depends on a row when moving every number in it, up or down, moves what the audit
recomputes (each option's upfront, TCO, NPV and cost per 1M tokens, the breakevens, the
recommendation). Both ways, since a sizing figure can move a GPU count one way only (never below one
GPU); a figure the answer reads without moving (a GPU three times as fast still makes one GPU) does
not count. Rows are tried together and a group is halved only when the answer moves, so thousands of
rows it does not depend on cost a few pricings, not one each.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from pydantic import BaseModel

from xlcost.analysis.recommend import recommend_scenario
from xlcost.audit.findings import Finding, Severity
from xlcost.core.catalog import Catalog
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario

RowKey = tuple[str, str]  # (catalog file, row id)
Model = TypeVar("Model", bound=BaseModel)

IGNORED = (
    " The answer does not depend on it: with its numbers at three times or a third, every upfront, TCO, NPV,"
    " cost per 1M tokens, breakeven and the recommendation stay as they are, so it is information, not a warning."
)


def grade_stale_the_answer_ignores(
    findings: list[Finding], stale: Mapping[Finding, RowKey], scenario: Scenario, catalog: Catalog
) -> list[Finding]:
    """``findings`` with each stale-price warning whose row the answer does not depend on graded info."""
    present = {finding: key for finding, key in stale.items() if key[1] in catalog.tables.get(key[0], {})}
    depends = rows_the_answer_depends_on(scenario, catalog, list(dict.fromkeys(present.values())))
    return [
        dataclasses.replace(f, severity=Severity.INFO, message=f.message + IGNORED)
        if f in present and present[f] not in depends
        else f
        for f in findings
    ]


def rows_the_answer_depends_on(scenario: Scenario, catalog: Catalog, rows: Sequence[RowKey]) -> set[RowKey]:
    """The rows among ``rows`` whose numbers, moved, move the answer."""
    base = _answer(scenario, catalog)
    if base is None:
        return set(rows)

    def depends_among(group: Sequence[RowKey]) -> set[RowKey]:
        if not group or all(_answer(scenario, _moved(catalog, group, move)) == base for move in MOVES):
            return set()
        if len(group) == 1:
            return set(group)
        half = len(group) // 2
        return depends_among(group[:half]) | depends_among(group[half:])

    return depends_among(rows)


def _answer(scenario: Scenario, catalog: Catalog) -> Answer | None:
    """The figures the audit recomputes, or None when the catalog cannot price the scenario."""
    try:
        result = compare(scenario, catalog)
        advice = recommend_scenario(scenario, catalog, comparison=result)
    except Exception:  # moved numbers the pricing cannot take: the answer depends on them
        return None
    figures = tuple((r.profile.upfront, r.tco, r.npv, r.cost_per_mtok) for r in result.results)
    return figures, tuple(b.month for b in result.breakevens), advice.sentence


Answer = tuple[tuple[tuple[float, float, float, float | None], ...], tuple[float | None, ...], str]
"""Each option's upfront, TCO, NPV and cost per 1M tokens, each pair's breakeven month, the recommendation."""


def _up(value: float) -> float:
    return value * 3 + 1


def _down(value: float) -> float:
    return value // 3 + 1 if isinstance(value, int) else value / 3  # whole numbers (months) stay whole


#: how a row's numbers are moved; each keeps the order of a range's low and high
MOVES: tuple[Callable[[float], float], ...] = (_up, _down)


def _moved(catalog: Catalog, group: Sequence[RowKey], move: Callable[[float], float]) -> Catalog:
    tables = {file: dict(rows) for file, rows in catalog.tables.items()}
    for file, ident in group:
        tables[file][ident] = _moved_numbers(tables[file][ident], move)
    return Catalog(tables=tables, directory=catalog.directory)


def _moved_numbers(model: Model, move: Callable[[float], float]) -> Model:
    """``model`` with every number moved; text and dates as they are."""
    update: dict[str, object] = {}
    for name in type(model).model_fields:
        value = getattr(model, name)
        if isinstance(value, BaseModel):
            update[name] = _moved_numbers(value, move)
        elif isinstance(value, int | float) and not isinstance(value, bool):
            update[name] = move(value)
    return model.model_copy(update=update)
