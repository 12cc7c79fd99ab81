"""Calc sheet: a monthly timeline across columns, one formula per row, the same in every month column.

The rows are defined in ``calc_rows``; this module only places them: a block for timing, one per
option, one per pair of options (scalars only: a pair's breakeven reads the two options' rows).
"""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.workbook import calc_rows, layout, styles
from xlcost.workbook.build_plan import BuildPlan
from xlcost.workbook.expr import Cell, CellRange, Expr, Name, call

COLS = layout.CALC_COLS
VALUE_COL = COLS["value"]


@dataclass(frozen=True)
class _Scope:
    """Cells a row of one block refers to (see ``calc_rows.Scope``)."""

    calc_layout: layout.CalcLayout
    months_n: int
    block: layout.CalcBlock
    index: int  # option number, or pair number
    pair: tuple[int, int] | None = None
    hidden_rows: tuple[int, ...] = ()  # HiddenCosts sheet row of each switched-on hidden cost
    hidden_columns: tuple[str, ...] = ()  # the HiddenCosts sheet's columns

    @property
    def month(self) -> Expr:
        return Cell(layout.CALC, layout.MONTH_ROW)

    @property
    def months(self) -> CellRange:
        return self.across(layout.MONTH_ROW)

    def across(self, row: int) -> CellRange:
        return CellRange(layout.CALC, row, layout.FIRST_MONTH_COL, row, layout.month_col(self.months_n))

    def _row(self, field: str) -> int:
        return self.block.row(self.index, field)

    def value(self, field: str) -> Expr:
        return Cell(layout.CALC, self._row(field), VALUE_COL)

    def here(self, field: str) -> Expr:
        return Cell(layout.CALC, self._row(field))

    def prev(self, field: str) -> Expr:
        return Cell(layout.CALC, self._row(field), shift=-1)

    def timing(self, field: str) -> Expr:
        return Cell(layout.CALC, layout.TIMING.row(1, field))

    def option_input(self, field: str) -> Expr:
        return Name(layout.option_input_name(field, self.index))

    def _option(self, which: int) -> int:
        assert self.pair is not None
        return self.pair[which]

    def _option_row(self, which: int, field: str) -> int:
        return self.calc_layout.option_block.row(self._option(which), field)

    def a_value(self, field: str) -> Expr:
        return Cell(layout.CALC, self._option_row(0, field), VALUE_COL)

    def b_value(self, field: str) -> Expr:
        return Cell(layout.CALC, self._option_row(1, field), VALUE_COL)

    def a_row(self, field: str) -> CellRange:
        return self.across(self._option_row(0, field))

    def b_row(self, field: str) -> CellRange:
        return self.across(self._option_row(1, field))

    def a_first(self, field: str) -> Expr:
        return Cell(layout.CALC, self._option_row(0, field), layout.FIRST_MONTH_COL)

    def b_first(self, field: str) -> Expr:
        return Cell(layout.CALC, self._option_row(1, field), layout.FIRST_MONTH_COL)

    def hidden(self, k: int, field: str) -> Expr:
        return Cell(layout.HIDDEN_COSTS, self.hidden_rows[k - 1], self.hidden_columns.index(field) + 1)


def write_calc(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[layout.CALC]
    months = plan.months
    calc_layout = plan.calc_layout
    title = "Calc: monthly cost of every option, and when one option overtakes another"
    styles.label(ws, layout.TITLE_CELL, title, styles.TITLE)
    styles.text(
        ws,
        layout.NOTE_CELL,
        "Month k runs from time k-1 to k: upfront costs are paid at its start, running costs accrue through it. "
        f"Column {layout.letter(VALUE_COL)} holds a row's constant, or its total over the months.",
    )
    styles.text(ws, (layout.MONTH_ROW, COLS["line"]), "Month", styles.CALC)
    month = Cell(layout.CALC, layout.MONTH_ROW, shift=-1) + 1  # the spacer column before month 1 is blank: 0
    for m in range(1, months + 1):
        cell = plan.book.put(ws, (layout.MONTH_ROW, layout.month_col(m)), month, styles.CALC, styles.COUNT)
        cell.font, cell.fill = styles.HEADING, styles.HEADER_FILL
    styles.header_row(ws, layout.CALC_HEADER_ROW, layout.CALC_TABLE.headers)
    timing = _Scope(calc_layout, months, layout.TIMING, 1)
    styles.label(ws, (layout.TIMING.title_row(1), COLS["section"]), "Timing and workload")
    for field in sorted(calc_rows.TIMING_NAMES):  # defined first: later timing rows read them by name
        plan.define(wb, field, layout.ref(layout.CALC, layout.TIMING.row(1, field), VALUE_COL))
    _block(plan, ws, timing, calc_rows.timing_lines(plan.billing), "timing", {})
    plan.define(wb, "total_tokens", layout.ref(layout.CALC, layout.TIMING.row(1, "tokens"), VALUE_COL))
    ids = list(plan.catalog.table(layout.HIDDEN_COSTS_FILE))
    hidden_rows = tuple(layout.TABLE_FIRST_ROW + ids.index(ident) for ident in plan.hidden_costs)
    columns = tuple(plan.price_columns(layout.HIDDEN_COSTS_FILE))
    hidden_words = {f"hidden_{k}": ident for k, ident in enumerate(plan.hidden_costs, start=1)}
    lines = calc_rows.option_lines(len(hidden_rows), plan.billing)
    for option in plan.options:
        i = option.number
        styles.label(ws, (calc_layout.option_block.title_row(i), COLS["section"]), f"Option {i}")
        scope = _Scope(
            calc_layout, months, calc_layout.option_block, i, hidden_rows=hidden_rows, hidden_columns=columns
        )
        _block(plan, ws, scope, lines, f"option {i}", {"i": i, **hidden_words})
    for index, (a, b) in enumerate(calc_layout.pairs(), start=1):
        title_cell = (calc_layout.pair_block.title_row(index), COLS["section"])
        styles.label(ws, title_cell, f"Pair {index}: options {a} and {b}")
        scope = _Scope(calc_layout, months, calc_layout.pair_block, index, (a, b))
        _block(plan, ws, scope, calc_rows.PAIR, f"pair {a}-{b}", {"a": a, "b": b})
    styles.widths(ws, {**layout.CALC_TABLE.widths, layout.SPACER_COL: layout.SPACER_WIDTH})
    styles.widths(ws, {layout.month_col(m): layout.MONTH_WIDTH for m in range(1, months + 1)})
    ws.freeze_panes = layout.coordinate(layout.CALC_HEADER_ROW + 1, layout.FIRST_MONTH_COL)
    styles.protect(ws)


def _block(
    plan: BuildPlan,
    ws: Worksheet,
    scope: _Scope,
    lines: tuple[calc_rows.Line, ...],
    section: str,
    words: dict[str, object],
) -> None:
    """Each line: section, label and unit, then its formula in the value column or in every month column."""
    for line in lines:
        row = scope.block.row(scope.index, line.field)
        styles.text(ws, (row, COLS["section"]), section, styles.CALC)
        styles.text(ws, (row, COLS["line"]), line.label.format(**words), styles.CALC)
        if line.unit == calc_rows.CUR:
            plan.book.put(ws, (row, COLS["unit"]), Name("currency"), styles.LINK)
        else:
            styles.text(ws, (row, COLS["unit"]), line.unit, styles.CALC)
        formula = line.formula(scope)
        if not line.monthly:
            plan.book.put(ws, (row, VALUE_COL), formula, styles.CALC, line.fmt)
            continue
        for m in range(1, plan.months + 1):
            plan.book.put(ws, (row, layout.month_col(m)), formula, styles.CALC, line.fmt)
        if line.total:
            plan.book.put(ws, (row, VALUE_COL), call("SUM", scope.across(row)), styles.CALC, line.fmt)
