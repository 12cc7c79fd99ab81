"""The layers of ARCHITECTURE.md hold: ``lint-imports`` keeps every contract in pyproject.toml, and breaks one
when the core is made to import an adapter or a terminal library."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.programs import require_program


def _lint_imports(tree: Path) -> subprocess.CompletedProcess[str]:
    program = require_program("lint-imports", "pip install -e '.[test]'")
    return subprocess.run(
        [program, "--no-cache"],
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_every_import_contract_is_kept(root: Path) -> None:
    result = _lint_imports(root)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


@pytest.mark.parametrize(
    ("module", "line", "broken"),
    [
        (
            "core/compare.py",
            "from xlcost.workbook import layout",
            "xlcost.core is not allowed to import xlcost.workbook",
        ),
        ("core/money.py", "import rich", "xlcost.core is not allowed to import rich"),
        ("analysis/recommend.py", "import openpyxl", "xlcost.analysis is not allowed to import openpyxl"),
        (
            "workbook/layout.py",
            "from xlcost.prices import diff",
            "xlcost.workbook is not allowed to import xlcost.prices",
        ),
        ("io/table.py", "from xlcost.cli import options", "xlcost.io is not allowed to import xlcost.cli"),
        (
            "workbook/summary_sheet.py",
            "from xlcost.analysis import recommend",
            "xlcost.workbook.summary_sheet is not allowed to import xlcost.analysis",
        ),
    ],
)
def test_a_forbidden_import_breaks_a_contract(tmp_path: Path, module: str, line: str, broken: str, root: Path) -> None:
    shutil.copytree(root / "xlcost", tmp_path / "xlcost", symlinks=True)
    shutil.copy(root / "pyproject.toml", tmp_path)
    target = tmp_path / "xlcost" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = _lint_imports(tmp_path)
    assert result.returncode != 0
    assert broken in " ".join(result.stdout.split())
