"""What to do, shown: the staged plan (``xlcost plan``), the decision matrix's pick (``xlcost recommend``)
and where a training job is cheaper (``xlcost train``), as tables or lines and as JSON.

The results come from ``analysis`` (``staged_plan``, ``recommend``, ``training``), which stays free of rich.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from xlcost.analysis.recommend import Recommendation
from xlcost.analysis.staged_plan import Stage, StagedPlan
from xlcost.analysis.training import TrainingCost
from xlcost.cli.render.comparison import print_warning_lines
from xlcost.core.option_kinds import STAGES
from xlcost.core.scenario import Scenario
from xlcost.io.plain_text import DataConsole
from xlcost.io.table import Column, TableFormat, number, plain, print_table

BAR_WIDTH = 40
STAGE_MARKS = dict(zip(STAGES, "ARO", strict=True))
STAGE_COLUMNS = (
    Column("stage"),
    Column("option"),
    Column("label", "text", drop_order=1),
    Column("first month", "number"),
    Column("last month", "number"),
    Column("units", "text"),
)
RANKING_COLUMNS = (
    Column("rank", "number", places=0),
    Column("approach", "text"),
    Column("option", "key"),
    Column("label", "text", drop_order=1),
    Column("TCO", "number", places=2),
)


def plan_json(plan: StagedPlan) -> dict[str, Any]:
    return {
        "stages": [
            {
                "stage": s.name,
                "option": s.option_key,
                "label": s.option,
                "first_month": s.first_month,
                "last_month": s.last_month,
                "units": list(s.units),
            }
            for s in plan.stages
        ],
        "tco": plan.tco,
        "pure_strategies": plan.pure,
        "saving_vs_cheapest_pure": plan.saving,
        "switching_costs": {"to_rent": plan.switch_to_rent, "to_own": plan.switch_to_own},
        "monthly_cash": [float(x) for x in plan.monthly],
        "warnings": list(plan.warnings),
    }


def print_plan(plan: StagedPlan, currency: str, fmt: TableFormat) -> None:
    """The stages as a table on stdout; the timeline and totals under it (on stderr with ``--format tsv``)."""
    rows = [(s.name, s.option_key, s.option, s.first_month, s.last_month, _units(s)) for s in plan.stages]
    print_table(STAGE_COLUMNS, rows, title=f"Staged plan ({currency})", fmt=fmt)
    notes = DataConsole(stderr=fmt is TableFormat.tsv)
    timeline = "".join(STAGE_MARKS[s.name] * (s.last_month - s.first_month + 1) for s in plan.stages)
    notes.print(plain(f"months: {timeline}  (A API, R rented, O owned)"))
    totals = {"staged plan": plan.tco, **{f"all {name}": tco for name, tco in plan.pure.items()}}
    top = max(totals.values()) or 1.0
    width = max(len(number(total, 0)) for total in totals.values())
    for name, total in totals.items():
        bar = "█" * max(1, round(BAR_WIDTH * total / top))
        notes.print(plain(f"{name:>16} {number(total, 0):>{width}} {bar}"))
    notes.print(plain(f"saving against the cheapest pure strategy: {number(plan.saving, 0)}"))
    print_warning_lines(plan.warnings)


def _units(stage: Stage) -> str:
    """Units at the stage's start and end ("8 -> 1,321" as users grow); blank for an API."""
    if not stage.units:
        return ""
    first, last = number(stage.units[0], 0), number(stage.units[-1], 0)
    return first if first == last else f"{first} -> {last}"


def recommendation_json(advice: Recommendation) -> dict[str, Any]:
    chosen = advice.chosen
    return {
        "approach": advice.approach,
        "reason": advice.reason,
        "option": chosen.option if chosen else None,
        "option_label": chosen.name if chosen else None,
        "cheapest": advice.ranking[0].option,
        "gap": chosen.tco - advice.ranking[0].tco if chosen else None,
        "sentence": advice.sentence,
        "constraints_kept": list(advice.kept),
        "constraints_gave_way": list(advice.gave_way),
        "meets_constraints": advice.meets,
        "explanation": advice.explain()[1:],
        "like_for_like_note": advice.models_note,
        "warnings": list(advice.warnings),
        "ranking": [
            {"approach": r.approach, "option": r.option, "label": r.name, "tco": r.tco, "rank": r.rank}
            for r in advice.ranking
        ],
    }


def print_recommendation(advice: Recommendation, scenario: Scenario, fmt: TableFormat) -> None:
    """The sentence and why, then the cheapest option of each approach; with ``--format tsv`` the words go to
    stderr."""
    words = DataConsole(stderr=fmt is TableFormat.tsv, soft_wrap=True)
    words.print(plain(advice.sentence))
    for line in advice.explain()[1:]:
        words.print(plain(f"  {line}"))
    rows = [(r.rank, r.approach, r.option, "" if r.name == r.option else r.name, r.tco) for r in advice.ranking]
    title = f"Cheapest option of each approach ({scenario.months} months, {scenario.currency})"
    print_table(RANKING_COLUMNS, rows, title=title, fmt=fmt)
    print_warning_lines(advice.warnings)


def training_json(cost: TrainingCost, rule: str) -> dict[str, Any]:
    """The job's costs, where its GPU-hours came from (``rule``), and the cheaper placement."""
    return asdict(cost) | {"gpu_hours_from": rule, "cheaper": cost.cheaper}


def print_training(cost: TrainingCost, rule: str) -> None:
    """One line per placement, amounts aligned, then the cheaper one."""
    console = DataConsole()
    console.print(f"job: {cost.gpu_hours:,.1f} GPU-hours on {cost.gpu} ({rule})")
    cur = cost.currency
    console.print(f"  cloud on demand:                 {cost.cloud:>14,.0f} {cur}")
    console.print(f"  owned GPUs, this job's share:    {cost.owned_share:>14,.0f} {cur} (depreciation + power)")
    console.print(
        f"  {cost.gpus} GPU(s) bought for the job:     {cost.owned_dedicated:>14,.0f} {cur} (purchase + power)"
    )
    console.print(f"cheaper: {cost.cheaper}")
