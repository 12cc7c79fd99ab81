"""A fixed GPU count below what the workload needs is priced as given and said everywhere the cost is shown:
on stderr (so a pipe into grep or a spreadsheet takes only the data) and in each command's JSON."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.cli import xlcost
from xlcost.cli.app import app

runner = CliRunner()
SHORT = "rent:h100-80g: 2 x h100-80g priced, but the workload needs"


@pytest.fixture
def busy(tmp_path: Path) -> Path:
    path = tmp_path / "busy.yaml"
    path.write_text(
        "name: busy\nworkload: {users_per_day: 2000000}\nmodel_size: 32b-70b\n"
        "options: [api:deepseek-v3, {key: rent:h100-80g, units: 2}, rent:a100-80g]\n",
        encoding="utf-8",
    )
    return path


def test_tco_warns_on_stderr_explains_sized_units_and_carries_warnings_in_json(busy: Path) -> None:
    shell = xlcost("tco", "-s", str(busy))
    assert shell.returncode == 0, shell.stderr
    assert f"warning: {SHORT}" in shell.stderr.replace("\n", " ").replace("  ", " ")
    assert "warning" not in shell.stdout
    assert "units of rent:a100-80g:" in shell.stdout and "replica" in shell.stdout
    data = json.loads(runner.invoke(app, ["tco", "-s", str(busy), "--json"]).stdout)
    by_key = {o["option"]: o for o in data["options"]}
    assert by_key["rent:h100-80g"]["warnings"][0].startswith(SHORT)
    assert by_key["rent:a100-80g"]["warnings"] == [] and by_key["rent:a100-80g"]["units"] > 2
    assert "llama-3.3-70b" in by_key["rent:a100-80g"]["sizing"]


def test_recommend_carries_the_warnings(busy: Path) -> None:
    data = json.loads(runner.invoke(app, ["recommend", "-s", str(busy), "--json"]).stdout)
    assert any(w.startswith(SHORT) for w in data["warnings"])
    shell = xlcost("recommend", "-s", str(busy))
    assert "warning: rent:h100-80g" in shell.stderr and "warning" not in shell.stdout


def test_generate_warns_after_writing(busy: Path, tmp_path: Path) -> None:
    shell = xlcost("generate", "-s", str(busy), "-o", str(tmp_path / "busy.xlsx"))
    assert shell.returncode == 0 and (tmp_path / "busy.xlsx").is_file()
    assert "warning: rent:h100-80g" in shell.stderr and "warning" not in shell.stdout


def test_the_default_scenario_warns_about_nothing() -> None:
    shell = xlcost("tco")
    assert shell.returncode == 0 and "warning" not in shell.stderr


def test_plan_carries_the_warnings(busy: Path) -> None:
    with_owned = busy.read_text(encoding="utf-8").replace("rent:a100-80g]", "rent:a100-80g, buy:h100-80g]")
    busy.write_text(with_owned, encoding="utf-8")
    data = json.loads(runner.invoke(app, ["plan", "-s", str(busy), "--rent", "rent:h100-80g", "--json"]).stdout)
    assert any(w.startswith(SHORT) for w in data["warnings"])
