"""`xlcost tco -c international` prices a spot option as the core does and tells the user the GPUs can be taken back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.scenarios import SPOT_USD, scenario_file
from xlcost import compare
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import load_scenario

runner = CliRunner()


@pytest.fixture
def spot_scenario(tmp_path: Path) -> Path:
    return scenario_file(tmp_path, "spot", SPOT_USD)


def test_tco_of_spot_options_is_the_cores(spot_scenario: Path) -> None:
    result = runner.invoke(app, ["tco", "--json", "-c", "international", "-s", str(spot_scenario)])
    assert result.exit_code == 0, result.output
    answer = {row["option"]: row for row in json.loads(result.stdout)["options"]}
    core = compare(load_scenario(str(spot_scenario)), load_catalog("international"))
    assert len(answer) == len(core.results) == 3
    for option in core.results:
        assert answer[option.profile.key]["tco"] == pytest.approx(option.tco, rel=1e-12), option.profile.key
    spot, on_demand = answer["rent-spot:h100-80g@gcp"], answer["rent-hourly:h100-80g@gcp"]
    assert spot["tco"] / on_demand["tco"] == pytest.approx(6.6367 / 11.06125, rel=1e-12)  # the two hourly prices


def test_tco_warns_of_each_spot_option_on_stderr(spot_scenario: Path) -> None:
    result = runner.invoke(app, ["tco", "-c", "international", "-s", str(spot_scenario)])
    assert result.exit_code == 0, result.output
    said = " ".join(result.stderr.split())  # the message wraps at the terminal width
    for key in ("rent-spot:h100-80g@gcp", "rent-spot:a100-80g@azure"):
        assert f"{key}: a spot GPU can be reclaimed by the cloud at any time" in said
    assert "rent-hourly:h100-80g@gcp:" not in said


def test_a_spot_key_on_a_row_without_a_spot_price_exits_with_the_row_and_field(tmp_path: Path) -> None:
    path = scenario_file(tmp_path, "aws", SPOT_USD.replace("rent-spot:h100-80g@gcp", "rent-spot:h100-80g@aws"))
    result = runner.invoke(app, ["tco", "-c", "international", "-s", str(path)])
    assert result.exit_code == 2  # unusable input
    assert "the catalog row 'h100-80g@aws' has no spot_hourly" in " ".join(result.output.split())
