"""One version, written once in ``xlcost/__init__.py``: the build, the CLI, the workbook and the changelog agree.

(The installed wheel's metadata is checked against it by the CI wheel job, ``.ci/smoke_wheel.py``.)
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xlcost import __version__
from xlcost.cli.app import app
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook.build import build_workbook


def test_the_build_reads_the_version_from_the_package(root: Path) -> None:
    tomllib = pytest.importorskip("tomllib")
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    assert "version" not in project["project"]
    assert "version" in project["project"]["dynamic"]
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "xlcost.__version__"}


def test_version_is_a_release_number() -> None:
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_cli_prints_it() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.output.strip() == f"xlcost {__version__}"


def test_python_m_xlcost_prints_it(root: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "xlcost", "--version"], capture_output=True, text=True, cwd=root)
    assert (done.returncode, done.stdout.strip()) == (0, f"xlcost {__version__}")


def test_workbook_cover_shows_it() -> None:
    wb, _ = build_workbook(load_scenario("default"))
    sheet, cell = next(iter(wb.defined_names["generator_version"].destinations))
    assert sheet == "Cover"
    assert wb[sheet][cell.replace("$", "")].value == f"xlcost {__version__}"


def test_changelog_has_a_section_for_it(root: Path) -> None:
    changelog = (root / "CHANGELOG.md").read_text(encoding="utf-8")
    section = changelog.split(f"\n## {__version__}\n", 1)
    assert len(section) == 2, f"CHANGELOG.md has no '## {__version__}' section"
    entries = section[1].split("\n## ", 1)[0]
    assert re.search(r"^### (Added|Changed|Fixed)\n\n- ", entries, re.MULTILINE)
