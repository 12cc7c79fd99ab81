"""Inputs sheet (one input per row, then the options compared) and the Lists sheet behind its drop-downs."""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation

from xlcost.core.catalog import CASES
from xlcost.core.pricing import TOKENS_PER_MTOK
from xlcost.workbook import layout as L
from xlcost.workbook import styles as S
from xlcost.workbook.build_plan import BuildPlan

#: weight between a range's low and high end for each case: mid is the midpoint.
CASE_WEIGHTS = {"low": 0, "mid": 0.5, "high": 1}
LIST_TEXTS = {
    "text_none": ("Breakeven not reached", "none within horizon"),
    "text_na": ("Nothing served", "n/a"),
    "tariff_currency": ("Currency of the electricity tariff", "CNY"),
}

_FORMATS = {
    "cached_input_share": S.SHARE,
    "monthly_growth": S.SHARE,
    "discount_rate": S.SHARE,
    "horizon_months": S.COUNT,
    "users_per_day": S.COUNT,
    "tokens_per_mtok": S.COUNT,
    "check_tolerance": "0.0E+00",
}
_COMMENTS = {
    "currency": "every price is converted from its row's currency with the FX sheet",
    "case": "low, mid (midpoint) or high end of ranged prices; an option may override it below",
    "users_per_day": "month-1 users; later months grow by the monthly growth",
    "horizon_months": "at most the number of month columns on Calc (see Checks)",
    "tokens_per_mtok": "a unit conversion, not an assumption",
    "check_tolerance": "how far two ways of computing the same figure may differ before a check fails",
}


def write_inputs(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[L.INPUTS]
    cols = L.INPUT_COLS
    S.label(ws, "A1", "Inputs: everything the model depends on", S.TITLE)
    S.text(ws, "A2", "Change blue cells only. Each input has a defined name (last column) that formulas use.")
    S.header_row(ws, L.TABLE_HEADER_ROW, ["Input", "Value", "Unit", "Source", "Comments", "Defined name"])
    for spec in L.SCALAR_INPUTS:
        r = L.input_row(spec.name)
        value, source = _scalar(plan, spec.name)
        S.text(ws, f"A{r}", spec.label, S.CALC)
        coord = f"B{r}"
        if isinstance(value, str):
            S.text(ws, coord, value, S.INPUT)
        else:
            S.value(ws, coord, value, S.INPUT, _FORMATS.get(spec.name, S.NUMBER))
        S.text(ws, f"C{r}", spec.unit, S.CALC)
        S.text(ws, f"D{r}", source, S.SOURCE)
        S.text(ws, f"E{r}", _COMMENTS.get(spec.name, ""), S.SOURCE)
        S.text(ws, f"F{r}", spec.name, S.SOURCE)
        plan.define(wb, spec.name, L.ref(L.INPUTS, r, cols["value"]))
    _validate_list(ws, f"B{L.input_row('currency')}", plan.names["fx_currency"])
    _validate_list(ws, f"B{L.input_row('case')}", "case_name")
    _options_table(wb, plan)
    S.widths(ws, {"A": 44, "B": 26, "C": 30, "D": 40, "E": 40, "F": 26, "G": 12, "H": 14, "I": 22, "J": 60, "K": 30})
    ws.freeze_panes = f"A{L.TABLE_FIRST_ROW}"
    S.protect(ws)


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
    return getattr(workload, name), "scenario file" if name in workload.model_fields_set else "xlcost default"


def _said(scenario, field: str) -> str:
    return "scenario file" if field in scenario.model_fields_set else "xlcost default"


def _options_table(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[L.INPUTS]
    cols = L.OPTION_COLS
    S.label(ws, f"A{L.OPTIONS_TITLE_ROW}", "Options compared (pick a key from the drop-down)")
    S.header_row(
        ws,
        L.OPTIONS_HEADER_ROW,
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
            "Comments",
        ],
    )
    for option in plan.options:
        r = L.option_input_row(option.number)
        S.value(ws, f"A{r}", option.number, S.CALC, S.COUNT)
        S.text(ws, f"B{r}", option.key, S.INPUT)
        S.text(ws, f"C{r}", option.name, S.INPUT)
        S.value(ws, f"D{r}", option.units, S.INPUT, S.NUMBER)
        S.text(ws, f"E{r}", option.case, S.INPUT)
        S.value(ws, f"F{r}", option.hours, S.INPUT, S.NUMBER)
        S.value(ws, f"G{r}", int(option.include_power), S.INPUT, S.COUNT)
        S.value(ws, f"H{r}", option.extra_per_year, S.INPUT, S.MONEY)
        S.text(ws, f"I{r}", option.extra_label, S.INPUT)
        S.text(ws, f"J{r}", option.units_source, S.SOURCE)
        S.text(ws, f"K{r}", "", S.SOURCE)
        for field in L.OPTION_INPUT_FIELDS:
            plan.define(wb, L.option_input_name(field, option.number), L.ref(L.INPUTS, r, cols[field]))
    first, last = L.option_input_row(1), L.option_input_row(len(plan.options))
    _validate_list(ws, f"B{first}:B{last}", plan.names["op_key"])
    _validate_list(ws, f"E{first}:E{last}", "case_name", allow_blank=True)
    power = DataValidation(type="whole", operator="between", formula1="0", formula2="1", allow_blank=False)
    power.error = "1 to include electricity, 0 to leave it out"
    ws.add_data_validation(power)
    power.add(f"G{first}:G{last}")


def _validate_list(ws, cells: str, source: str, allow_blank: bool = False) -> None:
    dv = DataValidation(type="list", formula1=source, allow_blank=allow_blank)
    dv.error = "pick a value from the list"
    dv.showErrorMessage = True
    ws.add_data_validation(dv)
    dv.add(cells)


def write_lists(wb: Workbook, plan: BuildPlan) -> None:
    """Case names and weights, and the words formulas show: kept in cells, not inside formulas."""
    ws = wb[L.LISTS]
    S.label(ws, "A1", "Lists: values behind drop-downs and texts shown by formulas", S.TITLE)
    S.text(ws, "A2", "Mid is the midpoint of a range: low + weight x (high - low).")
    S.header_row(ws, L.TABLE_HEADER_ROW, ["Case", "Weight between low and high"])
    for offset, case in enumerate(CASES):
        r = L.CASES_ROW + offset
        S.text(ws, f"A{r}", case, S.CALC)
        S.value(ws, f"B{r}", CASE_WEIGHTS[case], S.INPUT, S.NUMBER)
    last = L.CASES_ROW + len(CASES) - 1
    plan.define(wb, "case_name", L.span(L.LISTS, L.CASES_ROW, 1, last, 1))
    plan.define(wb, "case_weight", L.span(L.LISTS, L.CASES_ROW, 2, last, 2))
    for name, r in L.LIST_TEXT_ROWS.items():
        words, shown = LIST_TEXTS[name]
        S.text(ws, f"A{r}", words, S.CALC)
        S.text(ws, f"B{r}", shown, S.INPUT)
        plan.define(wb, name, L.ref(L.LISTS, r, 2))
    S.widths(ws, {"A": 36, "B": 28})
    S.protect(ws)
