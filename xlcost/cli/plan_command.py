"""``xlcost plan``: when to move from the API to rented GPUs and from rented to owned ones (seed 002 §7)."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from xlcost.analysis.staged_plan import STAGES, StagedPlan, staged_plan
from xlcost.cli.options import catalog_option, format_option, json_option, scenario_option
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import load_scenario, with_workload
from xlcost.io.plain_text import DataConsole
from xlcost.io.table import Column, TableFormat, number, plain, print_table

BAR_WIDTH = 40
STAGE_MARKS = dict(zip(STAGES, "ARO", strict=True))


def plan_command(
    scenario: str = scenario_option(),
    catalog: Path = catalog_option(),
    growth: float = typer.Option(None, "--growth", help="Monthly user growth (0.1 = 10%); default: the scenario's."),
    api: str = typer.Option(None, "--api", help="API option of the first stage (default: cheapest api option)."),
    rent: str = typer.Option(None, "--rent", help="Rental option of the second stage (default: cheapest)."),
    own: str = typer.Option(None, "--own", help="Owned option (buy/onprem) of the last stage (default: cheapest)."),
    switch_to_rent: float = typer.Option(0.0, "--switch-to-rent", help="One-off cost of moving to rented GPUs."),
    switch_to_own: float = typer.Option(0.0, "--switch-to-own", help="One-off cost of moving to owned GPUs."),
    as_json: bool = json_option(),
    fmt: TableFormat = format_option(),
) -> None:
    """Cheapest staged plan API -> rented -> owned, against staying on each option throughout."""
    chosen = with_workload(load_scenario(scenario), "monthly_growth", growth, "--growth")
    result = staged_plan(
        chosen,
        load_catalog(catalog),
        options=(api, rent, own),
        switch_to_rent=switch_to_rent,
        switch_to_own=switch_to_own,
    )
    if as_json:
        typer.echo(json.dumps(plan_json(result), indent=2, ensure_ascii=False))
    else:
        print_plan(result, chosen.currency, fmt)


def plan_json(plan: StagedPlan) -> dict:
    return {
        "stages": [
            {
                "stage": s.name,
                "option": s.option_key,
                "label": s.option,
                "first_month": s.first_month,
                "last_month": s.last_month,
            }
            for s in plan.stages
        ],
        "tco": plan.tco,
        "pure_strategies": plan.pure,
        "saving_vs_cheapest_pure": plan.saving,
        "switching_costs": {"to_rent": plan.switch_to_rent, "to_own": plan.switch_to_own},
        "monthly_cash": [float(x) for x in plan.monthly],
    }


STAGE_COLUMNS = (
    Column("stage"),
    Column("option"),
    Column("label", "text", drop_order=1),
    Column("first month", "number"),
    Column("last month", "number"),
)


def print_plan(plan: StagedPlan, currency: str, fmt: TableFormat) -> None:
    """The stages as a table on stdout; the timeline and totals under it (on stderr with ``--format tsv``)."""
    rows = [(s.name, s.option_key, s.option, s.first_month, s.last_month) for s in plan.stages]
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
