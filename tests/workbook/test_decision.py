"""The decision is live in the workbook and says what the CLI and =RECOMMEND say: the cheapest of the
scenario's own options that keeps the constraints, with the cost gap when a constraint rules the cheapest out."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.support.typed import text
from tests.support.workbooks import cell_of, error_cells, named, recalculated, write
from xlcost import udfs
from xlcost.analysis.recommend import HYBRID, recommend_scenario
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.compare import compare
from xlcost.core.option_kinds import API
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


def _cli(*args: str) -> dict[str, Any]:
    result = CliRunner().invoke(app, ["recommend", *args, "--json"])
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.output)
    return loaded


def _tie() -> Scenario:
    """An API and a rental whose TCOs are 5% apart at 20,000 users: the seed's tie, so Hybrid."""
    workload = Workload(users_per_day=20_000)
    api = compare(Scenario.model_validate(dict(workload=workload, options=["api:deepseek-v3"])), CATALOG).results[0].tco
    monthly = api * 1.05 / workload.horizon_months
    rental = OptionSpec(key="rent:a100-80g", units=1, overrides={"reserved_monthly": monthly}, label="Rent, quoted")
    return Scenario(name="tie", workload=workload, options=[OptionSpec(key="api:deepseek-v3"), rental])


#: scenarios whose workbook takes each branch of the sentence: the pick is the cheapest, a constraint rules
#: the cheapest out, a tie (Hybrid), and a constraint no option compared keeps
SCENARIOS = {
    "default": load_scenario("default"),
    "seed-002-b": load_scenario("seed-002-b"),
    "tie": _tie(),
    "short": Scenario.model_validate(
        dict(
            name="short",
            workload=Workload(users_per_day=1_000_000),
            options=["api:deepseek-v3", OptionSpec(key="buy:h100-80g", units=1), "rent:h100-80g"],
        )
    ),
    "api-only": Scenario.model_validate(
        dict(
            name="api-only",
            workload=Workload(users_per_day=80_000),
            options=["api:deepseek-v3", "api:qwen-plus"],
            situation=Situation(sensitive_data=True),
        )
    ),
}


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, openpyxl.Workbook]:
    folder = tmp_path_factory.mktemp("decision")
    paths = [folder / f"{name}.xlsx" for name in SCENARIOS]
    for path in paths:
        write(SCENARIOS[path.stem], CATALOG, path)
    _edited_copy(folder / "default.xlsx", folder / "edited.xlsx")
    return recalculated([*paths, folder / "edited.xlsx"], folder / "out")


def test_sensitive_data_at_100000_users_recommends_the_cheapest_option_that_keeps_the_data_in_house(
    books: dict[str, openpyxl.Workbook],
) -> None:
    wb = books["edited"]
    scenario = load_scenario("default")
    edited = scenario.model_copy(
        update={"workload": scenario.workload.model_copy(update={"users_per_day": EDITED["users_per_day"]})}
    )
    results = compare(edited, CATALOG).results
    serving = [r for r in results if r.profile.shortfall is None]  # the one rented A100 falls short of 100,000 users
    in_house = min((r for r in serving if not r.profile.key.startswith(("api:", "seat:"))), key=lambda r: r.tco)
    assert named(wb, "decision_option") == in_house.profile.name
    assert named(wb, "decision_approach") != API
    sentence = text(named(wb, "recommendation"))
    assert sentence.startswith(f"{named(wb, 'decision_approach')}: {in_house.profile.name}")
    assert "sensitive data" in sentence
    assert "on cost alone" in sentence  # the API is far cheaper: both are shown, with the gap
    assert error_cells(wb) == []


def test_workbook_cli_and_recommend_function_agree_on_the_edited_scenario(books: dict[str, openpyxl.Workbook]) -> None:
    wb = books["edited"]
    cli = _cli("--users", str(EDITED["users_per_day"]), "--sensitive-data")
    assert named(wb, "recommendation") == cli["sentence"]
    assert cli["option"] in [o.key for o in load_scenario("default").options]
    months = load_scenario("default").months
    table = udfs.RECOMMEND(EDITED["users_per_day"], months, True, None, None, None, True, "default")
    assert udfs.RECOMMEND(EDITED["users_per_day"], months, True, None, None, None, None, "default") == cli["approach"]
    assert [cli["approach"], cli["option"]] == next(row[:2] for row in table[1:] if row[0] == cli["approach"])


@pytest.mark.parametrize("name", ["default", "seed-002-b"])
def test_unedited_workbooks_show_the_cores_sentence(books: dict[str, openpyxl.Workbook], name: str) -> None:
    scenario = load_scenario(name)
    core = recommend_scenario(scenario, CATALOG)
    assert named(books[name], "recommendation") == core.sentence == _cli("-s", name)["sentence"]
    assert core.chosen is not None
    assert named(books[name], "decision_option") == core.chosen.name
    assert core.chosen is not None
    assert core.chosen.option in [o.key for o in scenario.options]


def test_a_tie_between_api_and_rental_is_hybrid_in_both(books: dict[str, openpyxl.Workbook]) -> None:
    core = recommend_scenario(SCENARIOS["tie"], CATALOG)
    assert core.approach == HYBRID == named(books["tie"], "decision_approach")
    assert named(books["tie"], "recommendation") == core.sentence


def test_a_constraint_no_option_keeps_says_so_and_recommends_the_cheapest(books: dict[str, openpyxl.Workbook]) -> None:
    core = recommend_scenario(SCENARIOS["api-only"], CATALOG)
    sentence = named(books["api-only"], "recommendation")
    assert not core.meets and core.chosen == core.ranking[0]
    assert sentence == core.sentence and "no option compared meets the constraints" in sentence
    assert core.ranking[0].name in sentence


def test_an_option_whose_gpus_fall_short_is_never_recommended_in_either(books: dict[str, openpyxl.Workbook]) -> None:
    core = recommend_scenario(SCENARIOS["short"], CATALOG)
    cheapest = compare(SCENARIOS["short"], CATALOG).cheapest.profile
    assert cheapest.key == "buy:h100-80g" and cheapest.shortfall is not None  # one H100 for a million users
    assert core.chosen is not None
    assert core.chosen.option != "buy:h100-80g" and not core.cheapest_serves
    assert named(books["short"], "recommendation") == core.sentence
    assert "too few GPUs" in core.sentence or "its GPUs do not serve the load" in "\n".join(core.explain())


def test_the_core_ranks_the_scenarios_own_options_not_reference_ones() -> None:
    scenario = load_scenario("default")
    advice = recommend_scenario(scenario, CATALOG, Situation(volatile=True))
    keys = [o.key for o in scenario.options]
    assert all(r.option in keys for r in advice.ranking)
    apis = [r for r in compare(scenario, CATALOG).results if r.profile.key.startswith("api:")]
    assert advice.chosen is not None
    assert advice.chosen.option == min(apis, key=lambda r: r.tco).profile.key
