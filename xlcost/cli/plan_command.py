"""``xlcost plan``: when to move from the API to rented GPUs and from rented to owned ones (seed 002 §7)."""

from __future__ import annotations

from pathlib import Path

import typer

from xlcost.analysis.staged_plan import staged_plan
from xlcost.cli.options import catalog_option, format_option, json_option, scenario_option
from xlcost.cli.render.plans import plan_json, print_plan
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import catalog_choice, load_scenario, with_workload
from xlcost.io.plain_text import json_text
from xlcost.io.table import TableFormat


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
        load_catalog(catalog_choice(catalog, chosen)),
        options=(api, rent, own),
        switch_to_rent=switch_to_rent,
        switch_to_own=switch_to_own,
    )
    if as_json:
        typer.echo(json_text(plan_json(result)))
    else:
        print_plan(result, chosen.currency, fmt)
