"""The Hybrid sheet: hourly demand, the capacity line, and cost(n) as live formulas over price inputs,
so finance can change a price and watch the cheapest unit count move. Written as its own workbook.

cost(n) = n x monthly cost per unit + (overflow input x input price + overflow output x output price)
/ 1M / months in the period, where overflow output = SUMPRODUCT((out > cap_n) * (out - cap_n)) and
overflow input follows each hour's input-per-output ratio: the core's rule (``xlcost.analysis.traffic.hybrid``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import LineChart, Reference, Series
from openpyxl.chart.axis import TextAxis
from openpyxl.chart.series import SeriesLabel
from openpyxl.chart.text import RichText
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RichTextProperties
from openpyxl.worksheet.pagebreak import Break
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.analysis.traffic.hybrid import SECONDS_PER_HOUR
from xlcost.analysis.traffic.study import HybridStudy
from xlcost.io.atomic import write_atomic
from xlcost.limits import MAX_HYBRID_SHEET_HOURS, LimitError
from xlcost.workbook import layout, styles
from xlcost.workbook.build import FIXED_TIME, workbook_bytes
from xlcost.workbook.fit import fit_row_heights
from xlcost.workbook.layout import Column, Table
from xlcost.workbook.printing import set_print

SHEET = "Hybrid"
TABLE_HEADER = 36
FIRST = TABLE_HEADER + 1
HOURS_PER_WEEK = 168  # one label a week on the hourly chart
#: inputs, calculations and results from row 3 down: a label, the value (blue for an input), its unit, a source.
INPUTS = Table(
    Column("label", "Input", 40),
    Column("value", "Value", 18),
    Column("unit", "Unit", 16),
    Column("source", "Source", 50),
)
#: cost(n) for each unit count n, under the inputs; the charts sit beside the inputs, over its money columns.
CURVE = Table(
    Column("units", "Units"),
    Column("capacity", "Capacity (output tokens/h)"),
    Column("overflow_out", "Overflow output tokens (period)"),
    Column("overflow_in", "Overflow input tokens (period)"),
    Column("own", "Own cost / month", 16),
    Column("api", "Overflow API cost / month", 16),
    Column("cost", "Monthly cost", 16),
    Column("share", "Local share of tokens", 16),
    Column("hours", "Overflow hours / month", 16),
)
GAP_COL = len(CURVE.columns) + 1  # blank, as wide as the charts' columns: the charts span E:J
GAP_WIDTH = 16
#: the demand, one row an hour, after the gap: it prints on pages of its own.
HOURLY = Table(
    Column("hour", "Hour", 18),
    Column("output", "Output tokens", 16),
    Column("input", "Input tokens", 16),
    Column("ratio", "Input per output token", 14),
    Column("capacity", "Capacity at cheapest n", 16),
    first_col=GAP_COL + 1,
)
CHART_COL = CURVE.cols["own"]
INPUTS_HEADER_ROW = 3

#: Input rows: (row, label, unit); values and sources come from the study.
CELL = {
    "unit_cost": 4,
    "tok_s": 5,
    "headroom": 6,
    "min_units": 7,
    "price_in": 8,
    "price_cached": 9,
    "price_out": 10,
    "fx": 11,
    "cached_share": 12,
    "mtok": 13,
    "sec_hour": 14,
    "days_month": 15,
    "hours_day": 16,
    "per_replica": 17,
    "period_hours": 19,
    "months": 20,
    "capacity": 21,
    "in_price": 22,
    "out_price": 23,
    "total_tokens": 24,
    "best_units": 26,
    "best_cost": 27,
    "best_share": 28,
    "best_hours": 29,
    "all_api": 30,
    "all_owned": 31,
    "core_units": 33,
    "core_cost": 34,
}


def _ref(name: str) -> str:
    """``$B$8``: the value of an input, calculation or result, as a formula reads it."""
    return layout.coordinate(CELL[name], INPUTS.cols["value"], absolute=True)


def _column(table: Table, field: str, rows: int) -> str:
    """``$L$37:$L$780``: a field's column over the first ``rows`` rows of the curve or hourly table."""
    col = table.cols[field]
    return layout.block(FIRST, col, FIRST + rows - 1, col, absolute=True)


def write_hybrid_workbook(study: HybridStudy, path: Path, *, force: bool = False) -> None:
    """The Hybrid sheet in a workbook of its own, written atomically and deterministically."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the empty sheet a new workbook starts with
    write_hybrid_sheet(wb, study)
    set_print(wb, first_column_titles=False)  # two tables side by side: the first column labels only one
    wb.properties.creator = wb.properties.lastModifiedBy = "xlcost"
    wb.properties.created = wb.properties.modified = FIXED_TIME
    wb.properties.title = f"xlcost hybrid: {study.unit.key} + {study.api.key}"
    wb.calculation.fullCalcOnLoad = True
    write_atomic(path, workbook_bytes(wb), force=force)


def write_hybrid_sheet(wb: Workbook, study: HybridStudy) -> Worksheet:
    hours = len(study.demand.output_tokens)
    if hours > MAX_HYBRID_SHEET_HOURS:
        raise LimitError(
            f"the Hybrid sheet has a row per hour: {hours:,} hours is over its limit of {MAX_HYBRID_SHEET_HOURS:,} "
            "(two years); give a shorter export for the workbook (the table without -o covers it all)"
        )
    ws: Worksheet = wb.create_sheet(SHEET)
    units = len(study.curve.units)
    out, inp, ratio = (_column(HOURLY, field, hours) for field in ("output", "input", "ratio"))
    cost, unit_col = _column(CURVE, "cost", units), _column(CURVE, "units", units)
    cur = study.context.currency
    styles.label(
        ws,
        layout.TITLE_CELL,
        f"Hybrid: own {study.unit.key} for the base load, overflow to {study.api.key}",
        styles.TITLE,
    )
    styles.text(
        ws,
        layout.NOTE_CELL,
        f"Demand: {study.demand.source}. Change a blue input and the cheapest unit count "
        f"({layout.coordinate(CELL['best_units'], INPUTS.cols['value'])}) follows.",
    )
    _inputs(ws, study, cur)
    _calculations(ws, out, inp, cur)
    _outputs(ws, study, cost, unit_col, cur)
    _curve(ws, units, out, ratio)
    _hourly(ws, study)
    _charts(ws, units, hours)
    styles.widths(ws, INPUTS.widths | HOURLY.widths | CURVE.widths | {GAP_COL: GAP_WIDTH})
    fit_row_heights(ws)  # wrapped headings get their lines, rather than overlap the first row under them
    styles.protect(ws)
    return ws


def _input(
    ws: Worksheet, name: str, label: str, value: float, unit: str, source: str, fmt: str = styles.NUMBER
) -> None:
    row = CELL[name]
    styles.text(ws, INPUTS.cell("label", row), label, styles.CALC)
    styles.value(ws, INPUTS.cell("value", row), value, styles.INPUT, fmt)
    styles.text(ws, INPUTS.cell("unit", row), unit, styles.SOURCE)
    source_cell = styles.text(ws, INPUTS.cell("source", row), source, styles.SOURCE)
    source_cell.alignment = styles.wrapped()  # a long source stays left of the charts


def _inputs(ws: Worksheet, study: HybridStudy, cur: str) -> None:
    unit, api, row = study.unit, study.api, study.api.row
    styles.header_row(ws, INPUTS_HEADER_ROW, INPUTS.headers)
    _input(ws, "unit_cost", "Monthly cost per unit", unit.monthly_cost, f"{cur}/month", unit.cost_basis, styles.MONEY)
    _input(ws, "tok_s", "Output tokens/s per GPU", unit.tokens_per_s, "tokens/s", unit.sizing)
    _input(ws, "headroom", "Headroom kept free", study.headroom, "share", "--headroom (0: none)", styles.SHARE)
    _input(
        ws,
        "min_units",
        "Units to hold the model",
        unit.min_units,
        "units",
        "GPUs whose memory holds the model (the rate's source)",
    )
    _input(
        ws, "price_in", "API input price", row.input_per_mtok, f"{row.currency}/1M", f"api.csv {row.id}", styles.PRICE
    )
    _input(
        ws,
        "price_cached",
        "API cached input price",
        row.cached_rate,
        f"{row.currency}/1M",
        f"api.csv {row.id}",
        styles.PRICE,
    )
    _input(
        ws,
        "price_out",
        "API output price",
        row.output_per_mtok,
        f"{row.currency}/1M",
        f"api.csv {row.id}",
        styles.PRICE,
    )
    _input(ws, "fx", f"{row.currency} to {cur}", api.fx, "rate", "fx.csv", styles.RATIO)
    _input(ws, "cached_share", "Cached input share", api.cached_share, "share", study.demand.source, styles.SHARE)
    _input(ws, "mtok", "Tokens per 1M", 1_000_000, "tokens", "definition", styles.COUNT)
    _input(ws, "sec_hour", "Seconds per hour", SECONDS_PER_HOUR, "s", "definition", styles.COUNT)
    _input(
        ws,
        "days_month",
        "Days per month",
        study.context.workload.days_per_month,
        "days",
        "assumptions.csv days_per_month",
    )
    _input(ws, "hours_day", "Hours per day", 24, "h", "definition", styles.COUNT)
    _input(
        ws,
        "per_replica",
        "GPUs per replica",
        unit.gpus_per_replica,
        "units",
        "capacity engine: tensor-parallel GPUs serving as one" if unit.gpus_per_replica > 1 else "one GPU serves alone",
        styles.COUNT,
    )


def _calc(ws: Worksheet, name: str, label: str, expression: str, unit: str, fmt: str = styles.NUMBER) -> None:
    row = CELL[name]
    styles.text(ws, INPUTS.cell("label", row), label, styles.CALC)
    styles.formula(ws, INPUTS.cell("value", row), expression, styles.CALC, fmt)
    styles.text(ws, INPUTS.cell("unit", row), unit, styles.SOURCE)


def _calculations(ws: Worksheet, out: str, inp: str, cur: str) -> None:
    styles.header_row(ws, CELL["period_hours"] - 1, ["Calculation", "Value", "Unit", ""])
    _calc(ws, "period_hours", "Hours in the period", f"COUNT({out})", "h", styles.COUNT)
    _calc(
        ws,
        "months",
        "Months in the period",
        f"{_ref('period_hours')}/{_ref('hours_day')}/{_ref('days_month')}",
        "months",
    )
    _calc(
        ws,
        "capacity",
        "Capacity per unit-hour",
        f"{_ref('tok_s')}*{_ref('sec_hour')}*(1-{_ref('headroom')})",
        "tokens/h",
        styles.COUNT,
    )
    _calc(
        ws,
        "in_price",
        "Input price, cached blend",
        f"{_ref('fx')}*((1-{_ref('cached_share')})*{_ref('price_in')}+{_ref('cached_share')}*{_ref('price_cached')})",
        f"{cur}/1M",
        styles.PRICE,
    )
    _calc(ws, "out_price", "Output price", f"{_ref('fx')}*{_ref('price_out')}", f"{cur}/1M", styles.PRICE)
    _calc(ws, "total_tokens", "Tokens in the period", f"SUM({out})+SUM({inp})", "tokens", styles.COUNT)


def _outputs(ws: Worksheet, study: HybridStudy, cost: str, unit_col: str, cur: str) -> None:
    at_best = f"MATCH({_ref('best_cost')},{cost},0)"
    styles.header_row(ws, CELL["best_units"] - 1, ["Result", "Value", "Unit", ""])
    rows = [
        ("best_units", "Cheapest number of units", f"INDEX({unit_col},{at_best})", "units", styles.COUNT),
        ("best_cost", "Monthly cost at the cheapest", f"MIN({cost})", f"{cur}/month", styles.MONEY),
        (
            "best_share",
            "Share served locally",
            f"INDEX({_column(CURVE, 'share', len(study.curve.units))},{at_best})",
            "share",
            styles.SHARE,
        ),
        (
            "best_hours",
            "Overflow hours a month",
            f"INDEX({_column(CURVE, 'hours', len(study.curve.units))},{at_best})",
            "h/month",
            styles.NUMBER,
        ),
        ("all_api", "All API (0 units)", _first_cost(0), f"{cur}/month", styles.MONEY),
        (
            "all_owned",
            "All owned for the peak",
            _first_cost(len(study.curve.units) - 1),
            f"{cur}/month",
            styles.MONEY,
        ),
    ]
    for name, label, expression, unit, fmt in rows:
        _calc(ws, name, label, expression, unit, fmt)
        styles.style(styles.at(ws, INPUTS.cell("value", CELL[name])), styles.OUTPUT, fmt)
    best = study.curve.best
    generated = {
        "core_units": ("Cheapest units when generated (xlcost hybrid)", best, styles.COUNT),
        "core_cost": ("Its monthly cost when generated", float(study.curve.monthly_cost[best]), styles.MONEY),
    }
    for name, (label, figure, fmt) in generated.items():
        styles.text(ws, INPUTS.cell("label", CELL[name]), label, styles.CALC)
        styles.value(ws, INPUTS.cell("value", CELL[name]), figure, styles.GENERATED, fmt)


def _first_cost(units: int) -> str:
    """``$G$37``: the monthly cost of owning ``units`` units."""
    return layout.coordinate(FIRST + units, CURVE.cols["cost"], absolute=True)


def _curve(ws: Worksheet, units: int, out: str, ratio: str) -> None:
    styles.header_row(ws, TABLE_HEADER, CURVE.headers)
    for n in range(units):
        r = FIRST + n

        def at(field: str, r: int = r) -> str:
            return CURVE.coordinate(field, r)

        n_units, cap, over_out, over_in = at("units"), at("capacity"), at("overflow_out"), at("overflow_in")
        formulas = {
            "capacity": (_capacity(n_units), styles.COUNT),
            "overflow_out": (f"SUMPRODUCT(({out}>{cap})*({out}-{cap}))", styles.COUNT),
            "overflow_in": (f"SUMPRODUCT(({out}>{cap})*({out}-{cap})*{ratio})", styles.COUNT),
            "own": (f"{n_units}*{_ref('unit_cost')}", styles.MONEY),
            "api": (
                f"({over_in}*{_ref('in_price')}+{over_out}*{_ref('out_price')})/{_ref('mtok')}/{_ref('months')}",
                styles.MONEY,
            ),
            "cost": (f"{at('own')}+{at('api')}", styles.MONEY),
            "share": (f"1-({over_out}+{over_in})/{_ref('total_tokens')}", styles.SHARE),
            "hours": (f'COUNTIF({out},">"&{cap})/{_ref("months")}', styles.NUMBER),
        }
        styles.value(ws, CURVE.cell("units", r), n, styles.CALC, styles.COUNT)
        for field, (expression, fmt) in formulas.items():
            styles.formula(ws, CURVE.cell(field, r), expression, styles.CALC, fmt)


def _capacity(units: str) -> str:
    """Output tokens an hour of ``units`` serve: their whole replicas' GPUs, nothing below the memory minimum."""
    per = _ref("per_replica")
    return f"IF({units}>={_ref('min_units')},INT({units}/{per})*{per}*{_ref('capacity')},0)"


def _hourly(ws: Worksheet, study: HybridStudy) -> None:
    styles.header_row(ws, TABLE_HEADER, HOURLY.headers, first_col=HOURLY.first_col)
    ws.col_breaks.append(Break(id=GAP_COL))  # the hourly table prints on pages of its own, after the results
    start = study.demand.start
    for h, (tokens_out, tokens_in) in enumerate(
        zip(study.demand.output_tokens, study.demand.input_tokens, strict=True)
    ):
        r = FIRST + h
        if start is None:
            styles.value(ws, HOURLY.cell("hour", r), h + 1, styles.CALC, styles.COUNT)
        else:
            cell = styles.at(ws, HOURLY.cell("hour", r))
            cell.value = (start + dt.timedelta(hours=h)).replace(tzinfo=None)  # Excel has no time zones: UTC
            styles.style(cell, styles.CALC, "yyyy-mm-dd hh:mm")
        styles.value(ws, HOURLY.cell("output", r), float(tokens_out), styles.INPUT, styles.COUNT)
        styles.value(ws, HOURLY.cell("input", r), float(tokens_in), styles.INPUT, styles.COUNT)
        out, inp = HOURLY.coordinate("output", r), HOURLY.coordinate("input", r)
        styles.formula(ws, HOURLY.cell("ratio", r), f"IF({out}>0,{inp}/{out},0)", styles.CALC, styles.RATIO)
        styles.formula(ws, HOURLY.cell("capacity", r), _capacity(_ref("best_units")), styles.CALC, styles.COUNT)


def _charts(ws: Worksheet, units: int, hours: int) -> None:
    cost = LineChart()
    cost.title = "Monthly cost by units owned"
    cost.x_axis.title = "units"
    cost.y_axis.title = "monthly cost"
    cost.add_data(
        Reference(ws, min_col=CURVE.cols["cost"], min_row=TABLE_HEADER, max_row=FIRST + units - 1),
        titles_from_data=True,
    )
    cost.series[0].smooth = False  # a smoothed line would show costs between whole units
    cost.set_categories(Reference(ws, min_col=CURVE.cols["units"], min_row=FIRST, max_row=FIRST + units - 1))
    cost.height, cost.width = 7.5, 16
    ws.add_chart(cost, layout.coordinate(INPUTS_HEADER_ROW, CHART_COL))
    demand = LineChart()
    demand.y_axis.title = "output tokens per hour"
    for field in ("output", "capacity"):
        col = HOURLY.cols[field]
        series = Series(Reference(ws, min_col=col, min_row=FIRST, max_row=FIRST + hours - 1))
        series.tx = SeriesLabel(v=HOURLY[field].header)
        series.smooth = False
        demand.series.append(series)
    hour = HOURLY.cols["hour"]
    demand.set_categories(Reference(ws, min_col=hour, min_row=FIRST, max_row=FIRST + hours - 1))
    demand.title = "Hourly output tokens and capacity at the cheapest n"
    dated = isinstance(ws.cell(FIRST, hour).value, dt.datetime)
    hour_axis = demand.x_axis
    assert isinstance(hour_axis, TextAxis)  # a line chart's categories
    hour_axis.title = None if dated else "hour"
    hour_axis.number_format = "mm-dd" if dated else "0"  # a synthetic month numbers its hours
    hour_axis.tickLblSkip = hour_axis.tickMarkSkip = HOURS_PER_WEEK if hours > HOURS_PER_WEEK else 24
    hour_axis.txPr = _slanted()  # LibreOffice labels every few days whatever the skip: slanted, they clear
    demand.height, demand.width = 7.5, 18  # within columns E:J, so it prints beside the tables above
    ws.add_chart(demand, layout.coordinate(CELL["period_hours"], CHART_COL))


def _slanted() -> RichText:
    """Axis labels at 45 degrees."""
    plain = CharacterProperties()
    return RichText(
        bodyPr=RichTextProperties(rot=-2_700_000, vert="horz"),
        p=[Paragraph(pPr=ParagraphProperties(defRPr=plain), endParaRPr=plain)],
    )
