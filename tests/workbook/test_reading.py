"""The workbook reads as it prints in the tools finance uses beside Excel: pandas with default settings
sees "not applicable" as text, not as a missing value."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from tests.support.typed import present
from tests.support.workbooks import named, write
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import load_scenario


@pytest.mark.parametrize("name", ["default", "seed-002-b"])
def test_pandas_reads_not_applicable_cells_as_text(tmp_path: Path, name: str) -> None:
    path = tmp_path / f"{name}.xlsx"
    write(load_scenario(name), load_catalog(), path)
    values = openpyxl.load_workbook(path, data_only=True)
    na_text = named(values, "text_na")
    shown = [
        (ws.title, present(cell.row), present(cell.column))
        for ws in values.worksheets
        for row in ws.iter_rows()
        for cell in row
        if cell.value == na_text
    ]
    assert len(shown) > 1  # the definition on Lists and at least one cell that shows it
    frames = pd.read_excel(path, sheet_name=None, header=None)
    read = [frames[sheet].iat[row - 1, column - 1] for sheet, row, column in shown]
    assert read == [na_text] * len(shown)
