"""Names from price files that look like formulas stay text when the catalog is opened in a spreadsheet."""

from __future__ import annotations

import subprocess
import uuid
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet.worksheet import Worksheet

from tests.prices.price_files import write_litellm
from tests.support.catalogs import copy_catalog
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import ApiPrice
from xlcost.io.xlsx_report import first_sheet
from xlcost.prices import import_prices, write_in_place

NAMES = ["=cmd|' calc'!A0", "+SUM(2)", "-HYPERLINK(3)", "@SUM(4)"]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> Worksheet:
    """The written api.csv opened by LibreOffice and saved as xlsx (one conversion for the module)."""
    root = tmp_path_factory.mktemp("formula")
    directory = copy_catalog(root / "cat")
    entry = {"litellm_provider": "evil", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}
    base = load_catalog(directory)
    path = write_litellm(root / "p.json", {f"evil/{n}": entry for n in NAMES})
    write_in_place(import_prices([path], "litellm", base).catalog, base, directory)
    profile = f"file://{root}/lo-profile-{uuid.uuid4().hex}"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "xlsx",
            "--outdir",
            str(root),
            str(directory / "api.csv"),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return first_sheet(openpyxl.load_workbook(root / "api.xlsx"))


def test_no_cell_of_the_written_catalog_is_a_formula(converted: Worksheet) -> None:
    formulas = [cell.coordinate for row in converted.iter_rows() for cell in row if cell.data_type == "f"]
    assert formulas == []


def test_formula_like_names_arrive_as_the_text_stored(converted: Worksheet) -> None:
    header = [c.value for c in converted[1]]
    names = {row[header.index("name")] for row in converted.iter_rows(min_row=2, values_only=True)}
    assert {"'" + n for n in NAMES} <= names


def test_a_workbook_writer_keeps_them_as_text(tmp_path: Path, catalog_copy: Path) -> None:
    entry = {"litellm_provider": "evil", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}
    base = load_catalog(catalog_copy)
    path = write_litellm(tmp_path / "p.json", {f"evil/{n}": entry for n in NAMES})
    write_in_place(import_prices([path], "litellm", base).catalog, base, catalog_copy)
    book = openpyxl.Workbook()
    for row in load_catalog(catalog_copy).rows("api.csv", ApiPrice).values():
        first_sheet(book).append([row.id, row.name, row.vendor])
    book.save(tmp_path / "prices.xlsx")
    cells = [c for r in first_sheet(openpyxl.load_workbook(tmp_path / "prices.xlsx")).iter_rows() for c in r]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
