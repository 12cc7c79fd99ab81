"""A workbook priced from the built-in international catalog, recalculated by LibreOffice, gives the core's figures."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import xlcost
from tests.support.scenarios import LLAMA_70B_USD, SPOT_USD, scenario_file
from tests.support.workbooks import error_cells, mismatches, named, recalculated, tornado_mismatches
from xlcost import compare, load_catalog
from xlcost.analysis.uncertainty.inputs import hold_units
from xlcost.analysis.uncertainty.sensitivity import sensitivity
from xlcost.core.option_kinds import RENTAL
from xlcost.core.scenario_io import load_scenario

pytestmark = pytest.mark.libreoffice


def test_generate_with_the_international_catalog_recalculates_to_the_cores_figures(tmp_path: Path) -> None:
    files = {stem: scenario_file(tmp_path, stem, text) for stem, text in (("llama", LLAMA_70B_USD), ("spot", SPOT_USD))}
    books = {"default": [], **{stem: ["-s", str(path)] for stem, path in files.items()}}
    for stem, args in books.items():
        done = xlcost("generate", "-c", "international", *args, "-o", str(tmp_path / f"{stem}.xlsx"))
        assert done.returncode == 0, done.stderr
    values = recalculated([tmp_path / f"{stem}.xlsx" for stem in books], tmp_path / "recalculated")
    catalog = load_catalog("international")
    scenarios = {"default": load_scenario(), **{stem: load_scenario(str(path)) for stem, path in files.items()}}
    for stem, scenario in scenarios.items():
        wb = values[stem]
        assert error_cells(wb) == [], stem
        assert mismatches(wb, compare(scenario, catalog)) == [], stem
    spot = values["spot"]
    assert named(spot, "tco_1") == pytest.approx(8 * 6.6367 * 730 * 24, rel=1e-9)  # GCP's spot H100 every hour
    ((sheet, cells),) = list(spot.defined_names["decision_approaches"].destinations)
    approaches = [cell.value for row in spot[sheet][cells.replace("$", "")] for cell in row]
    assert approaches == [RENTAL] * 3  # each option's kind looked up on Lists
    held, _ = hold_units(scenarios["spot"], catalog)
    core = sensitivity(held, catalog)
    assert "assumptions.csv:hours_per_month:value" in [row.input.key for row in core.rows]  # moves spot's cost
    bad, compared = tornado_mismatches(spot, core, 3)
    assert bad == [] and compared == len(core.rows)
