"""Inputs sheet (one input per row, then the options compared) and the Lists sheet behind its drop-downs."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from xlcost.core.catalog import CASES
from xlcost.core.catalog.catalog import TARIFF_CURRENCY
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
    styles.label(ws, "A1", "Inputs: everything the model depends on", styles.TITLE)
    styles.text(ws, "A2", "Change blue cells only. Each input has a defined name (last column) that formulas use.")
    styles.header_row(ws, layout.TABLE_HEADER_ROW, ["Input", "Value", "Unit", "Source", "Comments", "Defined name"])
    for spec in layout.SCALAR_INPUTS:
        value, source = _scalar(plan, spec.name)
        number_format = _FORMATS.get(spec.name, styles.NUMBER)
        write_input_row(
            wb, plan, layout.input_row(spec.name), spec, value, number_format, source, _COMMENTS.get(spec.name, "")
        )
    _validate_list(ws, f"B{layout.input_row('currency')}", plan.names["fx_currency"])
    _validate_list(ws, f"B{layout.input_row('case')}", "case_name")
    _options_table(wb, plan)
    widths: dict[str, float] = {
        "A": 44,
        "B": 26,
        "C": 30,
        "D": 40,
        "E": 40,
        "F": 26,
        "G": 12,
        "H": 14,
        "I": 22,
        "J": 60,
        "K": 14,
    }
    styles.widths(ws, widths | {"L": 16, "M": 12, "N": 12, "O": 12, "P": 30})
    ws.freeze_panes = f"A{layout.TABLE_FIRST_ROW}"
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
    styles.text(ws, f"A{row}", spec.label, styles.CALC)
    if isinstance(value, str):
        styles.text(ws, f"B{row}", value, styles.INPUT)
    else:
        styles.value(ws, f"B{row}", value, styles.INPUT, number_format)
    styles.text(ws, f"C{row}", spec.unit, styles.CALC)
    styles.text(ws, f"D{row}", source, styles.SOURCE)
    if comment is not None:
        styles.text(ws, f"E{row}", comment, styles.SOURCE)
    styles.text(ws, f"F{row}", spec.name, styles.SOURCE)
    plan.define(wb, spec.name, layout.ref(layout.INPUTS, row, layout.INPUT_COLS["value"]))


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


def _said(scenario, field: str) -> str:
    return "scenario file" if field in scenario.model_fields_set else "xlcost default"


def _options_table(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[layout.INPUTS]
    cols = layout.OPTION_COLS
    styles.label(ws, f"A{layout.OPTIONS_TITLE_ROW}", "Options compared (pick a key from the drop-down)")
    styles.text(ws, f"B{layout.OPTIONS_TITLE_ROW}", ANOTHER_OPTION, styles.SOURCE)
    styles.header_row(
        ws,
        layout.OPTIONS_HEADER_ROW,
        [
            "No.",
            "Option key",
            "Label",
            "Units (GPUs, machines or seats)",
            "Case override (blank = scenario case)",
            "Hours billed per month, on-demand (blank = always on)",
            "Include power (1 = yes, 0 = no)",
            "Other cost per year (result currency)",
            "What the other cost pays for",
            "Where the units come from",
            "GPU sized",
            "Output tokens/s one replica serves within the latency target",
            "GPUs per replica",
            "GPUs to hold the model",
            "GPUs per unit",
            "Comments",
            "Label and units are for key",
        ],
    )
    for option in plan.options:
        r = layout.option_input_row(option.number)
        styles.value(ws, f"A{r}", option.number, styles.CALC, styles.COUNT)
        styles.text(ws, f"B{r}", option.key, styles.INPUT)
        styles.text(ws, f"C{r}", option.name, styles.INPUT)
        styles.value(ws, f"D{r}", option.units, styles.INPUT, styles.NUMBER)
        styles.text(ws, f"E{r}", option.case, styles.INPUT)
        styles.value(ws, f"F{r}", option.hours, styles.INPUT, styles.NUMBER)
        styles.value(ws, f"G{r}", int(option.include_power), styles.INPUT, styles.COUNT)
        styles.value(ws, f"H{r}", option.extra_per_year, styles.INPUT, styles.MONEY)
        styles.text(ws, f"I{r}", option.extra_label, styles.INPUT)
        styles.text(ws, (r, cols["units_source"]), option.units_source, styles.SOURCE)
        _sizing_cells(ws, r, option.sizing)
        styles.text(ws, (r, cols["comments"]), "", styles.SOURCE)
        styles.text(ws, (r, cols["for_key"]), option.key, styles.INPUT)
        for field in layout.OPTION_INPUT_FIELDS:
            plan.define(wb, layout.option_input_name(field, option.number), layout.ref(layout.INPUTS, r, cols[field]))
    first, last = layout.option_input_row(1), layout.option_input_row(len(plan.options))
    _validate_list(ws, f"B{first}:B{last}", plan.names["op_key"])
    _validate_list(ws, f"E{first}:E{last}", "case_name", allow_blank=True)
    power = DataValidation(type="whole", operator="between", formula1="0", formula2="1", allow_blank=False)
    power.error = "1 to include electricity, 0 to leave it out"
    ws.add_data_validation(power)
    power.add(f"G{first}:G{last}")


def _sizing_cells(ws, r: int, sizing: Sizing | None) -> None:
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
        styles.value(ws, (r, cols[field]), figure, styles.INPUT, styles.NUMBER)


def _as_typed(figure: float) -> float:
    """A figure to the 15 significant digits a spreadsheet keeps of a typed number, so a save by Excel or
    LibreOffice leaves the input (and the input hash) as written."""
    return float(f"{figure:.15g}")


def _validate_list(ws, cells: str, source: str, allow_blank: bool = False) -> None:
    dv = DataValidation(type="list", formula1=source, allow_blank=allow_blank)
    dv.error = "pick a value from the list"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(cells)


def write_lists(wb: Workbook, plan: BuildPlan) -> None:
    """Case names and weights, and the words formulas show: kept in cells, not inside formulas."""
    ws = wb[layout.LISTS]
    styles.label(ws, "A1", "Lists: values behind drop-downs and texts shown by formulas", styles.TITLE)
    styles.text(ws, "A2", "Mid is the midpoint of a range: low + weight x (high - low).")
    styles.header_row(ws, layout.TABLE_HEADER_ROW, ["Case", "Weight between low and high"])
    for offset, case in enumerate(CASES):
        r = layout.CASES_ROW + offset
        styles.text(ws, f"A{r}", case, styles.CALC)
        styles.value(ws, f"B{r}", CASE_WEIGHTS[case], styles.INPUT, styles.NUMBER)
    last = layout.CASES_ROW + len(CASES) - 1
    plan.define(wb, "case_name", layout.span(layout.LISTS, layout.CASES_ROW, 1, last, 1))
    plan.define(wb, "case_weight", layout.span(layout.LISTS, layout.CASES_ROW, 2, last, 2))
    for name, r in layout.LIST_TEXT_ROWS.items():
        words, shown = LIST_TEXTS[name]
        styles.text(ws, f"A{r}", words, styles.CALC)
        styles.text(ws, f"B{r}", shown, styles.INPUT)
        plan.define(wb, name, layout.ref(layout.LISTS, r, 2))
    styles.widths(ws, {"A": 36, "B": 28})
    styles.protect(ws)
