"""The workbook is a live model: change an input in a copy, recalculate in LibreOffice, and the
totals move exactly as the core says for the changed input."""

from __future__ import annotations

import openpyxl
import pytest

from tests.support.workbooks import cell_of, error_cells, mismatches, named, recalculated, write
from xlcost import Catalog, compare, load_catalog
from xlcost.core.catalog.loader import columns_for
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.compare import Comparison
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout as L

pytestmark = pytest.mark.libreoffice

DEFAULT = load_scenario()
NEW_OUTPUT_PRICE = 9.0  # deepseek-v4-pro output per 1M tokens, up from the catalog's 6
PICKED_KEY = DEFAULT.options[0].key  # a key the workbook holds, so its drop-down offers it


def _with_api_price(catalog: Catalog, ident: str, **prices: float) -> Catalog:
    tables = {file: dict(rows) for file, rows in catalog.tables.items()}
    tables["api.csv"][ident] = tables["api.csv"][ident].model_copy(update=prices)
    return Catalog(tables=tables, directory=catalog.directory)


def _edit_price(wb: openpyxl.Workbook) -> None:
    ids = [wb["API"].cell(r, 1).value for r in range(L.TABLE_FIRST_ROW, wb["API"].max_row + 1)]
    row = L.TABLE_FIRST_ROW + ids.index("deepseek-v4-pro")
    wb["API"].cell(row=row, column=columns_for(ApiPrice).index("output_per_mtok") + 1).value = NEW_OUTPUT_PRICE


def _edit_workload(wb: openpyxl.Workbook) -> None:
    cell_of(wb, "users_per_day").value = 25_000
    cell_of(wb, "monthly_growth").value = 0.02
    cell_of(wb, "horizon_months").value = 24


def _edit_option(wb: openpyxl.Workbook) -> None:
    """A key picked from the drop-down (the options the workbook holds: option 1's), its label retyped and the
    key copied beside it (or a Check fails)."""
    cell_of(wb, "option_key_2").value = cell_of(wb, "option_for_key_2").value = PICKED_KEY
    cell_of(wb, "option_label_2").value = "Flash, twice"


def _edit_money(wb: openpyxl.Workbook) -> None:
    cell_of(wb, "case").value = "high"
    cell_of(wb, "currency").value = "USD"
    cell_of(wb, "discount_rate").value = 0.12


def _expected(name: str) -> Comparison:
    catalog = load_catalog()
    data = DEFAULT.model_dump()
    if name == "price":
        return compare(DEFAULT, _with_api_price(catalog, "deepseek-v4-pro", output_per_mtok=NEW_OUTPUT_PRICE))
    if name == "workload":
        data["workload"] |= {"users_per_day": 25_000, "monthly_growth": 0.02, "horizon_months": 24}
    if name == "option":
        data["options"][1] |= {"key": PICKED_KEY, "label": "Flash, twice"}
    if name == "money":
        data |= {"case": "high", "currency": "USD", "discount_rate": 0.12}
    return compare(type(DEFAULT).model_validate(data), catalog)


EDITS = {"price": _edit_price, "workload": _edit_workload, "option": _edit_option, "money": _edit_money}


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> dict[str, openpyxl.Workbook]:
    """The default workbook, one copy per edit, all recalculated in one LibreOffice run."""
    folder = tmp_path_factory.mktemp("edited")
    original = folder / "original.xlsx"
    write(DEFAULT, load_catalog(), original)
    paths = []
    for name, edit in EDITS.items():
        wb = openpyxl.load_workbook(original)
        edit(wb)
        wb.save(folder / f"{name}.xlsx")
        paths.append(folder / f"{name}.xlsx")
    return recalculated(paths, tmp_path_factory.mktemp("recalculated"))


@pytest.mark.parametrize("name", list(EDITS))
def test_totals_follow_the_core_after_an_edit(edited: dict[str, openpyxl.Workbook], name: str) -> None:
    wb = edited[name]
    expected = _expected(name)
    assert error_cells(wb) == []
    assert mismatches(wb, expected) == []
    assert named(wb, "checks_master") == 0


@pytest.mark.parametrize("name", list(EDITS))
def test_the_edit_moved_the_totals(edited: dict[str, openpyxl.Workbook], name: str) -> None:
    """Guards the test above: each edit really changes some figure of the default comparison."""
    before = compare(DEFAULT, load_catalog())
    after = [named(edited[name], f"tco_{i}") for i in range(1, len(before.results) + 1)]
    assert after != pytest.approx([r.tco for r in before.results], rel=1e-9)
