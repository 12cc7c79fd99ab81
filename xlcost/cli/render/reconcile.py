"""``xlcost reconcile``: each claim beside xlcost's figure, with a verdict, and why the failing ones fail.

The claims are checked by ``analysis.reconcile``, which stays free of rich; their JSON is each
result's own ``as_dict``, the same rows the ``--output`` workbook holds.
"""

from __future__ import annotations

from xlcost.analysis.reconcile import ClaimResult
from xlcost.io.plain_text import DataConsole
from xlcost.io.table import Column, TableFormat, number, plain, print_table

COLUMNS = (
    Column("line", "number"),
    Column("claim", "text"),
    Column("claimed", "number", places=2),
    Column("xlcost", "number", places=2),
    Column("diff"),
    Column("users/day", "number", places=0, drop_order=1),
    Column("holds"),
)


def print_results(results: list[ClaimResult], fmt: TableFormat) -> None:
    """The table on stdout; the count and the reasons go to stderr with ``--format tsv``."""
    failing = [r for r in results if not r.holds]
    notes = DataConsole(stderr=fmt is TableFormat.tsv)
    notes.print(plain(f"{len(results)} claims: {len(results) - len(failing)} hold, {len(failing)} do not"))
    rows = [
        (
            r.line,
            r.claim.label,
            r.claim.claimed,
            r.computed,
            "-" if r.percent is None else f"{r.percent:+.1f}%",
            r.implied_users,
            "ok" if r.holds else "NO",
        )
        for r in results
    ]
    print_table(COLUMNS, rows, fmt=fmt)
    notes.print(plain("users/day: daily users that would make a usage-driven claim true."))
    for r in failing:
        c = r.claim
        why = f"claimed {number(c.claimed, 2)}, xlcost {number(r.computed, 2)} ({c.option}, {c.case} case): {r.basis}"
        if r.implied_users is not None:
            why += f"; true at {number(r.implied_users, 0)} users/day, not {number(c.workload().users_per_day, 0)}"
        notes.print(plain(f"line {r.line} {c.label}: {why}"))
