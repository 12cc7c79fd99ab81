"""The audit for people (a terminal table, worst first, counts on top) and for machines (JSON)."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from xlcost.audit.findings import AuditResult, Severity
from xlcost.io.plain_text import json_text
from xlcost.io.table import Column, number, print_table


def to_json(result: AuditResult) -> str:
    return json_text(result.as_dict())


def print_result(result: AuditResult, console: Console) -> None:
    """Counts on top, then one table per severity (worst first), the recomputed answer and the notes."""
    counts = result.counts()
    console.print(
        Text.assemble(
            (result.file, "bold"),
            f" audited {result.audit_date}: " + ", ".join(f"{n} {sev}" for sev, n in counts.items()),
        )
    )
    for severity in sorted(Severity, reverse=True):
        group = [f for f in result.findings if f.severity == severity]
        if group:
            rows = [(f.location, f.kind, f.message) for f in group]
            print_table(FINDING_COLUMNS, rows, title=f"{severity} ({len(group)})", console=console)
    if result.answer:
        answers = [(a.option, a.metric, _fmt(a.core), _fmt(a.workbook), a.location or "") for a in result.answer]
        print_table(ANSWER_COLUMNS, answers, title="recomputed by xlcost vs shown in the workbook", console=console)
    for note in result.notes:
        console.print(Text(f"note: {note}"))
    if not result.findings:
        console.print("no findings")


FINDING_COLUMNS = (Column("where"), Column("kind"), Column("finding", "text"))
ANSWER_COLUMNS = (
    Column("option", "text"),
    Column("figure"),
    Column("xlcost", "text"),
    Column("workbook", "text"),
    Column("where", drop_order=1),
)


def _fmt(value: object) -> str:
    """Money and months to 2 decimals (display only), text as it is, a dash for nothing shown."""
    if value is None:
        return "-"
    return number(value, 2) if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
