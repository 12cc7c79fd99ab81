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
from xlcost.core.catalog.rows import Ranged
from xlcost.core.scenario_io import builtin_scenarios, load_scenario
from xlcost.errors import CatalogError
from xlcost.io.plain_text import DataConsole
from xlcost.io.table import Column, number, plain, print_table
from xlcost.prices import (
    CatalogDiff,
    ImportReport,
    RowChange,
    diff_catalogs,
    import_prices,
    listing,
    write_in_place,
    write_new,
)
from xlcost.prices.listing import price_fields
from xlcost.prices.lock import catalog_lock

app = sub_app("Keep prices current: list the catalog, import LiteLLM / genai-prices / SkyPilot files, diff catalogs.")


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
    stale: bool = typer.Option(False, "--stale", help="Only rows whose as-of date is older than --max-age-days."),
    max_age_days: int = max_age_option(),
    catalog: Path = catalog_option(),
    as_json: bool = json_option(),
    fmt: TableFormat = format_option(),
) -> None:
    """The catalog as a table: option key, prices, currency, as-of date and source of each row."""
    chosen = kind.value if kind else None
    rows = listing(load_catalog(catalog), chosen, stale_after_days=max_age_days if stale else None)
    if as_json:
        typer.echo(
            json.dumps([{**r.__dict__, "as_of": r.as_of.isoformat()} for r in rows], indent=2, ensure_ascii=False)
        )
        return
    print_table(
        LIST_COLUMNS,
        [(r.key, r.name, price_text(r.prices), r.currency, r.as_of.isoformat(), r.age_days, r.source) for r in rows],
        title=f"Stale prices (older than {max_age_days} days)" if stale else "Price catalog",
        fmt=fmt,
    )
    if not rows:
        typer.echo("no stale prices" if stale else "no rows", err=True)


LIST_COLUMNS = (
    Column("option"),
    Column("name", "text", drop_order=1),
    Column("prices", "text"),
    Column("currency"),
    Column("as of"),
    Column("age (days)", "number", places=0, drop_order=2),
    Column("source", "text", drop_order=3),
)


def price_text(fields: dict[str, float | dict[str, float]]) -> str:
    """Price fields in one line, e.g. ``input_per_mtok 2; output_per_mtok 8``; a range as ``low–high``."""
    parts = []
    for name, value in fields.items():
        if isinstance(value, dict):
            low, high = value["low"], value["high"]
            parts.append(f"{name} {number(low)}" + ("" if low == high else f"–{number(high)}"))
        else:
            parts.append(f"{name} {number(value)}")
    return "; ".join(parts)


@app.command("import")
def import_command(
    files: list[Path] = typer.Argument(
        ..., help="Local copies of the price files (several SkyPilot vms.csv or genai-prices provider files at once)."
    ),
    fmt: Format = typer.Option(..., "--format", help="Format of the price files."),
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
    typer.echo(written or "dry run: nothing written (add --write --catalog DIR, or --output NEWDIR, to apply)")


@app.command("diff")
def diff_command(
    old: Path = typer.Argument(..., help="Old catalog directory, or old price file (with --format)."),
    new: Path = typer.Argument(..., help="New catalog directory, or new price file (with --format)."),
    fmt: Format = typer.Option(
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
                "label": t.label,
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
    console.print(plain(f"{report.fmt}: {report.read:,} entries read from {', '.join(report.files)}"))
    console.print(
        plain(
            f"  {report.accepted:,} catalog rows from it, {len(report.rejected):,} entries rejected; prices: {report.fx}"
        )
    )
    if report.skipped:
        console.print(
            plain("  skipped (not applicable): " + ", ".join(f"{n:,} {why}" for why, n in report.skipped.most_common()))
        )
    for key, ident, why in report.renamed[:limit]:
        console.print(plain(f"  renamed: {key} → {ident} ({why})"))
    if len(report.renamed) > limit:
        console.print(plain(f"  ... and {len(report.renamed) - limit:,} more renamed (see --json)"))
    if report.rejected:
        by_reason: dict[str, list[str]] = defaultdict(list)
        for key, reason in report.rejected:
            by_reason[reason].append(key)
        rows = [
            (", ".join(keys[:3]) + (f" and {len(keys) - 3:,} more" if len(keys) > 3 else ""), reason)
            for reason, keys in list(by_reason.items())[:limit]
        ]
        columns = (Column("entries", "text"), Column("reason", "text"))
        print_table(columns, rows, title="Rejected entries (not imported)", console=console)
        if len(by_reason) > limit:
            console.print(plain(f"... and {len(by_reason) - limit:,} more reasons (see --json)"))


DIFF_COLUMNS = (
    Column(""),
    Column("row"),
    Column("field"),
    Column("old", "text"),
    Column("new", "text"),
    Column("change"),
)
TCO_COLUMNS = (
    Column("scenario"),
    Column("option"),
    Column("label", "text", drop_order=1),
    Column("old TCO", "number", places=2),
    Column("new TCO", "number", places=2),
    Column("change", "text"),
    Column("%"),
)


def print_diff(diff: CatalogDiff, console: Console, limit: int) -> None:
    if not diff.rows:
        console.print("no change to the catalog")
        return
    for file in dict.fromkeys(r.file for r in diff.rows):
        counts = ", ".join(f"{diff.count(status, file):,} {status}" for status in ("added", "removed", "changed"))
        console.print(plain(f"{file}: {counts}"))
    print_table(DIFF_COLUMNS, _diff_rows(diff.rows[:limit]), title="Catalog changes", console=console)
    if len(diff.rows) > limit:
        console.print(plain(f"... and {len(diff.rows) - limit:,} more changed rows (see --json)"))
    if not diff.tco:
        console.print("TCO: no scenario checked moves")
        return
    rows = [
        (t.scenario, t.option, t.label, None, None, t.error, "")
        if t.error
        else (t.scenario, t.option, t.label, t.old, t.new, f"{_signed(t.delta)} {t.currency}", _percent(t.pct))
        for t in diff.tco[:limit]
    ]
    print_table(TCO_COLUMNS, rows, title="TCO of scenarios that move", console=console)


def _diff_rows(changes: list[RowChange]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for r in changes:
        mark = {"added": "+", "removed": "-", "changed": "~"}[r.status]
        if r.status == "changed":
            for i, f in enumerate(r.fields):
                first = i == 0
                rows.append(
                    (
                        mark if first else "",
                        r.key if first else "",
                        f.field,
                        _shown(f.old),
                        _shown(f.new),
                        _percent(f.pct),
                    )
                )
        else:
            row = r.new or r.old
            assert row is not None  # an added row has a new side, a removed one an old side
            prices = price_text(price_fields(row))
            old, new = ("", prices) if r.status == "added" else (prices, "")
            rows.append((mark, r.key, "", old, new, getattr(row, "currency", "")))
    return rows


def _shown(value: object) -> str:
    if isinstance(value, Ranged):
        return number(value.low) + ("" if value.low == value.high else f"–{number(value.high)}")
    if isinstance(value, int | float) and not isinstance(value, bool):
        return number(value)
    return value.isoformat() if hasattr(value, "isoformat") else "" if value is None else str(value)


def _signed(value: float | None) -> str:
    return "" if value is None else ("+" if value >= 0 else "") + number(value, 2)


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share:+.1%}"
