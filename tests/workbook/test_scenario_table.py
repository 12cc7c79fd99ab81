"""The Cover's scenario table: every setting of the scenario file, in words a reader follows."""

from __future__ import annotations

from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook.scenario_table import LISTED_OPTIONS, scenario_rows


def test_every_setting_of_the_scenario_has_a_row() -> None:
    rows = dict(scenario_rows(load_scenario("seed-003-team30")))
    settings = {setting.split(":")[0] for setting in rows}
    fields = set(Scenario.model_fields) - {"name", "description", "options", "catalog"}  # catalog: below
    assert {field.replace("_", " ") for field in fields} <= settings
    assert rows["workload: users per day"] == "30" and rows["workload: horizon months"] == "36"
    assert rows["situation: sensitive data"] == "FALSE"
    assert rows["discount rate"] == "not set (xlcost default)"


def test_the_catalog_has_a_row_only_where_the_scenario_names_one() -> None:
    """An unset catalog is the seed's, as before scenarios could name one: the Cover's Price catalog row says so."""
    plain = load_scenario("seed-003-team30")
    assert "catalog" not in dict(scenario_rows(plain))
    named = plain.model_copy(update={"catalog": "international"})
    assert dict(scenario_rows(named))["catalog"] == "international"


def test_an_option_row_names_key_label_and_only_the_settings_it_changes() -> None:
    rows = dict(scenario_rows(load_scenario("seed-003-team30")))
    assert rows["option 1"] == (
        "seat:coding-assistant-enterprise, Cloud subscriptions (30 seats); units 30; "
        "extra per year 18,000; extra label power (seed 003 ROI table)"
    )
    assert rows["option 2"].startswith("buy:consumer-workstation, Local workstations (30); units 30;")


def test_many_options_are_counted_not_listed() -> None:
    many = Scenario.model_validate({"options": [{"key": "rent:a100-80g", "units": n} for n in range(1, 41)]})
    rows = dict(scenario_rows(many))
    assert LISTED_OPTIONS < 40 and rows["options"].startswith("40 ") and "option 1" not in rows
