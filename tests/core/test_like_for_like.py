"""An API option and the self-hosted ones may serve different models; the comparison says so, never silently."""

from __future__ import annotations

from pathlib import Path

import openpyxl
from typer.testing import CliRunner

from tests.support.workbooks import write
from xlcost.analysis.recommend import recommend_scenario
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario, Serving, Workload
from xlcost.core.scenario_io import load_scenario

CATALOG = load_catalog()


def _scenario(options: list[str], model: str | None) -> Scenario:
    return Scenario.model_validate(
        dict(name="t", workload=Workload(users_per_day=20_000), options=options, serving=Serving(model=model))
    )


def test_a_small_self_hosted_model_against_a_large_api_model_is_named() -> None:
    note = compare(_scenario(["api:deepseek-v3", "rent:h100-80g"], "qwen3-14b"), CATALOG).like_for_like
    assert note is not None
    assert "DeepSeek-V3 (671B)" in note and "Qwen3-14B (14.8B)" in note


def test_the_same_open_model_on_both_sides_is_like_for_like() -> None:
    comparison = compare(_scenario(["api:deepseek-v3", "rent:h200-141g"], "deepseek-v3"), CATALOG)
    assert comparison.like_for_like is None
    assert [r.serves for r in comparison.results] == ["DeepSeek-V3 (671B)"] * 2


def test_a_closed_model_is_named_without_a_size_and_one_side_alone_says_nothing() -> None:
    note = compare(_scenario(["api:gpt-4o", "onprem:standard"], None), CATALOG).like_for_like
    assert note is not None and "GPT-4o (size not published)" in note
    assert compare(_scenario(["api:gpt-4o", "api:deepseek-v3"], None), CATALOG).like_for_like is None


def test_the_note_is_under_the_table_in_the_recommendation_and_on_the_summary(tmp_path: Path) -> None:
    scenario = load_scenario("starter")
    note = compare(scenario, CATALOG).like_for_like
    assert note is not None
    result = CliRunner().invoke(app, ["tco", "-s", "starter"])
    assert result.exit_code == 0 and note in " ".join(result.output.split())
    assert note in recommend_scenario(scenario, CATALOG).explain()
    write(scenario, CATALOG, tmp_path / "starter.xlsx")
    summary = openpyxl.load_workbook(tmp_path / "starter.xlsx")["Summary"]
    assert note in [c.value for row in summary.iter_rows() for c in row]
