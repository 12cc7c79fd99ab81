"""Checks sheet: each check is 0 when fine; the master check adds them up and shows on Cover and Summary."""

from __future__ import annotations

from openpyxl import Workbook

from xlcost.workbook import layout, styles
from xlcost.workbook.build_plan import BuildPlan
from xlcost.workbook.expr import Cell, CellRange, Expr, Name, call
from xlcost.workbook.rules import growth_sum, short_of_load, tco_closed_form


def _fails(test: Expr) -> Expr:
    return call("IF", test, 1, 0)


def differs(value: Expr, expected: Expr) -> Expr:
    """1 when two ways of computing a figure differ by more than the tolerance; an error counts as 1."""
    limit = Name("check_tolerance") * call("MAX", 1, call("ABS", expected))
    return call("IFERROR", _fails(call("ABS", value - expected).gt(limit)), 1)


def _checks(plan: BuildPlan) -> list[tuple[str, Expr]]:
    """(what is checked, formula that is 0 when it holds); errors count as a failed check."""
    calc = plan.calc_layout
    block, timing = calc.option_block, layout.TIMING
    first, last = layout.FIRST_MONTH_COL, layout.month_col(plan.months)
    horizon = Name("horizon_months")

    def across(row: int) -> CellRange:
        return CellRange(layout.CALC, row, first, row, last)

    checks = [
        ("Horizon fits the Calc timeline", _fails(horizon.gt(Name("timeline_months")))),
        (
            "Horizon is a whole number of months, at least 1",
            _fails(call("OR", horizon.lt(1), horizon.ne(call("INT", horizon)))),
        ),
        (
            "Result currency is on the FX sheet",
            _fails(call("ISNA", call("MATCH", Name("currency"), Name("fx_currency"), 0))),
        ),
        ("Price case is low, mid or high", _fails(call("ISNA", call("MATCH", Name("case"), Name("case_name"), 0)))),
        (
            "Cached input share is between 0 and 1",
            _fails(call("OR", Name("cached_input_share").lt(0), Name("cached_input_share").gt(1))),
        ),
    ]
    growth = growth_sum(Name("monthly_growth"), across(layout.MONTH_ROW), across(timing.row(1, "in_horizon")))
    for option in plan.options:
        i = option.number

        def calc_value(field: str, i: int = i) -> Expr:
            return Cell(layout.CALC, block.row(i, field), layout.CALC_COLS["value"])

        tco = Name(f"tco_{i}")
        at_horizon = call("INDEX", across(block.row(i, "cumulative")), 1, horizon)
        closed = tco_closed_form(
            calc_value("upfront"), calc_value("fixed_monthly"), calc_value("usage_monthly"), horizon, growth
        )
        for_key = layout.OPTION_TABLE.coordinate("for_key", layout.option_input_row(i))
        known_case = _fails(call("ISNA", call("MATCH", calc_value("case"), Name("case_name"), 0)))
        checks += [
            (
                f"Option {i}: key is in the catalog (OptionPrices)",
                _fails(call("ISNA", call("MATCH", Name(f"option_key_{i}"), Name("op_key"), 0))),
            ),
            (
                f"Option {i}: label and units are for its key (a key picked since: retype them, copy it to "
                f"Inputs!{for_key})",
                _fails(Name(layout.option_input_name("key", i)).ne(Name(layout.option_input_name("for_key", i)))),
            ),
            (f"Option {i}: case is low, mid or high", call("IFERROR", known_case, 1)),
            (f"Option {i}: units are 0 or more", call("IFERROR", call("IF", calc_value("units").ge(0), 0, 1), 1)),
            (f"Option {i}: cumulative cost at the horizon equals TCO", differs(at_horizon, tco)),
            (f"Option {i}: TCO equals upfront + flat x months + usage x growth (closed form)", differs(closed, tco)),
        ]
        if option.sizing is not None:
            per_unit = Name(layout.option_input_name("gpus_per_unit", i))
            short = short_of_load(calc_value("units"), per_unit, calc_value("gpus_needed"))
            checks.append(
                (
                    f"Option {i}: GPUs priced (units x GPUs per unit) cover the GPUs the workload needs (Calc)",
                    call("IFERROR", _fails(short), 1),
                )
            )
    return checks


def write_checks(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[layout.CHECKS]
    table = layout.CHECKS_TABLE
    check, value, meaning = (table.cols[field] for field in ("check", "value", "meaning"))
    fmt = table["value"].number_format
    styles.label(ws, layout.TITLE_CELL, "Checks: 0 means fine", styles.TITLE)
    checks = _checks(plan)
    first = layout.TABLE_FIRST_ROW
    last = first + len(checks) - 1
    styles.label(ws, (layout.CHECKS_MASTER_ROW, check), "Master check (sum of all checks)")
    styles.header_row(ws, layout.TABLE_HEADER_ROW, table.headers)
    for offset, (words, expression) in enumerate(checks):
        r = first + offset
        styles.text(ws, (r, check), words, styles.CALC)
        plan.book.put(ws, (r, value), expression, styles.CHECK_ROLE, fmt)
        styles.text(ws, (r, meaning), "the value is not 0", styles.SOURCE)
    total = call("SUM", CellRange(layout.CHECKS, first, value, last, value))
    plan.book.put(ws, (layout.CHECKS_MASTER_ROW, value), total, styles.CHECK_ROLE, fmt)
    plan.define(wb, layout.MASTER_CHECK, layout.ref(layout.CHECKS, layout.CHECKS_MASTER_ROW, value))
    summary_cell = (layout.SUMMARY_MASTER_ROW, layout.SUMMARY_ANSWER_COL)
    plan.book.put(wb[layout.SUMMARY], summary_cell, Name(layout.MASTER_CHECK), styles.CHECK_ROLE, styles.CHECK)
    styles.widths(ws, table.widths)
    ws.freeze_panes = layout.coordinate(first, check)
    styles.protect(ws)
