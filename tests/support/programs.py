"""External programs the tests drive (LibreOffice, Gnumeric, poppler, the Open XML validator, mypy).

On a workstation without one, its tests are skipped; in CI (``CI=true``), where ``.ci/run`` installs
them all, a missing program fails the test instead, so a green run never hides an install step.
"""

from __future__ import annotations

import os
import shutil
from typing import NoReturn

import pytest


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
