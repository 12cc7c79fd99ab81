"""`xlcost tco` as a user runs it: in-process for speed, once through `python -m` for real."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from xlcost import compare
from xlcost.cli.app import app
from xlcost.core.scenario_io import load_scenario

runner = CliRunner()


def test_tco_prints_every_option_of_the_default_scenario() -> None:
    result = runner.invoke(app, ["tco"])
    assert result.exit_code == 0, result.output
    for option in compare(load_scenario()).results:
        assert option.profile.name in result.output
        assert f"{option.tco:,.2f}" in result.output


def test_tco_json_matches_the_core() -> None:
    result = runner.invoke(app, ["tco", "--scenario", "seed-002-b", "--json"])
    data = json.loads(result.output)
    expected = compare(load_scenario("seed-002-b"))
    assert [o["tco"] for o in data["options"]] == [r.tco for r in expected.results]
    assert data["currency"] == "CNY" and data["months"] == 36


def test_schema_is_json_schema_of_scenarios() -> None:
    schema = json.loads(runner.invoke(app, ["schema"]).output)
    assert {"workload", "options"} <= schema["properties"].keys()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("options: [api:nope]\n", "unknown option 'api:nope'"),
        ("workload: {users_per_day: -5}\noptions: [api:qwen-plus]\n", "field 'workload.users_per_day'"),
        ("options: [api:qwen-plus\n", "not valid YAML"),
    ],
)
def test_bad_scenario_is_one_line_and_exit_2(tmp_path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "xlcost", "tco", "--scenario", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
