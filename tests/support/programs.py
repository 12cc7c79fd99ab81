"""External programs the tests drive (LibreOffice, Gnumeric, poppler, the Open XML validator, mypy).

On a workstation without one, its tests are skipped; in CI (``CI=true``), where ``.ci/run`` installs
them all, a missing program fails the test instead, so a green run never hides an install step.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest

from xlcost.workbook.recalc import soffice_path


def missing(what: str, how: str) -> NoReturn:
    """Skip the calling test, or fail it in CI: ``what`` is absent, ``how`` says how to install it."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{what} is required in CI ({how})")
    pytest.skip(f"{what} is not installed ({how})")


def require_program(command: str, how: str) -> str:
    """The path of ``command`` on PATH, or skip/fail as ``missing`` says."""
    found = shutil.which(command)
    if found is None:
        missing(command, how)
    return found


def require_soffice() -> str:
    """LibreOffice, the engine that proves the workbooks: its path, or skip/fail as ``missing`` says."""
    found = soffice_path()
    if found is None:
        missing("LibreOffice (soffice)", "Debian package libreoffice-calc-nogui")
    return found


def require_ssconvert() -> str:
    """Gnumeric's ssconvert, the second opinion on recalculation and the other application that saves."""
    return require_program("ssconvert", "Debian package gnumeric")
