"""An option's key picked anew from the Inputs drop-down: the Checks flag the label and units set for the old
key until they are retyped and the key copied beside them; the names on Summary and in the chart follow."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.support.typed import number
from tests.support.workbooks import cell_of, named, recalculated
from xlcost.core.scenario import OptionSpec
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import generate
from xlcost.workbook import layout as L

pytestmark = pytest.mark.libreoffice

NEW_KEY, NEW_LABEL = "api:gpt-4o", "GPT-4o at list price"


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, openpyxl.Workbook]]:
    """The default scenario plus a GPT-4o option (so the drop-down offers its key), with option 2's key picked
    anew: as left, and with its label retyped and key copied."""
    folder = tmp_path_factory.mktemp("key-change")
    scenario = load_scenario()
    scenario = scenario.model_copy(update={"options": [*scenario.options, OptionSpec(key=NEW_KEY)]})
    path = generate(folder / "generated.xlsx", scenario)
    row = L.option_input_row(2)
    edited = {}
    for name, retyped in (("picked", False), ("retyped", True)):
        wb = openpyxl.load_workbook(path)
        ws = wb[L.INPUTS]
        ws.cell(row, L.OPTION_COLS["key"]).value = NEW_KEY
        if retyped:
            ws.cell(row, L.OPTION_COLS["label"]).value = NEW_LABEL
            ws.cell(row, L.OPTION_COLS["for_key"]).value = NEW_KEY
        wb.save(folder / f"{name}.xlsx")
        edited[name] = folder / f"{name}.xlsx"
    return path, recalculated(list(edited.values()), folder / "libreoffice")


def check_named(wb: openpyxl.Workbook, words: str) -> object:
    ws = wb[L.CHECKS]
    (row,) = [r for r in range(1, ws.max_row + 1) if str(ws.cell(r, 1).value or "").startswith(words)]
    return ws.cell(row, 2).value


def test_a_key_picked_anew_fails_a_check_until_label_and_units_follow(
    books: tuple[Path, dict[str, openpyxl.Workbook]],
) -> None:
    _, recalc = books
    picked, retyped = recalc["picked"], recalc["retyped"]
    words = "Option 2: label and units are for its key"
    assert check_named(picked, words) == 1 and number(named(picked, L.MASTER_CHECK)) >= 1
    assert check_named(retyped, words) == 0 and named(retyped, L.MASTER_CHECK) == 0
    assert check_named(picked, "Option 1: label and units are for its key") == 0
    assert named(retyped, "name_2") == NEW_LABEL


def test_the_chart_names_its_lines_from_the_summary(books: tuple[Path, dict[str, openpyxl.Workbook]]) -> None:
    generated, recalc = books
    with zipfile.ZipFile(generated) as archive:
        charts = [archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/charts/chart")]
    (line,) = [chart for chart in charts if "Cumulative cash cost" in chart]
    titles = re.findall(r"<tx><strRef><f>([^<]+)</f>", line)
    assert len(titles) == len(load_scenario(None).options) + 1  # the GPT-4o option the fixture adds
    name_cells = [cell_of(recalc["retyped"], f"name_{i}") for i in range(1, len(titles) + 1)]
    assert titles == [f"'{L.SUMMARY}'!${cell.column_letter}${cell.row}" for cell in name_cells]
    assert name_cells[1].value == NEW_LABEL
