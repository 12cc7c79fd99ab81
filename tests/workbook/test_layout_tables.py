"""The column tables of ``layout`` are what the sheets show: a Summary or Inputs column is one record there
(field, heading, width, number format), and the heading row, the widths and the cells written follow it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout
from xlcost.workbook.build import build_workbook, workbook_bytes
from xlcost.workbook.build_plan import BuildPlan


@dataclass(frozen=True)
class Written:
    formulas: openpyxl.Workbook
    shown: openpyxl.Workbook  # the values cached in the file: what a reader sees without recalculating
    plan: BuildPlan


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Written:
    """A workbook with several options (so several pairs), without fitted widths: the writers' own widths."""
    wb, plan = build_workbook(load_scenario("seed-002-a"), presentation=False)
    path: Path = tmp_path_factory.mktemp("layout") / "book.xlsx"
    path.write_bytes(workbook_bytes(wb))
    return Written(openpyxl.load_workbook(path), openpyxl.load_workbook(path, data_only=True), plan)


def _headings(ws: Worksheet, row: int, first_col: int) -> list[object]:
    """The headings of a table: left to right from its first column up to the first empty cell."""
    found: list[object] = []
    col = first_col
    while ws.cell(row, col).value is not None:
        found.append(ws.cell(row, col).value)
        col += 1
    return found


def _tables(w: Written) -> list[tuple[str, layout.Table, int, list[int]]]:
    """(sheet, table, heading row, data rows) of every table the writers lay out from a ``layout.Table``."""
    n = len(w.plan.options)
    summary = layout.SummaryLayout(n)
    options = [layout.summary_option_row(i) for i in range(1, n + 1)]
    pairs = [summary.pair_row(p) for p in range(1, len(w.plan.calc_layout.pairs()) + 1)]
    inputs = [layout.input_row(s.name) for s in layout.SCALAR_INPUTS]
    option_rows = [layout.option_input_row(i) for i in range(1, n + 1)]
    cases = [layout.CASES_ROW + k for k in range(3)]
    checks = list(range(layout.TABLE_FIRST_ROW, w.formulas[layout.CHECKS].max_row + 1))
    priced = list(range(layout.TABLE_FIRST_ROW, w.formulas[layout.OPTION_PRICES].max_row + 1))
    return [
        (layout.SUMMARY, layout.SUMMARY_TABLE, layout.SUMMARY_HEADER_ROW, options),
        (layout.SUMMARY, layout.PAIR_TABLE, summary.pair_header_row, pairs),
        (layout.INPUTS, layout.INPUT_TABLE, layout.TABLE_HEADER_ROW, inputs),
        (layout.INPUTS, layout.OPTION_TABLE, layout.OPTIONS_HEADER_ROW, option_rows),
        (layout.LISTS, layout.LISTS_TABLE, layout.TABLE_HEADER_ROW, cases),
        (layout.CHECKS, layout.CHECKS_TABLE, layout.TABLE_HEADER_ROW, checks),
        (layout.CALC, layout.CALC_TABLE, layout.CALC_HEADER_ROW, []),
        (layout.OPTION_PRICES, layout.OPTION_PRICE_TABLE, layout.TABLE_HEADER_ROW, priced),
    ]


def test_each_heading_row_shows_the_table_headers_in_order_and_no_more(written: Written) -> None:
    currency = written.plan.scenario.currency
    for sheet, table, row, _ in _tables(written):
        expected = [h.replace("{currency}", currency) for h in table.headers]
        assert _headings(written.shown[sheet], row, table.first_col) == expected, (sheet, row)


def test_every_column_width_a_sheet_sets_is_a_table_record(written: Written) -> None:
    """No width list beside the table: the widths on the sheet are exactly those its tables set."""
    for sheet in (layout.SUMMARY, layout.INPUTS, layout.LISTS, layout.CHECKS, layout.OPTION_PRICES):
        expected: dict[str, float] = {}
        for name, table, _, _ in _tables(written):
            if name == sheet:
                expected |= {get_column_letter(col): width for col, width in table.widths.items()}
        dims = written.formulas[sheet].column_dimensions
        set_on_sheet = {letter: d.width for letter, d in dims.items() if d.customWidth}
        assert set_on_sheet == expected, sheet


def test_summary_and_pair_rows_fill_every_column_of_their_table_and_nothing_beside_it(written: Written) -> None:
    for sheet, table, _, rows in _tables(written)[:2]:
        ws = written.formulas[sheet]
        last = table.first_col + len(table.columns) - 1
        for r in rows:
            filled = [c for c in range(1, last + 5) if ws.cell(r, c).value is not None]
            assert filled == list(range(table.first_col, last + 1)), (sheet, r)


def test_cells_carry_the_number_format_of_their_column(written: Written) -> None:
    for sheet, table, _, rows in _tables(written):
        ws = written.formulas[sheet]
        for column in table.columns:
            if column.number_format is None:
                continue
            for r in rows:
                cell = ws.cell(r, table.cols[column.field])
                if cell.value is not None:
                    assert cell.number_format == column.number_format, (sheet, cell.coordinate, column.field)


def test_the_names_formulas_and_the_audit_read_sit_under_their_heading(written: Written) -> None:
    """``tco_1`` and ``breakeven_1_2`` (what the audit compares with the core) are in the TCO and breakeven
    columns the headings name, and each option's units input is under the Units heading of Inputs."""
    wb, n = written.shown, len(written.plan.options)

    def heading_above(name: str, heading_row: int) -> str:
        sheet, coordinate = wb.defined_names[name].attr_text.split("!")
        col = openpyxl.utils.cell.coordinate_from_string(coordinate.replace("$", ""))[0]
        return str(wb[sheet.strip("'")][f"{col}{heading_row}"].value)

    for i in range(1, n + 1):
        assert heading_above(f"tco_{i}", layout.SUMMARY_HEADER_ROW).startswith("TCO (")
        assert heading_above(f"npv_{i}", layout.SUMMARY_HEADER_ROW).startswith("NPV (")
        assert heading_above(layout.option_input_name("units", i), layout.OPTIONS_HEADER_ROW).startswith("Units")
    pair_heading = layout.SummaryLayout(n).pair_header_row
    assert heading_above(layout.breakeven_name(1, 2), pair_heading) == "Breakeven month"
    assert heading_above(layout.costlier_name(1, 2), pair_heading) == "Dearer at the start"


def test_a_table_numbers_its_columns_by_place_and_refuses_a_field_twice() -> None:
    table = layout.Table(layout.Column("a", "A"), layout.Column("b", "B", 9), first_col=3)
    assert (table.cols, table.coordinate("b", 2), table.widths) == ({"a": 3, "b": 4}, "D2", {4: 9})
    assert table.block("a", 5, 7) == "C5:C7"
    with pytest.raises(ValueError, match="a appear"):
        layout.Table(layout.Column("a", "A"), layout.Column("a", "again"))


def test_a_billed_workbooks_option_prices_follow_the_billing_table(tmp_path: Path) -> None:
    """Where the rules bill, OptionPrices shows ``option_price_table(True)``: the list-price table's columns where
    they always are, then the rule columns, each heading over the column its ``op_`` name reads, at its width."""
    scenario = load_scenario("seed-002-a")
    scenario = scenario.model_copy(update={"workload": scenario.workload.model_copy(update={"batch_share": 0.5})})
    wb, plan = build_workbook(scenario, presentation=False)
    assert plan.billing
    path = tmp_path / "billed.xlsx"
    path.write_bytes(workbook_bytes(wb))
    book = openpyxl.load_workbook(path)
    ws, table = book[layout.OPTION_PRICES], layout.option_price_table(True)
    assert table.headers[: len(layout.OPTION_PRICE_TABLE.columns)] == layout.OPTION_PRICE_TABLE.headers
    assert {"write", "batch_input", "lc_above", "per_request"} <= set(table.headers)
    assert _headings(ws, layout.TABLE_HEADER_ROW, table.first_col) == table.headers
    dims = ws.column_dimensions
    assert {letter: d.width for letter, d in dims.items() if d.customWidth} == {
        get_column_letter(col): width for col, width in table.widths.items()
    }
    for field in table.cols:
        sheet, coordinate = book.defined_names[f"op_{field}"].attr_text.split("!")
        col = openpyxl.utils.cell.coordinate_from_string(coordinate.split(":")[0].replace("$", ""))[0]
        assert ws[f"{col}{layout.TABLE_HEADER_ROW}"].value == field, (sheet, coordinate)
