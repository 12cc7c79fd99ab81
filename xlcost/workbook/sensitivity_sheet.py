"""Sensitivity sheet: the tornado as live formulas, one explicit case block per input and bound.

Each case block re-prices every option with one input at its low or high: the option's upfront,
flat monthly and month-1 usage cost from Calc, plus the change that input makes, then the TCO closed
form (rules.tco_closed_form). The change is a shared rule at the moved input minus Calc's value (the API
bill, electricity), or, for a catalog price, the kind's OptionPrices rule (option_kinds) read with only
the moved field changed, times the units (and hours) Calc prices the column with.
Inputs and their order come from the plan's tornado (the analysis at generation time); low and high
are formulas over the price sheets and Inputs, so editing a price or a spread moves the tornado.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import partial

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.core.catalog.loader import is_ranged
from xlcost.core.catalog.rows import Ranged
from xlcost.core.option_kinds import KIND, KINDS, OPTION_KINDS
from xlcost.workbook import layout, styles
from xlcost.workbook.build_plan import BuildPlan, Input, Tornado, WrittenOption
from xlcost.workbook.calc_rows import rate_field
from xlcost.workbook.checks_sheet import differs
from xlcost.workbook.expr import Call, Cell, CellRange, Expr, Name, Num, Op, call
from xlcost.workbook.rules import (
    api_monthly,
    at_case,
    billed_monthly,
    billed_rate,
    billing_prices,
    electricity_monthly,
    growth_sum,
    long_context_applies,
    option_prices,
    per_month,
    pick,
    tco_closed_form,
)
from xlcost.workbook.tornado_chart import breakeven_height, tornado_height, write_breakeven, write_tornadoes

SHEET = layout.SENSITIVITY
SETTINGS = (
    ("sens_spread", "Low/high as ± this share where the catalog gives a single figure", Tornado.spread),
    ("sens_workload_spread", "Low/high of users and tokens per user: ± this share", Tornado.spread),
    ("sens_growth_spread", "Low/high of monthly growth: ± this many (0.01 = one point)", Tornado.growth_spread),
)
SETTINGS_ROW = 5
TABLE_HEADER = SETTINGS_ROW + len(SETTINGS) + 1
TABLE, CASES = layout.SENSITIVITY_TABLE, layout.CASE_TABLE
#: Calc's figures a case block re-prices, in the order of its first ``layout.CASE_FIGURES``
COMPONENTS = ("upfront", "fixed_monthly", "usage_monthly")


@dataclass(frozen=True)
class _Ctx:
    """What a delta formula needs: Calc cells of option i, and cells of the input's price-sheet row."""

    calc: Callable[[str], Expr]
    price: Callable[[str, str], Expr]  # (field column, row id) -> cell on the input's price sheet
    billing: bool = False  # Calc bills the API by the vendor's rules (``rules.billed_monthly``)
    shown: tuple[str, ...] = ()  # the columns of the input's price sheet


def write_sensitivity(wb: Workbook, plan: BuildPlan) -> None:
    """Add the Sensitivity sheet (after Checks) for the plan's scenario."""
    ws = wb[SHEET]
    tornado = plan.tornado
    rows, result = tornado.rows, tornado.breakeven
    option_block = plan.calc_layout.option_block

    def calc(i: int, field: str) -> Expr:
        return Cell(layout.CALC, option_block.row(i, field), layout.CALC_COLS["value"])

    modelled = [row for row in rows if _modelled(row.input)]
    skipped = [row.input.label for row in rows if not _modelled(row.input) and not _hidden(row.input)]
    hidden = [row.input.label for row in rows if _hidden(row.input)]
    _heading(ws, plan, tornado.held_units, skipped, hidden)
    _settings(wb, ws, plan)
    n_options = len(plan.options)
    tornadoes = TABLE_HEADER + len(modelled) + 2
    breakeven = tornadoes + tornado_height(modelled, n_options)
    first_case = breakeven + (breakeven_height(result) if result is not None else 0) + 2
    base_row = first_case + 1
    _case_header(ws, first_case, plan)
    _base_case(ws, plan, base_row, calc)
    for k, row in enumerate(modelled):
        table_row = TABLE_HEADER + 1 + k
        _input_cells(ws, table_row, row.input, plan)
        for side, bound in enumerate(("Low", "High")):
            case_row = base_row + 1 + 2 * k + side
            _case(ws, case_row, base_row, table_row, bound, row.input, plan, calc)
        _tornado_row(ws, plan, table_row, base_row, base_row + 1 + 2 * k)
    _table_header(ws, plan)
    _checks(ws, plan, base_row + 1 + 2 * len(modelled) + 1, base_row, calc)
    write_tornadoes(ws, plan, modelled, tornadoes, _table_cell)
    if result is not None:
        write_breakeven(ws, plan, result, breakeven)
    _widths(ws, n_options)
    ws.freeze_panes = layout.coordinate(TABLE_HEADER + 1, TABLE.cols["input"] + 1)
    styles.protect(ws)


def _heading(ws: Worksheet, plan: BuildPlan, notes: list[str], skipped: list[str], hidden: list[str]) -> None:
    title = "Sensitivity: how far each uncertain input moves every option's TCO"
    styles.label(ws, layout.TITLE_CELL, title, styles.TITLE)
    styles.text(
        ws,
        layout.NOTE_CELL,
        "Each input moves alone to its low and high, everything else as on Inputs. Live formulas: the case blocks "
        "below re-price each option from Calc; change a spread (blue) or a price and the tornado follows. "
        "Rows are sorted by swing as generated.",
    )
    extra = list(notes)
    if skipped:
        extra.append(f"not in this workbook's model (see xlcost sensitivity): {', '.join(skipped)}")
    if hidden:
        extra.append(f"hidden costs are in TCO (Calc) but not moved here (see xlcost sensitivity): {', '.join(hidden)}")
    extra.append("Breakeven swings and Monte Carlo: xlcost sensitivity / xlcost simulate.")
    styles.text(ws, layout.SENSITIVITY_OMITTED_CELL, " ".join(extra))


def _settings(wb: Workbook, ws: Worksheet, plan: BuildPlan) -> None:
    table = layout.SENSITIVITY_SETTINGS_TABLE
    for offset, (name, label, default) in enumerate(SETTINGS):
        r = SETTINGS_ROW + offset
        styles.text(ws, table.cell("label", r), label, styles.CALC)
        styles.value(ws, table.cell("value", r), default, styles.INPUT, styles.SHARE)
        styles.text(ws, table.cell("name", r), name, styles.SOURCE)
        plan.define(wb, name, layout.ref(SHEET, *table.cell("value", r)))


def _table_header(ws: Worksheet, plan: BuildPlan) -> None:
    headings = TABLE.headers
    for option in plan.options:
        headings.extend(f"{option.number}: {option.name}\n{h}" for h in layout.SENSITIVITY_FIGURES)
    styles.header_row(ws, TABLE_HEADER, headings)


def _here(r: int, col: int) -> Cell:
    return Cell(SHEET, r, col)


def _input_cells(ws: Worksheet, r: int, item: Input, plan: BuildPlan) -> None:
    low, base, high = _bounds(item, plan)
    styles.text(ws, TABLE.cell("input", r), item.label, styles.CALC)
    styles.text(ws, TABLE.cell("basis", r), item.basis, styles.SOURCE)
    plan.book.put(ws, TABLE.cell("low", r), low, styles.CALC, styles.NUMBER)
    plan.book.put(ws, TABLE.cell("base", r), base, styles.LINK, styles.NUMBER)
    plan.book.put(ws, TABLE.cell("high", r), high, styles.CALC, styles.NUMBER)


def _bounds(item: Input, plan: BuildPlan) -> tuple[Expr, Expr, Expr]:
    """Low, base and high of an input as formulas over the price sheets and Inputs."""
    where, _, rest = item.key.partition(":")
    if where == "workload":
        name = Name(rest)
        if rest == "monthly_growth":
            spread = Name("sens_growth_spread")
            return call("MAX", name - spread, 1 / Num(100) - 1), name, name + spread
        spread = Name("sens_workload_spread")
        return name * (1 - spread), name, name * (1 + spread)
    row_id, _, field = rest.rpartition(":")
    cell = _price_cell_finder(plan, where)
    weight = pick(Name("case_weight"), call("MATCH", Name("case"), Name("case_name"), 0))
    value = getattr(plan.catalog.table(where)[row_id], field)
    column = f"{field}_low" if isinstance(value, Ranged) else field
    low_cell = Name(f"{row_id}_low") if where == "assumptions.csv" else cell(column, row_id)
    if item.basis == "catalog range":
        high_cell = Name(f"{row_id}_high") if where == "assumptions.csv" else cell(f"{field}_high", row_id)
        return low_cell, at_case(low_cell, high_cell, weight), high_cell
    spread = Name("sens_spread")
    return low_cell * (1 - spread), low_cell, low_cell * (1 + spread)


def _price_cell_finder(plan: BuildPlan, file: str) -> Callable[[str, str], Expr]:
    sheet = layout.PRICE_SHEETS[file]
    ids = list(plan.catalog.table(file))

    def cell(column: str, row_id: str) -> Expr:
        return Cell(sheet, layout.TABLE_FIRST_ROW + ids.index(row_id), plan.price_column(file, column))

    return cell


def _case_header(ws: Worksheet, r: int, plan: BuildPlan) -> None:
    styles.label(ws, CASES.cell("input", r - 1), "Case blocks: every option re-priced with one input moved")
    headings = CASES.headers
    for option in plan.options:
        headings.extend(f"{option.number}: {h}" for h in layout.CASE_FIGURES)
    styles.header_row(ws, r, headings)


def _growth_sum(plan: BuildPlan, rate: Expr) -> Expr:
    """The growth sum over the horizon at ``rate``, over Calc's timeline (rules.growth_sum)."""
    last = layout.month_col(plan.months)
    months = CellRange(layout.CALC, layout.MONTH_ROW, layout.FIRST_MONTH_COL, layout.MONTH_ROW, last)
    flags_row = layout.TIMING.row(1, "in_horizon")
    return growth_sum(rate, months, CellRange(layout.CALC, flags_row, layout.FIRST_MONTH_COL, flags_row, last))


def _base_case(ws: Worksheet, plan: BuildPlan, r: int, calc: Callable[[int, str], Expr]) -> None:
    styles.text(ws, CASES.cell("input", r), "Base case (as on Inputs)", styles.CALC)
    styles.text(ws, CASES.cell("case", r), "base", styles.CALC)
    growth = _growth_sum(plan, Name("monthly_growth"))
    plan.book.put(ws, CASES.cell("growth_sum", r), growth, styles.CALC, styles.RATIO)
    for option in plan.options:
        i = option.number
        for field, heading in zip(COMPONENTS, layout.CASE_FIGURES, strict=False):
            plan.book.put(ws, (r, layout.case_col(i, heading)), calc(i, field), styles.LINK, styles.MONEY)
        _tco(ws, plan, r, i)


def _tco(ws: Worksheet, plan: BuildPlan, r: int, i: int) -> None:
    up, flat, usage = (_here(r, layout.case_col(i, h)) for h in layout.CASE_FIGURES[:3])
    closed = tco_closed_form(up, flat, usage, Name("horizon_months"), _here(*CASES.cell("growth_sum", r)))
    plan.book.put(ws, (r, layout.case_col(i, "TCO")), closed, styles.CALC, styles.MONEY)


def _case(
    ws: Worksheet,
    r: int,
    base_row: int,
    table_row: int,
    bound: str,
    item: Input,
    plan: BuildPlan,
    calc: Callable[[int, str], Expr],
) -> None:
    styles.text(ws, CASES.cell("input", r), item.label, styles.CALC)
    styles.text(ws, CASES.cell("case", r), bound.lower(), styles.CALC)
    moved = _here(*TABLE.cell(bound.lower(), table_row))
    plan.book.put(ws, CASES.cell("value", r), moved, styles.CALC, styles.NUMBER)
    v = _here(*CASES.cell("value", r))
    base_growth = _here(*CASES.cell("growth_sum", base_row))
    growth = _growth_sum(plan, v) if item.key == "workload:monthly_growth" else base_growth
    plan.book.put(ws, CASES.cell("growth_sum", r), growth, styles.CALC, styles.RATIO)
    for option in plan.options:
        i = option.number
        shown = tuple(plan.price_columns(_file(item)))
        ctx = _Ctx(partial(calc, i), _price_cell_finder(plan, _file(item)), plan.billing, shown)
        deltas = _deltas(item, option, ctx, v)
        for field, heading in zip(COMPONENTS, layout.CASE_FIGURES, strict=False):
            col = layout.case_col(i, heading)
            delta = deltas.get(field)
            base = _here(base_row, col)
            plan.book.put(ws, (r, col), base + delta if delta else base, styles.CALC, styles.MONEY)
        _tco(ws, plan, r, i)


def _file(item: Input) -> str:
    where = item.key.partition(":")[0]
    return where if where in layout.PRICE_SHEETS else "assumptions.csv"


def _modelled(item: Input) -> bool:
    """Inputs this sheet moves: workload and price-sheet rows (hidden costs stay at their base, in Calc's TCO)."""
    where = item.key.partition(":")[0]
    return where == "workload" or (where in layout.PRICE_SHEETS and where != "fx.csv")


def _hidden(item: Input) -> bool:
    return item.key.partition(":")[0] == layout.HIDDEN_COSTS_FILE


def _deltas(item: Input, option: WrittenOption, ctx: _Ctx, v: Expr) -> dict[str, Expr]:
    """The change one input at value ``v`` makes to an option's upfront, flat monthly and usage cost:
    the option re-priced by the shared rule with that input moved, minus its price on Calc."""
    kind = option.kind
    calc = ctx.calc
    where, _, rest = item.key.partition(":")
    prices = {
        "price_input": calc("price_input"),
        "price_cached": calc("price_cached"),
        "price_output": calc("price_output"),
    }

    def usage(**moved: Expr) -> dict[str, Expr]:
        """Re-price the API bill with prices or workload inputs moved (rules.api_monthly)."""
        changed = {k: moved.pop(k) for k in list(moved) if k in prices}
        args = {**prices, **changed}
        bill = api_monthly(args["price_input"], args["price_cached"], args["price_output"], calc("fx"), **moved)
        return {"usage_monthly": bill - calc("usage_monthly")}

    power = {
        "power_kw": calc("power_kw"),
        "hours_per_month": Name("hours_per_month"),
        "pue": calc("pue"),
        "electricity_price": calc("tariff"),
    }

    def electricity(moved: str) -> dict[str, Expr]:
        """Change in the electricity line when one of its factors moves to v (rules.electricity_monthly)."""
        f = {**power, moved: v}
        line = electricity_monthly(
            calc("include_power"),
            calc("units"),
            f["power_kw"],
            f["hours_per_month"],
            f["pue"],
            f["electricity_price"],
            Name("tariff_fx"),
        )
        return {"fixed_monthly": line - calc("power_monthly")}

    if where == "workload":
        workload_prices = ("users_per_day", "input_tokens_per_user_day", "output_tokens_per_user_day")
        if kind != "api" or rest not in workload_prices:
            return {}
        return _billed(ctx, None, v, **{rest: v}) if ctx.billing else usage(**{rest: v})
    row_id, _, field = rest.rpartition(":")
    if where == "assumptions.csv":
        if row_id in power and kind == "buy":
            return electricity(row_id)
        if row_id == "hours_per_month" and kind in _BY_THE_HOUR:
            blank = call("IF", call("ISBLANK", Name(layout.option_input_name("hours", option.number))), 1, 0)
            return {
                "fixed_monthly": blank * calc("units") * calc("hourly") * (v - Name("hours_per_month")) * calc("fx")
            }
        return {}
    if OPTION_KINDS.get(kind) != where or option.row_id != row_id or field in option.overridden:
        return {}
    if kind == "api" and ctx.billing:
        return _billed(ctx, (row_id, field), v)
    if kind == "api":
        if field == "input_per_mtok":  # a blank cached price is the input price, and moves with it
            cached = call("IF", call("ISBLANK", ctx.price("cached_input_per_mtok", row_id)), v, calc("price_cached"))
            return usage(price_input=v, price_cached=cached)
        price = _API_PRICE.get(field)
        return {} if price is None else usage(**{price: v})
    if kind == "buy" and field == "power_kw":
        return electricity("power_kw")
    column = _moved_column(kind, field)
    if column is None:
        return {}
    if field in _RANGED[kind]:  # v minus the ranged field at the option's case, as the core prices it
        low, high = ctx.price(f"{field}_low", row_id), ctx.price(f"{field}_high", row_id)
        change = v - at_case(low, high, calc("weight"))
    else:
        change = v - calc(_PER_UNIT[column.partition("_")[0]])
    per_unit = KIND[kind].prices(_Moved(field, change))[column]
    assert per_unit is not None  # the rule reads the field into this column (_moved_column)
    if column == "hourly":
        return {"fixed_monthly": per_unit * calc("units") * calc("hours") * calc("fx")}
    return {_COST_OF[column.partition("_")[0]]: per_unit * (calc("units") * calc("fx"))}


def _billed(ctx: _Ctx, moved_price: tuple[str, str] | None, v: Expr, **moved: Expr) -> dict[str, Expr]:
    """The change in an API bill billed by the vendor's rules (``rules.billed_monthly``) when a field of its price
    row (``moved_price``: row id, field) or a workload input (``moved``) takes the value ``v``: the row's rates
    priced again by ``rules.billing_prices`` with the field moved, chosen at the tier and threshold as on Calc."""
    calc = ctx.calc

    def listed(column: str, expression: Expr | None = None) -> Expr:
        """A rate as OptionPrices prices it, or as ``expression`` where that reads the moved field."""
        if expression is not None and _reads(expression, v):
            return expression
        return pick(Name(f"op_{column}"), calc("row"))

    rates: dict[str, Expr] = {}
    if moved_price is not None:
        row_id, field = moved_price

        def cell(name: str) -> Expr | None:
            if name == field:
                return v
            return ctx.price(name, row_id) if name in ctx.shown else None

        def blank(name: str) -> Expr:
            return call("ISBLANK", ctx.price(name, row_id))

        rates = billing_prices(cell, blank, listed)

    def price(column: str) -> Expr:
        return listed(column, rates.get(column))

    threshold, tokens = price("lc_above"), moved.get("input_tokens_per_user_day")
    moves_over = tokens is not None or _reads(threshold, v)
    over = long_context_applies(threshold, tokens) if moves_over else calc("long_context")

    def rate(traffic: str, part: str) -> Expr:
        """The traffic's price as Calc chooses it, Calc's own where the move does not reach it."""
        chosen = billed_rate(price, over, traffic, part)
        return chosen if moves_over or _reads(chosen, v) else calc(rate_field(traffic, part))

    bill = billed_monthly(rate, price("per_request"), calc("fx"), **moved)
    return {"usage_monthly": bill - calc("usage_monthly")}


def _reads(expression: Expr, part: Expr) -> bool:
    """Whether ``part`` (that very node) is inside ``expression``."""
    if expression is part:
        return True
    if isinstance(expression, Op):
        return _reads(expression.left, part) or _reads(expression.right, part)
    return isinstance(expression, Call) and any(_reads(arg, part) for arg in expression.args)


#: an API price field -> the price it is in the API bill (rules.api_monthly); the input price is moved above
_API_PRICE = {"cached_input_per_mtok": "price_cached", "output_per_mtok": "price_output"}
#: OptionPrices column (its part before a _low/_high bound) -> Calc's per-unit price at the case
_PER_UNIT = {"upfront": "upfront_per_unit", "monthly": "monthly_per_unit", "hourly": "hourly"}
#: OptionPrices column (its part before the bound) -> the cost a per-unit price times units (and FX) is in
_COST_OF = {"upfront": "upfront", "monthly": "fixed_monthly"}
#: the kinds Calc prices per unit-hour (their rule fills OptionPrices' hourly column), which the hours billed move
_BY_THE_HOUR = {kind.name for kind in KINDS if "hourly" in option_prices(kind.name, Name, lambda _: Num(0))}
#: option kind -> its row's ranged fields (priced at the case between the low and high columns)
_RANGED = {kind.name: {f for f in kind.row_model.model_fields if is_ranged(kind.row_model, f)} for kind in KINDS}


def _moved_column(kind: str, field: str) -> str | None:
    """The OptionPrices column a catalog field moves: the first its kind's price rule reads it into (a ranged field
    through its low column), or None when the rule does not read it."""
    columns = KIND[kind].prices(_Moved(field, Num(1)))
    return next((column for column, value in columns.items() if value is not None), None)


@dataclass(frozen=True, slots=True)
class _Moved:
    """A kind's price rule seen through one moved field: that field is ``change``, every other field nothing, so the
    rule gives the change in each OptionPrices column (it is linear in each field)."""

    moved: str
    change: Expr

    def field(self, name: str) -> Expr | None:
        return self.change if name in (self.moved, f"{self.moved}_low") else None

    def first_nonblank(self, name: str, fallback: str) -> Expr | None:
        raise TypeError("an API price moves the usage bill (rules.api_monthly), not a per-unit price")

    def total(self, terms: Iterable[Expr | None]) -> Expr | None:
        return next((term for term in terms if term is not None), None)

    def per_month(self, yearly: Expr | None) -> Expr | None:
        return None if yearly is None else per_month(yearly)


def _tornado_row(ws: Worksheet, plan: BuildPlan, r: int, base_row: int, low_row: int) -> None:
    for option in plan.options:
        i = option.number
        tco = layout.case_col(i, "TCO")
        low, high, base = _here(low_row, tco), _here(low_row + 1, tco), _here(base_row, tco)
        formulas = {
            "TCO low": low,
            "TCO high": high,
            "Swing": call("ABS", high - low),
            "Low - base": low - base,
            "High - base": high - base,
        }
        for field, expression in formulas.items():
            role = styles.OUTPUT if field == "Swing" else styles.CALC
            fmt = styles.MONEY_SAVING if field.endswith("- base") else styles.MONEY
            plan.book.put(ws, (r, layout.sensitivity_col(i, field)), expression, role, fmt)


def _checks(ws: Worksheet, plan: BuildPlan, r: int, base_row: int, calc: Callable[[int, str], Expr]) -> None:
    """Base TCO here against Calc's: 0 when this sheet's closed form and the monthly model agree."""
    styles.text(ws, CASES.cell("input", r), "Check: base TCO here minus Calc's TCO (0 = agree)", styles.CALC)
    for option in plan.options:
        i = option.number
        col = layout.case_col(i, "TCO")
        check = differs(_here(base_row, col), calc(i, "cash"))
        plan.book.put(ws, (r, col), check, styles.CHECK_ROLE, styles.CHECK)


def _table_cell(k: int, option: int, field: str) -> Expr:
    """The Sensitivity table's cell of input row k (0-based) for one of an option's figures."""
    return Cell(SHEET, TABLE_HEADER + 1 + k, layout.sensitivity_col(option, field))


def _widths(ws: Worksheet, n_options: int) -> None:
    styles.widths(ws, TABLE.widths)
    last = layout.sensitivity_col(n_options, layout.SENSITIVITY_FIGURES[-1])
    styles.widths(ws, dict.fromkeys(range(TABLE.after, last + 1), layout.SENSITIVITY_FIGURE_WIDTH))
