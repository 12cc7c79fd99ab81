"""`xlcost tco` as a user runs it: in-process for speed, once through `python -m` for real."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.typed import present
from xlcost import compare
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import load_scenario

runner = CliRunner()


def test_tco_prints_every_option_of_the_default_scenario() -> None:
    result = runner.invoke(app, ["tco"])
    assert result.exit_code == 0, result.output
    for option in compare(load_scenario()).results:
        assert option.profile.name in result.output
        assert f"{option.tco:,.2f}" in result.output


def test_tco_names_both_options_of_a_breakeven_and_says_month_1_is_the_running_cost() -> None:
    result = runner.invoke(app, ["tco", "--scenario", "seed-003-team30", "--format", "tsv"])
    assert result.exit_code == 0, result.output
    header = result.stdout.splitlines()[0].split("\t")
    assert "running, month 1" in header
    be = compare(load_scenario("seed-003-team30")).breakevens[0]
    assert 0 < present(be.month) < 36
    line = f"breakeven: {be.costlier_upfront} overtakes {be.other} from month {be.month:.2f}"
    assert line in result.stderr.replace("\n", " ")


@pytest.mark.parametrize(
    ("description", "title"),
    [
        ("chat, over 36 months", "t: chat, over 36 months (CNY)"),
        ("chat for 3 years", "t: chat for 3 years (36 months, CNY)"),
        ("chat, 136 months of logs", "t: chat, 136 months of logs (36 months, CNY)"),
    ],
)
def test_tco_title_says_the_horizon_once(tmp_path: Path, description: str, title: str) -> None:
    path = tmp_path / "t.yaml"
    path.write_text(f"name: t\ndescription: {description}\noptions: [api:qwen-plus]\n", encoding="utf-8")
    result = runner.invoke(app, ["tco", "-s", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == title


def test_a_currency_in_lower_case_is_the_code_in_upper_case(tmp_path: Path) -> None:
    path = tmp_path / "usd.yaml"
    path.write_text("name: usd\ncurrency: usd\noptions: [api:qwen-plus]\n", encoding="utf-8")
    lower = json.loads(runner.invoke(app, ["tco", "-s", str(path), "--json"]).stdout)
    path.write_text("name: usd\ncurrency: USD\noptions: [api:qwen-plus]\n", encoding="utf-8")
    upper = json.loads(runner.invoke(app, ["tco", "-s", str(path), "--json"]).stdout)
    assert lower["currency"] == "USD" and lower["options"] == upper["options"]


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
        ("options: [api:qwen-plus, {key: rent:a100-80g, units: -1}]\n", "field 'options.2.units'"),  # counted from 1
    ],
)
def test_bad_scenario_is_one_line_and_exit_2(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text(content, encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "xlcost", "tco", "--scenario", str(path)], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_init_writes_a_starter_that_runs_and_never_overwrites(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    first = runner.invoke(app, ["init", "-o", str(path)])
    assert first.exit_code == 0 and path.is_file()
    assert load_scenario(path) == load_scenario("starter")
    text = path.read_text(encoding="utf-8")
    for field in ("users_per_day", "throughput_basis", "serving:", "requests_per_user_day", "tpot_ms", "situation:"):
        assert field in text
    path.write_text(text.replace("users_per_day: 10000", "users_per_day: 20000"), encoding="utf-8")
    again = runner.invoke(app, ["init", "-o", str(path)])
    assert again.exit_code == 2 and "--force" in again.output
    assert "users_per_day: 20000" in path.read_text(encoding="utf-8")
    assert runner.invoke(app, ["tco", "-s", str(path)]).exit_code == 0


def test_users_and_model_flags_size_without_editing_yaml() -> None:
    def units(*flags: str) -> float:
        data = json.loads(runner.invoke(app, ["tco", "-s", "starter", "--json", *flags]).stdout)
        return float(next(o["units"] for o in data["options"] if o["option"] == "rent:h100-80g"))

    base = units()
    assert units("--users", "3000000") > base
    small = json.loads(runner.invoke(app, ["tco", "-s", "starter", "--json", "--model", "llama-3.1-8b"]).stdout)
    sizing = next(o["sizing"] for o in small["options"] if o["option"] == "rent:h100-80g")
    assert "llama-3.1-8b" in sizing and units("--model", "llama-3.1-8b") <= base
    bad = runner.invoke(app, ["tco", "--users", "-5"])
    assert bad.exit_code == 2


def test_an_option_short_of_the_load_is_marked_and_the_cheapest_that_serves_it_named() -> None:
    """Ten million users: the default scenario's one reserved A100 is the lowest TCO but cannot serve them."""
    result = runner.invoke(app, ["tco", "--users", "10000000"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    rows = {
        line.split()[0]: line for line in result.stdout.splitlines() if line.startswith(("api:", "rent:", "onprem:"))
    }
    answer = compare(load_scenario().model_copy(update={"workload": load_scenario().workload.model_copy(
        update={"users_per_day": 10_000_000})}), load_catalog())  # fmt: skip
    short = {r.profile.key for r in answer.results if r.profile.shortfall}
    assert short == {"rent:a100-80g"}
    assert [key for key, line in rows.items() if line.rstrip().endswith("!")] == ["rent:a100-80g"]
    serving = min((r for r in answer.results if not r.profile.shortfall), key=lambda r: r.tco)
    assert f"the cheapest option that serves it: {serving.profile.key}" in result.stdout
