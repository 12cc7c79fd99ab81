"""Calc sheet: a monthly timeline across columns, one formula per row, the same in every month column.

The rows are defined in ``calc_rows``; this module only places them: a block for timing, one per
option, one per pair of options (scalars only: a pair's breakeven reads the two options' rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.workbook import calc_rows as C
from xlcost.workbook import layout as L
from xlcost.workbook import styles as S
from xlcost.workbook.build_plan import BuildPlan
from xlcost.workbook.expr import Block, Cell, Expr, Name, call

VALUE_COL = L.CALC_COLS["value"]
FIRST = get_column_letter(L.FIRST_MONTH_COL)


@dataclass(frozen=True)
class _Scope:
    """Cells a row of one block refers to (see ``calc_rows.Scope``)."""

    layout: L.CalcLayout
    months_n: int
    block: L.Block
    index: int  # option number, or pair number
    pair: tuple[int, int] | None = None
    hidden_rows: tuple[int, ...] = ()  # HiddenCosts sheet row of each switched-on hidden cost

    @property
    def month(self) -> Expr:
        return Cell(L.CALC, L.MONTH_ROW)

    @property
    def months(self) -> Block:
        return self.across(L.MONTH_ROW)

    def across(self, row: int) -> Block:
        return Block(L.CALC, row, L.FIRST_MONTH_COL, row, L.month_col(self.months_n))

    def _row(self, field: str) -> int:
        return self.block.row(self.index, field)

    def v(self, field: str) -> Expr:
        return Cell(L.CALC, self._row(field), VALUE_COL)

    def here(self, field: str) -> Expr:
        return Cell(L.CALC, self._row(field))

    def prev(self, field: str) -> Expr:
        return Cell(L.CALC, self._row(field), shift=-1)

    def t(self, field: str) -> Expr:
        return Cell(L.CALC, L.TIMING.row(1, field))

    def n(self, field: str) -> Expr:
        return Name(L.option_input_name(field, self.index))

    def _option(self, which: int) -> int:
        assert self.pair is not None
        return self.pair[which]

    def _option_row(self, which: int, field: str) -> int:
        return self.layout.option_block.row(self._option(which), field)

    def a(self, field: str) -> Expr:
        return Cell(L.CALC, self._option_row(0, field), VALUE_COL)

    def b(self, field: str) -> Expr:
        return Cell(L.CALC, self._option_row(1, field), VALUE_COL)

    def a_row(self, field: str) -> Block:
        return self.across(self._option_row(0, field))

    def b_row(self, field: str) -> Block:
        return self.across(self._option_row(1, field))

    def a_first(self, field: str) -> Expr:
        return Cell(L.CALC, self._option_row(0, field), L.FIRST_MONTH_COL)

    def b_first(self, field: str) -> Expr:
        return Cell(L.CALC, self._option_row(1, field), L.FIRST_MONTH_COL)

    def hidden(self, k: int, field: str) -> Expr:
        return Cell(L.HIDDEN_COSTS, self.hidden_rows[k - 1], L.price_column(L.HIDDEN_COSTS_FILE, field))


def write_calc(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[L.CALC]
    months = plan.months
    layout = plan.calc_layout
    S.label(ws, "A1", "Calc: monthly cost of every option, and when one option overtakes another", S.TITLE)
    S.text(
        ws,
        "A2",
        "Month k runs from time k-1 to k: upfront costs are paid at its start, running costs accrue through it. "
        "Column D holds a row's constant, or its total over the months.",
    )
    S.text(ws, f"B{L.MONTH_ROW}", "Month", S.CALC)
    month = Cell(L.CALC, L.MONTH_ROW, shift=-1) + 1  # the spacer column before month 1 is blank: 0
    for m in range(1, months + 1):
        cell = plan.book.put(ws, f"{get_column_letter(L.month_col(m))}{L.MONTH_ROW}", month, S.CALC, S.COUNT)
        cell.font, cell.fill = S.HEADING, S.HEADER_FILL
    S.header_row(ws, L.CALC_HEADER_ROW, ["Section", "Line", "Unit", "Value / total"])
    timing = _Scope(layout, months, L.TIMING, 1)
    S.label(ws, f"A{L.TIMING.title_row(1)}", "Timing and workload")
    for field in sorted(C.TIMING_NAMES):  # defined first: later timing rows read them by name
        plan.define(wb, field, L.ref(L.CALC, L.TIMING.row(1, field), VALUE_COL))
    _block(plan, ws, timing, C.TIMING, "timing", {})
    plan.define(wb, "total_tokens", L.ref(L.CALC, L.TIMING.row(1, "tokens"), VALUE_COL))
    ids = list(plan.catalog.table(L.HIDDEN_COSTS_FILE))
    hidden_rows = tuple(L.TABLE_FIRST_ROW + ids.index(ident) for ident in plan.hidden_costs)
    hidden_words = {f"hidden_{k}": ident for k, ident in enumerate(plan.hidden_costs, start=1)}
    lines = C.option_lines(len(hidden_rows))
    for option in plan.options:
        i = option.number
        S.label(ws, f"A{layout.option_block.title_row(i)}", f"Option {i}")
        scope = _Scope(layout, months, layout.option_block, i, hidden_rows=hidden_rows)
        _block(plan, ws, scope, lines, f"option {i}", {"i": i, **hidden_words})
    for index, (a, b) in enumerate(layout.pairs(), start=1):
        S.label(ws, f"A{layout.pair_block.title_row(index)}", f"Pair {index}: options {a} and {b}")
        scope = _Scope(layout, months, layout.pair_block, index, (a, b))
        _block(plan, ws, scope, C.PAIR, f"pair {a}-{b}", {"a": a, "b": b})
    S.widths(ws, {"A": 16, "B": 46, "C": 14, "D": 16, "E": 2})
    S.widths(ws, {get_column_letter(L.month_col(m)): 12 for m in range(1, months + 1)})
    ws.freeze_panes = f"{FIRST}{L.CALC_HEADER_ROW + 1}"
    S.protect(ws)


def _block(plan: BuildPlan, ws: Worksheet, scope: _Scope, lines: tuple[C.Line, ...], section: str, words: dict) -> None:
    """Each line: section, label and unit, then its formula in the value column or in every month column."""
    for line in lines:
        row = scope.block.row(scope.index, line.field)
        S.text(ws, (row, 1), section, S.CALC)
        S.text(ws, (row, 2), line.label.format(**words), S.CALC)
        if line.unit == C.CUR:
            plan.book.put(ws, (row, 3), Name("currency"), S.LINK)
        else:
            S.text(ws, (row, 3), line.unit, S.CALC)
        formula = line.formula(scope)
        if not line.monthly:
            plan.book.put(ws, (row, VALUE_COL), formula, S.CALC, line.fmt)
            continue
        for m in range(1, plan.months + 1):
            plan.book.put(ws, (row, L.month_col(m)), formula, S.CALC, line.fmt)
        if line.total:
            plan.book.put(ws, (row, VALUE_COL), call("SUM", scope.across(row)), S.CALC, line.fmt)
