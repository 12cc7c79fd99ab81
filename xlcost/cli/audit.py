"""``xlcost audit FILE``: findings on an edited workbook; exit 0 clean, 1 findings, 2 unreadable or unsafe."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer
from rich.console import Console

from xlcost.audit import DEFAULT_MAX_AGE_DAYS, audit
from xlcost.audit.render import print_result, to_json
from xlcost.audit.report_xlsx import write_audit_report
from xlcost.catalog import load_catalog
from xlcost.cli.options import catalog_option, force_option, json_option, max_age_option, output_option


def audit_command(
    file: Path = typer.Argument(..., help="Workbook to audit (.xlsx or .xlsm); it is only read."),
    baseline: Path = catalog_option("Catalog directory to compare prices with; default: the embedded catalog."),
    as_of: dt.datetime = typer.Option(None, "--as-of", formats=["%Y-%m-%d"], help="Audit date (default: today)."),
    max_age_days: int = max_age_option(DEFAULT_MAX_AGE_DAYS),
    as_json: bool = json_option(),
    report: Path = output_option("Also write the findings to this new .xlsx workbook."),
    force: bool = force_option(),
) -> None:
    """Report what changed, what is stale, what is broken, and the answer now."""
    result = audit(
        file,
        baseline=load_catalog(baseline),
        as_of=as_of.date() if as_of else None,
        max_age_days=max_age_days,
    )
    if report is not None:
        write_audit_report(result, file, report, force=force)
    if as_json:
        typer.echo(to_json(result))
    else:
        print_result(result, Console())
        if report is not None:
            typer.echo(f"report written to {report}")
    raise typer.Exit(result.exit_code)
