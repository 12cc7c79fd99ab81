"""The decision, live: the cheapest of the scenario's own options that keeps the constraints answered on
Inputs, with the words of seed 002 §6's decision matrix saying why, beside the cheapest on cost.

Inputs holds the questions (TRUE/FALSE) and thresholds; the Decision sheet holds the constraints in force,
the approaches they allow, each option's approach and TCO, the rules whose words explain the pick (the
first that applies and fits wins) and the sentence; Summary shows the sentence under the defined name
``recommendation``. Constraints, the conditions of the constraints and rules, reasons, approach names and the
sentence's words come from ``xlcost.analysis.recommend``: each condition is printed here from its one tree
(``_formula``), so the workbook and ``xlcost recommend`` say the same thing.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.workbook import layout, styles
from xlcost.workbook.build_plan import BuildPlan, DecisionMatrix, WrittenOption, conditions
from xlcost.workbook.expr import Cell, Expr, Name, call, join_words, lift
from xlcost.workbook.inputs_sheet import write_input_row
from xlcost.workbook.rules import short_of_load

#: Lists rows (below the texts of inputs.py): approach names, kind -> approach, the sentence's words.
LISTS_FIRST_ROW = max(layout.LIST_TEXT_ROWS.values()) + 3
_API_TCOS, _RENTAL_TCOS = Name("decision_api_tcos"), Name("decision_rental_tcos")
_PICKED = Name("decision_option_approach")
#: the inputs of the conditions that are formulas rather than a defined name of their own
BOUND: dict[str, Expr] = {
    "api_tco": call("MIN", _API_TCOS),
    "rental_tco": call("MIN", _RENTAL_TCOS),
    "has_api_tco": call("COUNT", _API_TCOS).gt(0),
    "has_rental_tco": call("COUNT", _RENTAL_TCOS).gt(0),
    "api_or_rental_picked": call("OR", _PICKED.eq(Name("text_api")), _PICKED.eq(Name("text_rental"))),
    "daily_tokens": Name("users_per_day") * (Name("input_tokens_per_user_day") + Name("output_tokens_per_user_day")),
    "short": call(  # the cheapest option's GPUs fall short, so another is picked
        "AND",
        call(
            "INDEX", Name("decision_serves"), call("MATCH", Name("decision_cheapest_tco"), Name("decision_tcos"), 0), 1
        ).eq(0),
        Name("decision_option_tco").ne(Name("decision_cheapest_tco")),
    ),
}
HEADER = 4  # the constraints' header row; the other tables follow
#: columns of the options table named ``decision_<field>`` over the options' rows, read by the steps
_NAMED = ("names", "approaches", "tcos", "serves", "allowed", "candidates")
#: after the options table, per approach a hybrid combines: its column's name and the text of the approach
_PARTS = (("api_tcos", "text_api"), ("rental_tcos", "text_rental"))
CONSTRAINTS, APPROACHES, OPTIONS = layout.DECISION_CONSTRAINTS, layout.DECISION_APPROACHES, layout.DECISION_OPTIONS
RULES, STEPS = layout.DECISION_RULES, layout.DECISION_STEPS


def write_decision(wb: Workbook, plan: BuildPlan) -> None:
    """Inputs block, Lists texts, the Decision sheet, and the live sentence on Summary."""
    _inputs(wb, plan)
    _lists(wb, plan)
    ws = wb[layout.DECISION]
    title = "Decision: the cheapest option that keeps the constraints, in the words of seed 002 §6"
    styles.label(ws, layout.TITLE_CELL, title, styles.TITLE)
    styles.text(
        ws,
        layout.NOTE_CELL,
        "Answer the questions on Inputs. A constraint rules approaches out; the recommended option is the cheapest "
        "allowed (all options when none is); the first rule that applies and fits the pick says why.",
    )
    matrix = plan.decision
    approach_header = HEADER + len(matrix.constraints) + 2
    option_header = approach_header + len(matrix.approaches_ranked) + 2
    rule_header = option_header + len(plan.options) + 2
    first_step = rule_header + len(matrix.rules) + 2
    steps = _steps(matrix)
    for offset, (name, *_) in enumerate(steps):
        plan.define(wb, f"decision_{name}", layout.ref(layout.DECISION, *STEPS.cell("value", first_step + offset)))
    at = {name: k for k, (name, *_) in enumerate(steps)}
    # written in the order they are read, so each value is computed from values already written
    _constraints(wb, ws, plan, HEADER)
    _approaches(wb, ws, plan, approach_header)
    _options(wb, ws, plan, option_header)
    _steps_to(ws, plan, steps, first_step, 0, at["meets"] + 1)
    _candidates(ws, plan, option_header)
    _steps_to(ws, plan, steps, first_step, at["meets"] + 1, at["approach"] + 1)
    _rules(wb, ws, plan, rule_header)
    _steps_to(ws, plan, steps, first_step, at["approach"] + 1, len(steps))
    styles.protect(ws)
    summary = wb[layout.SUMMARY]
    r = layout.SummaryLayout(len(plan.options)).recommendation_row
    styles.label(summary, (r, 1), "Recommendation (cheapest meeting the constraints on Inputs; seed 002 §6)")
    plan.book.put(summary, (r, layout.SUMMARY_ANSWER_COL), Name("decision_sentence"), styles.OUTPUT)
    plan.define(wb, layout.RECOMMENDATION, layout.ref(layout.SUMMARY, r, layout.SUMMARY_ANSWER_COL))


def _inputs(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[layout.INPUTS]
    n = len(plan.options)
    first = layout.decision_input_row(n, layout.DECISION_INPUTS[0].name)
    table = layout.INPUT_TABLE
    styles.label(
        ws,
        table.cell("label", first - 2),
        "Decision (seed 002 §6): answer TRUE or FALSE; the thresholds are the seed's",
    )
    styles.header_row(ws, first - 1, ["Question or threshold", *table.headers[1:]])
    situation, matrix = plan.scenario.situation, plan.decision
    per_user = matrix.seed_tokens_per_user_day
    settings: dict[str, tuple[float, str]] = {
        "decision_small_tokens": (
            matrix.small_tokens,
            f"seed 002 §6: under {matrix.small_tokens / per_user:,.0f} users x {per_user:,} tokens: the API",
        ),
        "decision_large_tokens": (
            matrix.large_tokens,
            f"seed 002 §6: over {matrix.large_tokens / per_user:,.0f} users x {per_user:,} tokens, compliance: build",
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
            flags.add(table.coordinate("value", r))
            source = "scenario file" if spec.name in situation.model_fields_set else "xlcost default"
        write_input_row(wb, plan, r, spec, value, number_format, source)


def _lists(wb: Workbook, plan: BuildPlan) -> None:
    ws = wb[layout.LISTS]
    item, shown_col = (layout.LISTS_TABLE.cols[field] for field in ("item", "value"))
    matrix = plan.decision
    r = LISTS_FIRST_ROW
    styles.header_row(ws, r, ["Approach (decision matrix)", "Shown as"])
    for name, approach in _approach_names(matrix).items():
        r += 1
        styles.text(ws, (r, item), name.removeprefix("text_").replace("_", " "), styles.CALC)
        styles.text(ws, (r, shown_col), approach, styles.INPUT)
        plan.define(wb, name, layout.ref(layout.LISTS, r, shown_col))
    r += 2
    styles.header_row(ws, r, ["Option kind", "Approach"])
    kinds = list(matrix.approach_of_kind.items())
    for kind, approach in kinds:
        r += 1
        styles.text(ws, (r, item), kind, styles.CALC)
        plan.book.put(ws, (r, shown_col), Name(_approach_name(matrix, approach)), styles.CALC)
    plan.define(wb, "kind_name", layout.span(layout.LISTS, r - len(kinds) + 1, item, r, item))
    plan.define(wb, "kind_approach", layout.span(layout.LISTS, r - len(kinds) + 1, shown_col, r, shown_col))
    r += 2
    styles.header_row(ws, r, ["Words of the recommendation", "Text"])
    texts = {f"words_{key}": (key.replace("_", " "), words) for key, words in matrix.sentence.items()}
    money = {"money_words": ("How the sentence shows money (TEXT format)", matrix.money_words)}
    for name, (what, words) in (texts | money).items():
        r += 1
        styles.text(ws, (r, item), what, styles.CALC)
        styles.text(ws, (r, shown_col), words, styles.INPUT)
        plan.define(wb, name, layout.ref(layout.LISTS, r, shown_col))


def _constraints(wb: Workbook, ws: Worksheet, plan: BuildPlan, header: int) -> None:
    """One row per constraint: asked on Inputs, in force (a yielding one gives way), what it rules out."""
    styles.header_row(ws, header, CONSTRAINTS.headers)
    matrix = plan.decision
    for offset, constraint in enumerate(matrix.constraints):
        r = header + 1 + offset
        styles.text(ws, CONSTRAINTS.cell("constraint", r), constraint.words, styles.CALC)
        plan.book.put(ws, CONSTRAINTS.cell("answered", r), _input(matrix, constraint.name), styles.LINK)
        in_force = _formula(matrix, matrix.in_force[constraint.name])
        plan.book.put(ws, CONSTRAINTS.cell("in_force", r), in_force, styles.CALC)
        styles.text(ws, CONSTRAINTS.cell("excludes", r), ", ".join(constraint.excludes), styles.SOURCE)
        name = f"decision_in_force_{constraint.name}"
        plan.define(wb, name, layout.ref(layout.DECISION, *CONSTRAINTS.cell("in_force", r)))


def _approaches(wb: Workbook, ws: Worksheet, plan: BuildPlan, header: int) -> None:
    """One row per approach: 1 when no constraint in force rules it out."""
    styles.header_row(ws, header, APPROACHES.headers)
    matrix = plan.decision
    for offset, approach in enumerate(matrix.approaches_ranked):
        r = header + 1 + offset
        ruled_out = matrix.ruled_out.get(approach)
        allowed = call("IF", _formula(matrix, ruled_out), 0, 1) if ruled_out else lift(1)
        plan.book.put(ws, APPROACHES.cell("approach", r), Name(_approach_name(matrix, approach)), styles.LINK)
        plan.book.put(ws, APPROACHES.cell("allowed", r), allowed, styles.CALC, styles.COUNT)
    last = header + len(matrix.approaches_ranked)
    for name, field in (("decision_approach_names", "approach"), ("decision_approach_allowed", "allowed")):
        col = APPROACHES.cols[field]
        plan.define(wb, name, layout.span(layout.DECISION, header + 1, col, last, col))


def _options(wb: Workbook, ws: Worksheet, plan: BuildPlan, header: int) -> None:
    """One row per option: its approach, TCO and whether the constraints allow it."""
    styles.label(ws, OPTIONS.cell("number", header - 1), "Options compared, by approach")
    parts = [f"{part}: TCO if allowed" for part in plan.decision.hybrid_parts]
    styles.header_row(ws, header, [*OPTIONS.headers, *parts])
    last = header + len(plan.options)
    named = {**OPTIONS.cols, **{name: OPTIONS.after + k for k, (name, _) in enumerate(_PARTS)}}
    for name in (*_NAMED, *(name for name, _ in _PARTS)):
        col = named[name]
        plan.define(wb, f"decision_{name}", layout.span(layout.DECISION, header + 1, col, last, col))
    block = plan.calc_layout.option_block
    put = plan.book.put

    def here(field: str, r: int) -> Cell:
        return Cell(layout.DECISION, *OPTIONS.cell(field, r))

    for option in plan.options:
        i, r = option.number, header + option.number
        styles.value(ws, OPTIONS.cell("number", r), i, styles.CALC, styles.COUNT)
        put(ws, OPTIONS.cell("names", r), Name(f"name_{i}"), styles.LINK)
        kind_cell = Cell(layout.CALC, block.row(i, "kind"), layout.CALC_COLS["value"])
        put(ws, OPTIONS.cell("kind", r), kind_cell, styles.LINK)
        kind = call("MATCH", here("kind", r), Name("kind_name"), 0)
        put(ws, OPTIONS.cell("approaches", r), call("INDEX", Name("kind_approach"), kind, 1), styles.CALC)
        put(ws, OPTIONS.cell("tcos", r), Name(f"tco_{i}"), styles.LINK, styles.MONEY)
        put(ws, OPTIONS.cell("serves", r), _serves(plan, option), styles.CALC, styles.COUNT)
        approach_at = call("MATCH", here("approaches", r), Name("decision_approach_names"), 0)
        allowed = call("INDEX", Name("decision_approach_allowed"), approach_at, 1)
        both = call("IF", call("AND", allowed.eq(1), here("serves", r).eq(1)), 1, 0)
        put(ws, OPTIONS.cell("allowed", r), both, styles.CALC, styles.COUNT)


def _serves(plan: BuildPlan, option: WrittenOption) -> Expr:
    """1 when the option's GPUs cover the load on Inputs (always, for an option with no GPUs to count)."""
    if option.sizing is None:
        return lift(1)
    block, value = plan.calc_layout.option_block, layout.CALC_COLS["value"]
    units, needed = (Cell(layout.CALC, block.row(option.number, f), value) for f in ("units", "gpus_needed"))
    per_unit = Name(layout.option_input_name("gpus_per_unit", option.number))
    return call("IFERROR", call("IF", short_of_load(units, per_unit, needed), 0, 1), 0)


def _candidates(ws: Worksheet, plan: BuildPlan, header: int) -> None:
    """Each option's TCO when the constraints allow it (every option when none is allowed), and the same
    split by the approaches a hybrid combines; not applicable otherwise."""
    meets = Name("decision_meets")
    for option in plan.options:
        r = header + option.number
        approach, tco, candidate, allowed = (
            Cell(layout.DECISION, *OPTIONS.cell(field, r)) for field in ("approaches", "tcos", "candidates", "allowed")
        )
        kept = call("OR", allowed.eq(1), call("NOT", meets))
        plan.book.put(
            ws, OPTIONS.cell("candidates", r), call("IF", kept, tco, Name("text_na")), styles.CALC, styles.MONEY
        )
        for k, (_, text) in enumerate(_PARTS):
            expr = call("IF", approach.eq(Name(text)), candidate, Name("text_na"))
            plan.book.put(ws, (r, OPTIONS.after + k), expr, styles.CALC, styles.MONEY)


def _approach_names(matrix: DecisionMatrix) -> dict[str, str]:
    """The defined names of the Lists cells that show the approaches, and what they show."""
    return {f"text_{approach}": shown for approach, shown in matrix.approaches.items()}


def _approach_name(matrix: DecisionMatrix, approach: str) -> str:
    """The defined name of the Lists cell that shows an approach."""
    return next(name for name, shown in _approach_names(matrix).items() if shown == approach)


Step = tuple[str, str, Expr, str | None]


def _steps(matrix: DecisionMatrix) -> tuple[Step, ...]:
    """The steps from the tables to the sentence, one named cell each, in the order they are read."""

    def step(name: str) -> Expr:
        return Name(f"decision_{name}")

    def money(expr: Expr) -> Expr:
        return call("TEXT", expr, Name("money_words"))

    def words(*parts: Expr | str) -> Expr:
        return join_words("words_", *parts)

    cheapest_at = call("MATCH", step("cheapest_tco"), step("tcos"), 0)
    option_at = call("MATCH", step("option_tco"), step("candidates"), 0)
    head = words(step("approach"), "after_approach", step("option"), "before_tco", money(step("option_tco")), "open")
    head = words(head, step("reason"), "close")
    tail = words("cheapest", step("cheapest_name"), "at", money(step("cheapest_tco")))
    with_gap = words(step("head"), step("tail"), "before_gap", money(step("gap")), "after_gap")
    return (
        ("meets", "An option keeps every constraint in force", call("MAX", step("allowed")).gt(0), None),
        ("cheapest_tco", "Cheapest TCO of the options", call("MIN", step("tcos")), styles.MONEY),
        ("cheapest_name", "Cheapest option", call("INDEX", step("names"), cheapest_at, 1), None),
        ("option_tco", "Cheapest TCO allowed", call("MIN", step("candidates")), styles.MONEY),
        ("option", "Recommended option", call("INDEX", step("names"), option_at, 1), None),
        ("option_approach", "Its approach", call("INDEX", step("approaches"), option_at, 1), None),
        (
            "hybrid",
            "API and rental tie (the pick is one of them, the other allowed and within the tie share)",
            _formula(matrix, matrix.tie),
            None,
        ),
        (
            "approach",
            "Recommended approach",
            call("IF", step("hybrid"), Name("text_hybrid"), step("option_approach")),
            None,
        ),
        (
            "rule",
            "Rule whose words explain it (first TRUE above)",
            call("MATCH", call("TRUE"), step("rule_applies"), 0),
            styles.COUNT,
        ),
        ("reason", "Why", call("INDEX", step("rule_reasons"), step("rule"), 1), None),
        ("gap", "It costs more than the cheapest by", step("option_tco") - step("cheapest_tco"), styles.MONEY_SAVING),
        ("head", "Sentence: the recommendation", head, None),
        ("tail", "Sentence: the cheapest on cost", tail, None),
        ("sentence", "Recommendation", call("IF", step("gap").eq(0), step("head"), with_gap), None),
    )


def _steps_to(ws: Worksheet, plan: BuildPlan, steps: tuple[Step, ...], first_row: int, start: int, stop: int) -> None:
    """Write steps[start:stop], step k on row first_row + k."""
    for k in range(start, stop):
        name, label, expr, fmt = steps[k]
        r = first_row + k
        styles.text(ws, STEPS.cell("label", r), label, styles.CALC)
        role = styles.OUTPUT if name in ("approach", "option", "sentence") else styles.CALC
        plan.book.put(ws, STEPS.cell("value", r), expr, role, fmt)


def _rules(wb: Workbook, ws: Worksheet, plan: BuildPlan, header: int) -> None:
    """One row per rule: whether its words apply, whether they fit the approach picked, both, and the words."""
    styles.header_row(ws, header, RULES.headers)
    matrix = plan.decision
    chosen = Name("decision_approach")
    put = plan.book.put
    for offset, rule in enumerate(matrix.rules):
        r = header + 1 + offset
        fits: Expr = (
            call("TRUE")
            if set(rule.fits) >= set(matrix.approaches.values())
            else call("OR", *(chosen.eq(Name(_approach_name(matrix, a))) for a in rule.fits))
        )
        styles.text(ws, RULES.cell("rule", r), rule.name.replace("_", " "), styles.CALC)
        put(ws, RULES.cell("applies", r), _formula(matrix, rule.applies), styles.CALC)
        put(ws, RULES.cell("fits", r), fits, styles.CALC)
        both = call("AND", *(Cell(layout.DECISION, *RULES.cell(field, r)) for field in ("applies", "fits")))
        put(ws, RULES.cell("both", r), both, styles.CALC)
        styles.text(ws, RULES.cell("reason", r), rule.reason, styles.SOURCE)
    last = header + len(matrix.rules)
    for name, field in (("decision_rule_applies", "both"), ("decision_rule_reasons", "reason")):
        col = RULES.cols[field]
        plan.define(wb, name, layout.span(layout.DECISION, header + 1, col, last, col))


def _input(matrix: DecisionMatrix, name: str) -> Expr:
    """A condition's input on the workbook: a question's cell on Inputs, a formula of ``BOUND``, else the
    Decision cell or Inputs threshold named ``decision_<name>``."""
    if name in matrix.questions:
        return Name(name)
    return BOUND.get(name, Name(f"decision_{name}"))


def _formula(matrix: DecisionMatrix, condition: conditions.Condition) -> Expr:
    """A condition of the decision table as the formula that says the same."""
    match condition:
        case conditions.Ask(name):
            return _input(matrix, name)
        case conditions.Not(term):
            return call("NOT", _formula(matrix, term))
        case conditions.All(terms):
            return call("AND", *(_formula(matrix, t) for t in terms))
        case conditions.AnyOf(terms):
            return call("OR", *(_formula(matrix, t) for t in terms))
        case conditions.Above(left, right):
            return _input(matrix, left).gt(_input(matrix, right))
        case conditions.Below(left, right):
            return _input(matrix, left).lt(_input(matrix, right))
        case conditions.Within(left, right, share):
            a, b = _input(matrix, left), _input(matrix, right)
            return call("ABS", a - b).le(_input(matrix, share) * call("MIN", a, b))
        case conditions.Always():
            return call("TRUE")
    raise TypeError(f"no formula for the condition {condition!r}")
