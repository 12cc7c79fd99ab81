"""The audit for people (a terminal table, worst first, counts on top) and for machines (JSON).

A terminal shows what needs doing: findings from ``min_severity`` up, each kind's advice once, the
rest counted by kind, and the answer as the cheapest option, the recommendation and any figure that
differs. ``min_severity`` info lists every finding and every recomputed figure.
"""

from __future__ import annotations

from collections import Counter

from rich.console import Console
from rich.text import Text

from xlcost.audit.findings import AnswerLine, AuditResult, Severity
from xlcost.io.plain_text import json_text
from xlcost.io.table import Column, number, print_table

HEADLINE = ("cheapest", "recommendation")  # the answer a reader looks for, shown even when it agrees


def to_json(result: AuditResult) -> str:
    return json_text(result.as_dict())


def print_result(result: AuditResult, console: Console, min_severity: Severity = Severity.WARNING) -> None:
    """Counts on top, one table per severity from ``min_severity`` (worst first), the others counted, the answer."""
    counts = result.counts()
    console.print(
        Text.assemble(
            (result.file, "bold"),
            f" audited {result.audit_date}: " + ", ".join(f"{n} {sev}" for sev, n in counts.items()),
        )
    )
    for severity in sorted(Severity, reverse=True):
        group = [f for f in result.findings if f.severity == severity]
        if not group:
            continue
        if severity < min_severity:
            listed = ", ".join(f"{n} {kind}" for kind, n in Counter(f.kind for f in group).items())
            console.print(Text(f"{severity} ({len(group)}): {listed}; --min-severity {severity} lists them"))
            continue
        rows = [(f.location, f.kind, f.message) for f in group]
        print_table(FINDING_COLUMNS, rows, title=f"{severity} ({len(group)})", console=console)
        kinds_of: dict[str, list[str]] = {}
        for f in group:
            if f.advice and f.kind not in kinds_of.setdefault(f.advice, []):
                kinds_of[f.advice].append(f.kind)
        for advice, kinds in kinds_of.items():
            console.print(Text(f"{', '.join(kinds)}: {advice}"))
    _print_answer(result.answer, console, everything=min_severity == Severity.INFO)
    for note in result.notes:
        console.print(Text(f"note: {note}"))
    if not result.findings:
        console.print("no findings")


def _print_answer(lines: list[AnswerLine], console: Console, everything: bool) -> None:
    """Every recomputed figure, or those that differ and the headline (the cheapest, the recommendation)."""
    listed = lines if everything else [a for a in lines if a.differs]
    if listed:
        rows = [(a.option, a.metric, _fmt(a.core), _fmt(a.workbook), a.location or "") for a in listed]
        print_table(ANSWER_COLUMNS, rows, title="recomputed by xlcost vs shown in the workbook", console=console)
    if not everything:
        for line in lines:
            if line.metric in HEADLINE and not line.differs:
                console.print(Text(f"{line.metric} now: {_fmt(line.core)}"))


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
