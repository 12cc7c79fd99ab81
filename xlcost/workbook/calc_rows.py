"""Every Calc row defined once: field, label, unit, number format, and its formula as an expression.

The Calc writer renders these (formula text and value from the same expression) and the layout
takes its row order from them, so adding a line (a hidden cost, say) is one entry here plus its use
in a total. Scalar rows hold one value in the value column; monthly rows repeat across the timeline.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Protocol

from xlcost.workbook import rules
from xlcost.workbook.expr import CellRange, Expr, LastWhere, Name, call, join_words
from xlcost.workbook.styles import COUNT, MONEY, MONTHS, NUMBER, PRICE, RATIO

TEXT = "@"
CUR = "=currency"  # unit cells that follow the result currency


class Scope(Protocol):
    """What a row's formula can refer to; the Calc writer provides it for each block."""

    @property
    def month(self) -> Expr: ...  # the month number above the current column
    @property
    def months(self) -> CellRange: ...  # the month numbers across the timeline
    def value(self, field: str) -> Expr: ...  # this block's row, value column
    def here(self, field: str) -> Expr: ...  # this block's row, current month
    def prev(self, field: str) -> Expr: ...  # this block's row, previous month (blank before month 1)
    def timing(self, field: str) -> Expr: ...  # a timing row, current month
    def option_input(self, field: str) -> Expr: ...  # the option's input on Inputs (option_<field>_<i>)
    def a_value(self, field: str) -> Expr: ...  # pair: option a's value cell
    def b_value(self, field: str) -> Expr: ...
    def a_row(self, field: str) -> CellRange: ...  # pair: option a's row across the months
    def b_row(self, field: str) -> CellRange: ...
    def a_first(self, field: str) -> Expr: ...  # pair: option a's row, month 1
    def b_first(self, field: str) -> Expr: ...
    def hidden(self, k: int, field: str) -> Expr: ...  # the k-th hidden cost's cell of a catalog field (HiddenCosts)


@dataclass(frozen=True)
class Line:
    field: str
    label: str  # may name {a} and {b}, the options of a pair, or {i}, the option
    unit: str
    fmt: str
    formula: Callable[[Scope], Expr]
    monthly: bool = False
    total: bool = True  # monthly rows: their sum in the value column


def _flag(test: Expr) -> Expr:
    return call("IF", test, 1, 0)


TIMING: tuple[Line, ...] = (
    Line("timeline_months", "Months on this timeline", "months", NUMBER, lambda s: call("COLUMNS", s.months)),
    Line(
        "monthly_discount_rate",
        "Monthly discount rate (compound)",
        "per month",
        RATIO,
        lambda s: rules.monthly_rate(Name("discount_rate")),
    ),
    Line(
        "hours_per_month",
        "Hours in a month (assumption, mid)",
        "hours",
        NUMBER,
        lambda s: call("AVERAGE", Name("hours_per_month_low"), Name("hours_per_month_high")),
    ),
    Line(
        "tariff_fx",
        "Electricity tariff currency to result currency",
        "rate",
        RATIO,
        lambda s: rules.fx_to_result(Name("tariff_currency")),
    ),
    Line(
        "peak_tokens_per_s",
        "Output tokens per second at the busiest hour of the busiest month",
        "tokens/s",
        NUMBER,
        lambda s: rules.peak_output_tokens_per_s(),
    ),
    Line(
        "in_horizon",
        "In horizon (flag)",
        "1/0",
        COUNT,
        lambda s: _flag(s.month.le(Name("horizon_months"))),
        True,
        False,
    ),
    Line("first_month", "First month (flag)", "1/0", COUNT, lambda s: _flag(s.month.eq(1)), True, False),
    Line(
        "growth",
        "Usage growth factor (users relative to month 1)",
        "factor",
        RATIO,
        lambda s: rules.growth_factor(Name("monthly_growth"), s.month),
        True,
        False,
    ),
    Line(
        "discount_end",
        "Discount factor, end of month",
        "factor",
        RATIO,
        lambda s: rules.discount(Name("monthly_discount_rate"), s.month, upfront=False),
        True,
        False,
    ),
    Line(
        "discount_start",
        "Discount factor, start of month",
        "factor",
        RATIO,
        lambda s: rules.discount(Name("monthly_discount_rate"), s.month, upfront=True),
        True,
        False,
    ),
    Line(
        "tokens",
        "Tokens served (input + output)",
        "tokens",
        COUNT,
        lambda s: (
            Name("users_per_day")
            * Name("days_per_month")
            * (Name("input_tokens_per_user_day") + Name("output_tokens_per_user_day"))
            * s.here("growth")
            * s.here("in_horizon")
        ),
        True,
    ),
)
#: timing values other sheets read by defined name
TIMING_NAMES = {"timeline_months", "monthly_discount_rate", "hours_per_month", "tariff_fx", "peak_tokens_per_s"}


def _ranged(field: str, words: str) -> tuple[Line, ...]:
    """Low and high per-unit amounts from OptionPrices, and the amount at the option's case between them."""
    unit = "price currency"
    return (
        Line(
            f"{field}_low", f"{words}, low", unit, MONEY, lambda s: rules.pick(Name(f"op_{field}_low"), s.value("row"))
        ),
        Line(
            f"{field}_high",
            f"{words}, high",
            unit,
            MONEY,
            lambda s: rules.pick(Name(f"op_{field}_high"), s.value("row")),
        ),
        Line(
            f"{field}_per_unit",
            f"{words} at the case",
            unit,
            MONEY,
            lambda s: rules.at_case(s.value(f"{field}_low"), s.value(f"{field}_high"), s.value("weight")),
        ),
    )


def _op(column: str) -> Callable[[Scope], Expr]:
    return lambda s: rules.pick(Name(f"op_{column}"), s.value("row"))


def _or_default(field: str, default: Callable[[Scope], Expr]) -> Callable[[Scope], Expr]:
    return lambda s: call("IF", call("ISBLANK", s.option_input(field)), default(s), s.option_input(field))


OPTION: tuple[Line, ...] = (
    Line("key", "Option key (Inputs)", "key", TEXT, lambda s: s.option_input("key")),
    Line(
        "name",
        "Name",
        "text",
        TEXT,
        lambda s: call("IF", call("ISBLANK", s.option_input("label")), s.value("key"), s.option_input("label")),
    ),
    Line("row", "Row on OptionPrices", "row", COUNT, lambda s: call("MATCH", s.value("key"), Name("op_key"), 0)),
    Line("kind", "Kind", "text", TEXT, _op("kind")),
    Line("case", "Price case used", "case", TEXT, _or_default("case", lambda s: Name("case"))),
    Line(
        "weight",
        "Case weight between low and high",
        "weight",
        NUMBER,
        lambda s: rules.pick(Name("case_weight"), call("MATCH", s.value("case"), Name("case_name"), 0)),
    ),
    Line(
        "gpus_needed",
        "GPUs the workload needs at its busiest hour (0 = not sized in GPUs)",
        "GPUs",
        NUMBER,
        lambda s: call(
            "IF",
            call("ISNUMBER", s.option_input("replica_tokens_per_s")),
            rules.gpus_needed(
                Name("peak_tokens_per_s"),
                s.option_input("replica_tokens_per_s"),
                s.option_input("gpus_per_replica"),
                s.option_input("min_gpus"),
            ),
            0,
        ),
    ),
    Line(
        "units_needed",
        "Units holding those GPUs (1 when not sized)",
        "units",
        NUMBER,
        lambda s: call(
            "IF",
            s.value("gpus_needed").eq(0),
            1,
            rules.units_holding(s.value("gpus_needed"), s.option_input("gpus_per_unit")),
        ),
    ),
    Line(
        "units",
        "Units (blank on Inputs = the units needed)",
        "units",
        NUMBER,
        _or_default("units", lambda s: s.value("units_needed")),
    ),
    Line(
        "fx",
        "Price currency to result currency",
        "rate",
        RATIO,
        lambda s: rules.fx_to_result(rules.pick(Name("op_currency"), s.value("row"))),
    ),
    *_ranged("upfront", "Upfront per unit"),
    *_ranged("monthly", "Monthly per unit"),
    Line("hourly", "Price per unit-hour (on demand or spot)", "price currency", PRICE, _op("hourly")),
    Line("hours", "Hours billed per month", "hours", NUMBER, _or_default("hours", lambda s: Name("hours_per_month"))),
    Line("power_kw", "Power per unit", "kW", NUMBER, _op("power_kw")),
    Line("include_power", "Include power (flag)", "1/0", COUNT, lambda s: s.option_input("power")),
    Line(
        "pue",
        "PUE at the case",
        "ratio",
        NUMBER,
        lambda s: rules.at_case(Name("pue_low"), Name("pue_high"), s.value("weight")),
    ),
    Line(
        "tariff",
        "Electricity tariff at the case",
        "tariff currency per kWh",
        PRICE,
        lambda s: rules.at_case(Name("electricity_price_low"), Name("electricity_price_high"), s.value("weight")),
    ),
    Line("price_input", "API price, input tokens", "price currency per 1M", PRICE, _op("input")),
    Line("price_cached", "API price, cached input tokens", "price currency per 1M", PRICE, _op("cached")),
    Line("price_output", "API price, output tokens", "price currency per 1M", PRICE, _op("output")),
    Line(
        "upfront",
        "Upfront cost (start of month 1)",
        CUR,
        MONEY,
        lambda s: s.value("units") * s.value("upfront_per_unit") * s.value("fx"),
    ),
    Line(
        "flat_monthly",
        "Reserved / subscription / opex per month",
        CUR,
        MONEY,
        lambda s: s.value("units") * s.value("monthly_per_unit") * s.value("fx"),
    ),
    Line(
        "on_demand_monthly",
        "Rental by the hour per month (on demand or spot)",
        CUR,
        MONEY,
        lambda s: s.value("units") * s.value("hourly") * s.value("hours") * s.value("fx"),
    ),
    Line(
        "power_monthly",
        "Electricity per month",
        CUR,
        MONEY,
        lambda s: rules.electricity_monthly(
            s.value("include_power"),
            s.value("units"),
            s.value("power_kw"),
            Name("hours_per_month"),
            s.value("pue"),
            s.value("tariff"),
            Name("tariff_fx"),
        ),
    ),
    Line(
        "extra_monthly",
        "Other cost per month (Inputs, per year / 12)",
        CUR,
        MONEY,
        lambda s: rules.per_month(s.option_input("extra")),
    ),
    Line("fixed_monthly", "Flat running cost per month", CUR, MONEY, lambda s: _fixed_monthly(s, 0)),
    Line(
        "usage_monthly",
        "API usage cost in month 1 (grows with users)",
        CUR,
        MONEY,
        lambda s: rules.api_monthly(
            s.value("price_input"), s.value("price_cached"), s.value("price_output"), s.value("fx")
        ),
    ),
    Line(
        "upfront_cash",
        "Upfront cash",
        CUR,
        MONEY,
        lambda s: s.value("upfront") * s.timing("first_month"),
        True,
    ),
    Line(
        "running",
        "Running cost",
        CUR,
        MONEY,
        lambda s: (s.value("fixed_monthly") + s.value("usage_monthly") * s.timing("growth")) * s.timing("in_horizon"),
        True,
    ),
    Line("cash", "Cash cost (total = TCO)", CUR, MONEY, lambda s: s.here("upfront_cash") + s.here("running"), True),
    Line(
        "cumulative",
        "Cumulative cash cost at month end",
        CUR,
        MONEY,
        lambda s: s.prev("cumulative") + s.here("cash"),
        True,
        False,
    ),
    Line(
        "cumulative_start",
        "Cumulative cash cost at month start, after upfront",
        CUR,
        MONEY,
        lambda s: s.prev("cumulative") + s.here("upfront_cash"),
        True,
        False,
    ),
    Line(
        "present_value",
        "Present value (total = NPV)",
        CUR,
        MONEY,
        lambda s: s.here("upfront_cash") * s.timing("discount_start") + s.here("running") * s.timing("discount_end"),
        True,
    ),
)


def _billing_lines() -> tuple[Line, ...]:
    """The vendor billing rules of an API option (``core.billing``): whether its requests pass the long-context
    threshold, the prices of its interactive traffic (at the service tier) and of its batch traffic, the fee."""
    unit = "price currency per 1M"

    def price(s: Scope) -> Callable[[str], Expr]:
        return lambda column: rules.pick(Name(f"op_{column}"), s.value("row"))

    def rate(traffic: str, part: str) -> Line:
        words = "API price at the service tier" if not traffic else "API batch price"
        return Line(
            rate_field(traffic, part),
            f"{words}, {_PART_WORDS[part]}",
            unit,
            PRICE,
            lambda s: rules.billed_rate(price(s), s.value("long_context"), traffic, part),
        )

    return (
        Line(
            "long_context",
            "A request's input past the long-context threshold (flag)",
            "1/0",
            COUNT,
            lambda s: rules.long_context_applies(price(s)("lc_above")),
        ),
        *(rate(traffic, part) for traffic in ("", "batch_") for part in rules.RATE_PARTS),
        Line("per_request", "API fee per request", "price currency", PRICE, _op("per_request")),
    )


_PART_WORDS = {
    "input": "input tokens",
    "output": "output tokens",
    "cached": "cached input tokens",
    "write": "input written to the cache",
}


def rate_field(traffic: str, part: str) -> str:
    """The option row holding a traffic's price of a part (``rules.billed_monthly``'s ``rate``)."""
    return f"{traffic}rate_{part}"


def _billed_usage(s: Scope) -> Expr:
    return rules.billed_monthly(lambda t, p: s.value(rate_field(t, p)), s.value("per_request"), s.value("fx"))


def timing_lines(billing: bool = False) -> tuple[Line, ...]:
    """Timing rows; where the billing rules apply, the busiest hour counts reasoning tokens among the output."""
    if not billing:
        return TIMING
    at = fields(TIMING).index("peak_tokens_per_s")
    peak = replace(TIMING[at], formula=lambda s: rules.peak_output_tokens_per_s(rules.generated_tokens_per_user_day()))
    return (*TIMING[:at], peak, *TIMING[at + 1 :])


def _fixed_monthly(s: Scope, hidden_costs: int) -> Expr:
    """Flat running cost: rental, on-demand, electricity, other cost, and each hidden-cost line."""
    total = s.value("flat_monthly") + s.value("on_demand_monthly") + s.value("power_monthly") + s.value("extra_monthly")
    for k in range(1, hidden_costs + 1):
        total = total + s.value(f"hidden_{k}")
    return total


def hidden_line(k: int) -> Line:
    """The k-th switched-on hidden cost per month, for the option of the block (0 where it does not apply)."""

    def formula(s: Scope) -> Expr:
        yearly = rules.at_case(s.hidden(k, "amount_low"), s.hidden(k, "amount_high"), s.value("weight"))
        applies = rules.hidden_cost_applies(s.value("kind"), s.hidden(k, "applies_to"))
        return rules.hidden_cost_monthly(
            applies, yearly, rules.fx_to_result(s.hidden(k, "currency")), s.hidden(k, "per")
        )

    return Line(
        f"hidden_{k}", f"Hidden cost per month: {{hidden_{k}}} (HiddenCosts; 0 = not this kind)", CUR, MONEY, formula
    )


def option_lines(hidden_costs: int = 0, billing: bool = False) -> tuple[Line, ...]:
    """Option rows with one line per switched-on hidden cost after the other cost, added into the flat cost, and
    where the billing rules apply, their lines after the list prices, the usage cost billed by them."""
    lines = OPTION
    if billing:
        at = fields(lines).index("price_output") + 1
        usage = fields(lines).index("usage_monthly")
        billed = replace(lines[usage], formula=_billed_usage)
        lines = (*lines[:at], *_billing_lines(), *lines[at:usage], billed, *lines[usage + 1 :])
    if not hidden_costs:
        return lines
    at = fields(lines).index("fixed_monthly")
    fixed = replace(lines[at], formula=lambda s: _fixed_monthly(s, hidden_costs))
    hidden = tuple(hidden_line(k) for k in range(1, hidden_costs + 1))
    return (*lines[:at], *hidden, fixed, *lines[at + 1 :])


def _gap(s: Scope, field: str, at: Expr) -> Expr:
    """Costlier minus other in a cumulative row at a month: INDEX(row, 1, month) of each option."""
    return s.value("sign") * (call("INDEX", s.a_row(field), 1, at) - call("INDEX", s.b_row(field), 1, at))


def _last_positive(s: Scope) -> Expr:
    """Last month in which the costlier option is dearer at its start or end (0: never)."""

    def dearer(field: str) -> Expr:
        return (s.value("sign") * (s.a_row(field) - s.b_row(field))).gt(0)

    return call("IFERROR", LastWhere(dearer("cumulative_start") + dearer("cumulative"), s.months), 0)


PAIR: tuple[Line, ...] = (
    Line(
        "sign",
        "+1 when option {a} costs more upfront (tie: dearer in month 1), else -1: the gap is a minus b times it",
        "+1/-1",
        COUNT,
        lambda s: call(
            "IF",
            call(
                "OR",
                s.a_value("upfront").gt(s.b_value("upfront")),
                call("AND", s.a_value("upfront").eq(s.b_value("upfront")), s.a_first("cash").ge(s.b_first("cash"))),
            ),
            1,
            -1,
        ),
    ),
    Line(
        "costlier",
        "Dearer at the start (upfront; tie: month 1)",
        "text",
        TEXT,
        lambda s: call("IF", s.value("sign").gt(0), s.a_value("name"), s.b_value("name")),
    ),
    Line(
        "other",
        "The other option",
        "text",
        TEXT,
        lambda s: call("IF", s.value("sign").gt(0), s.b_value("name"), s.a_value("name")),
    ),
    Line("last_positive", "Last month the costlier option is dearer (0 = never)", "month", COUNT, _last_positive),
    Line(
        "gap_start",
        "Gap at the start of that month, after upfront",
        CUR,
        MONEY,
        lambda s: call("IF", s.value("last_positive").eq(0), 0, _gap(s, "cumulative_start", s.value("last_positive"))),
    ),
    Line(
        "gap_end",
        "Gap at the end of that month",
        CUR,
        MONEY,
        lambda s: call("IF", s.value("last_positive").eq(0), 0, _gap(s, "cumulative", s.value("last_positive"))),
    ),
    Line(
        "final_gap",
        "Gap at the end of the horizon",
        CUR,
        MONEY,
        lambda s: _gap(s, "cumulative", Name("horizon_months")),
    ),
    Line(
        "month",
        "Breakeven (0 = never dearer; linear within the month)",
        "months",
        MONTHS,
        lambda s: call(
            "IF",
            call("AND", s.value("gap_start").gt(0), s.value("gap_end").le(0)),
            s.value("last_positive") - 1 + s.value("gap_start") / (s.value("gap_start") - s.value("gap_end")),
            s.value("last_positive"),
        ),
    ),
    Line(
        "shown",
        "Breakeven as shown on Summary",
        "months",
        MONTHS,
        lambda s: call("IF", s.value("final_gap").gt(0), Name("text_none"), s.value("month")),
    ),
    Line("reading", "In words (the words are on Lists)", "text", TEXT, lambda s: _breakeven_words(s)),
)


def _breakeven_words(s: Scope) -> Expr:
    """``money.breakeven_sentence`` as a formula: "A overtakes B from month N", or why not."""

    def sentence(*parts: Expr | str) -> Expr:
        return join_words("words_breakeven_", *parts)

    dearer, other = s.value("costlier"), s.value("other")
    month = call("TEXT", s.value("month"), Name("month_words"))
    return call(
        "IF",
        s.value("final_gap").gt(0),
        sentence(dearer, "stays_dearer", other, "through_month", Name("horizon_months")),
        call(
            "IF",
            s.value("month").eq(0),
            sentence(dearer, "never_dearer", other),
            sentence(dearer, "overtakes", other, "from_month", month),
        ),
    )


def fields(lines: tuple[Line, ...]) -> tuple[str, ...]:
    return tuple(line.field for line in lines)
