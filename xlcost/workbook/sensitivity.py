"""Sensitivity sheet: the tornado as live formulas, one explicit case block per input and bound.

Each case block re-prices every option with one input at its low or high: the option's upfront,
flat monthly and month-1 usage cost from Calc, plus the change that input makes (a price times a
quantity, as options.py prices it), then TCO = upfront + flat x months + usage x growth sum.
Inputs and their order come from the core's ``sensitivity`` at generation time; low and high
are formulas over the price sheets and Inputs, so editing a price or a spread moves the tornado.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.catalog import OPTION_KINDS, split_key
from xlcost.catalog.rows import Ranged
from xlcost.uncertainty.inputs import DEFAULT_GROWTH_SPREAD, DEFAULT_SPREAD, Input, hold_units
from xlcost.uncertainty.sensitivity import sensitivity, tco_swings
from xlcost.workbook import layout as L
from xlcost.workbook import styles as S
from xlcost.workbook.plan import Plan
from xlcost.workbook.tornado import (
    breakeven_height,
    breakeven_pair,
    tornado_height,
    write_breakeven,
    write_tornadoes,
)

SHEET = L.SENSITIVITY
SETTINGS = (
    ("sens_spread", "Low/high as ± this share where the catalog gives a single figure", DEFAULT_SPREAD),
    ("sens_workload_spread", "Low/high of users and tokens per user: ± this share", DEFAULT_SPREAD),
    ("sens_growth_spread", "Low/high of monthly growth: ± this many (0.01 = one point)", DEFAULT_GROWTH_SPREAD),
)
SETTINGS_ROW = 5
TABLE_HEADER = SETTINGS_ROW + len(SETTINGS) + 1
INPUT_COLS = ("Input", "Range from", "Low", "Base", "High")
PER_OPTION = ("TCO low", "TCO high", "Swing", "Low - base", "High - base")
CASE_COLS = ("Input", "Case", "Value", "Growth sum")
PER_OPTION_CASE = ("Upfront", "Flat monthly", "Usage, month 1", "TCO")
COMPONENTS = ("upfront", "fixed_monthly", "usage_monthly")


@dataclass(frozen=True)
class _Ctx:
    """What a delta formula needs: Calc cells of option i, and cells of the input's price-sheet row."""

    calc: Callable[[int, str], str]
    price: Callable[[str, str], str]  # (field column, row id) -> cell on the input's price sheet


def write_sensitivity(wb: Workbook, plan: Plan) -> None:
    """Add the Sensitivity sheet (after Checks) for the plan's scenario."""
    ws = wb[SHEET]
    held, notes = hold_units(plan.scenario, plan.catalog)
    # The sheet shows TCO swings; ordering them uses the breakeven too when there is a pair to track.
    result = sensitivity(held, plan.catalog, pair=breakeven_pair(plan)) if len(plan.options) > 1 else None
    rows = result.rows if result is not None else tco_swings(held, plan.catalog)
    option_block = L.CalcLayout(len(plan.options)).option_block

    def calc(i: int, field: str) -> str:
        return L.ref(L.CALC, option_block.row(i, field), L.CALC_COLS["value"])

    modelled = [row for row in rows if _modelled(row.input)]
    skipped = [row.input.label for row in rows if not _modelled(row.input)]
    _heading(ws, plan, notes, skipped)
    _settings(wb, ws, plan)
    n_options = len(plan.options)
    tornadoes = TABLE_HEADER + len(modelled) + 2
    breakeven = tornadoes + tornado_height(modelled, n_options)
    first_case = breakeven + (breakeven_height(result) if result is not None else 0) + 2
    base_row = first_case + 1
    _case_header(ws, first_case, plan)
    _base_case(ws, base_row, n_options, calc)
    for k, row in enumerate(modelled):
        table_row = TABLE_HEADER + 1 + k
        _input_cells(ws, table_row, row.input, plan)
        for side, bound in enumerate(("Low", "High")):
            case_row = base_row + 1 + 2 * k + side
            _case(ws, case_row, base_row, table_row, bound, row.input, plan, calc)
        _tornado_row(ws, table_row, base_row, base_row + 1 + 2 * k, n_options)
    _table_header(ws, plan)
    _checks(ws, base_row + 1 + 2 * len(modelled) + 1, base_row, n_options, calc)
    write_tornadoes(ws, plan, modelled, tornadoes, _table_cell)
    if result is not None:
        write_breakeven(ws, result, breakeven)
    _widths(ws, n_options)
    ws.freeze_panes = f"B{TABLE_HEADER + 1}"
    S.protect(ws)


def _heading(ws: Worksheet, plan: Plan, notes: list[str], skipped: list[str]) -> None:
    S.label(ws, "A1", "Sensitivity: how far each uncertain input moves every option's TCO", S.TITLE)
    S.text(
        ws,
        "A2",
        "Each input moves alone to its low and high, everything else as on Inputs. Live formulas: the case blocks "
        "below re-price each option from Calc; change a spread (blue) or a price and the tornado follows. "
        "Rows are sorted by swing as generated.",
    )
    extra = list(notes)
    if skipped:
        extra.append(f"not in this workbook's model (see xlcost sensitivity): {', '.join(skipped)}")
    extra.append("Breakeven swings and Monte Carlo: xlcost sensitivity / xlcost simulate.")
    S.text(ws, "A3", " ".join(extra))


def _settings(wb: Workbook, ws: Worksheet, plan: Plan) -> None:
    for offset, (name, label, default) in enumerate(SETTINGS):
        r = SETTINGS_ROW + offset
        S.text(ws, f"A{r}", label, S.CALC)
        S.value(ws, f"B{r}", default, S.INPUT, S.SHARE)
        S.text(ws, f"C{r}", name, S.SOURCE)
        plan.define(wb, name, L.ref(SHEET, r, 2))


def _table_header(ws: Worksheet, plan: Plan) -> None:
    headings = list(INPUT_COLS)
    for option in plan.options:
        headings.extend(f"{option.number}: {option.name}\n{h}" for h in PER_OPTION)
    S.header_row(ws, TABLE_HEADER, headings)


def _col_after_table(n_options: int) -> int:
    return len(INPUT_COLS) + len(PER_OPTION) * n_options


def option_col_index(i: int, field: str) -> int:
    return len(INPUT_COLS) + len(PER_OPTION) * (i - 1) + PER_OPTION.index(field) + 1


def option_col(i: int, field: str) -> str:
    return get_column_letter(option_col_index(i, field))


def _case_col(i: int, field: str) -> str:
    return get_column_letter(len(CASE_COLS) + len(PER_OPTION_CASE) * (i - 1) + PER_OPTION_CASE.index(field) + 1)


def _input_cells(ws: Worksheet, r: int, item: Input, plan: Plan) -> None:
    low, base, high = _bounds(item, plan)
    S.text(ws, f"A{r}", item.label, S.CALC)
    S.text(ws, f"B{r}", item.basis, S.SOURCE)
    S.formula(ws, f"C{r}", low, S.CALC, S.NUMBER)
    S.formula(ws, f"D{r}", base, S.LINK, S.NUMBER)
    S.formula(ws, f"E{r}", high, S.CALC, S.NUMBER)


def _bounds(item: Input, plan: Plan) -> tuple[str, str, str]:
    """Low, base and high of an input as formulas over the price sheets and Inputs."""
    where, _, rest = item.key.partition(":")
    if where == "workload":
        name = rest
        if name == "monthly_growth":
            return f"MAX({name}-sens_growth_spread,1/100-1)", name, f"{name}+sens_growth_spread"
        return f"{name}*(1-sens_workload_spread)", name, f"{name}*(1+sens_workload_spread)"
    row_id, _, field = rest.rpartition(":")
    cell = _price_cell_finder(plan, where)
    weight = "INDEX(case_weight,MATCH(case,case_name,0))"
    value = getattr(plan.catalog.table(where)[row_id], field)
    column = f"{field}_low" if isinstance(value, Ranged) else field
    low_cell = f"{row_id}_low" if where == "assumptions.csv" else cell(column, row_id)
    if item.basis == "catalog range":
        high_cell = f"{row_id}_high" if where == "assumptions.csv" else cell(f"{field}_high", row_id)
        return low_cell, f"{low_cell}+{weight}*({high_cell}-{low_cell})", high_cell
    return f"{low_cell}*(1-sens_spread)", low_cell, f"{low_cell}*(1+sens_spread)"


def _price_cell_finder(plan: Plan, file: str) -> Callable[[str, str], str]:
    sheet = L.PRICE_SHEETS[file]
    ids = list(plan.catalog.table(file))

    def cell(column: str, row_id: str) -> str:
        return L.ref(sheet, L.TABLE_FIRST_ROW + ids.index(row_id), L.price_column(file, column))

    return cell


def _case_header(ws: Worksheet, r: int, plan: Plan) -> None:
    S.label(ws, f"A{r - 1}", "Case blocks: every option re-priced with one input moved")
    headings = list(CASE_COLS)
    for option in plan.options:
        headings.extend(f"{option.number}: {h}" for h in PER_OPTION_CASE)
    S.header_row(ws, r, headings)


def _base_case(ws: Worksheet, r: int, n_options: int, calc: Callable[[int, str], str]) -> None:
    S.text(ws, f"A{r}", "Base case (as on Inputs)", S.CALC)
    S.text(ws, f"B{r}", "base", S.CALC)
    S.formula(
        ws,
        f"D{r}",
        "IF(monthly_growth=0,horizon_months,((1+monthly_growth)^horizon_months-1)/monthly_growth)",
        S.CALC,
        S.RATIO,
    )
    for i in range(1, n_options + 1):
        for field, heading in zip(COMPONENTS, PER_OPTION_CASE, strict=False):
            S.formula(ws, f"{_case_col(i, heading)}{r}", calc(i, field), S.LINK, S.MONEY)
        _tco(ws, r, i)


def _tco(ws: Worksheet, r: int, i: int) -> None:
    up, flat, usage = (f"{_case_col(i, h)}{r}" for h in PER_OPTION_CASE[:3])
    S.formula(ws, f"{_case_col(i, 'TCO')}{r}", f"{up}+{flat}*horizon_months+{usage}*$D{r}", S.CALC, S.MONEY)


def _case(
    ws: Worksheet,
    r: int,
    base_row: int,
    table_row: int,
    bound: str,
    item: Input,
    plan: Plan,
    calc: Callable[[int, str], str],
) -> None:
    value = f"$C{table_row}" if bound == "Low" else f"$E{table_row}"
    S.text(ws, f"A{r}", item.label, S.CALC)
    S.text(ws, f"B{r}", bound.lower(), S.CALC)
    S.formula(ws, f"C{r}", value, S.CALC, S.NUMBER)
    v = f"$C{r}"
    growth = (
        f"IF({v}=0,horizon_months,((1+{v})^horizon_months-1)/{v})"
        if item.key == "workload:monthly_growth"
        else f"$D${base_row}"
    )
    S.formula(ws, f"D{r}", growth, S.CALC, S.RATIO)
    for option, spec in zip(plan.options, plan.scenario.options, strict=True):
        i = option.number
        ctx = _Ctx(calc=lambda field, i=i: calc(i, field), price=_price_cell_finder(plan, _file(item)))
        deltas = _deltas(item, spec.key, set(spec.overrides), ctx, v, i)
        for field, heading in zip(COMPONENTS, PER_OPTION_CASE, strict=False):
            col = _case_col(i, heading)
            delta = deltas.get(field)
            expression = f"{col}${base_row}" + (f"+{delta}" if delta else "")
            S.formula(ws, f"{col}{r}", expression, S.CALC, S.MONEY)
        _tco(ws, r, i)


def _file(item: Input) -> str:
    where = item.key.partition(":")[0]
    return where if where in L.PRICE_SHEETS else "assumptions.csv"


def _modelled(item: Input) -> bool:
    """Inputs the workbook's model has a cell for (hidden costs, for one, are not in the workbook)."""
    where = item.key.partition(":")[0]
    return where == "workload" or (where in L.PRICE_SHEETS and where != "fx.csv")


def _deltas(item: Input, key: str, overridden: set[str], ctx: _Ctx, v: str, i: int) -> dict[str, str]:
    """The change one input at value ``v`` makes to option i's upfront, flat monthly and usage cost."""
    kind, ident = split_key(key)
    c = ctx.calc
    where, _, rest = item.key.partition(":")
    usage_qty = "users_per_day*days_per_month"
    power = f"{c('include_power')}*{c('units')}"
    if where == "workload":
        if kind != "api":
            return {}
        rate_in = f"((1-cached_input_share)*{c('price_input')}+cached_input_share*{c('price_cached')})"
        return {
            "users_per_day": {"usage_monthly": f"{c('usage_monthly')}*({v}/users_per_day-1)"},
            "input_tokens_per_user_day": {
                "usage_monthly": f"({v}-input_tokens_per_user_day)*{usage_qty}*{rate_in}/tokens_per_mtok*{c('fx')}"
            },
            "output_tokens_per_user_day": {
                "usage_monthly": f"({v}-output_tokens_per_user_day)*{usage_qty}*{c('price_output')}/tokens_per_mtok*{c('fx')}"
            },
        }.get(rest, {})
    row_id, _, field = rest.rpartition(":")
    power_factors = {
        "power_kw": c("power_kw"),
        "hours_per_month": "hours_per_month",
        "pue": c("pue"),
        "electricity_price": c("tariff"),
    }

    def electricity(moved: str) -> dict[str, str]:
        """Change in the electricity line (units x kW x hours x PUE x tariff) when one factor moves to v."""
        factors = [f"({v}-{f})" if name == moved else f for name, f in power_factors.items()]
        return {"fixed_monthly": "*".join([power, *factors, "tariff_fx"])}

    if where == "assumptions.csv":
        if row_id in power_factors and kind == "buy":
            return electricity(row_id)
        if row_id == "hours_per_month" and kind == "rent-hourly":
            blank = f"IF(ISBLANK({L.option_input_name('hours', i)}),1,0)"
            return {"fixed_monthly": f"{blank}*{c('units')}*{c('hourly')}*({v}-hours_per_month)*{c('fx')}"}
        return {}
    if OPTION_KINDS.get(kind) != where or ident != row_id or field in overridden:
        return {}
    units_fx = f"{c('units')}*{c('fx')}"

    def at_case() -> str:
        """The ranged field at the option's case, as the core prices it."""
        low, high = ctx.price(f"{field}_low", row_id), ctx.price(f"{field}_high", row_id)
        return f"({low}+{c('weight')}*({high}-{low}))"

    def usage(tokens: str) -> str:
        return f"{usage_qty}*{tokens}/tokens_per_mtok*{c('fx')}"

    match kind, field:
        case "api", "input_per_mtok":
            blank = f"IF(ISBLANK({ctx.price('cached_input_per_mtok', row_id)}),1,1-cached_input_share)"
            return {"usage_monthly": f"({v}-{c('price_input')})*{usage('input_tokens_per_user_day')}*{blank}"}
        case "api", "cached_input_per_mtok":
            return {
                "usage_monthly": f"({v}-{c('price_cached')})*{usage('input_tokens_per_user_day')}*cached_input_share"
            }
        case "api", "output_per_mtok":
            return {"usage_monthly": f"({v}-{c('price_output')})*{usage('output_tokens_per_user_day')}"}
        case "rent", "reserved_monthly":
            return {"fixed_monthly": f"({v}-{c('monthly_per_unit')})*{units_fx}"}
        case "rent-hourly", "on_demand_hourly":
            return {"fixed_monthly": f"({v}-{c('hourly')})*{c('units')}*{c('hours')}*{c('fx')}"}
        case "buy", "purchase_price":
            return {"upfront": f"({v}-{c('upfront_per_unit')})*{units_fx}"}
        case "buy", "power_kw":
            return electricity("power_kw")
        case "seat", "price_per_seat_year":
            return {"fixed_monthly": f"({v}-{at_case()})/12*{units_fx}"}
        case "onprem", _:
            timing = "upfront" if field in ("hardware", "infrastructure", "software") else "fixed_monthly"
            per_year = "" if timing == "upfront" else "/12"
            return {timing: f"({v}-{at_case()}){per_year}*{units_fx}"}
    return {}


def _tornado_row(ws: Worksheet, r: int, base_row: int, low_row: int, n_options: int) -> None:
    for i in range(1, n_options + 1):
        tco = _case_col(i, "TCO")
        low, high, base = f"{tco}{low_row}", f"{tco}{low_row + 1}", f"{tco}${base_row}"
        formulas = {
            "TCO low": low,
            "TCO high": high,
            "Swing": f"ABS({high}-{low})",
            "Low - base": f"{low}-{base}",
            "High - base": f"{high}-{base}",
        }
        for field, expression in formulas.items():
            role = S.OUTPUT if field == "Swing" else S.CALC
            fmt = S.MONEY_SAVING if field.endswith("- base") else S.MONEY
            S.formula(ws, f"{option_col(i, field)}{r}", expression, role, fmt)


def _checks(ws: Worksheet, r: int, base_row: int, n_options: int, calc: Callable[[int, str], str]) -> None:
    """Base TCO here against Calc's: 0 when this sheet's closed form and the monthly model agree."""
    S.text(ws, f"A{r}", "Check: base TCO here minus Calc's TCO (0 = agree)", S.CALC)
    for i in range(1, n_options + 1):
        col = _case_col(i, "TCO")
        S.formula(
            ws,
            f"{col}{r}",
            f"IF(ABS({col}{base_row}-{calc(i, 'cash')})<=check_tolerance*MAX(1,ABS({calc(i, 'cash')})),0,1)",
            S.CHECK_ROLE,
            S.CHECK,
        )


def _table_cell(k: int, option: int, field: str) -> str:
    """The Sensitivity table's cell of input row k (0-based) for one of an option's figures."""
    return f"${option_col(option, field)}${TABLE_HEADER + 1 + k}"


def _widths(ws: Worksheet, n_options: int) -> None:
    S.widths(ws, {"A": 40, "B": 16, "C": 14, "D": 14, "E": 14})
    for col in range(6, _col_after_table(n_options) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14
