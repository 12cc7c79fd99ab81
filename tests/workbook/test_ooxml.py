"""Excel's repair prompt, by proxy: the Open XML SDK validator must accept every generated workbook.

A file Excel has to "repair" loses the user's trust before they read a number. The validator
(`ooxml-validate`, npm package @ooxml-tools/validate) checks each part against the schema Excel
uses. Its one known complaint is openpyxl's own: it writes a font's children in another order
than the schema lists them. Anything else is ours.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.programs import require_program

#: openpyxl writes <color> inside <font> out of schema order; Excel opens such files without a repair prompt.
KNOWN_OPENPYXL_COMPLAINT = ("/xl/styles.xml", "/x:styleSheet[1]/x:fonts[1]/x:font[")


def validator() -> str:
    """The validator's executable (see ``tests.support.programs``)."""
    return require_program("ooxml-validate", "npm install -g @ooxml-tools/validate")


def schema_errors(path: Path) -> list[dict[str, Any]]:
    """The validator's findings for one file, minus openpyxl's known font-order complaint."""
    done = subprocess.run(
        [validator(), "--of", "json", str(path)], capture_output=True, text=True, timeout=300, check=False
    )
    findings = json.loads(done.stdout or "[]")
    return [
        f
        for f in findings
        if not (
            f["path"]["partUri"] == KNOWN_OPENPYXL_COMPLAINT[0]
            and f["path"]["xpath"].startswith(KNOWN_OPENPYXL_COMPLAINT[1])
        )
    ]


@pytest.mark.parametrize("scenario", ["default", "seed-002-b"])
def test_generated_workbook_opens_without_repair(tmp_path: Path, scenario: str) -> None:
    out = tmp_path / f"{scenario}.xlsx"
    subprocess.run(
        [sys.executable, "-m", "xlcost", "generate", "-s", scenario, "-o", str(out)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    assert schema_errors(out) == []
