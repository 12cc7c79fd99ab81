"""A bought machine that names its GPU and how many it holds (the international catalog's 8x H100 server) is
sized from the load in whole machines, in the core and, live, in the workbook."""

from __future__ import annotations

import math
from pathlib import Path

import openpyxl
import pytest

from tests.support.typed import present
from tests.support.workbooks import cell_of, error_cells, mismatches, named, recalculated, write
from xlcost import compare, load_catalog
from xlcost.core.catalog.rows import Purchase
from xlcost.core.scenario import Scenario
from xlcost.errors import CatalogError
from xlcost.prices.init import init_catalog
from xlcost.workbook import layout as L

SERVER = "buy:hgx-h100-8gpu"


def scenario(users: float) -> Scenario:
    return Scenario.model_validate(
        {
            "currency": "USD",
            "workload": {"users_per_day": users, "horizon_months": 24},
            "serving": {"model": "llama-3.3-70b"},
            "options": [SERVER, "rent-hourly:h100-80g@aws"],
        }
    )


def test_the_server_is_bought_in_whole_machines_holding_the_gpus_the_load_needs() -> None:
    catalog = load_catalog("international")
    server = catalog.rows("purchase.csv", Purchase)["hgx-h100-8gpu"]
    bought, rented = compare(scenario(200_000), catalog).results
    need = present(rented.profile.units)  # the H100s the same load needs, one GPU a unit
    assert need > 8
    assert bought.profile.units == math.ceil(need / 8)
    assert bought.profile.upfront == pytest.approx(math.ceil(need / 8) * server.purchase_price, rel=1e-12)
    assert f"machines of 8 x h100-80g, for {need:g} x h100-80g" in present(bought.profile.sizing).reason


def test_a_fixed_machine_count_below_the_load_is_warned_about() -> None:
    short = scenario(200_000).model_copy(
        update={"options": [scenario(200_000).options[0].model_copy(update={"units": 1})]}
    )
    (bought,) = compare(short, load_catalog("international")).results
    assert bought.profile.shortfall is not None and "hgx-h100-8gpu" in " ".join(bought.profile.warnings)


def test_a_machine_holding_more_gpus_than_any_machine_holds_is_refused_naming_row_and_field(tmp_path: Path) -> None:
    copy = tmp_path / "usd"
    init_catalog(copy, "international")
    purchases = copy / "purchase.csv"
    purchases.write_text(
        purchases.read_text(encoding="utf-8").replace(",h100-80g,8,", ",h100-80g,12,"), encoding="utf-8"
    )
    with pytest.raises(CatalogError, match=r"purchase.csv row 5: field 'gpus'.*12 x h100-80g in one machine"):
        load_catalog(copy)


@pytest.mark.libreoffice
def test_users_typed_on_inputs_resize_the_machines_as_the_core_does(tmp_path: Path) -> None:
    catalog = load_catalog("international")
    original = tmp_path / "servers.xlsx"
    write(scenario(20_000), catalog, original)
    wb = openpyxl.load_workbook(original)
    cell_of(wb, "users_per_day").value = 200_000
    wb.save(tmp_path / "tenfold.xlsx")
    after = recalculated([tmp_path / "tenfold.xlsx"], tmp_path / "out")["tenfold"]
    expected = compare(scenario(200_000), catalog)
    assert error_cells(after) == [] and mismatches(after, expected) == []
    shown = after[L.SUMMARY].cell(L.summary_option_row(1), L.SUMMARY_COLS["units"]).value
    assert shown == expected.results[0].profile.units
    assert present(expected.results[0].profile.units) > present(
        compare(scenario(20_000), catalog).results[0].profile.units
    )
    assert named(after, L.MASTER_CHECK) == 0
