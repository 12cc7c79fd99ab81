"""The decision matrix of seed 002 §6, live: which approach the rules pick and which of the scenario's
own options that means, beside the cheapest on cost.

Inputs holds the questions (TRUE/FALSE) and thresholds; the Decision sheet holds the rules in order
(the first that applies wins), each option's approach and the sentence; Summary shows the sentence
under the defined name ``recommendation``. Reasons, approach names and the sentence's words come from
the plan's decision matrix (``xlcost.analysis.recommend``), so the workbook and ``xlcost recommend`` say
the same thing.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.workbook import layout, styles
from xlcost.workbook.build_plan import BuildPlan, DecisionMatrix
from xlcost.workbook.expr import Cell, CellRange, Expr, Name, call
from xlcost.workbook.inputs_sheet import write_input_row

#: Lists rows (below the texts of inputs.py): approach names, kind -> approach, the sentence's words.
LISTS_FIRST_ROW = max(layout.LIST_TEXT_ROWS.values()) + 3
#: when each rule of the decision matrix applies, as an expression over the inputs.
USERS = Name("users_per_day")
APPLIES: dict[str, Expr] = {
    "volatile": Name("volatile"),
    "sensitive_large": call("AND", Name("sensitive_data"), USERS.gt(Name("decision_large_users"))),
    "sensitive": Name("sensitive_data"),
    "fine_tune": Name("fine_tune"),
    "small": USERS.lt(Name("decision_small_users")),
    "latency_mid": call("AND", USERS.le(Name("decision_large_users")), Name("latency_sensitive")),
    "by_cost": call("TRUE"),
}
RULE_HEADER = 4
#: the table of options compared: these columns, then one per approach a hybrid combines.
OPTION_COLUMNS = ("No.", "Option", "Kind", "Approach", "TCO ({currency})", "In the recommended approach")


def write_decision(wb: Workbook, plan: BuildPlan) -> None:
    """Inputs block, Lists texts, the Decision sheet, and the live sentence on Summary."""
    _inputs(wb, plan)
    _lists(wb, plan)
    ws = wb[layout.DECISION]
    styles.label(
        ws, "A1", "Decision: what the decision matrix (seed 002 §6) recommends among the options compared", styles.TITLE
    )
    styles.text(
        ws,
        "A2",
        "Rules in order, the first that applies wins; answer the questions on Inputs. The recommended option is the "
        "cheapest compared option of that approach; when another option is cheaper, the sentence says by how much.",
    )
    first_rule = RULE_HEADER + 1
    rule_rows = (first_rule, first_rule + len(plan.decision.rules) - 1)
    option_header = rule_rows[1] + 3
    steps = _steps(rule_rows)
    first_step = option_header + len(plan.options) + 2
    for offset, (name, _, _, _) in enumerate(steps):
        plan.define(wb, f"decision_{name}", layout.ref(layout.DECISION, first_step + offset, 2))
    # written in the order they are read, so each value is computed from values already written
    _options(wb, ws, plan, option_header)
    at = {name: k for k, (name, *_) in enumerate(steps)}
    _steps_to(ws, plan, steps, first_step, 0, at["hybrid"] + 1)  # the cheapest and the tie
    _rules(ws, plan, first_rule)  # the last rule reads them
    _steps_to(ws, plan, steps, first_step, at["hybrid"] + 1, at["reason"] + 1)  # the rule that applies
    _in_approach(ws, plan, option_header)
    _steps_to(ws, plan, steps, first_step, at["reason"] + 1, len(steps))  # the option and the sentence
    styles.protect(ws)
    summary = wb[layout.SUMMARY]
    r = layout.SummaryLayout(len(plan.options)).recommendation_row
    styles.label(summary, f"A{r}", "Recommendation (decision matrix, seed 002 §6; questions on Inputs)")
    plan.book.put(summary, f"D{r}", Name("decision_sentence"), styles.OUTPUT)
    plan.define(wb, layout.RECOMMENDATION, layout.ref(layout.SUMMARY, r, 4))


def _inputs(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[layout.INPUTS]
    n = len(plan.options)
    first = layout.decision_input_row(n, layout.DECISION_INPUTS[0].name)
    styles.label(
        ws, f"A{first - 2}", "Decision matrix (seed 002 §6): answer TRUE or FALSE; the thresholds are the seed's"
    )
    styles.header_row(ws, first - 1, ["Question or threshold", "Value", "Unit", "Source", "Comments", "Defined name"])
    situation, matrix = plan.scenario.situation, plan.decision
    settings: dict[str, tuple[float, str]] = {
        "decision_small_users": (
            matrix.small_users,
            f"seed 002 §6: under {matrix.small_users:,} daily users, the API",
        ),
        "decision_large_users": (
            matrix.large_users,
            f"seed 002 §6: over {matrix.large_users:,} stable daily users with compliance needs, build",
        ),
        "decision_close_share": (
            matrix.close_share,
            f"xlcost: within {matrix.close_share:.0%} the seed calls API and rental a tie (scenario B)",
        ),
    }
    flags = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=False)
    flags.error = "TRUE or FALSE"
    ws.add_data_validation(flags)
    for spec in layout.DECISION_INPUTS:
        r = layout.decision_input_row(n, spec.name)
        if spec.name in settings:
            value, source = settings[spec.name]
            number_format = styles.SHARE if spec.name == "decision_close_share" else styles.COUNT
        else:
            value, number_format = getattr(situation, spec.name), styles.FLAG
            flags.add(f"B{r}")
            source = "scenario file" if spec.name in situation.model_fields_set else "xlcost default"
        write_input_row(wb, plan, r, spec, value, number_format, source)


def _lists(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[layout.LISTS]
    matrix = plan.decision
    r = LISTS_FIRST_ROW
    styles.header_row(ws, r, ["Approach (decision matrix)", "Shown as"])
    for name, approach in _approach_names(matrix).items():
        r += 1
        styles.text(ws, f"A{r}", name.removeprefix("text_").replace("_", " "), styles.CALC)
        styles.text(ws, f"B{r}", approach, styles.INPUT)
        plan.define(wb, name, layout.ref(layout.LISTS, r, 2))
    r += 2
    styles.header_row(ws, r, ["Option kind", "Approach"])
    kinds = list(matrix.approach_of_kind.items())
    for kind, approach in kinds:
        r += 1
        styles.text(ws, f"A{r}", kind, styles.CALC)
        plan.book.put(ws, f"B{r}", Name(_approach_name(matrix, approach)), styles.CALC)
    plan.define(wb, "kind_name", layout.span(layout.LISTS, r - len(kinds) + 1, 1, r, 1))
    plan.define(wb, "kind_approach", layout.span(layout.LISTS, r - len(kinds) + 1, 2, r, 2))
    r += 2
    styles.header_row(ws, r, ["Words of the recommendation", "Text"])
    texts = {f"words_{key}": (key.replace("_", " "), words) for key, words in matrix.sentence.items()}
    other_texts = {
        "text_by_cost_reason": ("Why, when no rule applies", matrix.by_cost_reason),
        "text_hybrid_reason": ("Why, when API and rental tie", matrix.hybrid_reason),
        "money_words": ("How the sentence shows money (TEXT format)", matrix.money_words),
    }
    for name, (what, words) in (texts | other_texts).items():
        r += 1
        styles.text(ws, f"A{r}", what, styles.CALC)
        styles.text(ws, f"B{r}", words, styles.INPUT)
        plan.define(wb, name, layout.ref(layout.LISTS, r, 2))


def _options(wb: Workbook, ws: Worksheet, plan: BuildPlan, header: int) -> None:
    """One row per option: its approach, and its TCO in the columns of the approaches it counts for."""
    styles.label(ws, f"A{header - 1}", "Options compared, by approach")
    styles.header_row(ws, header, [*OPTION_COLUMNS, *plan.decision.hybrid_parts])
    block = plan.calc_layout.option_block
    last = header + len(plan.options)
    for letter, name in _COLUMN_NAMES.items():
        col = column_index_from_string(letter)
        plan.define(wb, f"decision_{name}", layout.span(layout.DECISION, header + 1, col, last, col))
    put = plan.book.put
    for option in plan.options:
        i, r = option.number, header + option.number
        approach, tco = Cell(layout.DECISION, r, 4), Cell(layout.DECISION, r, 5)
        styles.value(ws, f"A{r}", i, styles.CALC, styles.COUNT)
        put(ws, f"B{r}", Name(f"name_{i}"), styles.LINK)
        put(ws, f"C{r}", Cell(layout.CALC, block.row(i, "kind"), layout.CALC_COLS["value"]), styles.LINK)
        kind = call("MATCH", Cell(layout.DECISION, r, 3), Name("kind_name"), 0)
        put(ws, f"D{r}", call("INDEX", Name("kind_approach"), kind, 1), styles.CALC)
        put(ws, f"E{r}", Name(f"tco_{i}"), styles.LINK, styles.MONEY)
        for letter, text in (("G", "text_api"), ("H", "text_rental")):
            put(
                ws, f"{letter}{r}", call("IF", approach.eq(Name(text)), tco, Name("text_na")), styles.CALC, styles.MONEY
            )


def _in_approach(ws: Worksheet, plan: BuildPlan, header: int) -> None:
    """Each option's TCO when it belongs to the recommended approach (either half of a Hybrid), else "not applicable"."""
    chosen = Name("decision_approach")
    for option in plan.options:
        r = header + option.number
        approach = Cell(layout.DECISION, r, 4)
        part = call("OR", approach.eq(Name("text_api")), approach.eq(Name("text_rental")))
        counts = call("OR", approach.eq(chosen), call("AND", chosen.eq(Name("text_hybrid")), part))
        expr = call("IF", counts, Cell(layout.DECISION, r, 5), Name("text_na"))
        plan.book.put(ws, f"F{r}", expr, styles.CALC, styles.MONEY)


_COLUMN_NAMES = {"B": "names", "D": "approaches", "E": "tcos", "F": "in_approach", "G": "api_tcos", "H": "rental_tcos"}


def _approach_names(matrix: DecisionMatrix) -> dict[str, str]:
    """The defined names of the Lists cells that show the approaches, and what they show."""
    return {f"text_{approach}": shown for approach, shown in matrix.approaches.items()}


def _approach_name(matrix: DecisionMatrix, approach: str) -> str:
    """The defined name of the Lists cell that shows an approach."""
    return next(name for name, shown in _approach_names(matrix).items() if shown == approach)


Step = tuple[str, str, Expr, str | None]


def _steps(rule_rows: tuple[int, int]) -> tuple[Step, ...]:
    """The steps from the table to the sentence, one named cell each, in the order they are read."""

    def step(name: str) -> Expr:
        return Name(f"decision_{name}")

    def money(expr: Expr) -> Expr:
        return call("TEXT", expr, Name("money_words"))

    def words(*parts: Expr | str) -> Expr:
        exprs = [Name(f"words_{p}") if isinstance(p, str) else p for p in parts]
        joined = exprs[0]
        for part in exprs[1:]:
            joined = joined.cat(part)
        return joined

    api, rental = step("api_tcos"), step("rental_tcos")
    cheapest_at = call("MATCH", step("cheapest_tco"), step("tcos"), 0)
    close = call("ABS", call("MIN", api) - call("MIN", rental)).le(
        Name("decision_close_share") * call("MIN", call("MIN", api), call("MIN", rental))
    )
    either = call(
        "OR", step("cheapest_approach").eq(Name("text_api")), step("cheapest_approach").eq(Name("text_rental"))
    )
    rule_col = CellRange(layout.DECISION, rule_rows[0], 2, rule_rows[1], 2)
    has = step("has_option")
    head_with = words(
        step("approach"), "after_approach", step("option"), "before_tco", money(step("option_tco")), "open"
    )
    head_with = words(head_with, step("reason"), "close")
    head_without = words(step("approach"), "open", step("reason"), "no_option")
    tail = words("cheapest", step("cheapest_name"), "at", money(step("cheapest_tco")))
    with_gap = words(step("head"), step("tail"), "before_gap", money(step("gap")), "after_gap")
    return (
        ("cheapest_tco", "Cheapest TCO of the options", call("MIN", step("tcos")), styles.MONEY),
        ("cheapest_name", "Cheapest option", call("INDEX", step("names"), cheapest_at, 1), None),
        ("cheapest_approach", "Its approach", call("INDEX", step("approaches"), cheapest_at, 1), None),
        (
            "hybrid",
            "API and rental tie (the cheaper is one of them, within the tie share)",
            call("AND", call("COUNT", api).gt(0), call("COUNT", rental).gt(0), either, close),
            None,
        ),
        ("rule", "Rule that applies (first TRUE above)", call("MATCH", call("TRUE"), rule_col, 0), styles.COUNT),
        (
            "approach",
            "Recommended approach",
            call("INDEX", CellRange(layout.DECISION, rule_rows[0], 3, rule_rows[1], 3), step("rule"), 1),
            None,
        ),
        (
            "reason",
            "Why",
            call("INDEX", CellRange(layout.DECISION, rule_rows[0], 4, rule_rows[1], 4), step("rule"), 1),
            None,
        ),
        ("has_option", "An option of that approach is compared", call("COUNT", step("in_approach")).gt(0), None),
        (
            "option_tco",
            "Its cheapest option's TCO",
            call("IF", has, call("MIN", step("in_approach")), Name("text_na")),
            styles.MONEY,
        ),
        (
            "option",
            "Recommended option",
            call(
                "IF",
                has,
                call("INDEX", step("names"), call("MATCH", step("option_tco"), step("in_approach"), 0), 1),
                Name("text_na"),
            ),
            None,
        ),
        (
            "gap",
            "It costs more than the cheapest by",
            call("IF", has, step("option_tco") - step("cheapest_tco"), Name("text_na")),
            styles.MONEY_SAVING,
        ),
        ("head", "Sentence: the recommendation", call("IF", has, head_with, head_without), None),
        ("tail", "Sentence: the cheapest on cost", tail, None),
        (
            "sentence",
            "Recommendation",
            call("IF", has, call("IF", step("gap").eq(0), step("head"), with_gap), words(step("head"), step("tail"))),
            None,
        ),
    )


def _steps_to(ws: Worksheet, plan: BuildPlan, steps: tuple[Step, ...], first_row: int, start: int, stop: int) -> None:
    """Write steps[start:stop], step k on row first_row + k."""
    for k in range(start, stop):
        name, label, expr, fmt = steps[k]
        r = first_row + k
        styles.text(ws, f"A{r}", label, styles.CALC)
        role = styles.OUTPUT if name in ("approach", "option", "sentence") else styles.CALC
        plan.book.put(ws, f"B{r}", expr, role, fmt)


def _rules(ws: Worksheet, plan: BuildPlan, first: int) -> None:
    styles.header_row(ws, RULE_HEADER, ["Rule (seed 002 §6)", "Applies", "Approach", "Why"])
    put = plan.book.put
    hybrid = Name("decision_hybrid")
    for offset, rule in enumerate(plan.decision.rules):
        r = first + offset
        styles.text(ws, f"A{r}", rule.name.replace("_", " "), styles.CALC)
        put(ws, f"B{r}", APPLIES[rule.name], styles.CALC)
        if rule.approach is None:
            put(ws, f"C{r}", call("IF", hybrid, Name("text_hybrid"), Name("decision_cheapest_approach")), styles.CALC)
            put(ws, f"D{r}", call("IF", hybrid, Name("text_hybrid_reason"), Name("text_by_cost_reason")), styles.CALC)
        else:
            put(ws, f"C{r}", Name(_approach_name(plan.decision, rule.approach)), styles.LINK)
            styles.text(ws, f"D{r}", rule.reason, styles.SOURCE)
