"""Calc sheet: a monthly timeline across columns, one formula per row, the same in every month column.

Scalars sit in the value column (D); monthly rows total there. Every figure reproduces the core
(options.py for the cost profile, money.py for cash, NPV and breakeven) from Inputs and price sheets.
"""

from __future__ import annotations

from collections.abc import Callable

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.workbook import layout as L
from xlcost.workbook import styles as S
from xlcost.workbook.plan import Plan

CUR = "=currency"  # unit cells that follow the result currency

VALUE = get_column_letter(L.CALC_COLS["value"])
FIRST = get_column_letter(L.FIRST_MONTH_COL)


class _Rows:
    """Writes Calc rows: label, unit, then either one scalar formula or one formula per month."""

    def __init__(self, ws: Worksheet, months: int):
        self.ws = ws
        self.months = months
        self.last = get_column_letter(L.month_col(months))

    def head(self, row: int, section: str, line: str, unit: str) -> None:
        S.text(self.ws, f"A{row}", section, S.CALC)
        S.text(self.ws, f"B{row}", line, S.CALC)
        if unit == CUR:
            S.formula(self.ws, f"C{row}", "currency", S.LINK)
        else:
            S.text(self.ws, f"C{row}", unit, S.CALC)

    def scalar(self, row: int, section: str, line: str, unit: str, expression: str, fmt: str = S.NUMBER) -> None:
        self.head(row, section, line, unit)
        S.formula(self.ws, f"{VALUE}{row}", expression, S.CALC, fmt)

    def monthly(
        self,
        row: int,
        section: str,
        line: str,
        unit: str,
        template: Callable[[str, str], str],
        fmt: str = S.MONEY,
        total: bool = True,
    ) -> None:
        """``template(col, previous_col)`` gives the formula of one month; the first month's previous is blank."""
        self.head(row, section, line, unit)
        if total:
            S.formula(self.ws, f"{VALUE}{row}", f"SUM({self.span(row)})", S.CALC, fmt)
        for month in range(1, self.months + 1):
            col = get_column_letter(L.month_col(month))
            prev = get_column_letter(L.month_col(month) - 1)
            S.formula(self.ws, f"{col}{row}", template(col, prev), S.CALC, fmt)

    def span(self, row: int) -> str:
        return f"{FIRST}{row}:{self.last}{row}"


def write_calc(wb: Workbook, plan: Plan) -> None:
    ws = wb[L.CALC]
    months = plan.months
    rows = _Rows(ws, months)
    S.label(ws, "A1", "Calc: monthly cost of every option, and when one option overtakes another", S.TITLE)
    S.text(
        ws,
        "A2",
        "Month k runs from time k-1 to k: upfront costs are paid at its start, running costs accrue through it. "
        "Column D holds a row's constant, or its total over the months.",
    )
    S.text(ws, f"B{L.MONTH_ROW}", "Month", S.CALC)
    for month in range(1, months + 1):
        col = get_column_letter(L.month_col(month))
        cell = S.formula(ws, f"{col}{L.MONTH_ROW}", "COLUMN()-COLUMN($E$3)", S.CALC, S.COUNT)
        cell.font = S.HEADING
        cell.fill = S.HEADER_FILL
    S.header_row(ws, L.CALC_HEADER_ROW, ["Section", "Line", "Unit", "Value / total"])
    _timing(wb, plan, rows)
    layout = L.CalcLayout(len(plan.options))
    for option in plan.options:
        _option(plan, rows, layout.option_block, option.number)
    for index, (a, b) in enumerate(layout.pairs(), start=1):
        _pair(rows, layout, index, a, b)
    S.widths(ws, {"A": 16, "B": 46, "C": 14, "D": 16, "E": 2})
    S.widths(ws, {get_column_letter(L.month_col(m)): 12 for m in range(1, months + 1)})
    ws.freeze_panes = f"{FIRST}{L.CALC_HEADER_ROW + 1}"
    S.protect(ws)


def _timing(wb: Workbook, plan: Plan, rows: _Rows) -> None:
    t = L.TIMING
    r = {field: t.row(1, field) for field in t.fields}
    S.label(rows.ws, f"A{t.title_row(1)}", "Timing and workload")
    sec = "timing"
    m = f"${L.MONTH_ROW}"
    rows.scalar(r["timeline_months"], sec, "Months on this timeline", "months", f"COLUMNS({rows.span(L.MONTH_ROW)})")
    rows.scalar(
        r["monthly_discount_rate"],
        sec,
        "Monthly discount rate (compound)",
        "per month",
        "(1+discount_rate)^(1/12)-1",
        S.RATIO,
    )
    rows.scalar(
        r["hours_per_month"],
        sec,
        "Hours in a month (assumption, mid)",
        "hours",
        "AVERAGE(hours_per_month_low,hours_per_month_high)",
    )
    rows.scalar(
        r["tariff_fx"],
        sec,
        "Electricity tariff currency to result currency",
        "rate",
        "INDEX(fx_rate_to_cny,MATCH(tariff_currency,fx_currency,0))/INDEX(fx_rate_to_cny,MATCH(currency,fx_currency,0))",
        S.RATIO,
    )
    rows.monthly(
        r["in_horizon"], sec, "In horizon (flag)", "1/0", lambda c, p: f"IF({c}{m}<=horizon_months,1,0)", S.COUNT, False
    )
    rows.monthly(r["first_month"], sec, "First month (flag)", "1/0", lambda c, p: f"IF({c}{m}=1,1,0)", S.COUNT, False)
    rows.monthly(
        r["growth"],
        sec,
        "Usage growth factor (1+g)^(k-1)",
        "factor",
        lambda c, p: f"(1+monthly_growth)^({c}{m}-1)",
        S.RATIO,
        False,
    )
    rows.monthly(
        r["discount_end"],
        sec,
        "Discount factor, end of month",
        "factor",
        lambda c, p: f"1/(1+monthly_discount_rate)^{c}{m}",
        S.RATIO,
        False,
    )
    rows.monthly(
        r["discount_start"],
        sec,
        "Discount factor, start of month",
        "factor",
        lambda c, p: f"1/(1+monthly_discount_rate)^({c}{m}-1)",
        S.RATIO,
        False,
    )
    rows.monthly(
        r["tokens"],
        sec,
        "Tokens served (input + output)",
        "tokens",
        lambda c, p: (
            f"users_per_day*days_per_month*(input_tokens_per_user_day+output_tokens_per_user_day)"
            f"*{c}{r['growth']}*{c}{r['in_horizon']}"
        ),
        S.COUNT,
    )
    for field in ("timeline_months", "monthly_discount_rate", "hours_per_month", "tariff_fx"):
        plan.define(wb, field, L.ref(L.CALC, r[field], L.CALC_COLS["value"]))
    plan.define(wb, "total_tokens", L.ref(L.CALC, r["tokens"], L.CALC_COLS["value"]))


def _option(plan: Plan, rows: _Rows, block: L.Block, i: int) -> None:
    ws = rows.ws
    row = {field: block.row(i, field) for field in block.fields}
    t = {field: L.TIMING.row(1, field) for field in L.TIMING.fields}

    def d(field: str) -> str:
        return f"${VALUE}${row[field]}"

    def n(field: str) -> str:
        return L.option_input_name(field, i)

    S.label(ws, f"A{block.title_row(i)}", f"Option {i}")
    sec = f"option {i}"
    scalars: list[tuple[str, str, str, str, str]] = [
        ("key", "Option key (Inputs)", "key", n("key"), "@"),
        ("name", "Name", "text", f"IF(ISBLANK({n('label')}),{d('key')},{n('label')})", "@"),
        ("row", "Row on OptionPrices", "row", f"MATCH({d('key')},op_key,0)", S.COUNT),
        ("kind", "Kind", "text", f"INDEX(op_kind,{d('row')})", "@"),
        ("case", "Price case used", "case", f"IF(ISBLANK({n('case')}),case,{n('case')})", "@"),
        (
            "weight",
            "Case weight between low and high",
            "weight",
            f"INDEX(case_weight,MATCH({d('case')},case_name,0))",
            S.NUMBER,
        ),
        ("units", "Units (blank on Inputs = 1)", "units", f"IF(ISBLANK({n('units')}),1,{n('units')})", S.NUMBER),
        (
            "fx",
            "Price currency to result currency",
            "rate",
            f"INDEX(fx_rate_to_cny,MATCH(INDEX(op_currency,{d('row')}),fx_currency,0))"
            "/INDEX(fx_rate_to_cny,MATCH(currency,fx_currency,0))",
            S.RATIO,
        ),
        *_ranged("upfront", "Upfront per unit", d),
        *_ranged("monthly", "Monthly per unit", d),
        ("hourly", "On-demand price per unit-hour", "price currency", f"INDEX(op_hourly,{d('row')})", S.PRICE),
        (
            "hours",
            "Hours billed per month",
            "hours",
            f"IF(ISBLANK({n('hours')}),hours_per_month,{n('hours')})",
            S.NUMBER,
        ),
        ("power_kw", "Power per unit", "kW", f"INDEX(op_power_kw,{d('row')})", S.NUMBER),
        ("include_power", "Include power (flag)", "1/0", n("power"), S.COUNT),
        ("pue", "PUE at the case", "ratio", f"pue_low+{d('weight')}*(pue_high-pue_low)", S.NUMBER),
        (
            "tariff",
            "Electricity tariff at the case",
            "tariff currency per kWh",
            f"electricity_price_low+{d('weight')}*(electricity_price_high-electricity_price_low)",
            S.PRICE,
        ),
        ("price_input", "API price, input tokens", "price currency per 1M", f"INDEX(op_input,{d('row')})", S.PRICE),
        (
            "price_cached",
            "API price, cached input tokens",
            "price currency per 1M",
            f"INDEX(op_cached,{d('row')})",
            S.PRICE,
        ),
        ("price_output", "API price, output tokens", "price currency per 1M", f"INDEX(op_output,{d('row')})", S.PRICE),
        ("upfront", "Upfront cost (start of month 1)", CUR, f"{d('units')}*{d('upfront_per_unit')}*{d('fx')}", S.MONEY),
        (
            "flat_monthly",
            "Reserved / subscription / opex per month",
            CUR,
            f"{d('units')}*{d('monthly_per_unit')}*{d('fx')}",
            S.MONEY,
        ),
        (
            "on_demand_monthly",
            "On-demand rental per month",
            CUR,
            f"{d('units')}*{d('hourly')}*{d('hours')}*{d('fx')}",
            S.MONEY,
        ),
        (
            "power_monthly",
            "Electricity per month",
            CUR,
            f"{d('include_power')}*{d('units')}*{d('power_kw')}*hours_per_month*{d('pue')}*{d('tariff')}*tariff_fx",
            S.MONEY,
        ),
        ("extra_monthly", "Other cost per month (Inputs, per year / 12)", CUR, f"{n('extra')}/12", S.MONEY),
        (
            "fixed_monthly",
            "Flat running cost per month",
            CUR,
            f"{d('flat_monthly')}+{d('on_demand_monthly')}+{d('power_monthly')}+{d('extra_monthly')}",
            S.MONEY,
        ),
        (
            "usage_monthly",
            "API usage cost in month 1 (grows with users)",
            CUR,
            "users_per_day*days_per_month*(input_tokens_per_user_day*((1-cached_input_share)*"
            f"{d('price_input')}+cached_input_share*{d('price_cached')})+output_tokens_per_user_day*{d('price_output')})"
            f"/tokens_per_mtok*{d('fx')}",
            S.MONEY,
        ),
    ]
    for field, line, unit, expression, fmt in scalars:
        rows.scalar(row[field], sec, line, unit, expression, fmt)
    rows.monthly(row["upfront_cash"], sec, "Upfront cash", CUR, lambda c, p: f"{d('upfront')}*{c}{t['first_month']}")
    rows.monthly(
        row["running"],
        sec,
        "Running cost",
        CUR,
        lambda c, p: f"({d('fixed_monthly')}+{d('usage_monthly')}*{c}{t['growth']})*{c}{t['in_horizon']}",
    )
    rows.monthly(
        row["cash"], sec, "Cash cost (total = TCO)", CUR, lambda c, p: f"{c}{row['upfront_cash']}+{c}{row['running']}"
    )
    rows.monthly(
        row["cumulative"],
        sec,
        "Cumulative cash cost",
        CUR,
        lambda c, p: f"{p}{row['cumulative']}+{c}{row['cash']}",
        total=False,
    )
    rows.monthly(
        row["present_value"],
        sec,
        "Present value (total = NPV)",
        CUR,
        lambda c, p: f"{c}{row['upfront_cash']}*{c}{t['discount_start']}+{c}{row['running']}*{c}{t['discount_end']}",
    )


def _ranged(field: str, words: str, d: Callable[[str], str]) -> list[tuple[str, str, str, str, str]]:
    """Low and high per-unit amounts from OptionPrices, and the amount at the option's case between them."""
    low, high = d(f"{field}_low"), d(f"{field}_high")
    unit = "price currency"
    return [
        (f"{field}_low", f"{words}, low", unit, f"INDEX(op_{field}_low,{d('row')})", S.MONEY),
        (f"{field}_high", f"{words}, high", unit, f"INDEX(op_{field}_high,{d('row')})", S.MONEY),
        (f"{field}_per_unit", f"{words} at the case", unit, f"{low}+{d('weight')}*({high}-{low})", S.MONEY),
    ]


def _pair(rows: _Rows, layout: L.CalcLayout, index: int, a: int, b: int) -> None:
    """Breakeven of options a and b, by the core's rule (money.breakeven)."""
    ws = rows.ws
    block, opt = layout.pair_block, layout.option_block
    row = {field: block.row(index, field) for field in block.fields}
    m = f"${L.MONTH_ROW}"

    def d(field: str) -> str:
        return f"${VALUE}${row[field]}"

    def o(option: int, field: str) -> int:
        return opt.row(option, field)

    def od(option: int, field: str) -> str:
        return f"${VALUE}${o(option, field)}"

    S.label(ws, f"A{block.title_row(index)}", f"Pair {index}: options {a} and {b}")
    sec = f"pair {a}-{b}"
    rows.scalar(row["first_a"], sec, f"Option {a}: cash cost of month 1", CUR, f"${FIRST}${o(a, 'cash')}", S.MONEY)
    rows.scalar(row["first_b"], sec, f"Option {b}: cash cost of month 1", CUR, f"${FIRST}${o(b, 'cash')}", S.MONEY)
    rows.scalar(
        row["a_costlier"],
        sec,
        f"Option {a} costs more upfront (tie: dearer in month 1)",
        "1/0",
        f"IF(OR({od(a, 'upfront')}>{od(b, 'upfront')},AND({od(a, 'upfront')}={od(b, 'upfront')},"
        f"{d('first_a')}>={d('first_b')})),1,0)",
        S.COUNT,
    )
    rows.scalar(
        row["sign"],
        sec,
        "Sign: +1 when the gap is a minus b",
        "+1/-1",
        f"{d('a_costlier')}-(1-{d('a_costlier')})",
        S.COUNT,
    )
    rows.scalar(
        row["costlier"],
        sec,
        "Costlier upfront",
        "text",
        f"IF({d('a_costlier')}=1,{od(a, 'name')},{od(b, 'name')})",
        "@",
    )
    rows.scalar(
        row["other"], sec, "The other option", "text", f"IF({d('a_costlier')}=1,{od(b, 'name')},{od(a, 'name')})", "@"
    )
    rows.monthly(
        row["gap_end"],
        sec,
        "Cumulative gap at month end (costlier minus other)",
        CUR,
        lambda c, p: f"{d('sign')}*({c}{o(a, 'cumulative')}-{c}{o(b, 'cumulative')})",
        total=False,
    )
    rows.monthly(
        row["gap_start"],
        sec,
        "Cumulative gap at month start, after upfront",
        CUR,
        lambda c, p: f"{p}{row['gap_end']}+{d('sign')}*({c}{o(a, 'upfront_cash')}-{c}{o(b, 'upfront_cash')})",
        total=False,
    )
    rows.monthly(
        row["positive_month"],
        sec,
        "Month in which the costlier option is still dearer at some point",
        "month",
        lambda c, p: f"IF(OR({c}{row['gap_start']}>0,{c}{row['gap_end']}>0),{c}{m},0)",
        S.COUNT,
        total=False,
    )
    rows.monthly(
        row["crossing"],
        sec,
        "When the gap reaches 0 if it does in this month (linear within it)",
        "months",
        lambda c, p: (
            f"IF(AND({c}{row['gap_start']}>0,{c}{row['gap_end']}<=0),"
            f"{c}{m}-1+{c}{row['gap_start']}/({c}{row['gap_start']}-{c}{row['gap_end']}),{c}{m})"
        ),
        S.MONTHS,
        total=False,
    )
    rows.scalar(
        row["last_positive"],
        sec,
        "Last month the costlier option is dearer",
        "month",
        f"MAX({rows.span(row['positive_month'])})",
        S.COUNT,
    )
    rows.scalar(
        row["final_gap"],
        sec,
        "Gap at the end of the horizon",
        CUR,
        f"INDEX({rows.span(row['gap_end'])},1,horizon_months)",
        S.MONEY,
    )
    rows.scalar(
        row["month"],
        sec,
        "Breakeven (0 = never dearer)",
        "months",
        f"IF({d('last_positive')}=0,0,INDEX({rows.span(row['crossing'])},1,{d('last_positive')}))",
        S.MONTHS,
    )
    rows.scalar(
        row["shown"],
        sec,
        "Breakeven as shown on Summary",
        "months",
        f"IF({d('final_gap')}>0,text_none,{d('month')})",
        S.MONTHS,
    )
