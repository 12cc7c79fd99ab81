"""``xlcost recommend``: the decision matrix (seed 002 §6) over a scenario's own options."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from xlcost.catalog import load_catalog
from xlcost.cli.tco import CATALOG_HELP, SCENARIO_HELP
from xlcost.errors import ScenarioError
from xlcost.recommend import Recommendation, recommend_scenario
from xlcost.scenario_io import load_scenario
from xlcost.workload import Scenario, Situation, Workload


def recommend_command(
    scenario: str = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    catalog: Path = typer.Option(None, "--catalog", "-c", help=CATALOG_HELP),
    users: float = typer.Option(None, "--users", help="Daily active users in month 1 (default: the scenario's)."),
    sensitive_data: bool = typer.Option(
        None, "--sensitive-data/--no-sensitive-data", help="Data must not leave the company (default: the scenario's)."
    ),
    volatile: bool = typer.Option(None, "--volatile/--no-volatile", help="Demand swings or is still unknown."),
    latency_sensitive: bool = typer.Option(
        None, "--latency-sensitive/--no-latency-sensitive", help="Response time matters."
    ),
    fine_tune: bool = typer.Option(None, "--fine-tune/--no-fine-tune", help="A custom fine-tuned model is served."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON instead of text."),
) -> None:
    """Which approach the decision matrix picks, and which of the scenario's options that means."""
    chosen = _with_users(load_scenario(scenario), users)
    given = {
        "sensitive_data": sensitive_data,
        "volatile": volatile,
        "latency_sensitive": latency_sensitive,
        "fine_tune": fine_tune,
    }
    situation = Situation.model_validate(
        chosen.situation.model_dump() | {k: v for k, v in given.items() if v is not None}
    )
    advice = recommend_scenario(chosen, load_catalog(catalog), situation)
    if as_json:
        typer.echo(json.dumps(recommendation_json(advice), indent=2, ensure_ascii=False))
    else:
        print_recommendation(advice, chosen, Console(width=None if sys.stdout.isatty() else 160))


def _with_users(scenario: Scenario, users: float | None) -> Scenario:
    if users is None:
        return scenario
    try:
        workload = Workload.model_validate(scenario.workload.model_dump() | {"users_per_day": users})
    except ScenarioError as exc:
        raise ScenarioError(f"--users {users:g}: {exc}") from None
    return scenario.model_copy(update={"workload": workload})


def recommendation_json(advice: Recommendation) -> dict:
    chosen = advice.chosen
    return {
        "approach": advice.approach,
        "reason": advice.reason,
        "option": chosen.option if chosen else None,
        "option_label": chosen.name if chosen else None,
        "cheapest": advice.ranking[0].option,
        "gap": chosen.tco - advice.ranking[0].tco if chosen else None,
        "sentence": advice.sentence,
        "ranking": [
            {"approach": r.approach, "option": r.option, "label": r.name, "tco": r.tco, "rank": r.rank}
            for r in advice.ranking
        ],
    }


def print_recommendation(advice: Recommendation, scenario: Scenario, console: Console) -> None:
    console.print(advice.sentence, soft_wrap=True)
    table = Table(title=f"Cheapest option of each approach ({scenario.months} months, {scenario.currency})")
    for header in ("rank", "approach", "option", "TCO"):
        table.add_column(header, justify="right" if header in ("rank", "TCO") else "left")
    for r in advice.ranking:
        table.add_row(str(r.rank), r.approach, r.name, f"{r.tco:,.2f}")
    console.print(table)
