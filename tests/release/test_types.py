"""The package type-checks: mypy, configured in pyproject.toml ([tool.mypy]), reports no errors over ``xlcost/``.

A ``# type: ignore[code]`` is allowed only with its reason on the same line.
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys

from tests.support.paths import ROOT
from tests.support.programs import missing

PACKAGE = ROOT / "xlcost"


def _need_mypy() -> None:
    """Skip without mypy on a workstation; fail in CI, where the test extra installs it."""
    if importlib.util.find_spec("mypy") is None:
        missing("mypy", "pip install -e '.[test]'")


def test_mypy_reports_no_errors():
    _need_mypy()
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--config-file", str(ROOT / "pyproject.toml"), "xlcost"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, f"mypy found errors:\n{result.stdout}{result.stderr}"


def test_every_type_ignore_names_its_code_and_reason():
    bare = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "type: ignore" not in line:
                continue
            if not re.search(r"#\s*type:\s*ignore\[[a-z-]+(,[a-z-]+)*\]\s*#\s*\S", line):
                bare.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not bare, "a type: ignore needs its error code and a reason after it:\n" + "\n".join(bare)
