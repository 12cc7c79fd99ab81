"""Audit of a workbook LibreOffice has recalculated: the cached figures are compared with the core's."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support.typed import number
from xlcost.audit import audit
from xlcost.workbook import generate
from xlcost.workbook import layout as L
from xlcost.workbook.recalc import recalculate

pytestmark = pytest.mark.libreoffice


@pytest.fixture(scope="module")
def recalculated(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> Path:
    folder = tmp_path_factory.mktemp("recalc")
    path = generate(folder / "comparison.xlsx")
    wb = load_workbook(path)
    row = L.CalcLayout(4).option_block.row(1, "running")
    wb[L.CALC].cell(row, L.month_col(2)).value = 1_000_000  # typed over month 2 of option 1's running cost
    wb.save(path)
    return recalculate(path, folder / "out")


def test_overwritten_formula_changes_the_shown_answer(recalculated: Path) -> None:
    result = audit(recalculated, as_of=dt.date(2026, 6, 30))
    kinds = {f.kind for f in result.findings}
    assert "overwritten-formula" in kinds
    tco = {a.option: a for a in result.answer if a.metric == "tco"}
    first, *others = tco.values()
    core = number(first.core)
    assert first.workbook == pytest.approx(core + 1_000_000 - core / 36, rel=1e-9)
    assert any(f.kind == "answer-differs" and f.location == first.location for f in result.findings)
    for line in others:  # untouched options: the workbook's cached figures equal the core's
        assert line.workbook == pytest.approx(line.core, rel=1e-9)
