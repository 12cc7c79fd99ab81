"""Where everything lives in the comparison workbook: sheet names, rows, columns and defined names.

The writer builds the workbook from this description and the auditor reads edited workbooks
back by it, so a cell moves in one place only. Rows and columns are 1-based, as in Excel.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations
from typing import get_args

from openpyxl.utils import get_column_letter, quote_sheetname

from xlcost.core.catalog import FILES
from xlcost.core.catalog.loader import columns_for
from xlcost.core.catalog.rows import Row
from xlcost.core.money import BREAKEVEN_WORDS
from xlcost.core.scenario import ServiceTier
from xlcost.workbook import calc_rows, rules, styles
from xlcost.workbook.calc_rows import fields

COVER, INPUTS, OPTION_PRICES, LISTS, CALC, DECISION, SUMMARY, CHECKS = (
    "Cover",
    "Inputs",
    "OptionPrices",
    "Lists",
    "Calc",
    "Decision",
    "Summary",
    "Checks",
)

#: catalog file -> price sheet copying it, in catalog order.
PRICE_SHEETS: dict[str, str] = {
    "api.csv": "API",
    "gpus.csv": "GPUs",
    "gpu_rental.csv": "Rental",
    "purchase.csv": "Purchase",
    "onprem.csv": "OnPrem",
    "seats.csv": "Seats",
    "model_sizes.csv": "ModelSizes",
    "throughput.csv": "Throughput",
    "fx.csv": "FX",
    "assumptions.csv": "Assumptions",
}
SENSITIVITY = "Sensitivity"
#: hidden costs switched on by the scenario: their catalog file gets a price sheet after the others.
HIDDEN_COSTS_FILE = "hidden_costs.csv"
HIDDEN_COSTS = "HiddenCosts"
SHEET_ORDER: tuple[str, ...] = (
    COVER,
    SUMMARY,  # second, so a printout opens with the answer
    INPUTS,
    *PRICE_SHEETS.values(),
    OPTION_PRICES,
    LISTS,
    CALC,
    DECISION,
    CHECKS,
    SENSITIVITY,
)


def sheet_order(hidden_costs: bool) -> tuple[str, ...]:
    """Sheets in print order; HiddenCosts follows the other price sheets only when hidden costs are on."""
    if not hidden_costs:
        return SHEET_ORDER
    at = SHEET_ORDER.index(OPTION_PRICES)
    return (*SHEET_ORDER[:at], HIDDEN_COSTS, *SHEET_ORDER[at:])


#: HiddenCosts row 3: the texts its formulas compare with (kind separator, per-user marker), defined names
HIDDEN_TEXT_ROW = 3
HIDDEN_TEXTS = {"hidden_kind_separator": (1, 2), "hidden_per_user": (3, 4)}  # name -> (label col, value col)

TABLE_HEADER_ROW = 4  # price sheets, OptionPrices, Lists, Checks: headings here, data below
TABLE_FIRST_ROW = 5
#: price sheets and OptionPrices scroll under their headings and their first column (a row's id or key).
TABLE_FREEZE_CELL = (TABLE_FIRST_ROW, 2)


TITLE_CELL = (1, 1)  # (row, column): every sheet's title
NOTE_CELL = (2, 1)  # ... and the line under it saying how to read the sheet


def letter(col: int) -> str:
    """Column letter of a 1-based column number: ``2`` -> ``B``."""
    return get_column_letter(col)


def coordinate(row: int, col: int, *, absolute: bool = False) -> str:
    """``B5`` (``$B$5`` when absolute): a cell on the sheet being written."""
    dollar = "$" if absolute else ""
    return f"{dollar}{letter(col)}{dollar}{row}"


def block(row1: int, col1: int, row2: int, col2: int, *, absolute: bool = False) -> str:
    """``B5:C9``: a range on the sheet being written (a validation's cells, a formula's range)."""
    return f"{coordinate(row1, col1, absolute=absolute)}:{coordinate(row2, col2, absolute=absolute)}"


def columns(first: int, last: int) -> str:
    """``A:C``: whole columns (the columns printed on every page)."""
    return f"{letter(first)}:{letter(last)}"


@dataclass(frozen=True)
class Column:
    """One column of a sheet table: the field writers and the audit name it by, its heading, its width in
    characters (None: the sheet's other table or the fitted width decides) and its number format."""

    field: str
    header: str
    width: float | None = None
    number_format: str | None = None


class Table:
    """Columns side by side from ``first_col``: a column's number, hence its letter, is its place here, so a
    column is added, moved or renamed in one record and every writer and the audit follow."""

    def __init__(self, *columns: Column, first_col: int = 1) -> None:
        self.columns = columns
        self.first_col = first_col
        self.cols: dict[str, int] = {c.field: first_col + i for i, c in enumerate(columns)}
        if len(self.cols) != len(columns):
            twice = sorted({c.field for c in columns if [d.field for d in columns].count(c.field) > 1})
            raise ValueError(f"a table names each field once; {', '.join(twice)} appear more than once")

    def __getitem__(self, field: str) -> Column:
        return self.columns[self.cols[field] - self.first_col]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    @property
    def widths(self) -> dict[int, float]:
        """Column number -> width, for the columns whose width this table sets."""
        return {self.cols[c.field]: c.width for c in self.columns if c.width is not None}

    @property
    def after(self) -> int:
        """The first column right of the table: where columns that repeat per option, or a spacer, begin."""
        return self.first_col + len(self.columns)

    def cell(self, field: str, row: int) -> tuple[int, int]:
        """(row, column) of a field's cell on a row of the table."""
        return row, self.cols[field]

    def coordinate(self, field: str, row: int) -> str:
        return coordinate(row, self.cols[field])

    def block(self, field: str, first: int, last: int) -> str:
        """``B5:B9``: a field's cells from row ``first`` to ``last``."""
        return block(first, self.cols[field], last, self.cols[field])


def ref(sheet: str, row: int, col: int, *, absolute: bool = True) -> str:
    """``Sheet!$C$5``: a cell on a sheet, quoted when the name needs it."""
    return f"{quote_sheetname(sheet)}!{coordinate(row, col, absolute=absolute)}"


def span(sheet: str, row1: int, col1: int, row2: int, col2: int) -> str:
    return f"{ref(sheet, row1, col1)}:{ref(sheet, row2, col2).split('!')[1]}"


def price_columns(file: str, rows: Iterable[Row]) -> list[str]:
    """The columns of a catalog file's price sheet holding ``rows``: its CSV header, without the optional
    columns none of them fills (``Row.SHOWN_WHEN_FILLED``: the billing rules, a cloud's rental offer), so a
    workbook of rows without them reads as before those columns existed."""
    held = list(rows)
    model = FILES[file]
    return [
        column
        for column in columns_for(model)
        if column not in model.SHOWN_WHEN_FILLED or any(row.fills(column) for row in held)
    ]


def price_column(file: str, field: str, rows: Iterable[Row]) -> int:
    """Column of a catalog field (``rate_to_cny``, ``hardware_low``...) on the price sheet holding ``rows``."""
    return price_columns(file, rows).index(field) + 1


# ---------------------------------------------------------------- Cover
#: the guide on Cover: labels in the first column, what xlcost wrote in the second.
COVER_TABLE = Table(Column("label", "", 44), Column("value", "", 100))
COVER_VALUE_COL = COVER_TABLE.cols["value"]
#: Cover cells an audit reads back (column B); the scenario is stored as JSON text.
COVER_ROWS = {
    "generator_version": 4,
    "scenario_name": 5,
    "scenario_description": 6,
    "catalog": 7,
    "prices_as_of": 8,
    "input_hash": 9,
    "master_check": 10,
    "scenario_json": 11,
}


# ---------------------------------------------------------------- Inputs
@dataclass(frozen=True)
class ScalarInput:
    name: str  # the defined name formulas use
    label: str
    unit: str


#: what the self-hosted options' GPUs were sized for (Scenario.serving), and the constants of the live GPU count.
SERVING_INPUTS: tuple[ScalarInput, ...] = (
    ScalarInput("serving_model", "Model served by the self-hosted options", "catalog id or config.json"),
    ScalarInput("serving_precision", "Precision of the model's weights", "fp16 / bf16 / fp8 / int4 / fp4"),
    ScalarInput("serving_engine", "Serving engine", "vllm / sglang / tensorrt-llm"),
    ScalarInput("ttft_ms", "Latency target: time to first token", "ms"),
    ScalarInput("tpot_ms", "Latency target: time per output token", "ms"),
    ScalarInput("requests_per_user_day", "Requests per user per day", "requests"),
    ScalarInput("utilisation", "Share of a replica's throughput planned", "share"),
    ScalarInput("seconds_per_day", "Seconds in a day (unit conversion)", "seconds"),
    ScalarInput("whole_tolerance", "Tolerance when rounding up to whole replicas", "replicas"),
)
SCALAR_INPUTS: tuple[ScalarInput, ...] = (
    ScalarInput("currency", "Result currency", "ISO code"),
    ScalarInput("case", "Price case for ranged prices", "low / mid / high"),
    ScalarInput("users_per_day", "Daily active users in month 1", "users per day"),
    ScalarInput("input_tokens_per_user_day", "Input (prompt) tokens per user per day", "tokens"),
    ScalarInput("output_tokens_per_user_day", "Output (generated) tokens per user per day", "tokens"),
    ScalarInput("cached_input_share", "Share of input tokens billed at the cached-input price", "share"),
    ScalarInput("days_per_month", "Billing days in a month", "days"),
    ScalarInput("monthly_growth", "Compound growth of users per month", "share per month"),
    ScalarInput("horizon_months", "Horizon", "months"),
    ScalarInput("peak_to_average", "Busiest hour's traffic over the day's average hour", "ratio"),
    ScalarInput("discount_rate", "Discount rate for NPV", "per year"),
    ScalarInput("tokens_per_mtok", "Tokens in one million (unit conversion)", "tokens"),
    ScalarInput("check_tolerance", "Tolerance of the reconciliation checks", "relative"),
    *SERVING_INPUTS,
)
INPUT_TABLE = Table(
    Column("label", "Input", 44),
    Column("value", "Value", 26),
    Column("unit", "Unit", 30),
    Column("source", "Source", 40),
    Column("comments", "Comments", 40),
    Column("name", "Defined name", 26),
)
INPUT_COLS = INPUT_TABLE.cols
INPUT_FIRST_ROW = TABLE_FIRST_ROW


def input_row(name: str) -> int:
    return INPUT_FIRST_ROW + [s.name for s in SCALAR_INPUTS].index(name)


OPTIONS_TITLE_ROW = INPUT_FIRST_ROW + len(SCALAR_INPUTS) + 1
OPTIONS_HEADER_ROW = OPTIONS_TITLE_ROW + 1
#: option table on Inputs, under the scalar inputs (whose widths its first six columns take); the editable
#: columns get a defined name ``option_<field>_<n>``.
OPTION_TABLE = Table(
    Column("number", "No.", number_format=styles.COUNT),
    Column("key", "Option key"),
    Column("label", "Label"),
    Column("units", "Units (GPUs, machines or seats)", number_format=styles.NUMBER),
    Column("case", "Case override (blank = scenario case)"),
    Column("hours", "Hours billed per month, on demand or spot (blank = always on)", number_format=styles.NUMBER),
    Column("power", "Include power (1 = yes, 0 = no)", 12, styles.COUNT),
    Column("extra", "Other cost per year (result currency)", 14, styles.MONEY),
    Column("extra_label", "What the other cost pays for", 22),
    Column("units_source", "Where the units come from", 60),
    Column("sized_gpu", "GPU sized", 14),
    Column("replica_tokens_per_s", "Output tokens/s one replica serves within the latency target", 16, styles.NUMBER),
    Column("gpus_per_replica", "GPUs per replica", 12, styles.NUMBER),
    Column("min_gpus", "GPUs to hold the model", 12, styles.NUMBER),
    Column("gpus_per_unit", "GPUs per unit", 12, styles.NUMBER),
    Column("comments", "Comments", 30),
    # the key the label and units were set for: a Check flags a key picked since
    Column("for_key", "Label and units are for key"),
)
OPTION_COLS = OPTION_TABLE.cols
#: what sizes an option's GPUs live on Calc: one replica's throughput at the latency target, and the GPU counts.
SIZING_FIELDS = ("replica_tokens_per_s", "gpus_per_replica", "min_gpus", "gpus_per_unit")
OPTION_INPUT_FIELDS = (
    "key", "label", "units", "case", "hours", "power", "extra", "extra_label", *SIZING_FIELDS, "for_key",
)  # fmt: skip


def option_input_row(option: int) -> int:
    return OPTIONS_HEADER_ROW + option


def option_input_name(field: str, option: int) -> str:
    return f"option_{field}_{option}"


#: the decision matrix's questions (TRUE/FALSE) and thresholds, below the options table on Inputs.
DECISION_INPUTS: tuple[ScalarInput, ...] = (
    ScalarInput("sensitive_data", "Sensitive data that must not leave the company", "TRUE / FALSE"),
    ScalarInput("volatile", "Demand volatile or unknown (trial phase)", "TRUE / FALSE"),
    ScalarInput("latency_sensitive", "Response time matters", "TRUE / FALSE"),
    ScalarInput("fine_tune", "A custom fine-tuned model will be served", "TRUE / FALSE"),
    ScalarInput("decision_small_tokens", "Below this many tokens a day the load is small", "tokens per day"),
    ScalarInput("decision_large_tokens", "Above this many tokens a day the load is large", "tokens per day"),
    ScalarInput("decision_close_share", "API and rental within this share of each other: a tie", "share"),
)


def decision_input_row(options: int, name: str) -> int:
    """Row of a decision input: a title and a header row after the options table, then one per input."""
    return option_input_row(options) + 4 + [s.name for s in DECISION_INPUTS].index(name)


#: the workload fields the vendor billing rules read (``scenario.BILLING_WORKLOAD_FIELDS``), below the decision
#: inputs, in a workbook the rules bill (the requests a user sends a day are a serving input above).
BILLING_INPUTS: tuple[ScalarInput, ...] = (
    ScalarInput("cache_write_share", "Share of input tokens written to the cache", "share"),
    ScalarInput("batch_share", "Share of requests sent through the batch API", "share"),
    ScalarInput("service_tier", "API service tier of the other requests", "standard / priority / flex"),
    ScalarInput("reasoning_tokens_per_user_day", "Reasoning tokens per user per day (billed as output)", "tokens"),
)


def billing_input_row(options: int, name: str) -> int:
    """Row of a billing input: a blank row, a title and a header row after the decision inputs, then one per input."""
    last = decision_input_row(options, DECISION_INPUTS[-1].name)
    return last + 4 + [s.name for s in BILLING_INPUTS].index(name)


# ---------------------------------------------------------------- Lists
CASES_ROW = TABLE_FIRST_ROW  # low, mid, high from here down, their weight between low and high beside them
#: the Lists table: the cases and their weights, then (``LIST_TEXT_ROWS``) each text's description and the text.
LISTS_TABLE = Table(Column("item", "Case", 36), Column("value", "Weight between low and high", 28))
#: the words formulas show, one row each, among them the breakeven sentence's (``core.money.BREAKEVEN_WORDS``).
BREAKEVEN_TEXTS = tuple(BREAKEVEN_WORDS)
LIST_TEXT_ROWS = {
    "text_none": 10,
    "text_na": 11,
    "tariff_currency": 12,
    "month_words": 13,
    **{f"words_breakeven_{key}": 14 + i for i, key in enumerate(BREAKEVEN_TEXTS)},
}

#: the service tiers (``scenario.ServiceTier``) in a workbook the billing rules bill: a table beside the cases
#: (the decision's lists fill the rows under the texts), one row each, its value named ``tier_<tier>``
TIERS_TABLE = Table(Column("item", "API service tier", 18), Column("value", "Text", 14), first_col=4)
TIER_FIRST_ROW = CASES_ROW
TIERS = get_args(ServiceTier)

# ---------------------------------------------------------------- OptionPrices
#: the per-unit prices an option kind's price rule gives (``option_kinds``), in OptionPrices' columns.
OPTION_PRICE_FIGURES = (
    "upfront_low", "upfront_high", "monthly_low", "monthly_high", "hourly", "power_kw", "input", "cached", "output",
)  # fmt: skip
#: one row per option key the catalog can price; every figure is a formula reading a price sheet. The headings
#: are the field names: the defined names ``op_<field>`` read the columns.
OPTION_PRICE_TABLE = Table(
    Column("key", "key", 24),
    Column("kind", "kind", 13),
    Column("id", "id", 13),
    Column("name", "name", 24, styles.TEXT),
    Column("currency", "currency", 13, styles.TEXT),
    *(Column(field, field, 13, styles.PRICE) for field in OPTION_PRICE_FIGURES),
    Column("price_sheet", "price_sheet", 13),
    Column("source", "source", 48, styles.TEXT),
    Column("as_of", "as_of", 13, styles.DATE),
)
OPTION_PRICE_COLS = OPTION_PRICE_TABLE.cols


def option_price_table(billing: bool) -> Table:
    """OptionPrices' columns; where the billing rules apply, each traffic's prices follow (``rules.billing_prices``).
    The list prices (input, cached, output) keep their columns, so a column reads the same in every workbook."""
    if not billing:
        return OPTION_PRICE_TABLE
    rule_columns = (
        Column(name, name, 13, styles.NUMBER if name == "lc_above" else styles.PRICE)
        for name in rules.BILLING_PRICE_COLUMNS
        if name not in OPTION_PRICE_COLS
    )
    return Table(*OPTION_PRICE_TABLE.columns, *rule_columns)


# ---------------------------------------------------------------- Calc
#: the columns before the timeline; value: a row's constant, or its total over the months.
CALC_TABLE = Table(
    Column("section", "Section", 16),
    Column("line", "Line", 46),
    Column("unit", "Unit", 14),
    Column("value", "Value / total", 16),
)
CALC_COLS = CALC_TABLE.cols
SPACER_COL = CALC_TABLE.after  # blank: "month 0" for rows that read the previous month
SPACER_WIDTH = 2
FIRST_MONTH_COL = SPACER_COL + 1
MONTH_WIDTH = 12
MONTH_ROW = 3
CALC_HEADER_ROW = 4


def month_col(month: int) -> int:
    return FIRST_MONTH_COL + month - 1


@dataclass(frozen=True)
class CalcBlock:
    """A repeated group of Calc rows: a title row, then one row per field."""

    first_row: int
    fields: tuple[str, ...]

    @property
    def height(self) -> int:
        return len(self.fields) + 2  # title row and a blank row after

    def row(self, index: int, field: str) -> int:
        """Row of ``field`` in the block numbered ``index`` (1-based)."""
        return self.first_row + (index - 1) * self.height + 1 + self.fields.index(field)

    def title_row(self, index: int) -> int:
        return self.first_row + (index - 1) * self.height


TIMING = CalcBlock(6, fields(calc_rows.TIMING))
#: option and pair rows, in the order calc_rows defines them
OPTION_FIELDS = fields(calc_rows.OPTION)
PAIR_FIELDS = fields(calc_rows.PAIR)


@dataclass(frozen=True)
class CalcLayout:
    """Calc rows for a given number of options (pairs follow the options) and of hidden-cost lines per option."""

    options: int
    hidden_costs: int = 0
    billing: bool = False  # the vendor billing rules' lines in each option's block (``calc_rows.option_lines``)

    @property
    def option_block(self) -> CalcBlock:
        lines = calc_rows.option_lines(self.hidden_costs, self.billing)
        return CalcBlock(TIMING.first_row + TIMING.height, fields(lines))

    @property
    def pair_block(self) -> CalcBlock:
        first = self.option_block.first_row + self.options * self.option_block.height
        return CalcBlock(first, PAIR_FIELDS)

    def pairs(self) -> list[tuple[int, int]]:
        """Option pairs (a, b), a < b, in the order of the core's breakevens."""
        return list(combinations(range(1, self.options + 1), 2))

    @property
    def last_row(self) -> int:
        return self.pair_block.first_row + len(self.pairs()) * self.pair_block.height


# ---------------------------------------------------------------- Summary
SUMMARY_MASTER_ROW = 3
SUMMARY_HEADER_ROW = 6
SUMMARY_TABLE = Table(
    Column("number", "No.", 6, styles.COUNT),
    Column("name", "Option", 38),
    Column("key", "Key", 24),
    Column("units", "Units", 24, styles.NUMBER),
    Column("upfront", "Upfront ({currency})", 16, styles.MONEY),
    Column("month1_running", "Running cost, month 1 ({currency})", 18, styles.MONEY),
    Column("tco", "TCO ({currency})", 16, styles.MONEY),
    Column("npv", "NPV ({currency})", 16, styles.MONEY),
    Column("cost_per_mtok", "Cost per 1M tokens ({currency})", 16, styles.PRICE),
    Column("rank", "Rank by TCO", 10, styles.COUNT),
)
SUMMARY_COLS = SUMMARY_TABLE.cols
#: Summary outputs with a defined name ``<field>_<option>``.
SUMMARY_OUTPUTS = ("upfront", "month1_running", "tco", "npv", "cost_per_mtok")
#: the breakevens under the options, in the Summary table's columns (whose widths they take).
PAIR_TABLE = Table(
    Column("number", "No.", number_format=styles.COUNT),
    Column("a", "Option A"),
    Column("b", "Option B"),
    Column("costlier", "Dearer at the start"),
    Column("breakeven", "Breakeven month", number_format=styles.MONTHS),
    Column("reading", "In words"),
)
PAIR_COLS = PAIR_TABLE.cols
#: the master check, the cheapest option, the recommendation and the models compared: a label in the first
#: column, the answer here.
SUMMARY_ANSWER_COL = 4


def summary_option_row(option: int) -> int:
    return SUMMARY_HEADER_ROW + option


@dataclass(frozen=True)
class SummaryLayout:
    options: int

    @property
    def cheapest_row(self) -> int:
        return SUMMARY_HEADER_ROW + self.options + 2

    @property
    def recommendation_row(self) -> int:
        return self.cheapest_row + 1

    @property
    def models_row(self) -> int:
        """Says when the API and self-hosted options serve different models."""
        return self.recommendation_row + 1

    @property
    def pair_header_row(self) -> int:
        return self.recommendation_row + 3

    def pair_row(self, pair: int) -> int:
        return self.pair_header_row + pair


def breakeven_name(a: int, b: int) -> str:
    return f"breakeven_{a}_{b}"


def costlier_name(a: int, b: int) -> str:
    return f"costlier_{a}_{b}"


# ---------------------------------------------------------------- Decision
#: the constraints, one row each: the words, the answer on Inputs, in force (a yielding one gives way), what it rules out.
DECISION_CONSTRAINTS = Table(
    Column("constraint", "Constraint"),
    Column("answered", "Answered TRUE"),
    Column("in_force", "In force"),
    Column("excludes", "Rules out"),
)
#: the approaches: 1 when no constraint in force rules one out.
DECISION_APPROACHES = Table(Column("approach", "Approach"), Column("allowed", "Allowed (1 = yes)"))
#: the options compared, then from ``after`` one column per approach a hybrid combines (its TCO if allowed).
DECISION_OPTIONS = Table(
    Column("number", "No."),
    Column("names", "Option"),
    Column("kind", "Kind"),
    Column("approaches", "Approach"),
    Column("tcos", "TCO ({currency})"),
    Column("serves", "Serves the load (1 = yes)"),
    Column("allowed", "Allowed (1 = yes)"),
    Column("candidates", "TCO if allowed"),
)
#: the rules of the decision matrix: whether each applies, fits the approach picked, both, and its words.
DECISION_RULES = Table(
    Column("rule", "Rule (seed 002 §6)"),
    Column("applies", "Applies"),
    Column("fits", "Fits the pick"),
    Column("both", "Both"),
    Column("reason", "Why"),
)
#: the steps from the tables to the sentence: what each is, and its named cell.
DECISION_STEPS = Table(Column("label", ""), Column("value", ""))

# ---------------------------------------------------------------- Sensitivity
#: under the note: what the sheet leaves out (inputs it does not move, where to find the rest).
SENSITIVITY_OMITTED_CELL = (3, 1)
#: the spreads low and high are taken with, one row each: what it is, its value (an input), its defined name.
SENSITIVITY_SETTINGS_TABLE = Table(Column("label", ""), Column("value", ""), Column("name", ""))
#: the tornado's table: each input's range, then ``SENSITIVITY_FIGURES`` for each option in turn.
SENSITIVITY_TABLE = Table(
    Column("input", "Input", 40),
    Column("basis", "Range from", 16),
    Column("low", "Low", 14),
    Column("base", "Base", 14),
    Column("high", "High", 14),
)
SENSITIVITY_FIGURES = ("TCO low", "TCO high", "Swing", "Low - base", "High - base")
SENSITIVITY_FIGURE_WIDTH = 14
#: the case blocks under the tables, in the tornado table's first columns (whose widths they take): the input
#: moved, to which bound, its value and the growth sum, then ``CASE_FIGURES`` for each option in turn.
CASE_TABLE = Table(
    Column("input", "Input"), Column("case", "Case"), Column("value", "Value"), Column("growth_sum", "Growth sum")
)
CASE_FIGURES = ("Upfront", "Flat monthly", "Usage, month 1", "TCO")


def sensitivity_col(option: int, figure: str) -> int:
    """Column of one of an option's ``SENSITIVITY_FIGURES`` in the tornado's table."""
    return SENSITIVITY_TABLE.after + len(SENSITIVITY_FIGURES) * (option - 1) + SENSITIVITY_FIGURES.index(figure)


def case_col(option: int, figure: str) -> int:
    """Column of one of an option's ``CASE_FIGURES`` in the case blocks."""
    return CASE_TABLE.after + len(CASE_FIGURES) * (option - 1) + CASE_FIGURES.index(figure)


# ---------------------------------------------------------------- Checks
CHECKS_MASTER_ROW = 2
#: one row per check under the headings: what is checked, its value (0 when it holds) and when it fails.
CHECKS_TABLE = Table(
    Column("check", "Check", 70),
    Column("value", "Value", 10, styles.CHECK),
    Column("meaning", "Fails when", 24),
)

#: defined names of single cells outside Inputs, Summary and price sheets.
MASTER_CHECK = "checks_master"
INPUT_HASH = "input_hash"
SCENARIO_JSON = "scenario_json"
GENERATOR_VERSION = "generator_version"
CHEAPEST = "cheapest_option"
RECOMMENDATION = "recommendation"
