"""Price sheets: each catalog file copied row by row (source and as-of date on every row), and the
OptionPrices sheet that brings every option key's prices to one shape for the Calc sheet."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from openpyxl import Workbook

from xlcost.core.option_kinds import OPTION_KINDS
from xlcost.workbook import layout, styles
from xlcost.workbook.build_plan import BuildPlan
from xlcost.workbook.expr import Cell, Expr, call
from xlcost.workbook.rules import billing_prices, option_prices

_TEXT_FIELDS = {
    *("id", "kind", "name", "vendor", "unit", "notes", "source", "examples", "gpu_config", "precision"),
    *("provider", "region", "instance_type"),
}
_METADATA = {"unit", "source", "as_of", "notes"}


def write_price_sheets(wb: Workbook, plan: BuildPlan) -> None:
    for file, sheet in layout.PRICE_SHEETS.items():
        _price_sheet(wb, plan, file, sheet)
    if plan.hidden_costs:
        _price_sheet(wb, plan, layout.HIDDEN_COSTS_FILE, layout.HIDDEN_COSTS)
        _hidden_texts(wb, plan)


def _hidden_texts(wb: Workbook, plan: BuildPlan) -> None:
    """The texts Calc's hidden-cost lines compare with, in cells rather than inside formulas."""
    ws = wb[layout.HIDDEN_COSTS]
    styles.text(
        ws,
        layout.NOTE_CELL,
        "Copied from the price catalog. Calc adds the hidden costs the scenario switched on "
        "to every option whose kind is listed in applies_to (blue cells are inputs; source and as-of date per row).",
    )
    texts = {
        "hidden_kind_separator": ("applies_to lists option kinds separated by", ";"),
        "hidden_per_user": ("per: amount per daily user per year when", "user-year"),
    }
    for name, (label_col, value_col) in layout.HIDDEN_TEXTS.items():
        words, shown = texts[name]
        styles.text(ws, (layout.HIDDEN_TEXT_ROW, label_col), words, styles.CALC)
        styles.text(ws, (layout.HIDDEN_TEXT_ROW, value_col), shown, styles.CALC)
        plan.define(wb, name, layout.ref(layout.HIDDEN_COSTS, layout.HIDDEN_TEXT_ROW, value_col))


def _price_sheet(wb: Workbook, plan: BuildPlan, file: str, sheet: str) -> None:
    ws = wb[sheet]
    columns = plan.price_columns(file)
    styles.label(ws, layout.TITLE_CELL, f"{sheet}: catalog file {file}", styles.TITLE)
    styles.text(
        ws,
        layout.NOTE_CELL,
        "Copied from the price catalog. Blue cells are inputs; each row keeps its source and as-of date.",
    )
    styles.header_row(ws, layout.TABLE_HEADER_ROW, columns)
    rows = list(plan.catalog.table(file).values())
    for offset, row in enumerate(rows):
        r = layout.TABLE_FIRST_ROW + offset
        data = row.model_dump()
        for c, column in enumerate(columns, start=1):
            coord = (r, c)
            cell_value = _cell(data, column)
            if column == "as_of":
                styles.value(ws, coord, cell_value, styles.SOURCE, styles.DATE)
            elif column in _METADATA:
                styles.text(ws, coord, cell_value, styles.SOURCE)
            elif column in _TEXT_FIELDS or column in ("model_size", "gpu", "recommended_gpu", "basis"):
                styles.text(ws, coord, cell_value, styles.CALC)
            elif column in ("currency", "applies_to", "per"):
                styles.text(ws, coord, cell_value, styles.INPUT)
            else:
                styles.value(ws, coord, cell_value, styles.INPUT)
    last = layout.TABLE_FIRST_ROW + max(len(rows), 1) - 1
    if file == "fx.csv":
        for field in ("currency", "rate_to_cny"):
            col = plan.price_column(file, field)
            plan.define(wb, f"fx_{field}", layout.span(sheet, layout.TABLE_FIRST_ROW, col, last, col))
    if file == "assumptions.csv":
        for offset, row in enumerate(rows):
            for bound in ("low", "high"):
                col = plan.price_column(file, f"value_{bound}")
                plan.define(wb, f"{row.id}_{bound}", layout.ref(sheet, layout.TABLE_FIRST_ROW + offset, col))
    styles.widths(ws, {c: _width(column) for c, column in enumerate(columns, start=1)})
    ws.freeze_panes = layout.coordinate(*layout.TABLE_FREEZE_CELL)
    styles.protect(ws)


def _cell(data: dict[str, Any], column: str) -> object:
    """A row's value for a CSV column; ranged fields are stored as ``<field>_low`` / ``<field>_high``."""
    if column in data:
        return data[column]
    field, _, bound = column.rpartition("_")
    return data[field][bound] if data.get(field) else None


def _width(column: str) -> float:
    if column in ("source", "notes"):
        return 48
    if column in ("name", "examples", "gpu_config"):
        return 28
    return max(10, min(18, len(column) + 2))


def write_option_prices(wb: Workbook, plan: BuildPlan) -> None:
    """One row per option key: upfront, monthly (low/high) and usage prices per unit, as formulas."""
    ws = wb[layout.OPTION_PRICES]
    table = layout.option_price_table(plan.billing)
    styles.label(
        ws, layout.TITLE_CELL, "OptionPrices: every option key the catalog can price, in one shape", styles.TITLE
    )
    styles.text(
        ws,
        layout.NOTE_CELL,
        "Formulas reading the price sheets. Upfront and monthly amounts are per unit (GPU, machine, seat or "
        "build) in the row's currency; on-prem opex and seat prices are yearly / 12.",
    )
    styles.header_row(ws, layout.TABLE_HEADER_ROW, table.headers)
    keys = plan.priced_keys()
    for offset, (key, kind, ident) in enumerate(keys):
        r = layout.TABLE_FIRST_ROW + offset
        file = OPTION_KINDS[kind]
        sheet = layout.PRICE_SHEETS[file]
        price_row = layout.TABLE_FIRST_ROW + list(plan.catalog.table(file)).index(ident)

        def price_cell(field: str, file: str = file, sheet: str = sheet, price_row: int = price_row) -> Expr:
            return Cell(sheet, price_row, plan.price_column(file, field))

        def put(field: str, expression: Expr, r: int = r) -> None:
            plan.book.put(ws, table.cell(field, r), expression, styles.LINK, table[field].number_format)

        def blank(field: str, price_cell: Callable[[str], Expr] = price_cell) -> Expr:
            return call("ISBLANK", price_cell(field))

        for field, shown in (("key", key), ("kind", kind), ("id", ident)):
            styles.text(ws, table.cell(field, r), shown, styles.CALC)
        put("name", price_cell("name") if "name" in plan.price_columns(file) else price_cell("id"))
        put("currency", price_cell("currency"))
        if plan.billing and kind == "api":

            def own(column: str, _: Expr, r: int = r) -> Expr:
                return Cell(layout.OPTION_PRICES, r, table.cols[column])

            def rule_cell(field: str, shown: list[str] = plan.price_columns(file)) -> Expr | None:
                return price_cell(field) if field in shown else None

            prices = billing_prices(rule_cell, blank, own)
        else:
            prices = option_prices(kind, price_cell, blank)
        for name, expression in prices.items():
            put(name, expression)
        styles.text(ws, table.cell("price_sheet", r), sheet, styles.SOURCE)
        put("source", price_cell("source"))
        put("as_of", price_cell("as_of"))
    last = layout.TABLE_FIRST_ROW + len(keys) - 1
    for name, col in table.cols.items():
        plan.define(wb, f"op_{name}", layout.span(layout.OPTION_PRICES, layout.TABLE_FIRST_ROW, col, last, col))
    styles.widths(ws, table.widths)
    ws.freeze_panes = layout.coordinate(*layout.TABLE_FREEZE_CELL)
    styles.protect(ws)
