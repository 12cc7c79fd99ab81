"""``xlcost tco``: print a scenario's comparison; ``xlcost schema``: the scenario JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from xlcost.cli.options import catalog_option, format_option, json_option, scenario_option
from xlcost.cli.render.comparison import comparison_json, print_comparison
from xlcost.core.catalog import load_catalog
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.io.table import TableFormat


def tco_command(
    scenario: str = scenario_option(),
    catalog: Path = catalog_option(),
    as_json: bool = json_option(),
    fmt: TableFormat = format_option(),
) -> None:
    """Print TCO, NPV, cost per 1M tokens and breakevens for every option of a scenario."""
    result = compare(load_scenario(scenario), load_catalog(catalog))
    if as_json:
        typer.echo(json.dumps(comparison_json(result), indent=2, ensure_ascii=False))
    else:
        print_comparison(result, fmt)


def schema_command() -> None:
    """Print the JSON Schema of scenario files (for editors that validate while typing)."""
    typer.echo(json.dumps(Scenario.model_json_schema(), indent=2))
