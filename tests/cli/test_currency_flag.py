"""``--currency`` on ``tco`` and ``generate``: the results in another currency, the scenario's quotes still
read in the currency the file meant."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.support.scenarios import scenario_file
from tests.support.workbooks import named
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog

runner = CliRunner()
OPTIONS = """\
workload: {users_per_day: 2000, horizon_months: 12}
options:
  - {key: rent:h100-80g, units: 2}
  - api:deepseek-v3
"""


def tco(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["tco", "--json", *args])
    assert result.exit_code == 0, result.output
    return cast("dict[str, Any]", json.loads(result.stdout))


def by_option(answer: dict[str, Any], field: str) -> dict[str, float]:
    return {row["option"]: row[field] for row in answer["options"]}


def test_the_flag_gives_what_the_scenario_saying_the_currency_gives(tmp_path: Path) -> None:
    in_yuan = scenario_file(tmp_path, "cny", "currency: CNY\n" + OPTIONS)
    in_dollars = scenario_file(tmp_path, "usd", "currency: USD\n" + OPTIONS)
    flagged = tco("-s", str(in_yuan), "--currency", "USD")
    assert flagged["currency"] == "USD"
    assert by_option(flagged, "tco") == by_option(tco("-s", str(in_dollars)), "tco")
    assert by_option(flagged, "tco") != by_option(tco("-s", str(in_yuan)), "tco")


def test_a_quote_keeps_the_currency_the_file_meant(tmp_path: Path) -> None:
    quoted = "currency: CNY\n" + OPTIONS.replace("units: 2}", "units: 2, overrides: {reserved_monthly: 9000}}")
    answer = tco("-s", str(scenario_file(tmp_path, "quote", quoted)), "--currency", "USD")
    usd = load_catalog().fx_rate("CNY", "USD")  # the seed catalog's rate: a yuan in dollars
    assert by_option(answer, "monthly_month1")["rent:h100-80g"] == pytest.approx(2 * 9000 * usd, rel=1e-12)


def test_an_extra_yearly_amount_is_refused_naming_the_option(tmp_path: Path) -> None:
    extra = "currency: CNY\n" + OPTIONS.replace("units: 2}", "units: 2, extra_per_year: 5000}")
    result = runner.invoke(app, ["tco", "-s", str(scenario_file(tmp_path, "extra", extra)), "--currency", "USD"])
    assert result.exit_code != 0
    assert "extra_per_year of rent:h100-80g" in result.output and "currency: USD" in result.output


def test_a_currency_without_a_rate_is_an_error_naming_it(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tco", "-s", str(scenario_file(tmp_path, "s", OPTIONS)), "--currency", "CHF"])
    assert result.exit_code != 0 and "CHF" in result.output


def test_generate_writes_the_workbook_in_the_flagged_currency(tmp_path: Path) -> None:
    out = tmp_path / "usd.xlsx"
    result = runner.invoke(app, ["generate", "-c", "international", "--currency", "USD", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert named(openpyxl.load_workbook(out), "currency") == "USD"
