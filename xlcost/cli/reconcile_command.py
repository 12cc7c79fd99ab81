"""``xlcost reconcile CLAIMS``: recompute quoted figures; exit 0 all hold, 1 some do not, 2 unreadable file."""

from __future__ import annotations

from pathlib import Path

import typer
from openpyxl import Workbook

from xlcost.analysis.reconcile import locate_claims, read_claims, reconcile
from xlcost.cli.options import catalog_option, force_option, format_option, json_option, output_option
from xlcost.cli.render.progress import progress_bar
from xlcost.cli.render.reconcile import print_results
from xlcost.core.catalog import load_catalog
from xlcost.io.plain_text import json_text
from xlcost.io.table import TableFormat
from xlcost.io.xlsx_report import first_sheet, save_atomic, write_rows


def reconcile_command(
    claims: str = typer.Argument(
        ..., help="CSV of claims (label, option, months, workload, claimed, currency...) or a built-in name: seed-002."
    ),
    catalog: Path = catalog_option(),
    as_json: bool = json_option(),
    output: Path = output_option("Also write the results to this new .xlsx workbook."),
    force: bool = force_option(),
    fmt: TableFormat = format_option(),
) -> None:
    """Recompute each claimed figure; show the difference and, for usage-driven lines, the implied daily users."""
    source = locate_claims(claims)
    with progress_bar("checking claims") as report:
        results = reconcile(read_claims(source), load_catalog(catalog), report)
    if output is not None:
        book = Workbook()
        rows = [list(r.as_dict().values()) for r in results]
        sheet = first_sheet(book)
        write_rows(sheet, list(results[0].as_dict()), rows)
        sheet.title = "Claims"
        save_atomic(book, output, force=force, protect=[source])
    if as_json:
        typer.echo(json_text([r.as_dict() for r in results]))
    else:
        print_results(results, fmt)
    raise typer.Exit(0 if all(r.holds for r in results) else 1)
