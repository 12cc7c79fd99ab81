"""``xlcost sensitivity``: the tornado of a scenario, one uncertain input at a time."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from xlcost.catalog import load_catalog
from xlcost.cli.tco import CATALOG_HELP, SCENARIO_HELP
from xlcost.plain_text import DataConsole
from xlcost.scenario_io import load_scenario
from xlcost.uncertainty.sensitivity import Sensitivity, sensitivity

SPREAD_HELP = "Low/high as ±this share where the catalog gives a single figure."
WORKLOAD_SPREAD_HELP = "±share for users and tokens per user (default: --spread)."
GROWTH_SPREAD_HELP = "± monthly growth, in absolute terms (0.01 = one percentage point)."


def sensitivity_command(
    scenario: str = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    catalog: Path = typer.Option(None, "--catalog", "-c", help=CATALOG_HELP),
    pair: str = typer.Option(
        None, "--pair", help="Breakeven tracked, as two option keys or labels: 'rent:a100-80g,buy:a100-80g'."
    ),
    spread: float = typer.Option(0.20, "--spread", help=SPREAD_HELP),
    workload_spread: float = typer.Option(None, "--workload-spread", help=WORKLOAD_SPREAD_HELP),
    growth_spread: float = typer.Option(0.01, "--growth-spread", help=GROWTH_SPREAD_HELP),
    top: int = typer.Option(20, "--top", min=1, help="Show the inputs with the largest swings only."),
    as_json: bool = typer.Option(False, "--json", help="Print machine-readable JSON instead of a table."),
) -> None:
    """Swing of every option's TCO and of a breakeven month as each uncertain input moves to its low and high."""
    pair_keys = _pair(pair)
    result = sensitivity(
        load_scenario(scenario),
        load_catalog(catalog),
        pair=pair_keys,
        spread=spread,
        workload_spread=workload_spread,
        growth_spread=growth_spread,
    )
    if as_json:
        typer.echo(json.dumps(sensitivity_json(result), indent=2, ensure_ascii=False))
    else:
        print_sensitivity(result, DataConsole(), top)


def _pair(text: str | None) -> tuple[str, str] | None:
    if text is None:
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise typer.BadParameter(
            "give two options separated by a comma, e.g. rent:a100-80g,buy:a100-80g", param_hint="--pair"
        )
    return parts[0], parts[1]


def sensitivity_json(result: Sensitivity) -> dict:
    i, j = result.pair
    return {
        "scenario": result.scenario.name,
        "currency": result.scenario.currency,
        "months": result.scenario.months,
        "options": list(result.options),
        "base_tco": list(result.base_tco),
        "breakeven_pair": [result.options[i], result.options[j]],
        "base_breakeven_month": result.base_breakeven.month,
        "inputs": [
            {
                "input": r.input.key,
                "label": r.input.label,
                "basis": r.input.basis,
                "low": r.input.low,
                "base": r.input.base,
                "high": r.input.high,
                "tco_low": list(r.tco_low),
                "tco_high": list(r.tco_high),
                "swing": [r.swing(k) for k in range(len(result.options))],
                "breakeven_low": r.breakeven_low,
                "breakeven_high": r.breakeven_high,
            }
            for r in result.rows
        ],
    }


def print_sensitivity(result: Sensitivity, console: Console, top: int) -> None:
    s, cur = result.scenario, result.scenario.currency
    i, j = result.pair
    table = Table(title=f"{s.name}: TCO swing over {s.months} months ({cur}), largest first")
    table.add_column("input")
    table.add_column("low .. high", justify="right")
    for spec in s.options:
        table.add_column(f"{spec.key}\nswing", justify="right")
    table.add_column("breakeven\nlow -> high", justify="right")
    for row in result.rows[:top]:
        item = row.input
        table.add_row(
            f"{item.label} ({item.basis})",
            f"{number(item.low)} .. {number(item.high)}",
            *(f"{row.swing(k):,.0f}" for k in range(len(result.options))),
            f"{_month(row.breakeven_low)} -> {_month(row.breakeven_high)}",
        )
    table.add_row("base case", "", *(f"TCO {v:,.0f}" for v in result.base_tco), _month(result.base_breakeven.month))
    console.print(table)
    for spec, name in zip(s.options, result.options, strict=True):
        if spec.label:
            console.print(f"{spec.key}: {name}")
    console.print(f"breakeven tracked: {result.options[i]} vs {result.options[j]} ({result.base_breakeven.reason})")
    hidden = s.hidden_costs
    if hidden:
        console.print(f"hidden costs switched ON: {', '.join(hidden)}")
    if len(result.rows) > top:
        console.print(f"{len(result.rows) - top} smaller inputs not shown (--top)")


def number(value: float) -> str:
    """Thousands separators for money, a few significant digits for rates and shares."""
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:.4g}"


def _month(month: float | None) -> str:
    return "never" if month is None else f"{month:.2f}"
