"""``xlcost tco``: a scenario's comparison (``core.compare``) as a table with notes, and as JSON."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from xlcost.core import billing
from xlcost.core.catalog.age import age_days, is_stale
from xlcost.core.catalog.rows import ApiPrice, Row
from xlcost.core.compare import Comparison
from xlcost.io.plain_text import DataConsole
from xlcost.io.table import Column, TableFormat, plain, print_table

COLUMNS = (
    Column("option"),
    Column("label", "text", drop_order=1),
    Column("units", "number"),
    Column("upfront", "number", places=2),
    Column("running, month 1", "number", places=2, drop_order=2),  # upfront excluded, as on Summary
    Column("TCO", "number", places=2),
    Column("NPV", "number", places=2, drop_order=3),
    Column("per 1M tokens", "number", places=4),
    Column("*"),  # the cheapest option; explained in the note under the table
)


def comparison_json(result: Comparison, max_age_days: int, today: dt.date) -> dict[str, Any]:
    return {
        "scenario": result.scenario.name,
        "currency": result.currency,
        "months": result.scenario.months,
        "discount_rate": result.discount_rate,
        "options": [
            {
                "option": r.profile.key,
                "label": r.profile.name,
                "serves": r.serves,
                "units": r.profile.units,
                "sizing": r.profile.sizing.reason if r.profile.sizing else None,
                "billing_rules": list(_billing_rules(result, r.profile.row)),
                "warnings": list(r.profile.warnings),
                "upfront": r.profile.upfront,
                "monthly_month1": r.profile.fixed_monthly + r.profile.variable_monthly,
                "tco": r.tco,
                "npv": r.npv,
                "cost_per_mtok": r.cost_per_mtok,
                "annual_cost": r.annual_cost,
            }
            for r in result.results
        ],
        "warnings": list(result.warnings),
        "oldest_price": _oldest_price_json(result, max_age_days, today),
        "breakevens": [
            {
                "costlier_upfront": {"option": b.costlier_upfront_key, "label": b.costlier_upfront},
                "other": {"option": b.other_key, "label": b.other},
                "month": b.month,
                "reason": b.reason,
            }
            for b in result.breakevens
        ],
        "like_for_like_note": result.like_for_like,
    }


def _oldest_price_json(result: Comparison, max_age_days: int, today: dt.date) -> dict[str, Any] | None:
    if result.oldest_price is None:
        return None
    file, row = result.oldest_price
    return {
        "file": file,
        "id": row.id,
        "as_of": row.as_of.isoformat(),
        "age_days": age_days(row.as_of, today),
        "stale": is_stale(row.as_of, today, max_age_days),
    }


def stale_price_note(result: Comparison, max_age_days: int, today: dt.date) -> str | None:
    """One line when the answer reads a price older than ``--max-age-days`` (the audit's rule), else None."""
    if result.oldest_price is None:
        return None
    file, row = result.oldest_price
    if not is_stale(row.as_of, today, max_age_days):
        return None
    return (
        f"note: the answer uses prices up to {age_days(row.as_of, today):,} days old ({file} '{row.id}', "
        f"as of {row.as_of}), older than --max-age-days {max_age_days}: see 'xlcost prices list --stale'"
    )


def print_stale_price_note(result: Comparison, max_age_days: int, today: dt.date) -> None:
    note = stale_price_note(result, max_age_days, today)
    if note is not None:
        DataConsole(stderr=True).print(plain(note))


def print_comparison(result: Comparison, fmt: TableFormat) -> None:
    """The table on stdout; with ``--format tsv`` the notes under it go to stderr."""
    scenario = result.scenario
    cheapest = result.cheapest.profile.key
    rows = [
        (
            r.profile.key,
            "" if r.profile.name == r.profile.key else r.profile.name,
            r.profile.units,
            r.profile.upfront,
            r.profile.fixed_monthly + r.profile.variable_monthly,
            r.tco,
            r.npv,
            r.cost_per_mtok,
            ("*" if r.profile.key == cheapest else "") + ("!" if r.profile.shortfall else ""),
        )
        for r in result.results
    ]
    print_table(COLUMNS, rows, title=_title(result), fmt=fmt)
    notes = DataConsole(stderr=fmt is TableFormat.tsv)
    notes.print(plain(f"* cheapest over {scenario.months} months. NPV at {result.discount_rate:.2%} a year."))
    short = [r for r in result.results if r.profile.shortfall]
    if short:
        serving = [r for r in result.results if not r.profile.shortfall]
        instead = (
            ""
            if not serving
            else f"; the cheapest option that serves it: {min(serving, key=lambda r: r.tco).profile.key}"
        )
        notes.print(
            plain(
                f"! prices fewer GPUs than the load needs at its busiest hour (said on stderr): its cost understates "
                f"serving the load{instead}"
            )
        )
    if scenario.hidden_costs:
        notes.print(
            plain(f"hidden costs switched ON: {', '.join(scenario.hidden_costs)} (lines marked 'hidden cost:')")
        )
    for b in result.breakevens:
        if b.month is not None and b.month > 0:
            notes.print(plain(f"breakeven: {b.reason}"))
    for r in result.results:
        if r.profile.sizing is not None:
            notes.print(plain(f"units of {r.profile.key}: {r.profile.sizing.reason}"))
        if rules := _billing_rules(result, r.profile.row):
            notes.print(plain(f"billed for {r.profile.key}: {'; '.join(rules)}"))
    if result.like_for_like:
        notes.print(plain(result.like_for_like))
    print_warnings(result)


def _billing_rules(result: Comparison, row: Row) -> tuple[str, ...]:
    """The vendor billing rules that moved an API option's bill (``billing.rules_applied``); none for others."""
    if not isinstance(row, ApiPrice):
        return ()
    return billing.rules_applied(row, result.scenario.workload, result.scenario.serving.requests_per_user_day)


def _title(result: Comparison) -> str:
    """Name, description, horizon and currency, the horizon said once (a description may already say it)."""
    scenario = result.scenario
    horizon = f"{scenario.months} months"
    said = re.search(rf"\b{horizon}\b", scenario.description) is not None
    money = result.currency if said else f"{horizon}, {result.currency}"
    return f"{scenario.name}: {scenario.description} ({money})"


def print_warnings(result: Comparison) -> None:
    """Each option's warnings on stderr, where a pipe into grep or a spreadsheet does not take them for data."""
    print_warning_lines(result.warnings)


def print_warning_lines(warnings: tuple[str, ...]) -> None:
    """``warning: ...`` lines on stderr."""
    console = DataConsole(stderr=True)
    for warning in warnings:
        console.print(plain(f"warning: {warning}"))
