"""``xlcost prices``: list the catalog, import price files or refresh from installed packages (dry run unless --write), diff catalogs."""

from __future__ import annotations

from contextlib import nullcontext
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import typer

from xlcost.cli.app import sub_app
from xlcost.cli.options import (
    CATALOG_HELP,
    catalog_option,
    format_option,
    json_option,
    max_age_option,
    output_option,
)
from xlcost.cli.render.progress import progress_bar
from xlcost.core.catalog import Catalog, builtin_names, load_catalog
from xlcost.core.catalog.builtin import SEED, builtin_name
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import builtin_scenarios, load_scenario
from xlcost.errors import CatalogError
from xlcost.io.plain_text import DataConsole, json_text
from xlcost.io.table import TableFormat
from xlcost.prices import (
    CatalogDiff,
    ImportReport,
    Source,
    diff_catalogs,
    import_prices,
    import_sources,
    listing,
    write_in_place,
    write_new,
)
from xlcost.prices.common import ReadOptions
from xlcost.prices.importer import PriceFormat
from xlcost.prices.init import init_catalog
from xlcost.prices.installed import SKY_CATALOGS, find_installed
from xlcost.prices.listing import ListedKind
from xlcost.prices.lock import catalog_lock
from xlcost.prices.render import diff_json, import_json, listing_json, print_diff, print_listing, print_report

app = sub_app("Keep prices current: refresh from installed packages, import price files, list and diff catalogs.")


def _currency_option() -> Any:
    return typer.Option("CNY", "--currency", help="Store imported prices in this currency (via the catalog's fx.csv).")


def _write_option(what: str) -> Any:
    return typer.Option(False, "--write", help=f"Apply the {what} to the --catalog directory (default: dry run).")


def _scenario_option() -> Any:
    return typer.Option(None, "--scenario", "-s", help="Also show the TCO change of this scenario file; repeatable.")


def _limit_option() -> Any:
    return typer.Option(40, "--limit", min=1, help="Rows shown per section (all are in --json).")


@app.command("init")
def init_command(
    directory: Path = typer.Argument(..., help="A new (or empty) directory for the copy."),
    source: str = typer.Option(
        SEED, "--from", help=f"The built-in catalog to copy: {' or '.join(builtin_names())} (USD list prices)."
    ),
) -> None:
    """Write an editable copy of a built-in catalog: change a price, its source and as-of date, then
    pass the directory with -c to tco, generate, audit and prices import."""
    written = init_catalog(directory, source.strip().lower())
    typer.echo(f"wrote {len(written)} catalog files to {directory}: {', '.join(written)}")
    typer.echo(f"next: edit a row (keep its currency, source and as_of), then: xlcost tco -c {directory}", err=True)


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
    currency: str = _currency_option(),
    as_of: datetime = typer.Option(
        None,
        "--as-of",
        formats=["%Y-%m-%d"],
        help="As-of date of the prices (default: prices_checked, else the file's date).",
    ),
    catalog: Path = catalog_option(),
    write: bool = _write_option("import"),
    out: Path = output_option("Write the updated catalog as this new directory instead."),
    scenario: list[str] = _scenario_option(),
    as_json: bool = json_option(),
    limit: int = _limit_option(),
) -> None:
    """Read price files offline and show what would be added, removed and changed, and which TCOs move."""
    _check_destination(write, out, catalog)
    # re-read under the lock: no lost update
    with catalog_lock(catalog) if write else nullcontext(), progress_bar("importing") as report:
        report("reading the price files", 0, 3)
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
        report("repricing the scenarios", 1, 3)
        diff = diff_catalogs(base, outcome.catalog, _scenarios(scenario))
        report("writing", 2, 3)
        written = _write(outcome.catalog, base, catalog, write, out)
    _show(outcome.report, diff, written, as_json, limit)


@app.command("refresh")
def refresh_command(
    source: list[PriceFormat] = typer.Option(
        None, "--source", help="Only these sources (default: every one found), in this order of precedence; repeatable."
    ),
    provider: list[str] = typer.Option(
        None, "--provider", "-p", help="Only these providers (default: each model's own vendor); repeatable."
    ),
    all_providers: bool = typer.Option(
        False, "--all-providers", help="Also resellers and clouds (Azure, Bedrock, OpenRouter ...), as <id>-<provider>."
    ),
    region: list[str] = typer.Option(None, "--region", help="SkyPilot: only offers in these regions; repeatable."),
    site_packages: list[Path] = typer.Option(
        None, "--site-packages", help="Look for the packages in this directory, not this Python's; repeatable."
    ),
    sky_catalogs: Path = typer.Option(SKY_CATALOGS, "--sky-catalogs", help="SkyPilot's catalog directory."),
    currency: str = _currency_option(),
    catalog: Path = catalog_option(),
    write: bool = _write_option("refresh"),
    out: Path = output_option("Write the refreshed catalog as this new directory instead."),
    scenario: list[str] = _scenario_option(),
    as_json: bool = json_option(),
    limit: int = _limit_option(),
) -> None:
    """Current prices from what is installed (litellm, genai-prices, SkyPilot's catalogs), offline, in one run."""
    _check_destination(write, out, catalog)
    search = find_installed(site_packages or None, sky_catalogs)
    wanted = [s.value for s in source] if source else [f.fmt for f in search.found]
    found = {f.fmt: f for f in search.found}
    absent = [name for name in wanted if name not in found]
    if absent or not wanted:
        missing = "; ".join(search.missing) or "nothing"
        raise CatalogError(
            f"no price data found for {', '.join(absent) or 'any source'} (missing: {missing}); "
            "install litellm or genai-prices (pip install litellm), or run SkyPilot once (sky check)"
        )
    options = ReadOptions(
        providers=frozenset(p.strip().lower() for p in provider or () if p.strip()),
        regions=frozenset(r.strip().lower() for r in region or () if r.strip()),
        first_party_only=not all_providers,
    )
    sources = [Source(n, found[n].paths, replace(options, installed=found[n].origin)) for n in wanted]
    with catalog_lock(catalog) if write else nullcontext(), progress_bar("refreshing prices") as report:
        base = load_catalog(catalog)
        outcome = import_sources(sources, base, currency=currency, progress=report)
        steps = sum(len(s.paths) for s in sources) + 2
        report("working out how each scenario's TCO moves", steps - 1, steps)
        diff = diff_catalogs(base, outcome.catalog, _scenarios(scenario))
        written = _write(outcome.catalog, base, catalog, write, out)
    if not as_json:
        typer.echo("read: " + "; ".join(f"{found[n].origin} ({n})" for n in wanted), err=True)
    _show(outcome.report, diff, written, as_json, limit)


def _check_destination(write: bool, out: Path | None, catalog: Path | None) -> None:
    if write and out is not None:
        raise CatalogError("give either --write (update --catalog in place) or --output NEWDIR, not both")
    if write and catalog is None:
        raise CatalogError("--write updates a catalog directory: name it with --catalog DIR (or use --output NEWDIR)")
    if write and catalog is not None and builtin_name(catalog) is not None:
        raise CatalogError(
            f"--write does not change the built-in catalog '{catalog}': use --output NEWDIR, or start a directory "
            f"with 'xlcost prices init DIR --from {catalog}' and --write --catalog DIR"
        )


def _write(new: Catalog, base: Catalog, catalog: Path | None, write: bool, out: Path | None) -> str:
    """Apply an import as asked; what was written, or empty on a dry run."""
    if write:
        assert catalog is not None  # checked by _check_destination
        files_written = write_in_place(new, base, catalog)
        return f"wrote {', '.join(files_written)} in {catalog}" if files_written else "nothing to write: no change"
    if out is not None:
        write_new(new, base, out)
        return f"wrote the updated catalog to {out}"
    return ""


def _show(report: ImportReport, diff: CatalogDiff, written: str, as_json: bool, limit: int) -> None:
    if as_json:
        typer.echo(json_text(import_json(report, diff, written)))
        return
    console = DataConsole()
    print_report(report, console, limit)
    print_diff(diff, console, limit)
    typer.echo(written or "dry run: nothing written (add --write --catalog DIR, or --output NEWDIR, to apply)")


@app.command("diff")
def diff_command(
    old: Path = typer.Argument(
        ..., help="Old catalog (directory or built-in name), or old price file (with --format)."
    ),
    new: Path = typer.Argument(
        ..., help="New catalog (directory or built-in name), or new price file (with --format)."
    ),
    fmt: PriceFormat = typer.Option(
        None,
        "--format",
        help="OLD and NEW are price files of this format: import each into --catalog and compare.",
    ),
    catalog: Path = catalog_option(CATALOG_HELP + " Base for price-file diffs."),
    provider: list[str] = typer.Option(None, "--provider", "-p", help="Only these providers; repeatable."),
    currency: str = typer.Option("CNY", "--currency", help="Currency imported prices are stored in."),
    scenario: list[str] = _scenario_option(),
    as_json: bool = json_option(),
    limit: int = _limit_option(),
) -> None:
    """What changes from OLD to NEW: rows added, removed and changed (old → new, %), and scenario TCO moves."""
    if fmt is None:
        for path in (old, new):
            if not path.is_dir() and builtin_name(path) is None:
                raise CatalogError(
                    f"{path}: not a catalog directory nor a built-in catalog ({', '.join(builtin_names())}); "
                    "to compare two price files, add --format"
                )
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


def _scenarios(extra: list[str] | None) -> list[Scenario]:
    return [load_scenario(name) for name in builtin_scenarios()] + [load_scenario(s) for s in extra or ()]
