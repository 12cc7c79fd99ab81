"""``xlcost prices``: list the catalog, import price files (dry run unless --write), diff catalogs."""

from __future__ import annotations

import json
from collections import defaultdict
from contextlib import nullcontext
from datetime import datetime
from enum import Enum
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from xlcost.catalog import load_catalog
from xlcost.errors import CatalogError
from xlcost.plain_text import DataConsole
from xlcost.prices import (
    CatalogDiff,
    ImportReport,
    diff_catalogs,
    import_prices,
    listing,
    write_in_place,
    write_new,
)
from xlcost.prices.listing import price_text
from xlcost.prices.lock import catalog_lock
from xlcost.scenario_io import builtin_scenarios, load_scenario

app = typer.Typer(
    help="Keep prices current: list the catalog, import LiteLLM / genai-prices / SkyPilot files, diff catalogs.",
    no_args_is_help=True,
)

CATALOG_HELP = "Catalog directory (CSV files as in templates/); default: the embedded catalog."


class Format(str, Enum):
    litellm = "litellm"
    genai_prices = "genai-prices"
    skypilot = "skypilot"


class Kind(str, Enum):
    api = "api"
    rent = "rent"
    buy = "buy"
    onprem = "onprem"
    seat = "seat"


@app.command("list")
def list_command(
    kind: Kind = typer.Option(None, "--kind", "-k", help="Only this kind of option."),
    stale: bool = typer.Option(False, "--stale", help="Only rows whose as-of date is older than --max-age days."),
    max_age: int = typer.Option(90, "--max-age", min=0, help="Days after which a price counts as stale."),
    catalog: Path = typer.Option(None, "--catalog", "-c", help=CATALOG_HELP),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of a table."),
) -> None:
    """The catalog as a table: option key, prices, currency, as-of date and source of each row."""
    rows = listing(load_catalog(catalog), kind.value if kind else None, stale_after_days=max_age if stale else None)
    if as_json:
        typer.echo(
            json.dumps([{**r.__dict__, "as_of": r.as_of.isoformat()} for r in rows], indent=2, ensure_ascii=False)
        )
        return
    table = Table(title=f"{'Stale prices (older than ' + str(max_age) + ' days)' if stale else 'Price catalog'}")
    for header in ("option", "name", "prices", "currency", "as of", "age (days)", "source"):
        table.add_column(header, overflow="fold")
    for r in rows:
        table.add_row(
            Text(r.key), Text(r.name), Text(r.prices), r.currency, r.as_of.isoformat(), str(r.age_days), Text(r.source)
        )
    DataConsole().print(table)
    if not rows:
        typer.echo("no stale prices" if stale else "no rows")


@app.command("import")
def import_command(
    files: list[Path] = typer.Argument(
        ..., help="Local copies of the price files (several SkyPilot vms.csv or genai-prices provider files at once)."
    ),
    fmt: Format = typer.Option(..., "--format", "-f", help="File format."),
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
    catalog: Path = typer.Option(None, "--catalog", "-c", help=CATALOG_HELP),
    write: bool = typer.Option(
        False, "--write", help="Apply the import to the --catalog directory (default: dry run)."
    ),
    out: Path = typer.Option(None, "--out", help="Write the updated catalog as a new directory instead."),
    scenario: list[str] = typer.Option(
        None, "--scenario", "-s", help="Also show the TCO change of this scenario file; repeatable."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
    limit: int = typer.Option(40, "--limit", min=1, help="Rows shown per section (all are in --json)."),
) -> None:
    """Read price files offline and show what would be added, removed and changed, and which TCOs move."""
    if write and out is not None:
        raise CatalogError("give either --write (update --catalog in place) or --out NEWDIR, not both")
    if write and catalog is None:
        raise CatalogError("--write updates a catalog directory: name it with --catalog DIR (or use --out NEWDIR)")
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
        typer.echo(
            json.dumps(
                {"import": report_json(outcome.report), **diff_json(diff), "written": written},
                indent=2,
                ensure_ascii=False,
            )
        )
        return
    console = DataConsole()
    print_report(outcome.report, console, limit)
    print_diff(diff, console, limit)
    typer.echo(written or "dry run: nothing written (add --write --catalog DIR, or --out NEWDIR, to apply)")


@app.command("diff")
def diff_command(
    old: Path = typer.Argument(..., help="Old catalog directory, or old price file (with --format)."),
    new: Path = typer.Argument(..., help="New catalog directory, or new price file (with --format)."),
    fmt: Format = typer.Option(
        None,
        "--format",
        "-f",
        help="OLD and NEW are price files of this format: import each into --catalog and compare.",
    ),
    catalog: Path = typer.Option(None, "--catalog", "-c", help=CATALOG_HELP + " Base for price-file diffs."),
    provider: list[str] = typer.Option(None, "--provider", "-p", help="Only these providers; repeatable."),
    currency: str = typer.Option("CNY", "--currency", help="Currency imported prices are stored in."),
    scenario: list[str] = typer.Option(
        None, "--scenario", "-s", help="Also show the TCO change of this scenario file; repeatable."
    ),
    as_json: bool = typer.Option(False, "--json", help="Print JSON instead of tables."),
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
        typer.echo(json.dumps(diff_json(diff), indent=2, ensure_ascii=False))
    else:
        print_diff(diff, DataConsole(), limit)


def _scenarios(extra: list[str] | None):
    return [load_scenario(name) for name in builtin_scenarios()] + [load_scenario(s) for s in extra or ()]


def report_json(report: ImportReport) -> dict:
    return {
        "format": report.fmt,
        "files": report.files,
        "read": report.read,
        "accepted": report.accepted,
        "fx": report.fx,
        "rejected": [{"entry": key, "reason": reason} for key, reason in report.rejected],
        "skipped": dict(report.skipped),
        "renamed": [{"entry": key, "id": ident, "why": why} for key, ident, why in report.renamed],
    }


def diff_json(diff: CatalogDiff) -> dict:
    def value(v):
        return (
            v.model_dump(mode="json") if hasattr(v, "model_dump") else v.isoformat() if hasattr(v, "isoformat") else v
        )

    return {
        "rows": [
            {
                "file": r.file,
                "key": r.key,
                "status": r.status,
                "old": r.old.model_dump(mode="json") if r.old else None,
                "new": r.new.model_dump(mode="json") if r.new else None,
                "fields": [
                    {"field": f.field, "old": value(f.old), "new": value(f.new), "pct": f.pct} for f in r.fields
                ],
            }
            for r in diff.rows
        ],
        "tco": [
            {
                "scenario": t.scenario,
                "option": t.option,
                "currency": t.currency,
                "old": t.old,
                "new": t.new,
                "delta": t.delta,
                "pct": t.pct,
                "error": t.error,
            }
            for t in diff.tco
        ],
    }


def print_report(report: ImportReport, console: Console, limit: int) -> None:
    console.print(Text(f"{report.fmt}: {report.read:,} entries read from {', '.join(report.files)}"))
    console.print(
        Text(
            f"  {report.accepted:,} catalog rows from it, {len(report.rejected):,} entries rejected; prices: {report.fx}"
        )
    )
    if report.skipped:
        console.print(
            Text("  skipped (not applicable): " + ", ".join(f"{n:,} {why}" for why, n in report.skipped.most_common()))
        )
    for key, ident, why in report.renamed[:limit]:
        console.print(Text(f"  renamed: {key} → {ident} ({why})"))
    if len(report.renamed) > limit:
        console.print(Text(f"  ... and {len(report.renamed) - limit:,} more renamed (see --json)"))
    if report.rejected:
        by_reason: dict[str, list[str]] = defaultdict(list)
        for key, reason in report.rejected:
            by_reason[reason].append(key)
        table = Table(title="Rejected entries (not imported)")
        table.add_column("entries", overflow="fold")
        table.add_column("reason", overflow="fold")
        for reason, keys in list(by_reason.items())[:limit]:
            shown = ", ".join(keys[:3]) + (f" and {len(keys) - 3:,} more" if len(keys) > 3 else "")
            table.add_row(Text(shown), Text(reason))
        console.print(table)
        if len(by_reason) > limit:
            console.print(Text(f"... and {len(by_reason) - limit:,} more reasons (see --json)"))


def print_diff(diff: CatalogDiff, console: Console, limit: int) -> None:
    if not diff.rows:
        console.print("no change to the catalog")
        return
    for file in dict.fromkeys(r.file for r in diff.rows):
        console.print(
            Text(
                f"{file}: {diff.count('added', file):,} added, {diff.count('removed', file):,} removed, {diff.count('changed', file):,} changed"
            )
        )
    table = Table(title="Catalog changes")
    for header in ("", "row", "field", "old", "new", "change"):
        table.add_column(header, overflow="fold")
    rows = diff.rows[:limit]
    for r in rows:
        mark = {"added": "+", "removed": "-", "changed": "~"}[r.status]
        if r.status == "changed":
            for i, f in enumerate(r.fields):
                pct = "" if f.pct is None else f"{f.pct:+.1%}"
                table.add_row(
                    mark if i == 0 else "",
                    Text(r.key if i == 0 else ""),
                    f.field,
                    Text(_short(f.old)),
                    Text(_short(f.new)),
                    pct,
                )
        else:
            row = r.new or r.old
            table.add_row(
                mark,
                Text(r.key),
                "",
                "" if r.status == "added" else Text(price_text(row)),
                Text(price_text(row)) if r.status == "added" else "",
                getattr(row, "currency", ""),
            )
    console.print(table)
    if len(diff.rows) > limit:
        console.print(Text(f"... and {len(diff.rows) - limit:,} more changed rows (see --json)"))
    if not diff.tco:
        console.print("TCO: no scenario checked moves")
        return
    tco = Table(title="TCO of scenarios that move")
    for header in ("scenario", "option", "old TCO", "new TCO", "change", "%"):
        tco.add_column(header, justify="left" if header in ("scenario", "option") else "right", overflow="fold")
    for t in diff.tco[:limit]:
        if t.error:
            tco.add_row(t.scenario, Text(t.option), "", "", Text(t.error), "")
        else:
            pct = "" if t.pct is None else f"{t.pct:+.1%}"
            tco.add_row(
                t.scenario, Text(t.option), f"{t.old:,.2f}", f"{t.new:,.2f}", f"{t.delta:+,.2f} {t.currency}", pct
            )
    console.print(tco)


def _short(value: object, width: int = 60) -> str:
    text = (
        value.isoformat()
        if hasattr(value, "isoformat")
        else ("" if value is None else f"{value:.6g}" if isinstance(value, float) else str(value))
    )
    return text if len(text) <= width else text[: width - 1] + "…"
