"""The audit for people (a terminal table, worst first, counts on top) and for machines (JSON)."""

from __future__ import annotations

import json

from rich.console import Console
from rich.table import Table
from rich.text import Text

from xlcost.audit.findings import AuditResult, Severity

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "dim"}


def to_json(result: AuditResult) -> str:
    return json.dumps(result.as_dict(), indent=2, ensure_ascii=False)


def print_result(result: AuditResult, console: Console) -> None:
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
        table = Table(title=f"{severity} ({len(group)})", title_justify="left", expand=False, show_lines=False)
        table.add_column("where", no_wrap=True)
        table.add_column("kind", no_wrap=True)
        table.add_column("finding", overflow="fold")
        for f in group:
            table.add_row(f.location, f.kind, f.message, style=_STYLE[severity])
        console.print(table)
    if result.answer:
        table = Table(title="recomputed by xlcost vs shown in the workbook", title_justify="left")
        for header in ("option", "figure", "xlcost", "workbook", "where"):
            table.add_column(header, justify="right" if header in ("xlcost", "workbook") else "left")
        for a in result.answer:
            table.add_row(a.option, a.metric, _fmt(a.core), _fmt(a.workbook), a.location or "")
        console.print(table)
    for note in result.notes:
        console.print(f"note: {note}")
    if not result.findings:
        console.print("no findings")


def _fmt(value: object) -> str:
    if value is None:
        return "-"
    return f"{value:,.2f}" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
