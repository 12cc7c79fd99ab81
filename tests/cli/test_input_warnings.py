"""Valid but implausible inputs are priced as asked and said where the answer is shown: on stderr and in
JSON, by every command that prices the scenario; a price older than --max-age-days gets a one-line note."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.support.cli import xlcost
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario
from xlcost.workbook import layout

runner = CliRunner()
GROWTH = "workload.monthly_growth is 5, 500% a month"
HORIZON = "workload.horizon_months is 300 (25 years)"
STAFF = "hidden_costs: 'latency-wait'"


def _scenario(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "odd.yaml"
    path.write_text(f"name: odd\n{body}", encoding="utf-8")
    return path


@pytest.fixture
def odd(tmp_path: Path) -> Path:
    """5 typed for 5% growth, and every hidden cost on a chat workload with no seat option."""
    return _scenario(
        tmp_path,
        "workload: {monthly_growth: 5, users_per_day: 100}\nhidden_costs: [all]\n"
        "options: [api:deepseek-v3, rent:a100-80g, buy:a100-80g]\n",
    )


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_tco_warns_on_stderr_and_in_json_and_still_answers(odd: Path) -> None:
    shell = xlcost("tco", "-s", str(odd), "--format", "tsv")
    assert shell.returncode == 0, shell.stderr
    stderr = _flat(shell.stderr)
    assert f"warning: {GROWTH}" in stderr and "written 0.05" in stderr
    assert f"warning: {STAFF}" in stderr
    assert "warning" not in shell.stdout
    data = json.loads(runner.invoke(app, ["tco", "-s", str(odd), "--json"]).stdout)
    assert any(w.startswith(GROWTH) for w in data["warnings"])
    assert any(w.startswith(STAFF) for w in data["warnings"])


def test_recommend_generate_and_plan_carry_the_same_warnings(odd: Path, tmp_path: Path) -> None:
    data = json.loads(runner.invoke(app, ["recommend", "-s", str(odd), "--json"]).stdout)
    assert any(w.startswith(GROWTH) for w in data["warnings"])
    planned = json.loads(runner.invoke(app, ["plan", "-s", str(odd), "--json"]).stdout)
    assert any(w.startswith(STAFF) for w in planned["warnings"])
    shell = xlcost("generate", "-s", str(odd), "-o", str(tmp_path / "odd.xlsx"))
    assert shell.returncode == 0 and (tmp_path / "odd.xlsx").is_file()
    assert f"warning: {GROWTH}" in _flat(shell.stderr) and "warning" not in shell.stdout


def test_a_horizon_over_twenty_years_is_warned_about(tmp_path: Path) -> None:
    path = _scenario(tmp_path, "workload: {horizon_months: 300}\noptions: [api:deepseek-v3]\n")
    data = json.loads(runner.invoke(app, ["tco", "-s", str(path), "--json"]).stdout)
    assert [w for w in data["warnings"] if w.startswith(HORIZON)]


def test_staff_time_fits_a_team_on_seat_subscriptions_and_plausible_inputs_warn_nothing() -> None:
    """Seed 003 charges staff time per developer beside seats: that is what the cost is for."""
    team = Scenario.model_validate(
        {
            "workload": {"users_per_day": 30, "monthly_growth": 1.0, "horizon_months": 240},
            "hidden_costs": ["all"],
            "options": [{"key": "seat:coding-assistant-enterprise", "units": 30}, "api:deepseek-v3"],
        }
    )
    result = compare(team, load_catalog())
    assert any("hidden cost: Staff time" in line.label for r in result.results for line in r.profile.lines)
    assert result.scenario_warnings == ()  # 100% a month and 20 years are the edges, still plausible


def test_stale_price_note_follows_max_age_days_on_tco_and_generate(tmp_path: Path) -> None:
    catalog = load_catalog()
    oldest = compare(Scenario.model_validate(dict(options=["api:deepseek-v3", "rent:a100-80g"])), catalog).oldest_price
    assert oldest is not None
    file, row = oldest
    age = (dt.date.today() - row.as_of).days
    assert age > 0  # every catalog row is dated in the past
    path = _scenario(tmp_path, "options: [api:deepseek-v3, rent:a100-80g]\n")
    stale = xlcost("tco", "-s", str(path), "--max-age-days", str(age - 1))
    note = f"note: the answer uses prices up to {age:,} days old ({file} '{row.id}', as of {row.as_of})"
    assert note in _flat(stale.stderr) and "note" not in stale.stdout
    assert len([line for line in stale.stderr.splitlines() if line.startswith("note:")]) == 1
    current = xlcost("tco", "-s", str(path), "--max-age-days", str(age))
    assert "note:" not in current.stderr
    data = json.loads(runner.invoke(app, ["tco", "-s", str(path), "--json", "--max-age-days", str(age)]).stdout)
    assert data["oldest_price"] == {
        "file": file,
        "id": row.id,
        "as_of": row.as_of.isoformat(),
        "age_days": age,
        "stale": False,
    }
    written = xlcost("generate", "-s", str(path), "-o", str(tmp_path / "s.xlsx"), "--max-age-days", str(age - 1))
    assert written.returncode == 0 and note in _flat(written.stderr)
    cover = openpyxl.load_workbook(tmp_path / "s.xlsx")[layout.COVER]
    shown = cover.cell(layout.COVER_ROWS["prices_as_of"], layout.COVER_VALUE_COL).value
    assert shown == f"{row.as_of.isoformat()} ({file} '{row.id}')"


def test_the_oldest_price_is_a_price_the_answer_reads_not_a_benchmark() -> None:
    catalog = load_catalog()
    result = compare(Scenario.model_validate(dict(options=["api:deepseek-v3"])), catalog)
    assert result.oldest_price == ("api.csv", catalog.rows("api.csv", ApiPrice)["deepseek-v3"])
