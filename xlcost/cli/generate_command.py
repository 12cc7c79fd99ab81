"""``xlcost generate``: write the comparison workbook for a scenario."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from xlcost.cli.options import (
    catalog_option,
    currency_option,
    force_option,
    max_age_option,
    model_option,
    output_option,
    scenario_option,
    users_option,
)
from xlcost.cli.render.comparison import print_stale_price_note, print_warning_lines
from xlcost.cli.render.progress import progress_bar
from xlcost.core.compare import Comparison
from xlcost.core.scenario_io import catalog_choice, load_scenario, with_currency, with_model, with_workload
from xlcost.workbook import generate


def generate_command(
    output: Path = output_option("Workbook to write (.xlsx).", Path("comparison.xlsx")),
    scenario: str = scenario_option(),
    catalog: Path = catalog_option(),
    users: float = users_option(),
    model: str = model_option(),
    currency: str = currency_option(),
    max_age_days: int = max_age_option(),
    force: bool = force_option(),
) -> None:
    """Write an Excel model comparing the scenario's options, every figure a live formula."""
    warnings: list[str] = []
    answers: list[Comparison] = []
    chosen = with_currency(
        with_model(with_workload(load_scenario(scenario), "users_per_day", users, "--users"), model), currency
    )
    with progress_bar("generating") as report:
        written = generate(
            output,
            chosen,
            catalog_choice(catalog, chosen),
            force=force,
            on_warning=warnings.append,
            on_comparison=answers.append,
            progress=report,
        )
    typer.echo(f"wrote {written}")
    print_warning_lines(tuple(warnings))
    for answer in answers:
        print_stale_price_note(answer, max_age_days, dt.date.today())
