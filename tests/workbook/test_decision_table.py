"""The Decision sheet and ``xlcost recommend`` read one table of conditions: every constraint, approach and rule
of the table is on the sheet, and after LibreOffice recalculates an edited copy each condition there says what
the table says in Python for the same answers and load."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.support.workbooks import cell_of, named, recalculated, write
from xlcost.analysis.conditions import holds
from xlcost.analysis.recommend import (
    CONSTRAINTS,
    HYBRID,
    LARGE_TOKENS,
    RULES,
    SMALL_TOKENS,
    Recommendation,
    allowed_approaches,
    in_force,
    recommend_scenario,
)
from xlcost.core.catalog import load_catalog
from xlcost.core.option_kinds import APPROACHES
from xlcost.core.scenario import Scenario, Situation
from xlcost.core.scenario_io import load_scenario

CATALOG = load_catalog()
BASE = load_scenario("default")
#: answers and daily users typed into copies of the default workbook: a small load, a large one with sensitive
#: data, volatile demand alone and giving way, and the constraints on the API together
EDITS: dict[str, tuple[dict[str, bool], float]] = {
    "small": ({}, 1_000),
    "sensitive-large": ({"sensitive_data": True}, 100_000),
    "volatile": ({"volatile": True}, 10_000),
    "volatile-gives-way": ({"volatile": True, "fine_tune": True}, 10_000),
    "api-ruled-out": ({"latency_sensitive": True, "fine_tune": True, "sensitive_data": True}, 3_000),
}


def _scenario(answers: dict[str, bool], users: float) -> Scenario:
    workload = BASE.workload.model_copy(update={"users_per_day": users})
    return BASE.model_copy(update={"workload": workload, "situation": Situation(**answers)})


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, openpyxl.Workbook]:
    folder = tmp_path_factory.mktemp("decision-table")
    source = folder / "default.xlsx"
    write(BASE, CATALOG, source)
    paths: list[Path] = []
    for name, (answers, users) in EDITS.items():
        wb = openpyxl.load_workbook(source)  # as a user edits: the answers and users typed on Inputs
        for question in Situation.model_fields:
            cell_of(wb, question).value = answers.get(question, False)
        cell_of(wb, "users_per_day").value = users
        paths.append(folder / f"{name}.xlsx")
        wb.save(paths[-1])
    return recalculated(paths, folder / "out")


def _table(ws: Worksheet, header: str) -> dict[str, tuple[object, ...]]:
    """The rows under the Decision sheet's header whose first cell reads ``header``, by that first cell (the
    table ends at a row with an empty first or second cell: a gap or the next table's title)."""
    first = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == header)
    rows: dict[str, tuple[object, ...]] = {}
    for row in ws.iter_rows(min_row=first + 1, values_only=True):
        if row[0] is None or row[1] is None:
            return rows
        rows[str(row[0])] = row[1:]
    return rows


def test_every_constraint_and_rule_of_the_table_is_on_the_sheet_in_its_order(
    books: dict[str, openpyxl.Workbook],
) -> None:
    ws = books["small"]["Decision"]
    constraints = _table(ws, "Constraint")
    assert list(constraints) == [c.words for c in CONSTRAINTS]
    assert [row[2] for row in constraints.values()] == [", ".join(c.excludes) for c in CONSTRAINTS]
    rules = _table(ws, "Rule (seed 002 §6)")
    assert list(rules) == [r.name.replace("_", " ") for r in RULES]
    assert [row[3] for row in rules.values()] == [r.reason for r in RULES]
    assert list(_table(ws, "Approach")) == list(APPROACHES)


def _inputs(advice: Recommendation, scenario: Scenario) -> dict[str, bool | float]:
    """What the table reads for this recommendation, from the core's answer, not from the sheet."""
    chosen = advice.chosen
    assert chosen is not None
    return scenario.situation.model_dump() | {
        **{f"in_force_{c.name}": c.words in advice.kept for c in CONSTRAINTS},
        "daily_tokens": scenario.workload.users_per_day * scenario.workload.tokens_per_user_day,
        "small_tokens": SMALL_TOKENS,
        "large_tokens": LARGE_TOKENS,
        "meets": advice.meets,
        "short": chosen.option != advice.ranking[0].option and not advice.cheapest_serves,
    }


@pytest.mark.parametrize("edit", EDITS)
def test_recalculated_conditions_say_what_the_table_says_in_python(
    books: dict[str, openpyxl.Workbook], edit: str
) -> None:
    wb = books[edit]
    ws = wb["Decision"]
    answers, users = EDITS[edit]
    scenario = _scenario(answers, users)
    advice = recommend_scenario(scenario, CATALOG)
    kept, _ = in_force(scenario.situation)
    in_force_on_sheet = {words: row[1] for words, row in _table(ws, "Constraint").items()}
    assert in_force_on_sheet == {c.words: c in kept for c in CONSTRAINTS}
    allowed_on_sheet = {approach: row[0] for approach, row in _table(ws, "Approach").items()}
    assert allowed_on_sheet == {a: int(a in allowed_approaches(kept)) for a in APPROACHES}
    inputs = _inputs(advice, scenario)
    applies_on_sheet = {name: row[0] for name, row in _table(ws, "Rule (seed 002 §6)").items()}
    assert applies_on_sheet == {r.name.replace("_", " "): holds(r.applies, inputs) for r in RULES}
    assert named(wb, "decision_hybrid") == (advice.approach == HYBRID)
    assert named(wb, "recommendation") == advice.sentence
