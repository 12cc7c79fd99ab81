"""``xlcost audit FILE``: findings on an edited workbook; exit 0 clean, 1 findings at ``--fail-on``, 2 unreadable."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import typer

from xlcost.audit import DEFAULT_MAX_AGE_DAYS, Severity, audit
from xlcost.audit.render import print_result, to_json
from xlcost.audit.report_file import write_audit_report
from xlcost.cli.options import catalog_option, force_option, json_option, max_age_option, output_option
from xlcost.cli.render.progress import progress_bar
from xlcost.core.catalog import load_catalog
from xlcost.errors import XlcostError
from xlcost.io.plain_text import DataConsole


def audit_command(
    file: Path = typer.Argument(..., help="Workbook to audit (.xlsx or .xlsm); it is only read."),
    catalog: Path = catalog_option("Catalog to compare prices with: a directory or a built-in name; default: seed."),
    as_of: str = typer.Option(
        None, "--as-of", help="Audit date, YYYY-MM-DD: prices are dated from it (default: today)."
    ),
    max_age_days: int = max_age_option(DEFAULT_MAX_AGE_DAYS),
    fail_on: str = typer.Option(
        "warning", "--fail-on", help="Exit 1 when a finding is this severe or worse: error, warning (default) or info."
    ),
    min_severity: str = typer.Option(
        "warning",
        "--min-severity",
        help="List findings this severe or worse and count the rest by kind: error, warning (default) or info "
        "(info also lists every recomputed figure). JSON and -o reports always hold everything.",
    ),
    as_json: bool = json_option(),
    output: Path = output_option("Also write the findings to this new .xlsx workbook."),
    force: bool = force_option(),
) -> None:
    """Report what changed, what is stale, what is broken, and the answer now."""
    if max_age_days < 0:
        raise XlcostError(f"--max-age-days must be 0 or more (got {max_age_days})")
    shown_from = Severity.named(min_severity, "--min-severity")
    with progress_bar("auditing") as report:
        result = audit(
            file,
            baseline=load_catalog(catalog),
            as_of=_date(as_of),
            max_age_days=max_age_days,
            fail_on=Severity.named(fail_on, "--fail-on"),
            progress=report,
        )
    if output is not None:
        write_audit_report(result, file, output, force=force)
    if as_json:
        typer.echo(to_json(result))
    else:
        print_result(result, DataConsole(), shown_from)
        if output is not None:
            typer.echo(f"report written to {output}")
    raise typer.Exit(result.exit_code)


def _date(text: str | None) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise XlcostError(f"--as-of: expected a date as YYYY-MM-DD (got '{text}')") from None
