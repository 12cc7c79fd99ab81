"""A workbook holds the catalog rows its scenario reads: a catalog of thousands of API rows makes no bigger
workbook, the key drop-down offers the options it holds, and the audit checks every row it holds and says
nothing of the rows it never held."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.support.catalogs import grown_catalog
from tests.support.typed import text
from xlcost.audit import audit
from xlcost.audit.findings import Severity
from xlcost.core.catalog import load_catalog, split_key
from xlcost.core.catalog.rows import ApiPrice, FxRate, GpuRental
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import generate
from xlcost.workbook import layout as L

GROWN_ROWS = 3_000
SCENARIO = load_scenario()


@pytest.fixture(scope="module")
def books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """The default scenario from the embedded catalog and from one grown to 3,000 API rows, and that catalog."""
    folder = tmp_path_factory.mktemp("held")
    catalog = grown_catalog(folder / "catalog", GROWN_ROWS)
    return generate(folder / "embedded.xlsx"), generate(folder / "grown.xlsx", catalog=catalog), catalog


def ids(ws: Worksheet) -> list[str]:
    return [text(ws.cell(r, 1).value) for r in range(L.TABLE_FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value]


def test_price_sheets_hold_the_rows_the_options_read(books: tuple[Path, Path, Path]) -> None:
    _, grown, catalog = books
    assert len(load_catalog(catalog).rows("api.csv", ApiPrice)) == GROWN_ROWS
    wb = openpyxl.load_workbook(grown)
    read = [split_key(spec.key) for spec in SCENARIO.options]
    for kind, file in (("api", "api.csv"), ("onprem", "onprem.csv")):
        assert ids(wb[L.PRICE_SHEETS[file]]) == [ident for k, ident in read if k == kind]
    assert ids(wb[L.PRICE_SHEETS["fx.csv"]]) == list(load_catalog(catalog).rows("fx.csv", FxRate))  # every currency


def test_a_grown_catalog_makes_no_bigger_workbook(books: tuple[Path, Path, Path]) -> None:
    embedded, grown, _ = books
    assert grown.stat().st_size < 1.05 * embedded.stat().st_size


def test_the_key_drop_down_offers_the_options_the_workbook_holds(books: tuple[Path, Path, Path]) -> None:
    _, grown, _ = books
    wb = openpyxl.load_workbook(grown)
    ((sheet, cells),) = list(wb.defined_names["op_key"].destinations)
    offered = {c.value for row in wb[sheet][cells.replace("$", "")] for c in row}
    assert {spec.key for spec in SCENARIO.options} <= offered
    assert not any(key.startswith("api:grown-") for key in offered)
    (validation,) = [
        dv for dv in wb[L.INPUTS].data_validations.dataValidation if f"B{L.option_input_row(1)}" in str(dv.sqref)
    ]
    assert validation.formula1 == wb.defined_names["op_key"].attr_text
    words = [str(c.value) for row in wb[L.INPUTS].iter_rows() for c in row if c.value]
    assert any("add its key to the scenario" in w and "regenerate" in w for w in words)


def test_only_the_hidden_costs_switched_on_are_held(tmp_path: Path) -> None:
    scenario = Scenario.model_validate({"options": ["api:qwen-plus"], "hidden_costs": ["latency-wait"]})
    wb = openpyxl.load_workbook(generate(tmp_path / "hidden.xlsx", scenario))
    assert ids(wb[L.HIDDEN_COSTS]) == ["latency-wait"]


def test_the_audit_checks_the_rows_held_and_says_nothing_of_the_others(
    books: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, grown, catalog = books
    wb = openpyxl.load_workbook(grown)
    ws = wb[L.PRICE_SHEETS["api.csv"]]
    row = L.TABLE_FIRST_ROW + ids(ws).index("deepseek-v4-pro")
    col = L.price_column("api.csv", "output_per_mtok", load_catalog(catalog).table("api.csv").values())
    ws.cell(row, col).value = 9.0
    wb.save(tmp_path / "edited.xlsx")
    for baseline in (load_catalog(catalog), load_catalog()):
        result = audit(tmp_path / "edited.xlsx", baseline=baseline, as_of=SCENARIO_DATE)
        assert not [f for f in result.findings if "removed from the workbook" in f.message]
        changed = [f for f in result.findings if f.kind == "changed-input"]
        assert [f.location for f in changed] == [f"API!{ws.cell(row, col).coordinate}"]


SCENARIO_DATE = load_catalog().option_row("api:deepseek-v4-pro")[1].as_of  # no held row is stale then


def test_the_rental_sheet_shows_a_clouds_offer_only_where_a_held_row_makes_one(tmp_path: Path) -> None:
    """The seed's generic rental rows leave the offer's columns out (the sheet reads as before clouds had rows);
    AWS's and Lambda's offers show provider, region and machine, but not the spot price neither lists; the audit
    reads the sheet either way."""
    offer = set(GpuRental.SHOWN_WHEN_FILLED)
    rental = L.PRICE_SHEETS["gpu_rental.csv"]

    def headings(path: Path) -> set[str]:
        ws = openpyxl.load_workbook(path)[rental]
        return {text(c.value) for c in ws[L.TABLE_HEADER_ROW] if c.value is not None}

    seed = generate(tmp_path / "seed.xlsx")
    assert not headings(seed) & offer and {"on_demand_hourly", "reserved_monthly"} <= headings(seed)
    clouds = Scenario.model_validate(
        {"options": ["rent:h100-80g@aws", "rent-hourly:h100-80g@lambda"], "currency": "USD"}
    )
    path = generate(tmp_path / "clouds.xlsx", clouds, "international")
    assert headings(path) & offer == offer - {"spot_hourly"}
    result = audit(path, baseline=load_catalog("international"))
    assert [f.message for f in result.findings if f.severity >= Severity.ERROR] == []
