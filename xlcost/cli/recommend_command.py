"""``xlcost recommend``: the decision matrix (seed 002 §6) over a scenario's own options."""

from __future__ import annotations

from pathlib import Path

import typer

from xlcost.analysis.recommend import recommend_scenario
from xlcost.cli.options import catalog_option, format_option, json_option, scenario_option, users_option
from xlcost.cli.render.plans import print_recommendation, recommendation_json
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario import Situation
from xlcost.core.scenario_io import catalog_choice, load_scenario, with_workload
from xlcost.io.plain_text import json_text
from xlcost.io.table import TableFormat


def recommend_command(
    scenario: str = scenario_option(),
    catalog: Path = catalog_option(),
    users: float = users_option(),
    sensitive_data: bool = typer.Option(False, "--sensitive-data", help="Data must not leave the company."),
    volatile: bool = typer.Option(False, "--volatile", help="Demand swings or is still unknown."),
    latency_sensitive: bool = typer.Option(False, "--latency-sensitive", help="Response time matters."),
    fine_tune: bool = typer.Option(False, "--fine-tune", help="A custom fine-tuned model is served."),
    as_json: bool = json_option("Print machine-readable JSON instead of the sentence and table."),
    fmt: TableFormat = format_option(),
) -> None:
    """Which approach the decision matrix picks, and which of the scenario's options that means.

    A flag answers its question TRUE; without it, the scenario's situation block answers (FALSE by default)."""
    chosen = with_workload(load_scenario(scenario), "users_per_day", users, "--users")
    given = {
        "sensitive_data": sensitive_data,
        "volatile": volatile,
        "latency_sensitive": latency_sensitive,
        "fine_tune": fine_tune,
    }
    situation = Situation.model_validate(chosen.situation.model_dump() | {k: True for k, v in given.items() if v})
    advice = recommend_scenario(chosen, load_catalog(catalog_choice(catalog, chosen)), situation)
    if as_json:
        typer.echo(json_text(recommendation_json(advice)))
    else:
        print_recommendation(advice, chosen, fmt)
