"""Summary sheet: per option TCO, NPV, cost per 1M tokens; breakevens between each pair; charts."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.chart import BarChart, LineChart, Reference, Series
from openpyxl.chart.data_source import StrRef
from openpyxl.chart.series import SeriesLabel
from openpyxl.utils import get_column_letter

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
    cols = layout.SUMMARY_COLS
    value_col = layout.CALC_COLS["value"]

    def calc_ref(option: int, field: str, col: int = value_col) -> Expr:
        return Cell(layout.CALC, block.row(option, field), col)

    styles.label(ws, "A1", "Summary: what each option costs over the horizon", styles.TITLE)
    styles.text(ws, "A2", "Figures are formulas on Calc; they are not rounded, only formatted.")
    styles.label(ws, f"A{layout.SUMMARY_MASTER_ROW}", "Master check (0 = all checks pass)")  # its value: see checks.py
    styles.header_row(
        ws,
        layout.SUMMARY_HEADER_ROW,
        [
            "No.",
            "Option",
            "Key",
            "Units",
            "Upfront ({currency})",
            "Running cost, month 1 ({currency})",
            "TCO ({currency})",
            "NPV ({currency})",
            "Cost per 1M tokens ({currency})",
            "Rank by TCO",
        ],
    )
    first, last = layout.summary_option_row(1), layout.summary_option_row(n)
    tco_span = CellRange(layout.SUMMARY, first, cols["tco"], last, cols["tco"])
    put = plan.book.put
    for option in plan.options:
        i = option.number
        r = layout.summary_option_row(i)

        def cell(field: str, r=r) -> str:
            return f"{get_column_letter(cols[field])}{r}"

        def here(field: str, r=r) -> Expr:
            return Cell(layout.SUMMARY, r, cols[field])

        styles.value(ws, cell("number"), i, styles.CALC, styles.COUNT)
        put(ws, cell("name"), calc_ref(i, "name"), styles.LINK)
        put(ws, cell("key"), calc_ref(i, "key"), styles.LINK)
        not_sized = call(
            "AND", call("ISBLANK", Name(layout.option_input_name("units", i))), calc_ref(i, "gpus_needed").eq(0)
        )
        put(ws, cell("units"), call("IF", not_sized, Name("text_na"), calc_ref(i, "units")), styles.LINK, styles.NUMBER)
        put(ws, cell("upfront"), calc_ref(i, "upfront"), styles.OUTPUT, styles.MONEY)
        put(ws, cell("month1_running"), calc_ref(i, "running", layout.FIRST_MONTH_COL), styles.OUTPUT, styles.MONEY)
        put(ws, cell("tco"), calc_ref(i, "cash"), styles.OUTPUT, styles.MONEY)
        put(ws, cell("npv"), calc_ref(i, "present_value"), styles.OUTPUT, styles.MONEY)
        put(ws, cell("cost_per_mtok"), cost_per_mtok(here("tco"), Name("total_tokens")), styles.OUTPUT, styles.PRICE)
        plan.define(wb, f"name_{i}", layout.ref(layout.SUMMARY, r, cols["name"]))
        for field in layout.SUMMARY_OUTPUTS:
            plan.define(wb, f"{field}_{i}", layout.ref(layout.SUMMARY, r, cols[field]))
    for i in range(1, n + 1):  # after every TCO: a rank reads them all
        r = layout.summary_option_row(i)
        rank = call("RANK", Cell(layout.SUMMARY, r, cols["tco"]), tco_span, 1)
        put(ws, f"{get_column_letter(cols['rank'])}{r}", rank, styles.CALC, styles.COUNT)
    names = CellRange(layout.SUMMARY, first, cols["name"], last, cols["name"])
    r = summary_layout.cheapest_row
    styles.label(ws, f"A{r}", "Cheapest over the horizon (lowest TCO)")
    put(ws, f"D{r}", pick(names, call("MATCH", call("MIN", tco_span), tco_span, 0)), styles.OUTPUT)
    plan.define(wb, layout.CHEAPEST, layout.ref(layout.SUMMARY, r, 4))
    note = plan.comparison.like_for_like
    if note is not None:  # the models are the generated scenario's: not an input of this workbook
        styles.label(ws, f"A{summary_layout.models_row}", "Models compared")
        styles.text(ws, f"D{summary_layout.models_row}", note, styles.SOURCE)
    _pairs(wb, plan, calc, summary_layout)
    _charts(ws, plan, calc, summary_layout)
    styles.widths(ws, {"A": 6, "B": 38, "C": 24, "D": 24, "E": 16, "F": 18, "G": 16, "H": 16, "I": 16, "J": 10})
    ws.freeze_panes = f"A{layout.SUMMARY_HEADER_ROW + 1}"
    styles.protect(ws)


def _pairs(wb: Workbook, plan: BuildPlan, calc: layout.CalcLayout, summary_layout: layout.SummaryLayout) -> None:
    ws = wb[layout.SUMMARY]
    block, opt = calc.pair_block, calc.option_block
    value_col = layout.CALC_COLS["value"]
    styles.label(
        ws, f"A{summary_layout.pair_header_row - 1}", "Breakeven between each pair (months, linear within a month)"
    )
    styles.header_row(
        ws,
        summary_layout.pair_header_row,
        ["No.", "Option A", "Option B", "Dearer at the start", "Breakeven month", "In words"],
    )
    for index, (a, b) in enumerate(calc.pairs(), start=1):
        r = summary_layout.pair_row(index)
        styles.value(ws, f"A{r}", index, styles.CALC, styles.COUNT)
        put = plan.book.put
        put(ws, f"B{r}", Cell(layout.CALC, opt.row(a, "name"), value_col), styles.LINK)
        put(ws, f"C{r}", Cell(layout.CALC, opt.row(b, "name"), value_col), styles.LINK)
        put(ws, f"D{r}", Cell(layout.CALC, block.row(index, "costlier"), value_col), styles.LINK)
        put(ws, f"E{r}", Cell(layout.CALC, block.row(index, "shown"), value_col), styles.OUTPUT, styles.MONTHS)
        put(ws, f"F{r}", Cell(layout.CALC, block.row(index, "reading"), value_col), styles.LINK)
        plan.define(wb, layout.breakeven_name(a, b), layout.ref(layout.SUMMARY, r, 5))
        plan.define(wb, layout.costlier_name(a, b), layout.ref(layout.SUMMARY, r, 4))


def _charts(ws, plan: BuildPlan, calc: layout.CalcLayout, summary_layout: layout.SummaryLayout) -> None:
    calc_ws = ws.parent[layout.CALC]
    months = plan.months
    first, last = layout.FIRST_MONTH_COL, layout.month_col(months)
    line = LineChart()
    line.title = "Cumulative cash cost (crossings are breakevens)"
    line.y_axis.title = plan.scenario.currency
    line.y_axis.number_format = AXIS_MONEY
    line.x_axis.title = "month"
    line.height, line.width = _height(len(plan.options)), 16
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
    ws.add_chart(line, f"A{below}")
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
    ws.add_chart(bar, f"{get_column_letter(layout.SUMMARY_COLS['upfront'])}{below}")


def _height(options: int) -> float:
    """A chart's height in cm: room for each option's bar, or its line's legend entry, under the title."""
    return max(9.0, BAR_CM * options + CHART_FRAME_CM)
