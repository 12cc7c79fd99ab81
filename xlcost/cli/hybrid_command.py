"""``xlcost hybrid``: how many units to own for the base load, with the peaks sent to an API."""

from __future__ import annotations

from pathlib import Path

import typer

from xlcost.analysis.traffic.study import hybrid_context, hybrid_study
from xlcost.cli.options import (
    SCENARIO_HELP,
    catalog_option,
    force_option,
    format_option,
    json_option,
    output_option,
    scenario_option,
)
from xlcost.cli.render.comparison import print_warning_lines
from xlcost.cli.render.progress import progress_bar
from xlcost.cli.render.traffic import hybrid_json, hybrid_lines, print_report
from xlcost.cli.workload_command import USAGE_HELP, usage_format, usage_format_option
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import catalog_choice, load_scenario
from xlcost.errors import XlcostError
from xlcost.io.atomic import check_output
from xlcost.io.plain_text import json_text
from xlcost.io.table import TableFormat


def hybrid_command(
    own: str = typer.Option(
        ..., "--own", help="The option owned or rented per GPU: rent:<gpu>, rent-hourly:<gpu>, buy:<gpu>."
    ),
    overflow: str = typer.Option(
        ..., "--overflow", help="The API that takes what the units cannot serve: api:<model>."
    ),
    usage: list[Path] = typer.Option(
        None, "--usage", help=USAGE_HELP + " Without it: a synthetic month of --scenario."
    ),
    usage_fmt: str = usage_format_option(),
    scenario: str = scenario_option(SCENARIO_HELP + " Gives model size, currency and, without --usage, the workload."),
    burst: str = typer.Option(
        None, "--burst", help="Bursts of a synthetic month, e.g. 5x:2d/month (5 times the traffic on 2 days)."
    ),
    headroom: float = typer.Option(
        0.0, "--headroom", help="Share of each unit's throughput kept free (0.2 = 20%); default none."
    ),
    model_size: str = typer.Option(
        None, "--model-size", help="Model size served (default: the scenario's, else 7b-14b)."
    ),
    measured: bool = typer.Option(
        False,
        "--measured",
        help="Size a unit from throughput.csv's measured rows (default: the capacity engine on the scenario's "
        "serving block; a seed-basis scenario keeps the seed's 180 tok/s).",
    ),
    catalog: Path = catalog_option(),
    output: Path = output_option("Write a workbook with the Hybrid sheet (.xlsx)."),
    force: bool = force_option(),
    as_json: bool = json_option(),
    fmt: TableFormat = format_option(),
) -> None:
    """Cost of owning 0..peak units with the overflow on an API: the whole curve and the cheapest count."""
    if output is not None:
        check_output(output, force)
    if not usage and scenario is None:
        raise XlcostError("give --usage FILE, or --scenario for a synthetic month (with --burst if it has bursts)")
    spec = load_scenario(scenario) if scenario is not None else None
    cat = load_catalog(catalog if spec is None else catalog_choice(catalog, spec))
    context = hybrid_context(spec, cat, model_size=model_size, measured=measured)
    with progress_bar("pricing 0..peak units owned"):
        study = hybrid_study(
            context,
            cat,
            own=own,
            overflow=overflow,
            usage=usage or None,
            fmt=usage_format(usage_fmt),
            burst=burst,
            scenario_name=spec.name if spec else "",
            headroom=headroom,
        )
    for warning in study.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if output is not None:
        from xlcost.workbook.hybrid_sheet import write_hybrid_workbook  # openpyxl only when a workbook is asked for

        write_hybrid_workbook(study, output, force=force)
    if as_json:
        typer.echo(json_text(hybrid_json(study)))
    else:
        print_report(hybrid_lines(study), fmt)
    if output is not None:
        typer.echo(f"wrote {output}", err=as_json)
    print_warning_lines(study.unit.warnings)
