"""``xlcost generate``: write the comparison workbook for a scenario."""

from __future__ import annotations

from pathlib import Path

import typer

from xlcost.cli.tco import CATALOG_HELP, SCENARIO_HELP
from xlcost.workbook import generate


def generate_command(
    output: Path = typer.Option(Path("comparison.xlsx"), "--output", "-o", help="Workbook to write (.xlsx)."),
    scenario: str = typer.Option(None, "--scenario", "-s", help=SCENARIO_HELP),
    catalog: Path = typer.Option(None, "--catalog", "-c", help=CATALOG_HELP),
    force: bool = typer.Option(False, "--force", "-f", help="Overwrite the output if it exists."),
) -> None:
    """Write an Excel model comparing the scenario's options, every figure a live formula."""
    written = generate(output, scenario, catalog, force=force)
    typer.echo(f"wrote {written}")
