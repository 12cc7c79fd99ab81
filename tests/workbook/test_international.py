"""A workbook priced from the built-in international catalog, recalculated by LibreOffice, gives the core's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import xlcost
from tests.support.scenarios import LLAMA_70B_USD
from tests.support.workbooks import error_cells, mismatches, recalculated
from xlcost import compare, load_catalog
from xlcost.core.scenario_io import load_scenario

pytestmark = pytest.mark.libreoffice


def test_generate_with_the_international_catalog_recalculates_to_the_cores_figures(tmp_path: Path) -> None:
    scenario_file = tmp_path / "llama-70b.yaml"
    scenario_file.write_text(LLAMA_70B_USD, encoding="utf-8")
    books = {"default": [], "llama": ["-s", str(scenario_file)]}
    for stem, args in books.items():
        done = xlcost("generate", "-c", "international", *args, "-o", str(tmp_path / f"{stem}.xlsx"))
        assert done.returncode == 0, done.stderr
    values = recalculated([tmp_path / f"{stem}.xlsx" for stem in books], tmp_path / "recalculated")
    catalog = load_catalog("international")
    for stem, scenario in (("default", load_scenario()), ("llama", load_scenario(str(scenario_file)))):
        wb = values[stem]
        assert error_cells(wb) == [], stem
        assert mismatches(wb, compare(scenario, catalog)) == [], stem
