"""``xlcost tco``: print a scenario's comparison; ``xlcost schema``: the scenario JSON Schema."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from xlcost.catalog import load_catalog
from xlcost.compare import Comparison, compare
from xlcost.plain_text import DataConsole
from xlcost.scenario_io import load_scenario
from xlcost.workload import Scenario

SCENARIO_HELP = "Scenario YAML/JSON file or built-in name (seed-002-a, ...); default: the embedded default."
CATALOG_HELP = "Catalog directory (CSV files as in templates/); default: the embedded catalog."


def tco_command(
    scenario: str = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    catalog: Path = typer.Option(None, "--catalog", "-c", help=CATALOG_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON instead of a table."),
) -> None:
    """Print TCO, NPV, cost per 1M tokens and breakevens for every option of a scenario."""
    result = compare(load_scenario(scenario), load_catalog(catalog))
    if as_json:
        typer.echo(json.dumps(comparison_json(result), indent=2, ensure_ascii=False))
    else:
        print_comparison(result, DataConsole(width=None if sys.stdout.isatty() else 160))


def schema_command() -> None:
    """Print the JSON Schema of scenario files (for editors that validate while typing)."""
    typer.echo(json.dumps(Scenario.model_json_schema(), indent=2))


def comparison_json(result: Comparison) -> dict:
    return {
        "scenario": result.scenario.name,
        "currency": result.currency,
        "months": result.scenario.months,
        "discount_rate": result.discount_rate,
        "options": [
            {
                "option": r.profile.key,
                "label": r.profile.name,
                "units": r.profile.units,
                "sizing": r.profile.sizing.reason if r.profile.sizing else None,
                "upfront": r.profile.upfront,
                "monthly_month1": r.profile.fixed_monthly + r.profile.variable_monthly,
                "tco": r.tco,
                "npv": r.npv,
                "cost_per_mtok": r.cost_per_mtok,
                "annual_cost": r.annual_cost,
            }
            for r in result.results
        ],
        "breakevens": [
            {"costlier_upfront": b.costlier_upfront, "other": b.other, "month": b.month, "reason": b.reason}
            for b in result.breakevens
        ],
    }


def print_comparison(result: Comparison, console: Console) -> None:
    cur, scenario = result.currency, result.scenario
    table = Table(title=f"{scenario.name}: {scenario.description or ''} ({scenario.months} months, {cur})")
    for header in ("option", "units", "upfront", "month 1", "TCO", "NPV", "per 1M tokens"):
        table.add_column(header, justify="left" if header == "option" else "right")
    cheapest = result.cheapest.profile.key
    for r in result.results:
        p = r.profile
        table.add_row(
            ("* " if p.key == cheapest else "  ") + p.name,
            "" if p.units is None else f"{p.units:g}",
            f"{p.upfront:,.2f}",
            f"{p.fixed_monthly + p.variable_monthly:,.2f}",
            f"{r.tco:,.2f}",
            f"{r.npv:,.2f}",
            "" if r.cost_per_mtok is None else f"{r.cost_per_mtok:,.4f}",
        )
    console.print(table)
    console.print(f"* cheapest over {scenario.months} months. NPV at {result.discount_rate:.2%} a year.")
    if scenario.hidden_costs:
        console.print(f"hidden costs switched ON: {', '.join(scenario.hidden_costs)} (lines marked 'hidden cost:')")
    for b in result.breakevens:
        if b.month is not None and b.month > 0:
            console.print(f"breakeven: {b.reason}")
