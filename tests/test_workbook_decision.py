"""The decision matrix is live in the workbook and says what the CLI and =RECOMMEND say: the same
rule, among the scenario's own options, with the cost gap when the rule and the cheapest disagree."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.workbook_fixtures import cell_of, error_cells, named, recalculated, write
from xlcost import udfs
from xlcost.catalog import load_catalog
from xlcost.cli.app import app
from xlcost.compare import compare
from xlcost.recommend import ONPREM, recommend_scenario
from xlcost.scenario_io import load_scenario
from xlcost.workload import Situation

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


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, openpyxl.Workbook]:
    folder = tmp_path_factory.mktemp("decision")
    for name in ("default", "seed-002-b"):
        write(load_scenario(name), CATALOG, folder / f"{name}.xlsx")
    _edited_copy(folder / "default.xlsx", folder / "edited.xlsx")
    return recalculated([folder / "default.xlsx", folder / "seed-002-b.xlsx", folder / "edited.xlsx"], folder / "out")


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


def test_the_core_ranks_the_scenarios_own_options_not_reference_ones():
    scenario = load_scenario("default")
    advice = recommend_scenario(scenario, CATALOG, Situation(volatile=True))
    keys = [o.key for o in scenario.options]
    assert all(r.option in keys for r in advice.ranking)
    apis = [r for r in compare(scenario, CATALOG).results if r.profile.key.startswith("api:")]
    assert advice.chosen.option == min(apis, key=lambda r: r.tco).profile.key
