"""``xlcost reconcile CLAIMS``: recompute quoted figures; exit 0 all hold, 1 some do not, 2 unreadable file."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from openpyxl import Workbook
from rich.console import Console
from rich.table import Table

from xlcost.analysis.reconcile import ClaimResult, locate_claims, read_claims, reconcile
from xlcost.cli.options import catalog_option, force_option, json_option, output_option
from xlcost.core.catalog import load_catalog
from xlcost.io.plain_text import DataConsole
from xlcost.io.xlsx_report import save_atomic, write_rows


def reconcile_command(
    claims: str = typer.Argument(
        ..., help="CSV of claims (label, option, months, workload, claimed, currency...) or a built-in name: seed-002."
    ),
    catalog: Path = catalog_option(),
    as_json: bool = json_option(),
    output: Path = output_option("Also write the results to this new .xlsx workbook."),
    force: bool = force_option(),
) -> None:
    """Recompute each claimed figure; show the difference and, for usage-driven lines, the implied daily users."""
    source = locate_claims(claims)
    results = reconcile(read_claims(source), load_catalog(catalog))
    if output is not None:
        book = Workbook()
        rows = [list(r.as_dict().values()) for r in results]
        write_rows(book.active, list(results[0].as_dict()), rows)
        book.active.title = "Claims"
        save_atomic(book, output, force=force, protect=[source])
    if as_json:
        typer.echo(json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False))
    else:
        print_results(results, DataConsole())
    raise typer.Exit(0 if all(r.holds for r in results) else 1)


def print_results(results: list[ClaimResult], console: Console) -> None:
    failing = [r for r in results if not r.holds]
    console.print(f"{len(results)} claims: {len(results) - len(failing)} hold, {len(failing)} do not")
    table = Table(show_lines=False)
    table.add_column("line", justify="right", no_wrap=True)
    table.add_column("claim", overflow="fold", ratio=1)
    for header in ("claimed", "xlcost", "diff", "users/day"):
        table.add_column(header, justify="right", no_wrap=True)
    table.add_column("", no_wrap=True)
    for r in results:
        table.add_row(
            str(r.line),
            r.claim.label,
            _num(r.claim.claimed),
            _num(r.computed),
            "-" if r.percent is None else f"{r.percent:+.1f}%",
            _num(r.implied_users) if r.implied_users is not None else "",
            "ok" if r.holds else "NO",
            style=None if r.holds else "bold red",
        )
    console.print(table)
    console.print("users/day: daily users that would make a usage-driven claim true.")
    for r in failing:
        c = r.claim
        why = f"claimed {_num(c.claimed)}, xlcost {_num(r.computed)} ({c.option}, {c.case} case): {r.basis}"
        if r.implied_users is not None:
            why += f"; true at {r.implied_users:,.0f} users/day, not {c.workload().users_per_day:,.0f}"
        console.print(f"line {r.line} {c.label}: {why}")


def _num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:,.2f}"
