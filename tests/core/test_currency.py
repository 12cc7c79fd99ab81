"""Money in the user's currency: quotes in the scenario currency unless they name theirs, any ISO currency
given a rate with its source, every amount shown in the display currency."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest
import yaml
from typer.testing import CliRunner

from tests.support.typed import present
from tests.support.workbooks import differences, formula_values, named, recalculated
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import GpuRental
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario
from xlcost.errors import CatalogError, ScenarioError

CATALOG = load_catalog()
EUR = {"currency": "EUR", "rate_to_cny": 7.7, "source": "treasury rate, December 2026", "as_of": "2026-12-01"}


def _tco(**scenario: Any) -> list[float]:
    return [r.tco for r in compare(Scenario.model_validate(scenario), CATALOG).results]


def _month_one(**scenario: Any) -> float:
    result = compare(Scenario.model_validate(scenario), CATALOG).results[0]
    return result.profile.fixed_monthly + result.profile.variable_monthly


def test_a_quote_in_a_usd_scenario_is_dollars() -> None:
    quote = {"key": "rent:h100-80g", "units": 2, "overrides": {"reserved_monthly": 1500}}
    assert _month_one(currency="USD", options=[quote]) == pytest.approx(3_000, rel=1e-12)


def test_a_quote_may_name_its_own_currency() -> None:
    quote = {"key": "rent:h100-80g", "units": 2, "overrides": {"reserved_monthly": 1500}, "currency": "USD"}
    assert _month_one(currency="CNY", options=[quote]) == pytest.approx(3_000 * 7.2, rel=1e-12)  # fx.csv: 7.2


def test_a_currency_the_catalog_lacks_works_with_a_rate_from_the_scenario() -> None:
    in_cny = _tco(currency="CNY", options=["api:gpt-4o", "rent:a100-80g"])
    in_eur = _tco(currency="eur", fx=[EUR], options=["api:gpt-4o", "rent:a100-80g"])
    assert in_eur == pytest.approx([t / 7.7 for t in in_cny], rel=1e-12)


def test_without_a_rate_the_error_names_the_currency_and_the_fix() -> None:
    with pytest.raises(CatalogError, match=r"no rate for currency 'EUR'.*fx: \[\{currency: EUR"):
        _tco(currency="EUR", options=["api:gpt-4o"])


def test_currency_inside_overrides_points_to_the_option_currency() -> None:
    bad = {"key": "rent:h100-80g", "overrides": {"currency": 1}}
    with pytest.raises(ScenarioError, match="the option's currency"):
        _tco(options=[bad])


def test_sensitivity_ranges_are_shown_in_the_scenario_currency(tmp_path: Path) -> None:
    path = tmp_path / "usd.yaml"
    path.write_text(yaml.safe_dump({"name": "usd", "currency": "USD", "options": ["api:gpt-4o", "rent:a100-80g"]}))
    result = CliRunner().invoke(app, ["sensitivity", "-s", str(path), "--json"])
    assert result.exit_code == 0, result.output
    rows = {r["input"]: r for r in json.loads(result.stdout)["inputs"]}
    rent = rows["gpu_rental.csv:a100-80g:reserved_monthly"]
    cny = CATALOG.rows("gpu_rental.csv", GpuRental)["a100-80g"].reserved_monthly
    assert rent["base"] == pytest.approx(present(cny) / 7.2, rel=1e-12)


def test_a_eur_workbook_recalculates_in_libreoffice_as_generated(tmp_path: Path) -> None:
    scenario = {
        "name": "eur",
        "currency": "EUR",
        "fx": [EUR],
        "options": [
            "api:gpt-4o",
            {"key": "rent:h100-80g", "units": 2, "overrides": {"reserved_monthly": 1500}},
            "onprem:standard",
        ],
    }
    path = tmp_path / "eur.yaml"
    path.write_text(yaml.safe_dump(scenario))
    book = tmp_path / "eur.xlsx"
    result = CliRunner().invoke(app, ["generate", "-s", str(path), "-o", str(book)])
    assert result.exit_code == 0, result.output
    cached = formula_values(book)
    again = recalculated([book], tmp_path / "out")["eur"]
    assert differences(cached, again) == []
    core = compare(Scenario.model_validate(scenario), CATALOG)
    assert named(again, "tco_2") == pytest.approx(core.results[1].tco, rel=1e-12) == pytest.approx(108_000)
    fx_sheet = [[c.value for c in row] for row in openpyxl.load_workbook(book)["FX"].iter_rows()]
    assert any("EUR" in row and "treasury rate, December 2026" in row for row in fx_sheet)
    audit = CliRunner().invoke(app, ["audit", str(book), "--fail-on", "error"])
    assert audit.exit_code == 0, audit.output
