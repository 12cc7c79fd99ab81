"""``xlcost sensitivity``: the tornado of a scenario, one uncertain input at a time."""

from __future__ import annotations

from pathlib import Path

import typer

from xlcost.analysis.uncertainty.sensitivity import sensitivity
from xlcost.cli.options import catalog_option, format_option, json_option, scenario_option
from xlcost.cli.render.uncertainty import print_sensitivity, sensitivity_json
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import catalog_choice, load_scenario
from xlcost.io.plain_text import json_text
from xlcost.io.table import TableFormat

SPREAD_HELP = "Low/high as ±this share where the catalog gives a single figure."
WORKLOAD_SPREAD_HELP = "±share for users and tokens per user (default: --spread)."
GROWTH_SPREAD_HELP = "± monthly growth, in absolute terms (0.01 = one percentage point)."


def sensitivity_command(
    scenario: str = scenario_option(),
    catalog: Path = catalog_option(),
    pair: str = typer.Option(
        None, "--pair", help="Breakeven tracked, as two option keys or labels: 'rent:a100-80g,buy:a100-80g'."
    ),
    spread: float = typer.Option(0.20, "--spread", help=SPREAD_HELP),
    workload_spread: float = typer.Option(None, "--workload-spread", help=WORKLOAD_SPREAD_HELP),
    growth_spread: float = typer.Option(0.01, "--growth-spread", help=GROWTH_SPREAD_HELP),
    top: int = typer.Option(20, "--top", min=1, help="Show the inputs with the largest swings only."),
    as_json: bool = json_option(),
    fmt: TableFormat = format_option(),
) -> None:
    """Swing of every option's TCO and of a breakeven month as each uncertain input moves to its low and high."""
    pair_keys = _pair(pair)
    chosen = load_scenario(scenario)
    result = sensitivity(
        chosen,
        load_catalog(catalog_choice(catalog, chosen)),
        pair=pair_keys,
        spread=spread,
        workload_spread=workload_spread,
        growth_spread=growth_spread,
    )
    if as_json:
        typer.echo(json_text(sensitivity_json(result)))
    else:
        print_sensitivity(result, top, fmt)


def _pair(text: str | None) -> tuple[str, str] | None:
    if text is None:
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise typer.BadParameter(
            "give two options separated by a comma, e.g. rent:a100-80g,buy:a100-80g", param_hint="--pair"
        )
    return parts[0], parts[1]
