"""The decision matrix of seed 002 §6, live: which approach the rules pick and which of the scenario's
own options that means, beside the cheapest on cost.

Inputs holds the questions (TRUE/FALSE) and thresholds; the Decision sheet holds the rules in order
(the first that applies wins), each option's approach and the sentence; Summary shows the sentence
under the defined name ``recommendation``. Reasons, approach names and the sentence's words come from
``xlcost.recommend``, so the workbook and ``xlcost recommend`` say the same thing.
"""

from __future__ import annotations

from openpyxl import Workbook
from openpyxl.utils import column_index_from_string
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from xlcost import recommend as R
from xlcost.workbook import layout as L
from xlcost.workbook import styles as S
from xlcost.workbook.plan import Plan

#: Lists rows (below the texts of inputs.py): approach names, kind -> approach, the sentence's words.
LISTS_FIRST_ROW = max(L.LIST_TEXT_ROWS.values()) + 3
APPROACH_NAMES = {"text_api": R.API, "text_rental": R.RENTAL, "text_onprem": R.ONPREM, "text_hybrid": R.HYBRID}
OTHER_TEXTS = {
    "text_by_cost_reason": ("Why, when no rule applies", R.BY_COST_REASON),
    "text_hybrid_reason": ("Why, when API and rental tie", R.HYBRID_REASON),
    "money_words": ("How the sentence shows money (TEXT format)", R.MONEY_WORDS),
}
#: when each rule of ``xlcost.recommend.RULES`` applies, as a formula over the inputs.
APPLIES = {
    "volatile": "volatile",
    "sensitive_large": "AND(sensitive_data,users_per_day>decision_large_users)",
    "sensitive": "sensitive_data",
    "fine_tune": "fine_tune",
    "small": "users_per_day<decision_small_users",
    "latency_mid": "AND(users_per_day<=decision_large_users,latency_sensitive)",
    "by_cost": "TRUE()",
}
_SOURCES = {
    "decision_small_users": f"seed 002 §6: under {R.SMALL_USERS:,} daily users, the API",
    "decision_large_users": f"seed 002 §6: over {R.LARGE_USERS:,} stable daily users with compliance needs, build",
    "decision_close_share": f"xlcost: within {R.CLOSE_SHARE:.0%} the seed calls API and rental a tie (scenario B)",
}
RULE_HEADER = 4
OPTION_COLUMNS = (
    "No.",
    "Option",
    "Kind",
    "Approach",
    "TCO ({currency})",
    "In the recommended approach",
    *R.HYBRID_PARTS,
)


def write_decision(wb: Workbook, plan: Plan) -> None:
    """Inputs block, Lists texts, the Decision sheet, and the live sentence on Summary."""
    _inputs(wb, plan)
    _lists(wb, plan)
    ws = wb[L.DECISION]
    S.label(ws, "A1", "Decision: what the decision matrix (seed 002 §6) recommends among the options compared", S.TITLE)
    S.text(
        ws,
        "A2",
        "Rules in order, the first that applies wins; answer the questions on Inputs. The recommended option is the "
        "cheapest compared option of that approach; when another option is cheaper, the sentence says by how much.",
    )
    first_rule = RULE_HEADER + 1
    last_rule = first_rule + len(R.RULES) - 1
    option_header = last_rule + 3
    last_option = option_header + len(plan.options)
    _options(wb, ws, plan, option_header)
    _scalars(wb, ws, plan, last_option + 2, (first_rule, last_rule))
    _rules(ws, first_rule)
    S.protect(ws)
    summary = wb[L.SUMMARY]
    r = L.SummaryLayout(len(plan.options)).recommendation_row
    S.label(summary, f"A{r}", "Recommendation (decision matrix, seed 002 §6; questions on Inputs)")
    S.formula(summary, f"D{r}", "decision_sentence", S.OUTPUT)
    plan.define(wb, L.RECOMMENDATION, L.ref(L.SUMMARY, r, 4))


def _inputs(wb: Workbook, plan: Plan) -> None:
    ws = wb[L.INPUTS]
    n = len(plan.options)
    first = L.decision_input_row(n, L.DECISION_INPUTS[0].name)
    S.label(ws, f"A{first - 2}", "Decision matrix (seed 002 §6): answer TRUE or FALSE; the thresholds are the seed's")
    S.header_row(ws, first - 1, ["Question or threshold", "Value", "Unit", "Source", "Comments", "Defined name"])
    situation = plan.scenario.situation
    settings: dict[str, float] = {
        "decision_small_users": R.SMALL_USERS,
        "decision_large_users": R.LARGE_USERS,
        "decision_close_share": R.CLOSE_SHARE,
    }
    flags = DataValidation(type="list", formula1='"TRUE,FALSE"', allow_blank=False)
    flags.error = "TRUE or FALSE"
    ws.add_data_validation(flags)
    for spec in L.DECISION_INPUTS:
        r = L.decision_input_row(n, spec.name)
        S.text(ws, f"A{r}", spec.label, S.CALC)
        if spec.name in settings:
            fmt = S.SHARE if spec.name == "decision_close_share" else S.COUNT
            S.value(ws, f"B{r}", settings[spec.name], S.INPUT, fmt)
            source = _SOURCES[spec.name]
        else:
            S.value(ws, f"B{r}", getattr(situation, spec.name), S.INPUT, "General")
            flags.add(f"B{r}")
            source = "scenario file" if spec.name in situation.model_fields_set else "xlcost default"
        S.text(ws, f"C{r}", spec.unit, S.CALC)
        S.text(ws, f"D{r}", source, S.SOURCE)
        S.text(ws, f"F{r}", spec.name, S.SOURCE)
        plan.define(wb, spec.name, L.ref(L.INPUTS, r, L.INPUT_COLS["value"]))


def _lists(wb: Workbook, plan: Plan) -> None:
    ws = wb[L.LISTS]
    r = LISTS_FIRST_ROW
    S.header_row(ws, r, ["Approach (decision matrix)", "Shown as"])
    for name, approach in APPROACH_NAMES.items():
        r += 1
        S.text(ws, f"A{r}", name.removeprefix("text_").replace("_", " "), S.CALC)
        S.text(ws, f"B{r}", approach, S.INPUT)
        plan.define(wb, name, L.ref(L.LISTS, r, 2))
    r += 2
    S.header_row(ws, r, ["Option kind", "Approach"])
    kinds = list(R.APPROACH_OF_KIND.items())
    for kind, approach in kinds:
        r += 1
        S.text(ws, f"A{r}", kind, S.CALC)
        S.formula(ws, f"B{r}", _approach_name(approach), S.CALC)
    plan.define(wb, "kind_name", L.span(L.LISTS, r - len(kinds) + 1, 1, r, 1))
    plan.define(wb, "kind_approach", L.span(L.LISTS, r - len(kinds) + 1, 2, r, 2))
    r += 2
    S.header_row(ws, r, ["Words of the recommendation", "Text"])
    texts = {f"words_{key}": (key.replace("_", " "), words) for key, words in R.SENTENCE.items()}
    for name, (what, words) in (texts | OTHER_TEXTS).items():
        r += 1
        S.text(ws, f"A{r}", what, S.CALC)
        S.text(ws, f"B{r}", words, S.INPUT)
        plan.define(wb, name, L.ref(L.LISTS, r, 2))


def _options(wb: Workbook, ws: Worksheet, plan: Plan, header: int) -> None:
    """One row per option: its approach, and its TCO in the columns of the approaches it counts for."""
    S.label(ws, f"A{header - 1}", "Options compared, by approach")
    S.header_row(ws, header, list(OPTION_COLUMNS))
    block = L.CalcLayout(len(plan.options)).option_block
    last = header + len(plan.options)
    for option in plan.options:
        i, r = option.number, header + option.number
        S.value(ws, f"A{r}", i, S.CALC, S.COUNT)
        S.formula(ws, f"B{r}", f"name_{i}", S.LINK)
        S.formula(ws, f"C{r}", L.ref(L.CALC, block.row(i, "kind"), L.CALC_COLS["value"]), S.LINK)
        S.formula(ws, f"D{r}", f"INDEX(kind_approach,MATCH(C{r},kind_name,0))", S.CALC)
        S.formula(ws, f"E{r}", f"tco_{i}", S.LINK, S.MONEY)
        hybrid_part = f"AND(decision_approach=text_hybrid,OR(D{r}=text_api,D{r}=text_rental))"
        S.formula(ws, f"F{r}", f"IF(OR(D{r}=decision_approach,{hybrid_part}),E{r},text_na)", S.CALC, S.MONEY)
        S.formula(ws, f"G{r}", f"IF(D{r}=text_api,E{r},text_na)", S.CALC, S.MONEY)
        S.formula(ws, f"H{r}", f"IF(D{r}=text_rental,E{r},text_na)", S.CALC, S.MONEY)
    for letter, name in _COLUMN_NAMES.items():
        col = column_index_from_string(letter)
        plan.define(wb, f"decision_{name}", L.span(L.DECISION, header + 1, col, last, col))


_COLUMN_NAMES = {"B": "names", "D": "approaches", "E": "tcos", "F": "in_approach", "G": "api_tcos", "H": "rental_tcos"}


def _approach_name(approach: str) -> str:
    """The defined name of the Lists cell that shows an approach."""
    return next(name for name, shown in APPROACH_NAMES.items() if shown == approach)


def _scalars(wb: Workbook, ws: Worksheet, plan: Plan, first: int, rules: tuple[int, int]) -> None:
    """The steps from the table to the sentence, one named cell each, in the order they are read."""
    rule_span = f"$B${rules[0]}:$B${rules[1]}"
    steps = (
        ("cheapest_tco", "Cheapest TCO of the options", "MIN(decision_tcos)", S.MONEY),
        (
            "cheapest_name",
            "Cheapest option",
            "INDEX(decision_names,MATCH(decision_cheapest_tco,decision_tcos,0))",
            None,
        ),
        (
            "cheapest_approach",
            "Its approach",
            "INDEX(decision_approaches,MATCH(decision_cheapest_tco,decision_tcos,0))",
            None,
        ),
        (
            "hybrid",
            "API and rental tie (the cheaper is one of them, within the tie share)",
            "AND(COUNT(decision_api_tcos)>0,COUNT(decision_rental_tcos)>0,"
            "OR(decision_cheapest_approach=text_api,decision_cheapest_approach=text_rental),"
            "ABS(MIN(decision_api_tcos)-MIN(decision_rental_tcos))"
            "<=decision_close_share*MIN(MIN(decision_api_tcos),MIN(decision_rental_tcos)))",
            None,
        ),
        ("rule", "Rule that applies (first TRUE above)", f"MATCH(TRUE(),{rule_span},0)", S.COUNT),
        ("approach", "Recommended approach", f"INDEX($C${rules[0]}:$C${rules[1]},decision_rule)", None),
        ("reason", "Why", f"INDEX($D${rules[0]}:$D${rules[1]},decision_rule)", None),
        ("has_option", "An option of that approach is compared", "COUNT(decision_in_approach)>0", None),
        (
            "option_tco",
            "Its cheapest option's TCO",
            "IF(decision_has_option,MIN(decision_in_approach),text_na)",
            S.MONEY,
        ),
        (
            "option",
            "Recommended option",
            "IF(decision_has_option,INDEX(decision_names,MATCH(decision_option_tco,decision_in_approach,0)),text_na)",
            None,
        ),
        (
            "gap",
            "It costs more than the cheapest by",
            "IF(decision_has_option,decision_option_tco-decision_cheapest_tco,text_na)",
            S.MONEY_SAVING,
        ),
        (
            "head",
            "Sentence: the recommendation",
            "IF(decision_has_option,decision_approach&words_after_approach&decision_option&words_before_tco"
            "&TEXT(decision_option_tco,money_words)&words_open&decision_reason&words_close,"
            "decision_approach&words_open&decision_reason&words_no_option)",
            None,
        ),
        (
            "tail",
            "Sentence: the cheapest on cost",
            "words_cheapest&decision_cheapest_name&words_at&TEXT(decision_cheapest_tco,money_words)",
            None,
        ),
        (
            "sentence",
            "Recommendation",
            "IF(decision_has_option,IF(decision_gap=0,decision_head,decision_head&decision_tail&words_before_gap"
            "&TEXT(decision_gap,money_words)&words_after_gap),decision_head&decision_tail)",
            None,
        ),
    )
    for offset, (name, words, expression, fmt) in enumerate(steps):
        r = first + offset
        S.text(ws, f"A{r}", words, S.CALC)
        role = S.OUTPUT if name in ("approach", "option", "sentence") else S.CALC
        S.formula(ws, f"B{r}", expression, role, fmt)
        plan.define(wb, f"decision_{name}", L.ref(L.DECISION, r, 2))


def _rules(ws: Worksheet, first: int) -> None:
    S.header_row(ws, RULE_HEADER, ["Rule (seed 002 §6)", "Applies", "Approach", "Why"])
    for offset, rule in enumerate(R.RULES):
        r = first + offset
        S.text(ws, f"A{r}", rule.name.replace("_", " "), S.CALC)
        S.formula(ws, f"B{r}", APPLIES[rule.name], S.CALC)
        if rule.approach is None:
            S.formula(ws, f"C{r}", "IF(decision_hybrid,text_hybrid,decision_cheapest_approach)", S.CALC)
            S.formula(ws, f"D{r}", "IF(decision_hybrid,text_hybrid_reason,text_by_cost_reason)", S.CALC)
        else:
            S.formula(ws, f"C{r}", _approach_name(rule.approach), S.LINK)
            S.text(ws, f"D{r}", rule.reason, S.SOURCE)
