"""Summary sheet: per option TCO, NPV, cost per 1M tokens; breakevens between each pair; charts."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.workbook import layout, styles
from xlcost.workbook.build_plan import BuildPlan
from xlcost.workbook.expr import Cell, CellRange, Expr, Name, call
from xlcost.workbook.rules import cost_per_mtok, pick

AXIS_MONEY = "#,##0"
BAR_CM = 0.8  # height of one option's bar and its label, or its legend entry
CHART_FRAME_CM = 3.0  # a chart's title and value axis


def write_summary(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[layout.SUMMARY]
    n = len(plan.options)
    calc = plan.calc_layout
    block = calc.option_block
    summary_layout = layout.SummaryLayout(n)
    table = layout.SUMMARY_TABLE
    cols = table.cols
    value_col = layout.CALC_COLS["value"]

    def calc_ref(option: int, field: str, col: int = value_col) -> Expr:
        return Cell(layout.CALC, block.row(option, field), col)

    styles.label(ws, layout.TITLE_CELL, "Summary: what each option costs over the horizon", styles.TITLE)
    styles.text(ws, layout.NOTE_CELL, "Figures are formulas on Calc; they are not rounded, only formatted.")
    styles.label(ws, (layout.SUMMARY_MASTER_ROW, 1), "Master check (0 = all checks pass)")  # its value: see checks.py
    styles.header_row(ws, layout.SUMMARY_HEADER_ROW, table.headers)
    first, last = layout.summary_option_row(1), layout.summary_option_row(n)
    tco_span = CellRange(layout.SUMMARY, first, cols["tco"], last, cols["tco"])
    for option in plan.options:
        i = option.number
        r = layout.summary_option_row(i)

        def here(field: str, r: int = r) -> Expr:
            return Cell(layout.SUMMARY, r, cols[field])

        not_sized = call(
            "AND", call("ISBLANK", Name(layout.option_input_name("units", i))), calc_ref(i, "gpus_needed").eq(0)
        )
        figures: dict[str, tuple[Expr, styles.Role]] = {
            "name": (calc_ref(i, "name"), styles.LINK),
            "key": (calc_ref(i, "key"), styles.LINK),
            "units": (call("IF", not_sized, Name("text_na"), calc_ref(i, "units")), styles.LINK),
            "upfront": (calc_ref(i, "upfront"), styles.OUTPUT),
            "month1_running": (calc_ref(i, "running", layout.FIRST_MONTH_COL), styles.OUTPUT),
            "tco": (calc_ref(i, "cash"), styles.OUTPUT),
            "npv": (calc_ref(i, "present_value"), styles.OUTPUT),
            "cost_per_mtok": (cost_per_mtok(here("tco"), Name("total_tokens")), styles.OUTPUT),
        }
        styles.value(ws, table.coordinate("number", r), i, styles.CALC, table["number"].number_format)
        for field, (expression, role) in figures.items():
            _put(plan, ws, table, field, r, expression, role)
        plan.define(wb, f"name_{i}", layout.ref(layout.SUMMARY, r, cols["name"]))
        for field in layout.SUMMARY_OUTPUTS:
            plan.define(wb, f"{field}_{i}", layout.ref(layout.SUMMARY, r, cols[field]))
    for i in range(1, n + 1):  # after every TCO: a rank reads them all
        r = layout.summary_option_row(i)
        rank = call("RANK", Cell(layout.SUMMARY, r, cols["tco"]), tco_span, 1)
        _put(plan, ws, table, "rank", r, rank, styles.CALC)
    names = CellRange(layout.SUMMARY, first, cols["name"], last, cols["name"])
    r = summary_layout.cheapest_row
    styles.label(ws, (r, 1), "Cheapest over the horizon (lowest TCO)")
    answer = layout.SUMMARY_ANSWER_COL
    plan.book.put(
        ws, layout.coordinate(r, answer), pick(names, call("MATCH", call("MIN", tco_span), tco_span, 0)), styles.OUTPUT
    )
    plan.define(wb, layout.CHEAPEST, layout.ref(layout.SUMMARY, r, answer))
    note = plan.comparison.like_for_like
    if note is not None:  # the models are the generated scenario's: not an input of this workbook
        styles.label(ws, (summary_layout.models_row, 1), "Models compared")
        styles.text(ws, (summary_layout.models_row, answer), note, styles.SOURCE)
    _pairs(wb, plan, calc, summary_layout)
    _charts(ws, plan, calc, summary_layout)
    styles.widths(ws, table.widths)
    ws.freeze_panes = layout.coordinate(layout.SUMMARY_HEADER_ROW + 1, 1)
    styles.protect(ws)


def _put(
    plan: BuildPlan, ws: Worksheet, table: layout.Table, field: str, row: int, expression: Expr, role: styles.Role
) -> None:
    """A formula in a table's column, in that column's number format."""
    plan.book.put(ws, table.coordinate(field, row), expression, role, table[field].number_format)


def _pairs(wb: Workbook, plan: BuildPlan, calc: layout.CalcLayout, summary_layout: layout.SummaryLayout) -> None:
    ws = wb[layout.SUMMARY]
    block, opt = calc.pair_block, calc.option_block
    table = layout.PAIR_TABLE
    value_col = layout.CALC_COLS["value"]
    styles.label(
        ws, (summary_layout.pair_header_row - 1, 1), "Breakeven between each pair (months, linear within a month)"
    )
    styles.header_row(ws, summary_layout.pair_header_row, table.headers)
    for index, (a, b) in enumerate(calc.pairs(), start=1):
        r = summary_layout.pair_row(index)
        styles.value(ws, table.coordinate("number", r), index, styles.CALC, table["number"].number_format)
        links: dict[str, tuple[int, styles.Role]] = {
            "a": (opt.row(a, "name"), styles.LINK),
            "b": (opt.row(b, "name"), styles.LINK),
            "costlier": (block.row(index, "costlier"), styles.LINK),
            "breakeven": (block.row(index, "shown"), styles.OUTPUT),
            "reading": (block.row(index, "reading"), styles.LINK),
        }
        for field, (calc_row, role) in links.items():
            _put(plan, ws, table, field, r, Cell(layout.CALC, calc_row, value_col), role)
        plan.define(wb, layout.breakeven_name(a, b), layout.ref(layout.SUMMARY, r, table.cols["breakeven"]))
        plan.define(wb, layout.costlier_name(a, b), layout.ref(layout.SUMMARY, r, table.cols["costlier"]))


def _charts(ws: Worksheet, plan: BuildPlan, calc: layout.CalcLayout, summary_layout: layout.SummaryLayout) -> None:
    calc_ws = plan.book.wb[layout.CALC]
    months = plan.months
    first, last = layout.FIRST_MONTH_COL, layout.month_col(months)
    line = LineChart()
    line.title = "Cumulative cash cost (crossings are breakevens)"
    line.y_axis.title = plan.scenario.currency
    line.y_axis.number_format = AXIS_MONEY
    line.x_axis.title = "month"
    line.height, line.width = _height(len(plan.options)), 16
    assert line.legend is not None  # a new chart has one
    line.legend.position = "b"  # under the plot: long option names take the width, not the plot's
    for option in plan.options:
        r = calc.option_block.row(option.number, "cumulative")
        series = Series(Reference(calc_ws, min_col=first, max_col=last, min_row=r, max_row=r))
        shown_as = layout.ref(layout.SUMMARY, layout.summary_option_row(option.number), layout.SUMMARY_COLS["name"])
        series.tx = SeriesLabel(strRef=StrRef(shown_as))  # the Summary's name: it follows a label retyped on Inputs
        series.smooth = False
        line.series.append(series)
    line.set_categories(
        Reference(calc_ws, min_col=first, max_col=last, min_row=layout.MONTH_ROW, max_row=layout.MONTH_ROW)
    )
    below = summary_layout.pair_row(len(calc.pairs())) + 2  # under the tables, side by side: on the first screen
    ws.add_chart(line, layout.coordinate(below, 1))
    n = len(plan.options)
    bar = BarChart()
    bar.type = "bar"  # horizontal: option names read across, never rotated or squeezed under the bars
    bar.title = "Total cost of ownership over the horizon"
    bar.y_axis.title = plan.scenario.currency
    bar.y_axis.number_format = AXIS_MONEY
    bar.x_axis.scaling.orientation = "maxMin"  # option 1 on top, as in the table
    bar.y_axis.crosses = "max"  # ... and the money axis still under the bars
    bar.height, bar.width = _height(n), 16
    tco = layout.SUMMARY_COLS["tco"]
    data = Reference(
        ws, min_col=tco, max_col=tco, min_row=layout.SUMMARY_HEADER_ROW, max_row=layout.summary_option_row(n)
    )
    bar.add_data(data, titles_from_data=True)
    name = layout.SUMMARY_COLS["name"]
    bar.set_categories(
        Reference(
            ws, min_col=name, max_col=name, min_row=layout.summary_option_row(1), max_row=layout.summary_option_row(n)
        )
    )
    bar.legend = None
    ws.add_chart(bar, layout.coordinate(below, layout.SUMMARY_COLS["upfront"]))


def _height(options: int) -> float:
    """A chart's height in cm: room for each option's bar, or its line's legend entry, under the title."""
    return max(9.0, BAR_CM * options + CHART_FRAME_CM)
