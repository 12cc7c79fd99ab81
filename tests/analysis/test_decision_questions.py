"""The decision matrix's questions are the fields of the core's ``Situation``, and every place that asks them asks
exactly those: the constraints, the Inputs rows, the ``xlcost recommend`` flags, ``=RECOMMEND``'s arguments and
the analysis's keywords. A question added to ``Situation`` alone fails here until each place asks it."""

from __future__ import annotations

import inspect
import json

import pytest
import typer
from typer.main import get_command
from typer.testing import CliRunner

from xlcost import udfs
from xlcost.analysis.recommend import CONSTRAINTS, approaches, recommend, recommend_scenario
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario import Situation
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout

QUESTIONS = tuple(Situation.model_fields)
CATALOG = load_catalog()
USERS = 50_000  # past the default scenario's small load, so a constraint on the API changes the pick


def _flag(question: str) -> str:
    return "--" + question.replace("_", "-")


def test_there_are_four_questions_each_a_constraint() -> None:
    assert QUESTIONS == ("sensitive_data", "volatile", "latency_sensitive", "fine_tune")  # seed 002 §6
    assert sorted(c.name for c in CONSTRAINTS) == sorted(QUESTIONS)


def test_inputs_ask_each_question_as_true_or_false_in_situation_order() -> None:
    asked = [s.name for s in layout.DECISION_INPUTS if s.unit == "TRUE / FALSE"]
    assert tuple(asked) == QUESTIONS


def test_the_analysis_takes_each_question_by_its_name() -> None:
    for function in (recommend, approaches):
        keywords = [p for p in inspect.signature(function).parameters if p in QUESTIONS]
        assert tuple(keywords) == QUESTIONS, function.__name__


def test_recommend_command_has_one_flag_per_question_and_no_other_answer() -> None:
    command = get_command(app)
    recommend_command = command.get_command(typer.Context(command), "recommend")  # type: ignore[attr-defined]  # a group
    flags = {opt for p in recommend_command.params if getattr(p, "is_flag", False) for opt in p.opts}
    assert flags == {_flag(q) for q in QUESTIONS} | {"--json"}


@pytest.mark.parametrize("question", QUESTIONS)
def test_each_flag_and_recommend_argument_answers_its_own_question(question: str) -> None:
    scenario = load_scenario("default")
    at_users = scenario.model_copy(
        update={"workload": scenario.workload.model_copy(update={"users_per_day": float(USERS)})}
    )
    core = recommend_scenario(at_users, CATALOG, Situation(**{question: True}))
    result = CliRunner().invoke(app, ["recommend", "--users", str(USERS), _flag(question), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["sentence"] == core.sentence
    answers = [q == question for q in QUESTIONS]  # an Excel call passes its arguments by position
    table = udfs.RECOMMEND(USERS, None, *answers, True, "default")  # detail: the reason of the recommended row
    assert [row[4] for row in table[1:] if row[5] is True] == [core.reason]


def test_recommend_function_takes_the_questions_between_months_and_detail() -> None:
    parameters = list(inspect.signature(udfs.RECOMMEND).parameters)
    start = parameters.index("months") + 1
    assert tuple(parameters[start : start + len(QUESTIONS)]) == QUESTIONS
    assert parameters[start + len(QUESTIONS)] == "detail"
