"""One tornado chart per option, each from that option's own rows of the Sensitivity table.

An option's chart lists only the inputs that move its TCO, largest swing on top (the order the
core's tornado gives at generation), with the low and high case as two coloured bars of the change
from the base TCO in the scenario currency. Each chart sits beside a small table of live links to
the Sensitivity table, so the bars follow edited prices and spreads.
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl.chart import BarChart, Reference
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.uncertainty.sensitivity import Swing
from xlcost.workbook import styles as S
from xlcost.workbook.plan import Plan

CASES = ("low case", "high case")
COLOURS = ("4472C4", "ED7D31")  # low blue, high orange
CHART_ROWS = 18  # rows an 8 cm chart covers, and a little air
CHART_COLUMN = "E"  # charts beside their three-column tables
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
    plan: Plan,
    rows: list[Swing],
    first_row: int,
    cells: Callable[[int, int, str], str],
) -> None:
    """Tables and charts from ``first_row`` down; ``cells(k, option, field)`` is the Sensitivity cell of row k."""
    r = first_row
    currency = plan.scenario.currency
    for option in plan.options:
        i = option.number
        order = moving_rows(rows, i - 1)
        S.label(ws, f"A{r}", f"{i}: {option.name}: change in TCO from the base case ({currency})")
        header = r + 1
        S.header_row(ws, header, ["Input (largest swing first)", *CASES])
        for offset, k in enumerate(order, start=1):
            row = header + offset
            S.formula(ws, f"A{row}", cells(k, i, "Input"), S.LINK)
            S.formula(ws, f"B{row}", cells(k, i, "Low - base"), S.LINK, S.MONEY_SAVING)
            S.formula(ws, f"C{row}", cells(k, i, "High - base"), S.LINK, S.MONEY_SAVING)
        if order:
            ws.add_chart(_chart(ws, option.name, currency, header, len(order)), f"{CHART_COLUMN}{r}")
        else:
            S.text(ws, f"A{header + 1}", "No input moves this option's TCO.", S.SOURCE)
        r += _block_height(len(order))


def _chart(ws: Worksheet, name: str, currency: str, header: int, n_rows: int) -> BarChart:
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "clustered"
    chart.overlap = 100
    chart.gapWidth = 40
    chart.title = f"{name}: TCO change from base"
    chart.add_data(Reference(ws, min_col=2, max_col=3, min_row=header, max_row=header + n_rows), titles_from_data=True)
    chart.set_categories(Reference(ws, min_col=1, min_row=header + 1, max_row=header + n_rows))
    for series, colour in zip(chart.series, COLOURS, strict=True):
        series.graphicalProperties.solidFill = colour
        series.graphicalProperties.line.solidFill = colour
    chart.x_axis.scaling.orientation = "maxMin"  # first row (largest swing) on top
    chart.x_axis.tickLblPos = "low"  # input names at the axis's low end, clear of the bars
    chart.x_axis.delete = False
    chart.y_axis.delete = False
    chart.y_axis.title = f"change in TCO ({currency})"
    chart.y_axis.number_format = AXIS_SAVING
    chart.y_axis.crosses = "max"  # with the categories reversed, keep the value axis at the bottom
    chart.legend.position = "b"
    chart.height, chart.width = 8, 18
    return chart
