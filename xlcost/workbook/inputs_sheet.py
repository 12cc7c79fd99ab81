"""Inputs sheet (one input per row, then the options compared) and the Lists sheet behind its drop-downs."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.core.catalog import CASES
from xlcost.core.catalog.catalog import TARIFF_CURRENCY
from xlcost.core.scenario import Scenario
from xlcost.workbook import layout, styles
from xlcost.workbook.build_plan import BREAKEVEN_WORDS, MONTH_WORDS, TOKENS_PER_MTOK, BuildPlan, Sizing
from xlcost.workbook.held_rows import ANOTHER_OPTION

#: weight between a range's low and high end for each case: mid is the midpoint.
CASE_WEIGHTS = {"low": 0, "mid": 0.5, "high": 1}
LIST_TEXTS = {
    "text_none": ("Breakeven not reached", "none within horizon"),
    "text_na": ("Nothing served", "not applicable"),
    "tariff_currency": ("Currency of the electricity tariff", TARIFF_CURRENCY),
    "month_words": ("How a breakeven sentence shows the month (TEXT format)", MONTH_WORDS),
    **{
        f"words_breakeven_{key}": (f"Breakeven sentence: {key.replace('_', ' ')}", BREAKEVEN_WORDS[key])
        for key in layout.BREAKEVEN_TEXTS
    },
}

_FORMATS = {
    "cached_input_share": styles.SHARE,
    "monthly_growth": styles.SHARE,
    "discount_rate": styles.SHARE,
    "horizon_months": styles.COUNT,
    "users_per_day": styles.COUNT,
    "tokens_per_mtok": styles.COUNT,
    "check_tolerance": "0.0E+00",
    "utilisation": styles.SHARE,
    "seconds_per_day": styles.COUNT,
    "whole_tolerance": "0.0E+00",
}
_NOT_LIVE = "the throughput per replica on each option row was computed with it: regenerate after changing it"
_COMMENTS = {
    "currency": "every price is converted from its row's currency with the FX sheet",
    "case": "low, mid (midpoint) or high end of ranged prices; an option may override it below",
    "users_per_day": "month-1 users; later months grow by the monthly growth",
    "horizon_months": "at most the number of month columns on Calc (see Checks)",
    "tokens_per_mtok": "a unit conversion, not an assumption",
    "check_tolerance": "how far two ways of computing the same figure may differ before a check fails",
    "peak_to_average": "the busiest hour carries this / 24 of a day's traffic; Calc's GPU counts follow it",
    "serving_model": _NOT_LIVE,
    "serving_precision": _NOT_LIVE,
    "serving_engine": _NOT_LIVE,
    "ttft_ms": _NOT_LIVE,
    "tpot_ms": _NOT_LIVE,
    "requests_per_user_day": _NOT_LIVE + " (a request carries a user's daily tokens / this)",
    "utilisation": "live: the GPU counts on Calc follow it",
    "seconds_per_day": "a unit conversion, not an assumption",
}


def write_inputs(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[layout.INPUTS]
    styles.label(ws, layout.TITLE_CELL, "Inputs: everything the model depends on", styles.TITLE)
    styles.text(
        ws, layout.NOTE_CELL, "Change blue cells only. Each input has a defined name (last column) that formulas use."
    )
    styles.header_row(ws, layout.TABLE_HEADER_ROW, layout.INPUT_TABLE.headers)
    for spec in layout.SCALAR_INPUTS:
        value, source = _scalar(plan, spec.name)
        number_format = _FORMATS.get(spec.name, styles.NUMBER)
        write_input_row(
            wb, plan, layout.input_row(spec.name), spec, value, number_format, source, _COMMENTS.get(spec.name, "")
        )
    table = layout.INPUT_TABLE
    _validate_list(ws, table.coordinate("value", layout.input_row("currency")), plan.names["fx_currency"])
    _validate_list(ws, table.coordinate("value", layout.input_row("case")), "case_name")
    _options_table(wb, plan)
    styles.widths(ws, table.widths | layout.OPTION_TABLE.widths)
    ws.freeze_panes = layout.coordinate(layout.TABLE_FIRST_ROW, 1)
    styles.protect(ws)


def write_input_row(
    wb: Workbook,
    plan: BuildPlan,
    row: int,
    spec: layout.ScalarInput,
    value: object,
    number_format: str,
    source: str,
    comment: str | None = None,
) -> None:
    """One row of Inputs: label, the blue value cell, unit, source, comment (None: none) and its defined name."""
    ws = wb[layout.INPUTS]
    table = layout.INPUT_TABLE
    styles.text(ws, table.cell("label", row), spec.label, styles.CALC)
    if isinstance(value, str):
        styles.text(ws, table.cell("value", row), value, styles.INPUT)
    else:
        styles.value(ws, table.cell("value", row), value, styles.INPUT, number_format)
    styles.text(ws, table.cell("unit", row), spec.unit, styles.CALC)
    styles.text(ws, table.cell("source", row), source, styles.SOURCE)
    if comment is not None:
        styles.text(ws, table.cell("comments", row), comment, styles.SOURCE)
    styles.text(ws, table.cell("name", row), spec.name, styles.SOURCE)
    plan.define(wb, spec.name, layout.ref(layout.INPUTS, row, table.cols["value"]))


def _scalar(plan: BuildPlan, name: str) -> tuple[object, str]:
    scenario, workload = plan.scenario, plan.scenario.workload
    if name == "currency":
        return scenario.currency, _said(scenario, "currency")
    if name == "case":
        return scenario.case, _said(scenario, "case")
    if name == "discount_rate":
        if scenario.discount_rate is None:
            return plan.comparison.discount_rate, "catalog assumption discount_rate (Assumptions sheet, mid)"
        return scenario.discount_rate, "scenario file"
    if name == "tokens_per_mtok":
        return TOKENS_PER_MTOK, "definition"
    if name == "check_tolerance":
        return 1e-9, "xlcost default"
    if name in plan.serving:
        return plan.serving[name]
    return getattr(workload, name), "scenario file" if name in workload.model_fields_set else "xlcost default"


def _said(scenario: Scenario, field: str) -> str:
    return "scenario file" if field in scenario.model_fields_set else "xlcost default"


def _options_table(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[layout.INPUTS]
    table = layout.OPTION_TABLE
    cols = table.cols
    styles.label(ws, (layout.OPTIONS_TITLE_ROW, 1), "Options compared (pick a key from the drop-down)")
    styles.text(ws, (layout.OPTIONS_TITLE_ROW, 2), ANOTHER_OPTION, styles.SOURCE)
    styles.header_row(ws, layout.OPTIONS_HEADER_ROW, table.headers)
    for option in plan.options:
        r = layout.option_input_row(option.number)
        styles.value(ws, (r, cols["number"]), option.number, styles.CALC, table["number"].number_format)
        typed: dict[str, object] = {
            "key": option.key,
            "label": option.name,
            "units": option.units,
            "case": option.case,
            "hours": option.hours,
            "power": int(option.include_power),
            "extra": option.extra_per_year,
            "extra_label": option.extra_label,
        }
        for field, typed_value in typed.items():
            _input(ws, table, field, r, typed_value)
        styles.text(ws, (r, cols["units_source"]), option.units_source, styles.SOURCE)
        _sizing_cells(ws, r, option.sizing)
        styles.text(ws, (r, cols["comments"]), "", styles.SOURCE)
        styles.text(ws, (r, cols["for_key"]), option.key, styles.INPUT)
        for field in layout.OPTION_INPUT_FIELDS:
            plan.define(wb, layout.option_input_name(field, option.number), layout.ref(layout.INPUTS, r, cols[field]))
    first, last = layout.option_input_row(1), layout.option_input_row(len(plan.options))
    _validate_list(ws, table.block("key", first, last), plan.names["op_key"])
    _validate_list(ws, table.block("case", first, last), "case_name", allow_blank=True)
    power = DataValidation(type="whole", operator="between", formula1="0", formula2="1", allow_blank=False)
    power.error = "1 to include electricity, 0 to leave it out"
    ws.add_data_validation(power)
    power.add(table.block("power", first, last))


def _input(ws: Worksheet, table: layout.Table, field: str, row: int, typed: object) -> None:
    """A blue cell of the options table: text as text, a number in its column's format."""
    number_format = table[field].number_format
    if number_format is None:
        styles.text(ws, table.cell(field, row), typed, styles.INPUT)
    else:
        styles.value(ws, table.cell(field, row), typed, styles.INPUT, number_format)


def _sizing_cells(ws: Worksheet, r: int, sizing: Sizing | None) -> None:
    """What sizes an option's GPUs live (blue, so a measured figure can replace the estimate); blank: not GPUs."""
    cols = layout.OPTION_COLS
    styles.text(ws, (r, cols["sized_gpu"]), sizing.gpu if sizing else "", styles.SOURCE)
    figures = {
        "replica_tokens_per_s": _as_typed(sizing.replica_tokens_per_s) if sizing else None,
        "gpus_per_replica": sizing.gpus_per_replica if sizing else None,
        "min_gpus": sizing.by_vram if sizing else None,
        "gpus_per_unit": sizing.gpus_per_unit if sizing else None,
    }
    for field, figure in figures.items():
        _input(ws, layout.OPTION_TABLE, field, r, figure)


def _as_typed(figure: float) -> float:
    """A figure to the 15 significant digits a spreadsheet keeps of a typed number, so a save by Excel or
    LibreOffice leaves the input (and the input hash) as written."""
    return float(f"{figure:.15g}")


def _validate_list(ws: Worksheet, cells: str, source: str, allow_blank: bool = False) -> None:
    dv = DataValidation(type="list", formula1=source, allow_blank=allow_blank)
    dv.error = "pick a value from the list"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(cells)


def write_lists(wb: Workbook, plan: BuildPlan) -> None:
    """Case names and weights, and the words formulas show: kept in cells, not inside formulas."""
    ws = wb[layout.LISTS]
    table = layout.LISTS_TABLE
    item, value = table.cols["item"], table.cols["value"]
    styles.label(ws, layout.TITLE_CELL, "Lists: values behind drop-downs and texts shown by formulas", styles.TITLE)
    styles.text(ws, layout.NOTE_CELL, "Mid is the midpoint of a range: low + weight x (high - low).")
    styles.header_row(ws, layout.TABLE_HEADER_ROW, table.headers)
    for offset, case in enumerate(CASES):
        r = layout.CASES_ROW + offset
        styles.text(ws, (r, item), case, styles.CALC)
        styles.value(ws, (r, value), CASE_WEIGHTS[case], styles.INPUT, styles.NUMBER)
    last = layout.CASES_ROW + len(CASES) - 1
    plan.define(wb, "case_name", layout.span(layout.LISTS, layout.CASES_ROW, item, last, item))
    plan.define(wb, "case_weight", layout.span(layout.LISTS, layout.CASES_ROW, value, last, value))
    for name, r in layout.LIST_TEXT_ROWS.items():
        words, shown = LIST_TEXTS[name]
        styles.text(ws, (r, item), words, styles.CALC)
        styles.text(ws, (r, value), shown, styles.INPUT)
        plan.define(wb, name, layout.ref(layout.LISTS, r, value))
    styles.widths(ws, table.widths)
    styles.protect(ws)
