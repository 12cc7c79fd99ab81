"""Commands that can take seconds show a progress bar on stderr in a terminal, and nothing when piped."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.prices.price_files import write_litellm
from xlcost.cli.app import app

TERMINAL = {"TTY_COMPATIBLE": "1", "COLUMNS": "100", "NO_COLOR": "1", "TERM": "xterm"}
PIPED = {"TTY_COMPATIBLE": None, "COLUMNS": None}


def commands(tmp_path: Path, workbook: Path) -> dict[str, tuple[list[str], str]]:
    """Each command's arguments and the words its bar starts with."""
    prices = write_litellm(tmp_path / "prices.json")
    return {
        "generate": (["generate", "-o", str(tmp_path / "out.xlsx"), "--force"], "generating"),
        "audit": (["audit", str(workbook), "--as-of", "2026-06-30"], "auditing"),
        "reconcile": (["reconcile", "seed-002"], "checking claims"),
        "hybrid": (
            ["hybrid", "-s", "seed-002-b", "--own", "rent:a100-80g", "--overflow", "api:gpt-4o"],
            "pricing 0..peak",
        ),
        "prices import": (["prices", "import", str(prices), "--format", "litellm"], "importing"),
        "simulate": (["simulate", "--draws", "300", "--seed", "1"], "pricing corners"),
    }


@pytest.mark.parametrize("command", ["generate", "audit", "reconcile", "hybrid", "prices import", "simulate"])
def test_a_bar_in_a_terminal_nothing_when_piped(command: str, tmp_path: Path, default_workbook: Path) -> None:
    args, words = commands(tmp_path, default_workbook)[command]
    shown = CliRunner().invoke(app, args, env=TERMINAL)
    piped = CliRunner().invoke(app, args, env=PIPED)
    assert shown.exit_code == piped.exit_code and shown.exit_code in (0, 1), shown.output
    assert words in shown.stderr and "━" in shown.stderr
    assert words not in piped.stderr and "━" not in piped.stderr
