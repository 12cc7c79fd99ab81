"""Each option's tornado chart plots that option's own rows: only the inputs that move it, largest swing
on top, low and high case as two named series, read back from the chart XML and LibreOffice's values."""

from __future__ import annotations

import re
import zipfile
from itertools import pairwise
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import openpyxl
import pytest

from tests.support.scenarios import MIXED
from tests.support.typed import present, text
from tests.support.workbooks import recalculated, write
from xlcost.analysis.uncertainty.inputs import hold_units
from xlcost.analysis.uncertainty.sensitivity import sensitivity
from xlcost.core.catalog import load_catalog
from xlcost.core.compare import compare
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook.sensitivity_sheet import SHEET, TABLE_HEADER

CATALOG = load_catalog()
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
SCENARIOS = {"default": load_scenario("default"), "mixed": MIXED, "team30": load_scenario("seed-003-team30")}


def _tornadoes(path: Path) -> list[dict[str, Any]]:
    """Every tornado chart in the file: its title, category and series ranges, and axis settings."""
    found = []
    with zipfile.ZipFile(path) as z:
        for name in sorted(n for n in z.namelist() if re.fullmatch(r"xl/charts/chart\d+\.xml", n)):
            root = ElementTree.fromstring(z.read(name))
            title = "".join(t.text or "" for t in present(root.find(f"{C}chart/{C}title")).iter(f"{A}t"))
            if not title.endswith(("TCO change from base", "breakeven month")):
                continue
            series = root.findall(f".//{C}ser")
            found.append(
                {
                    "title": title,
                    "categories": present(series[0].find(f"{C}cat//{C}f")).text,
                    "values": [present(s.find(f"{C}val//{C}f")).text for s in series],
                    "names": [present(s.find(f"{C}tx//{C}f")).text for s in series],
                    "label_position": present(root.find(f".//{C}catAx/{C}tickLblPos")).get("val"),
                    "order": present(root.find(f".//{C}catAx/{C}scaling/{C}orientation")).get("val"),
                }
            )
    return found


def _cells(wb: openpyxl.Workbook, reference: str) -> list[Any]:
    sheet, _, span = reference.rpartition("!")
    rows = wb[sheet.strip("'")][span.replace("$", "")]
    return [row[0].value for row in rows] if isinstance(rows, tuple) else [rows.value]


def _table_labels(wb: openpyxl.Workbook) -> set[str]:
    """Inputs the Sensitivity table has a row for (the workbook models most of the core's inputs)."""
    ws, labels = wb[SHEET], set[str]()
    for r in range(TABLE_HEADER + 1, ws.max_row + 1):
        if ws[f"A{r}"].value is None:
            return labels
        labels.add(text(ws[f"A{r}"].value))
    return labels


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, openpyxl.Workbook]]:
    folder = tmp_path_factory.mktemp("tornado")
    paths = [folder / f"{name}.xlsx" for name in SCENARIOS]
    for path in paths:
        write(SCENARIOS[path.stem], CATALOG, path)
    values = recalculated(paths, folder / "out")
    return {p.stem: (p, values[p.stem]) for p in paths}


@pytest.mark.parametrize("name", list(SCENARIOS))
def test_each_chart_plots_its_options_moving_inputs_in_descending_swing(
    books: dict[str, tuple[Path, openpyxl.Workbook]], name: str
) -> None:
    path, wb = books[name]
    held, _ = hold_units(SCENARIOS[name], CATALOG)
    core = sensitivity(held, CATALOG)
    table = _table_labels(wb)
    moving = [
        {r.input.label for r in core.rows if r.input.label in table and r.swing(i) > 0}
        for i in range(len(held.options))
    ]
    charted = [i for i, option in enumerate(held.options) if moving[i]]
    charts = [c for c in _tornadoes(path) if c["title"].endswith("TCO change from base")]
    shown = [r.profile.name for r in compare(held, CATALOG).results]  # a bare GPU reads "(GPU cards only)"
    assert [c["title"] for c in charts] == [f"{shown[i]}: TCO change from base" for i in charted]
    by_label = {row.input.label: row for row in core.rows}
    for i, chart in zip(charted, charts, strict=True):
        labels = _cells(wb, chart["categories"])
        low, high = (_cells(wb, ref) for ref in chart["values"])
        assert [_cells(wb, ref)[0] for ref in chart["names"]] == ["low case", "high case"]
        swings = [abs(h - lo) for lo, h in zip(low, high, strict=True)]
        assert all(s > 0 for s in swings), (chart["title"], labels)
        assert all(a >= b * (1 - 1e-9) for a, b in pairwise(swings)), chart["title"]  # ties may differ in the last bit
        assert sorted(labels) == sorted(moving[i])  # every input that moves it, and only those
        for label, lo, h in zip(labels, low, high, strict=True):
            row = by_label[label]
            assert lo == pytest.approx(row.tco_low[i] - core.base_tco[i], rel=1e-9, abs=1e-6)
            assert h == pytest.approx(row.tco_high[i] - core.base_tco[i], rel=1e-9, abs=1e-6)
        assert chart["label_position"] == "low" and chart["order"] == "maxMin"


def test_an_api_option_is_not_charted_against_hardware_inputs(books: dict[str, tuple[Path, openpyxl.Workbook]]) -> None:
    path, wb = books["default"]
    api_chart = _tornadoes(path)[0]
    labels = _cells(wb, api_chart["categories"])
    assert labels and not any(word in label for label in labels for word in ("staff", "hardware", "A100"))


def test_breakeven_chart_plots_the_pairs_month_in_each_case(books: dict[str, tuple[Path, openpyxl.Workbook]]) -> None:
    path, wb = books["team30"]
    scenario = SCENARIOS["team30"]
    held, _ = hold_units(scenario, CATALOG)
    (chart,) = [c for c in _tornadoes(path) if c["title"].endswith("breakeven month")]
    pair = (scenario.options[0].key, scenario.options[1].key)
    core = sensitivity(held, CATALOG, pair=pair)
    assert chart["title"].startswith(f"{core.base_breakeven.costlier_upfront} vs {core.base_breakeven.other}")
    labels = _cells(wb, chart["categories"])
    low, high = (_cells(wb, ref) for ref in chart["values"])
    swings = [abs(h - lo) for lo, h in zip(low, high, strict=True)]
    assert all(a >= b * (1 - 1e-9) for a, b in pairwise(swings)) and all(s > 0 for s in swings)
    by_label = {row.input.label: row for row in core.rows}
    base = present(core.base_breakeven.month)
    for label, lo, h in zip(labels, low, high, strict=True):
        assert lo == pytest.approx(present(by_label[label].breakeven_low) - base, rel=1e-9)
        assert h == pytest.approx(present(by_label[label].breakeven_high) - base, rel=1e-9)
    moving = {r.input.label for r in core.rows if r.breakeven_swing and r.breakeven_low and r.breakeven_high}
    assert set(labels) == moving


def test_the_sheet_names_the_engines_estimate_error_it_cannot_move(tmp_path: Path) -> None:
    # the workbook holds sized units (a fleet is bought once), so the estimate's error, which re-sizes them,
    # is named under the heading rather than charted; xlcost sensitivity moves it
    starter = load_scenario("starter")
    busy = starter.workload.model_copy(update={"users_per_day": 200_000})
    engine = starter.model_copy(update={"name": "engine", "workload": busy})
    seed = load_scenario("seed-002-b")
    notes = {}
    for scenario in (engine, seed):
        path = tmp_path / f"{scenario.name}.xlsx"
        write(scenario, CATALOG, path)
        notes[scenario.name] = openpyxl.load_workbook(path)[SHEET]["A3"].value
    assert (
        "not in this workbook's model (see xlcost sensitivity): throughput per GPU (vLLM estimate)" in notes["engine"]
    )
    assert "throughput per GPU" not in notes["seed-002-b"]
