"""A bare GPU purchase (``buy:`` of a GPU id) prices the cards alone: every place that shows it says so."""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from typer.testing import CliRunner

from tests.support.workbooks import named, recalculated
from xlcost.cli.app import app

SCENARIO = {
    "name": "cards",
    "workload": {"users_per_day": 20_000},
    "options": ["api:deepseek-v3", "rent:h100-80g", "buy:h100-80g", {"key": "buy:a100-80g", "label": "A100 cards"}],
    "situation": {"sensitive_data": True},
}
CARDS = "GPU cards only"


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_tco_recommend_and_the_workbook_say_gpu_cards_only(tmp_path: Path) -> None:
    path = tmp_path / "cards.yaml"
    path.write_text(yaml.safe_dump(SCENARIO))
    table = json.loads(_run("tco", "-s", str(path), "--json"))
    shown = {r["option"]: r["label"] for r in table["options"]}
    warned = [r["option"] for r in table["options"] if any(CARDS in w for w in r["warnings"])]
    assert shown["buy:h100-80g"] == f"buy:h100-80g ({CARDS})"
    assert shown["buy:a100-80g"] == f"A100 cards ({CARDS})"  # a label is kept and qualified
    assert CARDS not in (shown["rent:h100-80g"] or "")
    assert warned == ["buy:h100-80g", "buy:a100-80g"]
    advice = json.loads(_run("recommend", "-s", str(path), "--json"))
    assert advice["option"] == "buy:a100-80g" and f"A100 cards ({CARDS})" in advice["sentence"]
    workbook = tmp_path / "cards.xlsx"
    _run("generate", "-s", str(path), "-o", str(workbook))
    wb = recalculated([workbook], tmp_path / "out")["cards"]  # what LibreOffice shows on Summary
    assert named(wb, "name_3") == f"buy:h100-80g ({CARDS})"
    assert named(wb, "recommendation") == advice["sentence"]
    _run("audit", str(workbook), "--fail-on", "error")  # the untouched workbook agrees with the core
