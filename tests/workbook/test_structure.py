"""Structure a FAST / ICAEW reviewer checks, walked over every formula of generated workbooks:
one formula per Calc row, no embedded constants, every reference resolves, only portable functions,
inputs unlocked and formulas locked, no value pasted where a formula belongs."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.formula import Tokenizer
from openpyxl.formula.tokenizer import Token
from openpyxl.utils import column_index_from_string, get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout as L
from xlcost.workbook.build import build_workbook
from xlcost.workbook.styles import LIVE_HEADING, text

STRUCTURAL = {0.0, 1.0, 12.0, 100.0}
PORTABLE = {
    "INDEX", "MATCH", "SUMPRODUCT", "NPV", "IF", "MIN", "MAX", "SUM", "AVERAGE", "ISBLANK", "ISNA",
    "IFERROR", "AND", "OR", "NOT", "ABS", "INT", "COLUMN", "COLUMNS", "RANK", "LOOKUP", "TRUE", "COUNT", "TEXT",
    "ISNUMBER", "ROUNDUP",
}  # fmt: skip
CELL = re.compile(r"^(\$?)([A-Z]{1,3})(\$?)(\d+)$")


@pytest.fixture(scope="module", params=["default", "seed-003-team30"])
def book(request: pytest.FixtureRequest) -> Workbook:
    wb, _ = build_workbook(load_scenario(request.param))
    return wb


def _formulas(wb: Workbook) -> Iterator[tuple[Worksheet, Cell, str]]:
    for ws in wb.worksheets:
        assert isinstance(ws, Worksheet)
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert isinstance(cell, Cell) and isinstance(cell.value, str), cell.coordinate
                    yield ws, cell, cell.value


def _operands(formula: str) -> list[Token]:
    return [t for t in Tokenizer(formula).items if t.type == Token.OPERAND]


def _relative(formula: str, row: int, col: int) -> str:
    """The formula with relative references written as offsets (R1C1-like), so a row's months compare equal."""
    out = []
    for token in Tokenizer(formula).items:
        value = token.value
        if token.type == Token.OPERAND and token.subtype == Token.RANGE:
            sheet, _, ref = value.rpartition("!")
            parts = []
            for part in ref.split(":"):
                m = CELL.match(part)
                if m:
                    c = m[2] if m[1] else f"C[{column_index_from_string(m[2]) - col}]"
                    r = m[4] if m[3] else f"R[{int(m[4]) - row}]"
                    part = f"{c}{r}"
                parts.append(part)
            value = (sheet + "!" if sheet else "") + ":".join(parts)
        out.append(value)
    return "".join(out)


def test_only_structural_constants_and_no_text_in_formulas(book: Workbook) -> None:
    """Numbers and words live in input cells; a heading's words around a live code are the one exception."""
    bad = []
    for ws, cell, formula in _formulas(book):
        for token in _operands(formula):
            if token.subtype == Token.NUMBER and float(token.value) not in STRUCTURAL:
                bad.append(f"{ws.title}!{cell.coordinate}: {formula}")
            if token.subtype == Token.TEXT and cell.number_format != LIVE_HEADING:
                bad.append(f"{ws.title}!{cell.coordinate}: text {token.value}")
    assert bad == []


def test_only_functions_excel_2016_and_libreoffice_share(book: Workbook) -> None:
    used: set[str] = set()
    for _, _, formula in _formulas(book):
        used |= {
            t.value.rstrip("(").upper()
            for t in Tokenizer(formula).items
            if t.type == Token.FUNC and t.value.endswith("(")
        }
    assert used <= PORTABLE, used - PORTABLE


def test_every_reference_resolves(book: Workbook) -> None:
    bad = []
    for ws, cell, formula in _formulas(book):
        for token in _operands(formula):
            if token.subtype != Token.RANGE:
                continue
            sheet, bang, ref = token.value.rpartition("!")
            if bang:
                if sheet.strip("'") not in book.sheetnames:
                    bad.append(f"{ws.title}!{cell.coordinate}: sheet {sheet}")
            elif not all(CELL.match(p) for p in ref.split(":")) and ref not in book.defined_names:
                bad.append(f"{ws.title}!{cell.coordinate}: name {ref}")
    for name, defined in book.defined_names.items():
        for sheet, _ in defined.destinations:
            assert sheet in book.sheetnames, name
    assert bad == []
    assert not any("[" in formula for _, _, formula in _formulas(book)), "a link to another file"


def test_each_calc_row_has_one_formula_across_the_months(book: Workbook) -> None:
    ws = book[L.CALC]
    months = [c for c in range(L.FIRST_MONTH_COL, ws.max_column + 1)]
    rows_checked = 0
    for row in range(L.CALC_HEADER_ROW + 1, ws.max_row + 1):
        cells = [ws.cell(row=row, column=c) for c in months]
        if cells[0].value is None:
            assert all(c.value is None for c in cells), f"row {row} half filled"
            continue
        shapes = {_relative(str(cell.value), row, col) for col, cell in zip(months, cells, strict=True)}
        assert len(shapes) == 1, f"Calc row {row}: {shapes}"
        rows_checked += 1
    assert rows_checked > 10


def test_no_value_pasted_where_a_formula_belongs(book: Workbook) -> None:
    """Outside inputs, a number is a formula; only row numbering is typed."""
    bad = []
    for sheet in (L.CALC, L.SUMMARY, L.CHECKS, L.OPTION_PRICES):
        for row in book[sheet].iter_rows():
            for cell in row:
                typed_number = isinstance(cell.value, int | float) and cell.data_type == "n"
                if typed_number and cell.protection.locked and cell.column != 1:
                    bad.append(f"{sheet}!{cell.coordinate}")
    assert bad == []


def test_inputs_unlocked_formulas_locked_sheets_protected(book: Workbook) -> None:
    for ws, cell, _ in _formulas(book):
        assert cell.protection.locked, f"{ws.title}!{cell.coordinate}"
    for spec in L.SCALAR_INPUTS:
        ((sheet, coord),) = list(book.defined_names[spec.name].destinations)
        cell = book[sheet][coord.replace("$", "")]
        assert not cell.protection.locked and cell.fill.start_color.rgb.endswith("FFF2CC"), spec.name
    assert all(ws.protection.sheet and not ws.protection.password for ws in book.worksheets)


def test_option_keys_offered_as_a_drop_down(book: Workbook) -> None:
    validations = book[L.INPUTS].data_validations.dataValidation
    key_cell = f"B{L.option_input_row(1)}"
    assert any(dv.type == "list" and key_cell in dv.sqref and L.OPTION_PRICES in dv.formula1 for dv in validations)


def test_layout_frozen_timeline_and_charts(book: Workbook) -> None:
    assert book[L.CALC].freeze_panes == f"{get_column_letter(L.FIRST_MONTH_COL)}{L.CALC_HEADER_ROW + 1}"
    assert len(book[L.SUMMARY]._charts) == 2  # type: ignore[attr-defined]  # openpyxl keeps the charts private
    assert book.sheetnames == list(L.SHEET_ORDER)


def test_catalog_text_that_looks_like_a_formula_stays_text(book: Workbook) -> None:
    ws = book.create_sheet("scratch")
    for risky in ("=1+1", "+cmd", "-2", "@SUM(A1)"):
        cell = text(ws, "A1", risky)
        assert cell.data_type == "s" and cell.value == risky and cell.quotePrefix
    book.remove(ws)
