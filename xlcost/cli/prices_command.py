"""``xlcost prices``: list the catalog, import price files (dry run unless --write), diff catalogs."""

from __future__ import annotations

from contextlib import nullcontext
from datetime import datetime
from pathlib import Path

import typer

from xlcost.cli.app import sub_app
from xlcost.cli.options import (
    CATALOG_HELP,
    TableFormat,
    catalog_option,
    format_option,
    json_option,
    max_age_option,
    output_option,
)
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import builtin_scenarios, load_scenario
from xlcost.errors import CatalogError
from xlcost.io.plain_text import DataConsole, json_text
from xlcost.prices import diff_catalogs, import_prices, listing, write_in_place, write_new
from xlcost.prices.importer import PriceFormat
from xlcost.prices.listing import ListedKind
from xlcost.prices.lock import catalog_lock
from xlcost.prices.render import diff_json, import_json, listing_json, print_diff, print_listing, print_report

app = sub_app("Keep prices current: list the catalog, import LiteLLM / genai-prices / SkyPilot files, diff catalogs.")


@app.command("list")
def list_command(
    kind: ListedKind = typer.Option(None, "--kind", "-k", help="Only this kind of option."),
    stale: bool = typer.Option(False, "--stale", help="Only rows whose as-of date is older than --max-age-days."),
    max_age_days: int = max_age_option(),
    catalog: Path = catalog_option(),
    as_json: bool = json_option(),
    fmt: TableFormat = format_option(),
) -> None:
    """The catalog as a table: option key, prices, currency, as-of date and source of each row."""
    chosen = kind.value if kind else None
    stale_after_days = max_age_days if stale else None
    rows = listing(load_catalog(catalog), chosen, stale_after_days=stale_after_days)
    if as_json:
        typer.echo(json_text(listing_json(rows)))
        return
    print_listing(rows, stale_after_days, fmt)
    if not rows:
        typer.echo("no stale prices" if stale else "no rows", err=True)


@app.command("import")
def import_command(
    files: list[Path] = typer.Argument(
        ..., help="Local copies of the price files (several SkyPilot vms.csv or genai-prices provider files at once)."
    ),
    fmt: PriceFormat = typer.Option(..., "--format", help="Format of the price files."),
    provider: list[str] = typer.Option(
        None, "--provider", "-p", help="Only these providers (litellm_provider / genai-prices provider id); repeatable."
    ),
    region: list[str] = typer.Option(None, "--region", help="SkyPilot: only offers in these regions; repeatable."),
    currency: str = typer.Option(
        "CNY", "--currency", help="Store imported prices in this currency (via the catalog's fx.csv)."
    ),
    as_of: datetime = typer.Option(
        None,
        "--as-of",
        formats=["%Y-%m-%d"],
        help="As-of date of the prices (default: prices_checked, else the file's date).",
    ),
    catalog: Path = catalog_option(),
    write: bool = typer.Option(
        False, "--write", help="Apply the import to the --catalog directory (default: dry run)."
    ),
    out: Path = output_option("Write the updated catalog as this new directory instead."),
    scenario: list[str] = typer.Option(
        None, "--scenario", "-s", help="Also show the TCO change of this scenario file; repeatable."
    ),
    as_json: bool = json_option(),
    limit: int = typer.Option(40, "--limit", min=1, help="Rows shown per section (all are in --json)."),
) -> None:
    """Read price files offline and show what would be added, removed and changed, and which TCOs move."""
    if write and out is not None:
        raise CatalogError("give either --write (update --catalog in place) or --output NEWDIR, not both")
    if write and catalog is None:
        raise CatalogError("--write updates a catalog directory: name it with --catalog DIR (or use --output NEWDIR)")
    with catalog_lock(catalog) if write else nullcontext():  # re-read under the lock: no lost update
        base = load_catalog(catalog)
        outcome = import_prices(
            files,
            fmt.value,
            base,
            providers=provider or (),
            regions=region or (),
            currency=currency,
            as_of=as_of.date() if as_of else None,
        )
        diff = diff_catalogs(base, outcome.catalog, _scenarios(scenario))
        written = ""
        if write:
            files_written = write_in_place(outcome.catalog, base, catalog)
            written = (
                f"wrote {', '.join(files_written)} in {catalog}" if files_written else "nothing to write: no change"
            )
        elif out is not None:
            write_new(outcome.catalog, base, out)
            written = f"wrote the updated catalog to {out}"
    if as_json:
        typer.echo(json_text(import_json(outcome.report, diff, written)))
        return
    console = DataConsole()
    print_report(outcome.report, console, limit)
    print_diff(diff, console, limit)
    typer.echo(written or "dry run: nothing written (add --write --catalog DIR, or --output NEWDIR, to apply)")


@app.command("diff")
def diff_command(
    old: Path = typer.Argument(..., help="Old catalog directory, or old price file (with --format)."),
    new: Path = typer.Argument(..., help="New catalog directory, or new price file (with --format)."),
    fmt: PriceFormat = typer.Option(
        None,
        "--format",
        help="OLD and NEW are price files of this format: import each into --catalog and compare.",
    ),
    catalog: Path = catalog_option(CATALOG_HELP + " Base for price-file diffs."),
    provider: list[str] = typer.Option(None, "--provider", "-p", help="Only these providers; repeatable."),
    currency: str = typer.Option("CNY", "--currency", help="Currency imported prices are stored in."),
    scenario: list[str] = typer.Option(
        None, "--scenario", "-s", help="Also show the TCO change of this scenario file; repeatable."
    ),
    as_json: bool = json_option(),
    limit: int = typer.Option(40, "--limit", min=1, help="Rows shown per section (all are in --json)."),
) -> None:
    """What changes from OLD to NEW: rows added, removed and changed (old → new, %), and scenario TCO moves."""
    if fmt is None:
        for path in (old, new):
            if not path.is_dir():
                raise CatalogError(f"{path}: not a catalog directory (to compare two price files, add --format)")
        before, after = load_catalog(old), load_catalog(new)
    else:
        base = load_catalog(catalog)
        before, after = (
            import_prices([p], fmt.value, base, providers=provider or (), currency=currency).catalog for p in (old, new)
        )
    diff = diff_catalogs(before, after, _scenarios(scenario))
    if as_json:
        typer.echo(json_text(diff_json(diff)))
    else:
        print_diff(diff, DataConsole(), limit)


def _scenarios(extra: list[str] | None):
    return [load_scenario(name) for name in builtin_scenarios()] + [load_scenario(s) for s in extra or ()]
