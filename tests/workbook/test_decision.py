"""The decision matrix is live in the workbook and says what the CLI and =RECOMMEND say: the same
rule, among the scenario's own options, with the cost gap when the rule and the cheapest disagree."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.support.workbooks import cell_of, error_cells, named, recalculated, write
from xlcost import udfs
from xlcost.analysis.recommend import HYBRID, ONPREM, recommend_scenario
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.compare import compare
from xlcost.core.scenario import OptionSpec, Scenario, Situation, Workload
from xlcost.core.scenario_io import load_scenario

CATALOG = load_catalog()
EDITED = {"sensitive_data": True, "users_per_day": 100_000}


def _edited_copy(source: Path, target: Path) -> None:
    """What a user does: type new answers into the Inputs cells (found by their defined names)."""
    wb = openpyxl.load_workbook(source)
    for name, value in EDITED.items():
        cell_of(wb, name).value = value
    wb.save(target)


def _cli(*args: str) -> dict:
    result = CliRunner().invoke(app, ["recommend", *args, "--json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def _tie() -> Scenario:
    """An API and a rental whose TCOs are 5% apart at 20,000 users: the seed's tie, so Hybrid."""
    workload = Workload(users_per_day=20_000)
    api = compare(Scenario(workload=workload, options=["api:deepseek-v3"]), CATALOG).results[0].tco
    monthly = api * 1.05 / workload.horizon_months
    rental = OptionSpec(key="rent:a100-80g", units=1, overrides={"reserved_monthly": monthly}, label="Rent, quoted")
    return Scenario(name="tie", workload=workload, options=[OptionSpec(key="api:deepseek-v3"), rental])


#: scenarios whose workbook takes each branch of the sentence: the rule and cost agree, they disagree,
#: a tie (Hybrid), and a rule whose approach none of the options belongs to
SCENARIOS = {
    "default": load_scenario("default"),
    "seed-002-b": load_scenario("seed-002-b"),
    "tie": _tie(),
    "no-onprem": Scenario(
        name="no-onprem",
        workload=Workload(users_per_day=80_000),
        options=["api:deepseek-v3", "rent:a100-80g"],
        situation=Situation(sensitive_data=True),
    ),
}


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, openpyxl.Workbook]:
    folder = tmp_path_factory.mktemp("decision")
    paths = [folder / f"{name}.xlsx" for name in SCENARIOS]
    for path in paths:
        write(SCENARIOS[path.stem], CATALOG, path)
    _edited_copy(folder / "default.xlsx", folder / "edited.xlsx")
    return recalculated([*paths, folder / "edited.xlsx"], folder / "out")


def test_sensitive_data_at_100000_users_recommends_one_of_the_scenarios_on_premises_options(books):
    wb = books["edited"]
    scenario = load_scenario("default")
    onprem_names = [o.name for o in scenario.options if o.key.split(":")[0] in ("onprem", "buy")]
    assert named(wb, "decision_approach") == ONPREM
    assert named(wb, "decision_option") in onprem_names
    sentence = named(wb, "recommendation")
    assert sentence.startswith(f"{ONPREM}: {named(wb, 'decision_option')}")
    assert "on cost alone" in sentence  # the API is far cheaper: both are shown, with the gap
    assert error_cells(wb) == []


def test_workbook_cli_and_recommend_function_agree_on_the_edited_scenario(books):
    wb = books["edited"]
    cli = _cli("--users", str(EDITED["users_per_day"]), "--sensitive-data")
    assert named(wb, "recommendation") == cli["sentence"]
    assert cli["option"] in [o.key for o in load_scenario("default").options]
    months = load_scenario("default").months
    table = udfs.RECOMMEND(EDITED["users_per_day"], months, True, None, None, None, True, "default")
    assert udfs.RECOMMEND(EDITED["users_per_day"], months, True, None, None, None, None, "default") == cli["approach"]
    assert [cli["approach"], cli["option"]] == next(row[:2] for row in table[1:] if row[0] == cli["approach"])


@pytest.mark.parametrize("name", ["default", "seed-002-b"])
def test_unedited_workbooks_show_the_cores_sentence(books, name):
    scenario = load_scenario(name)
    core = recommend_scenario(scenario, CATALOG)
    assert named(books[name], "recommendation") == core.sentence == _cli("-s", name)["sentence"]
    assert named(books[name], "decision_option") == core.chosen.name
    assert core.chosen.option in [o.key for o in scenario.options]


def test_a_tie_between_api_and_rental_is_hybrid_in_both(books):
    core = recommend_scenario(SCENARIOS["tie"], CATALOG)
    assert core.approach == HYBRID == named(books["tie"], "decision_approach")
    assert named(books["tie"], "recommendation") == core.sentence


def test_a_rule_whose_approach_is_not_compared_says_so_and_names_the_cheapest(books):
    core = recommend_scenario(SCENARIOS["no-onprem"], CATALOG)
    sentence = named(books["no-onprem"], "recommendation")
    assert core.approach == ONPREM and core.chosen is None
    assert sentence == core.sentence and "none of the options compared" in sentence
    assert core.ranking[0].name in sentence


def test_the_core_ranks_the_scenarios_own_options_not_reference_ones():
    scenario = load_scenario("default")
    advice = recommend_scenario(scenario, CATALOG, Situation(volatile=True))
    keys = [o.key for o in scenario.options]
    assert all(r.option in keys for r in advice.ranking)
    apis = [r for r in compare(scenario, CATALOG).results if r.profile.key.startswith("api:")]
    assert advice.chosen.option == min(apis, key=lambda r: r.tco).profile.key
