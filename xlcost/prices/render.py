"""``xlcost prices`` output for people (the listing, import report and catalog diff as tables) and machines (JSON).

Beside the prices logic, as ``audit/render.py`` is beside the audit's: the command module keeps only
its flags, and a change to a report or a diff changes the one place that shows it.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from rich.console import Console

from xlcost.core.catalog.rows import Ranged
from xlcost.io.table import Column, TableFormat, number, plain, print_table
from xlcost.prices import CatalogDiff, ImportReport, RowChange
from xlcost.prices.listing import Listed, price_fields

LIST_COLUMNS = (
    Column("option"),
    Column("name", "text", drop_order=1),
    Column("prices", "text"),
    Column("currency"),
    Column("as of"),
    Column("age (days)", "number", places=0, drop_order=2),
    Column("source", "text", drop_order=3),
)
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


def listing_json(rows: list[Listed]) -> list[dict[str, Any]]:
    return [{**r.__dict__, "as_of": r.as_of.isoformat()} for r in rows]


def print_listing(rows: list[Listed], stale_after_days: int | None, fmt: TableFormat) -> None:
    """The listed rows as one table, titled for what was asked: the whole catalog or its stale rows."""
    print_table(
        LIST_COLUMNS,
        [(r.key, r.name, price_text(r.prices), r.currency, r.as_of.isoformat(), r.age_days, r.source) for r in rows],
        title="Price catalog" if stale_after_days is None else f"Stale prices (older than {stale_after_days} days)",
        fmt=fmt,
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


def import_json(report: ImportReport, diff: CatalogDiff, written: str) -> dict[str, Any]:
    """What ``prices import`` read, what it changes, and what it wrote (empty on a dry run)."""
    return {"import": report_json(report), **diff_json(diff), "written": written}


def report_json(report: ImportReport) -> dict[str, Any]:
    return {
        "format": report.fmt,
        "files": report.files,
        "read": report.read,
        "accepted": report.accepted,
        "fx": report.fx,
        "rejected": [{"entry": key, "reason": reason} for key, reason in report.rejected],
        "skipped": dict(report.skipped),
        "renamed": [{"entry": key, "id": ident, "why": why} for key, ident, why in report.renamed],
        "aliases": [{"id": ident, "entry": alias} for ident, alias in report.merged],
        "warnings": report.warnings,
    }


def diff_json(diff: CatalogDiff) -> dict[str, Any]:
    def value(v: object) -> object:
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
    for warning in report.warnings:
        console.print(plain(f"  warning: {warning}"))
    if report.skipped:
        console.print(
            plain("  skipped (not applicable): " + ", ".join(f"{n:,} {why}" for why, n in report.skipped.most_common()))
        )
    if report.merged:
        merged_rows = len({ident for ident, _ in report.merged})
        console.print(
            plain(
                f"  {merged_rows:,} rows also stand for {len(report.merged):,} entries of other sources or spellings"
                " (aliases in the row's notes and --json)"
            )
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
