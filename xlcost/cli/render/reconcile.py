"""``xlcost reconcile``: each claim beside xlcost's figure, with a verdict, and why the failing ones fail.

The claims are checked by ``analysis.reconcile``, which stays free of rich; their JSON is each
result's own ``as_dict``, the same rows the ``--output`` workbook holds.
"""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from xlcost.analysis.reconcile import ClaimResult


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
