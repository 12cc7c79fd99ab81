"""Fixtures every test area shares.

The tests sit by area, as the package does: ``core``, ``analysis``, ``excel``, ``workbook``, ``audit``,
``prices``, ``cli``, plus ``hostile`` (hostile inputs for every file kind) and ``release`` (version, types,
import layers). A helper one area alone uses sits beside its tests; plain functions several areas call are
in ``tests/support``. The default catalog needs no fixture: ``load_catalog()`` loads it once and caches it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.catalogs import copy_catalog
from tests.support.paths import ROOT
from tests.support.programs import require_soffice, require_ssconvert
from xlcost.workbook import generate


@pytest.fixture(scope="session")
def root() -> Path:
    """The repository root (``tests.support.paths.ROOT`` where a module-level constant needs it)."""
    return ROOT


@pytest.fixture
def catalog_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped catalog's CSV files, in ``tmp_path / "catalog"``."""
    return copy_catalog(tmp_path / "catalog")


@pytest.fixture(scope="session")
def soffice() -> str:
    """LibreOffice's executable: the test is skipped without it (failed in CI, see ``tests.support.programs``)."""
    return require_soffice()


@pytest.fixture(scope="session")
def ssconvert() -> str:
    """Gnumeric's ssconvert: the test is skipped without it (failed in CI)."""
    return require_ssconvert()


@pytest.fixture(scope="session")
def default_workbook(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The workbook ``xlcost generate`` writes with no arguments, written once: read it, never change it."""
    return generate(tmp_path_factory.mktemp("default") / "comparison.xlsx")
