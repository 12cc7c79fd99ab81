"""``xlcost tco``: print a scenario's comparison; ``xlcost schema``: the scenario JSON Schema."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from xlcost.cli.options import (
    catalog_option,
    currency_option,
    force_option,
    format_option,
    json_option,
    max_age_option,
    model_option,
    output_option,
    scenario_option,
    users_option,
)
from xlcost.cli.render.comparison import comparison_json, print_comparison, print_stale_price_note
from xlcost.core.catalog import load_catalog
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import (
    catalog_choice,
    load_scenario,
    starter_text,
    with_currency,
    with_model,
    with_workload,
)
from xlcost.io.atomic import check_output, write_atomic
from xlcost.io.plain_text import json_text
from xlcost.io.table import TableFormat


def tco_command(
    scenario: str = scenario_option(),
    catalog: Path = catalog_option(),
    users: float = users_option(),
    model: str = model_option(),
    currency: str = currency_option(),
    max_age_days: int = max_age_option(),
    as_json: bool = json_option(),
    fmt: TableFormat = format_option(),
) -> None:
    """Print TCO, NPV, cost per 1M tokens and breakevens for every option of a scenario."""
    chosen = with_currency(
        with_model(with_workload(load_scenario(scenario), "users_per_day", users, "--users"), model), currency
    )
    result = compare(chosen, load_catalog(catalog_choice(catalog, chosen)))
    today = dt.date.today()
    if as_json:
        typer.echo(json_text(comparison_json(result, max_age_days, today)))
    else:
        print_comparison(result, fmt)
        print_stale_price_note(result, max_age_days, today)


def init_command(
    output: Path = output_option("Scenario file to write.", Path("scenario.yaml")),
    force: bool = force_option(),
) -> None:
    """Write a starter scenario with every field and its default, commented, to edit and run."""
    check_output(output, force, (".yaml", ".yml"))
    write_atomic(output, starter_text().encode("utf-8"), force=force)
    typer.echo(f"wrote {output}: edit it, then run xlcost tco -s {output}")


def schema_command() -> None:
    """Print the JSON Schema of scenario files (for editors that validate while typing)."""
    typer.echo(json_text(Scenario.model_json_schema()))
