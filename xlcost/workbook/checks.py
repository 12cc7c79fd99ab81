"""Checks sheet: each check is 0 when fine; the master check adds them up and shows on Cover and Summary."""

from __future__ import annotations

from openpyxl import Workbook

from xlcost.workbook import layout as L
from xlcost.workbook import styles as S
from xlcost.workbook.plan import Plan


def _checks(plan: Plan) -> list[tuple[str, str]]:
    """(what is checked, formula that is 0 when it holds); errors count as a failed check."""
    calc = L.CalcLayout(len(plan.options))
    block, timing = calc.option_block, L.TIMING
    value = L.CALC_COLS["value"]
    first, last = L.FIRST_MONTH_COL, L.month_col(plan.months)
    checks = [
        ("Horizon fits the Calc timeline", "IF(horizon_months>timeline_months,1,0)"),
        (
            "Horizon is a whole number of months, at least 1",
            "IF(OR(horizon_months<1,horizon_months<>INT(horizon_months)),1,0)",
        ),
        ("Result currency is on the FX sheet", "IF(ISNA(MATCH(currency,fx_currency,0)),1,0)"),
        ("Price case is low, mid or high", "IF(ISNA(MATCH(case,case_name,0)),1,0)"),
        ("Cached input share is between 0 and 1", "IF(OR(cached_input_share<0,cached_input_share>1),1,0)"),
    ]
    growth = L.span(L.CALC, timing.row(1, "growth"), first, timing.row(1, "growth"), last)
    flags = L.span(L.CALC, timing.row(1, "in_horizon"), first, timing.row(1, "in_horizon"), last)
    for option in plan.options:
        i = option.number

        def c(field: str, i=i) -> str:
            return L.ref(L.CALC, block.row(i, field), value)

        cumulative = L.span(L.CALC, block.row(i, "cumulative"), first, block.row(i, "cumulative"), last)
        tco = f"tco_{i}"
        closed = f"{c('upfront')}+{c('fixed_monthly')}*horizon_months+{c('usage_monthly')}*SUMPRODUCT({growth},{flags})"
        checks += [
            (f"Option {i}: key is in the catalog (OptionPrices)", f"IF(ISNA(MATCH(option_key_{i},op_key,0)),1,0)"),
            (f"Option {i}: case is low, mid or high", f"IFERROR(IF(ISNA(MATCH({c('case')},case_name,0)),1,0),1)"),
            (f"Option {i}: units are above 0", f"IFERROR(IF({c('units')}>0,0,1),1)"),
            (
                f"Option {i}: cumulative cost at the horizon equals TCO",
                f"IFERROR(IF(ABS(INDEX({cumulative},1,horizon_months)-{tco})>check_tolerance*MAX(1,ABS({tco})),1,0),1)",
            ),
            (
                f"Option {i}: TCO equals upfront + flat x months + usage x growth (closed form)",
                f"IFERROR(IF(ABS({closed}-{tco})>check_tolerance*MAX(1,ABS({tco})),1,0),1)",
            ),
        ]
    return checks


def write_checks(wb: Workbook, plan: Plan) -> None:
    ws = wb[L.CHECKS]
    S.label(ws, "A1", "Checks: 0 means fine", S.TITLE)
    checks = _checks(plan)
    first = L.TABLE_FIRST_ROW
    last = first + len(checks) - 1
    S.label(ws, f"A{L.CHECKS_MASTER_ROW}", "Master check (sum of all checks)")
    S.formula(ws, f"B{L.CHECKS_MASTER_ROW}", f"SUM(B{first}:B{last})", S.CHECK_ROLE, S.CHECK)
    plan.define(wb, L.MASTER_CHECK, L.ref(L.CHECKS, L.CHECKS_MASTER_ROW, 2))
    S.header_row(ws, L.TABLE_HEADER_ROW, ["Check", "Value", "Fails when"])
    for offset, (words, expression) in enumerate(checks):
        r = first + offset
        S.text(ws, f"A{r}", words, S.CALC)
        S.formula(ws, f"B{r}", expression, S.CHECK_ROLE, S.CHECK)
        S.text(ws, f"C{r}", "the value is not 0", S.SOURCE)
    S.widths(ws, {"A": 70, "B": 10, "C": 24})
    ws.freeze_panes = f"A{first}"
    S.protect(ws)
