"""One tornado chart per option, each from that option's own rows of the Sensitivity table.

An option's chart lists only the inputs that move its TCO, largest swing on top (the order the
plan's tornado gives at generation), with the low and high case as two coloured bars of the change
from the base TCO in the scenario currency. Each chart sits beside a small table of live links to
the Sensitivity table, so the bars follow edited prices and spreads.
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.workbook import layout, styles
from xlcost.workbook.build_plan import BuildPlan, Sensitivity, Swing
from xlcost.workbook.expr import Cell, Expr

CASES = ("low case", "high case")
COLOURS = ("4472C4", "ED7D31")  # low blue, high orange
CHART_ROWS = 18  # rows an 8 cm chart covers, and a little air
CHART_COL = 5  # charts beside their three-column tables, after a blank column
AXIS_SAVING = "#,##0;(#,##0)"


def moving_rows(rows: list[Swing], option: int) -> list[int]:
    """Indexes of the rows that move option ``option`` (0-based), largest swing first."""
    moving = [k for k, row in enumerate(rows) if row.swing(option) > 0]
    return sorted(moving, key=lambda k: (-rows[k].swing(option), rows[k].input.label))


def tornado_height(rows: list[Swing], n_options: int) -> int:
    """Rows the tornado section takes: per option a title, a header and its rows, at least a chart's height."""
    return sum(_block_height(len(moving_rows(rows, i))) for i in range(n_options))


def _block_height(n_rows: int) -> int:
    return max(n_rows + 3, CHART_ROWS)


def write_tornadoes(
    ws: Worksheet,
    plan: BuildPlan,
    rows: list[Swing],
    first_row: int,
    cells: Callable[[int, int, str], Expr],
) -> None:
    """Tables and charts from ``first_row`` down; ``cells(k, option, field)`` is the Sensitivity table's cell
    of row k for an option's ``Low - base`` or ``High - base``."""
    r = first_row
    currency = plan.scenario.currency
    for option in plan.options:
        i = option.number
        order = moving_rows(rows, i - 1)
        styles.label(ws, (r, 1), f"{i}: {option.name}: change in TCO from the base case ({currency})")
        header = r + 1
        styles.header_row(ws, header, ["Input (largest swing first)", *CASES])
        for offset, k in enumerate(order, start=1):
            row = header + offset
            styles.text(
                ws, (row, 1), rows[k].input.label, styles.CALC
            )  # as the table's label (text: audits match rows by it)
            plan.book.put(ws, (row, 2), cells(k, i, "Low - base"), styles.LINK, styles.MONEY_SAVING)
            plan.book.put(ws, (row, 3), cells(k, i, "High - base"), styles.LINK, styles.MONEY_SAVING)
        if order:
            ws.add_chart(_chart(ws, option.name, currency, header, len(order)), layout.coordinate(r, CHART_COL))
        else:
            styles.text(ws, (header + 1, 1), "No input moves this option's TCO.", styles.SOURCE)
        r += _block_height(len(order))


def _chart(ws: Worksheet, name: str, currency: str, header: int, n_rows: int) -> BarChart:
    chart = _bars(ws, f"{name}: TCO change from base", header, n_rows, 2)
    chart.y_axis.title = f"change in TCO ({currency})"
    chart.y_axis.number_format = AXIS_SAVING
    return chart


def _bars(ws: Worksheet, title: str, header: int, n_rows: int, low_col: int) -> BarChart:
    """A tornado: categories in column A below ``header``, low and high case in ``low_col`` and the next."""
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.overlap = 100
    chart.gapWidth = 40
    chart.title = title
    data = Reference(ws, min_col=low_col, max_col=low_col + 1, min_row=header, max_row=header + n_rows)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=header + n_rows))
    for series, colour in zip(chart.series, COLOURS, strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.x_axis.scaling.orientation = "maxMin"  # first row (largest swing) on top
    chart.x_axis.tickLblPos = "low"  # input names at the axis's low end, clear of the bars
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.crosses = "max"  # with the categories reversed, keep the value axis at the bottom
    chart.legend.position = "b"
    chart.height, chart.width = 8, 18
    return chart


# ---------------------------------------------------------------- breakeven of the chosen pair
BREAKEVEN_HEADER = ("Input (largest swing first)", "Low case", "High case", "Base", *CASES)


def breakeven_rows(result: Sensitivity) -> list[Swing]:
    """Inputs that move the pair's breakeven month and leave it within the horizon at both ends."""
    rows = [
        r for r in result.rows if r.breakeven_low is not None and r.breakeven_high is not None and r.breakeven_swing
    ]
    return sorted(rows, key=lambda r: (-(r.breakeven_swing or 0.0), r.input.label))


def breakeven_height(result: Sensitivity) -> int:
    return _block_height(len(breakeven_rows(result)) if result.base_breakeven.month is not None else 0)


def write_breakeven(ws: Worksheet, plan: BuildPlan, result: Sensitivity, first_row: int) -> None:
    """The breakeven month of the chosen pair in each case, as the core computed it at generation (purple:
    a breakeven needs the whole monthly timeline, which only Calc holds for the base case)."""
    be = result.base_breakeven
    styles.label(
        ws,
        (first_row, 1),
        f"Breakeven month of {be.costlier_upfront} against {be.other}: as generated by xlcost, not recalculated",
    )
    header = first_row + 1
    rows = breakeven_rows(result)
    if be.month is None or not rows:
        styles.text(ws, (header, 1), f"No breakeven to chart: {be.reason}.", styles.SOURCE)
        return
    styles.header_row(ws, header, list(BREAKEVEN_HEADER))
    for offset, row in enumerate(rows, start=1):
        r = header + offset
        styles.text(ws, (r, 1), row.input.label, styles.CALC)
        for col, month in enumerate((row.breakeven_low, row.breakeven_high, be.month), start=2):
            styles.value(ws, (r, col), month, styles.GENERATED, styles.MONTHS)
        low, high, base = (Cell(ws.title, r, col) for col in (2, 3, 4))
        plan.book.put(ws, (r, 5), low - base, styles.CALC, styles.MONTHS_CHANGE)
        plan.book.put(ws, (r, 6), high - base, styles.CALC, styles.MONTHS_CHANGE)
    chart = _bars(ws, f"{be.costlier_upfront} vs {be.other}: breakeven month", header, len(rows), 5)
    chart.y_axis.title = "change in breakeven month"
    chart.y_axis.number_format = styles.MONTHS_CHANGE
    ws.add_chart(chart, layout.coordinate(first_row, 8))  # beside the table, after a blank column
