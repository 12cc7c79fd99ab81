"""The workbook at the edges of its ranges (one option, one month, no users): every cached value is what
LibreOffice computes, Gnumeric recalculates it without an error cell, and the audit passes the file as
generated and as LibreOffice and Gnumeric save it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest

from tests.support.scenarios import EDGES
from tests.support.workbooks import (
    differences,
    error_cells,
    formula_values,
    gnumeric_recalculated,
    mismatches,
    named,
    recalculated,
    save_with_gnumeric,
    write,
)
from xlcost import compare, load_catalog
from xlcost.audit import Severity, audit
from xlcost.workbook import layout as L

pytestmark = [
    pytest.mark.libreoffice,
    pytest.mark.gnumeric,
    pytest.mark.filterwarnings("ignore:Workbook contains no default style"),
]

CATALOG = load_catalog()
AS_OF = dt.date(2026, 6, 30)  # every catalog row is under 180 days old then


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("edges")
    paths = {name: folder / f"{name}.xlsx" for name in EDGES}
    for name, path in paths.items():
        write(EDGES[name], CATALOG, path)
    return paths


@pytest.fixture(scope="module")
def libreoffice(written: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each workbook recalculated and saved by LibreOffice (one run for all)."""
    folder = tmp_path_factory.mktemp("libreoffice")
    recalculated(list(written.values()), folder)
    return {name: folder / path.name for name, path in written.items()}


@pytest.fixture(scope="module")
def gnumeric(written: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """Each workbook recalculated by Gnumeric, and each saved unchanged by it."""
    recalc, saved = tmp_path_factory.mktemp("gnumeric-recalc"), tmp_path_factory.mktemp("gnumeric-saved")
    return {
        name: (gnumeric_recalculated(path, recalc), save_with_gnumeric(path, saved / path.name))
        for name, path in written.items()
    }


@pytest.mark.parametrize("name", EDGES)
def test_cached_values_are_what_libreoffice_computes(
    name: str, written: dict[str, Path], libreoffice: dict[str, Path]
) -> None:
    again = openpyxl.load_workbook(libreoffice[name], data_only=True)
    assert differences(formula_values(written[name]), again) == []
    assert mismatches(again, compare(EDGES[name], CATALOG)) == []
    assert named(again, L.MASTER_CHECK) == 0


@pytest.mark.parametrize("name", EDGES)
def test_gnumeric_recalculates_without_an_error_cell(
    name: str, written: dict[str, Path], gnumeric: dict[str, tuple[Path, Path]]
) -> None:
    again = openpyxl.load_workbook(gnumeric[name][0], data_only=True)
    assert error_cells(again) == []
    assert differences(formula_values(written[name]), again) == []


@pytest.mark.parametrize("saved_by", ["xlcost", "libreoffice", "gnumeric"])
@pytest.mark.parametrize("name", EDGES)
def test_the_audit_passes_the_untouched_and_the_saved_copies(
    name: str,
    saved_by: str,
    written: dict[str, Path],
    libreoffice: dict[str, Path],
    gnumeric: dict[str, tuple[Path, Path]],
) -> None:
    copies = {"xlcost": written[name], "libreoffice": libreoffice[name], "gnumeric": gnumeric[name][1]}
    result = audit(copies[saved_by], as_of=AS_OF)
    assert [f.as_dict() for f in result.findings if f.severity > Severity.INFO] == []
    assert result.exit_code == 0
    assert any("they agree with xlcost's" in note for note in result.notes)
