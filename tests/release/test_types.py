"""The package and the tests type-check: strict mypy, configured in pyproject.toml ([tool.mypy]), reports no errors.

A ``# type: ignore[code]`` is allowed only with its reason on the same line.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path

from tests.support.paths import ROOT
from tests.support.programs import missing

CHECKED = (ROOT / "xlcost", ROOT / "tests")


def _need_mypy() -> None:
    """Skip without mypy on a workstation; fail in CI, where the test extra installs it."""
    if importlib.util.find_spec("mypy") is None:
        missing("mypy", "pip install -e '.[test]'")


def test_mypy_reports_no_errors() -> None:
    _need_mypy()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"mypy found errors:\n{result.stdout}{result.stderr}"


def test_every_type_ignore_names_its_code_and_reason() -> None:
    bare = []
    here = Path(__file__).resolve()  # this file names the comment without being one
    for path in sorted(p for folder in CHECKED for p in folder.rglob("*.py") if p.resolve() != here):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "type: ignore" not in line:
                continue
            if not re.search(r"#\s*type:\s*ignore\[[a-z-]+(,[a-z-]+)*\]\s*#\s*\S", line):
                bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bare, "a type: ignore needs its error code and a reason after it:\n" + "\n".join(bare)
