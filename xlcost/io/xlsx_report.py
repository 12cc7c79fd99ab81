"""The audit as its own workbook: a Findings sheet linking to each cell of the audited file, and a Summary.

The audited file is never opened for writing. Text that came from a workbook or a claims file is
written as text, so a value such as ``=HYPERLINK(...)`` or ``@SUM(...)`` can never become a formula.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from openpyxl import Workbook
from openpyxl.cell import Cell
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from xlcost.audit.findings import AuditResult
from xlcost.errors import XlcostError
from xlcost.io.plain_text import report_text
from xlcost.workbook.build import write_atomic

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def write_cell(ws: Worksheet, row: int, col: int, value: object) -> Cell:
    """Write one value; strings are always stored as text, never as a formula."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        value = report_text(value)
        cell.value = value
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True  # Excel keeps it text when the cell is edited
    elif value is None or isinstance(value, int | float | bool):
        cell.value = value
    else:
        cell.value = report_text(value)
        cell.data_type = "s"
    return cell


def write_rows(ws: Worksheet, header: Sequence[str], rows: Iterable[Sequence[object]], start: int = 1) -> int:
    """A bold header and rows below it; returns the next free row."""
    for col, title in enumerate(header, start=1):
        write_cell(ws, start, col, title).font = Font(bold=True)
    row = start
    for row, values in enumerate(rows, start=start + 1):
        for col, value in enumerate(values, start=1):
            write_cell(ws, row, col, value)
    return row + 1


def save_atomic(book: Workbook, out: Path, *, force: bool, protect: Iterable[Path] = ()) -> None:
    """Save atomically (as the generator does); refuse to overwrite unless asked, and never a checked file."""
    out = Path(out)
    for other in protect:
        if other.exists() and out.resolve() == Path(other).resolve():
            raise XlcostError(f"{out}: refusing to write the report over the file being checked")
    raw = io.BytesIO()
    book.save(raw)
    write_atomic(out, raw.getvalue(), force=force)


def write_audit_report(result: AuditResult, audited: Path, out: Path, *, force: bool = False) -> None:
    book = Workbook()
    summary = book.active
    summary.title = "Summary"
    findings = book.create_sheet("Findings")
    link_base = os.path.relpath(Path(audited).resolve(), Path(out).resolve().parent)
    write_rows(findings, ("severity", "where", "kind", "finding", "old", "new"), [])
    for row, f in enumerate(result.sorted_findings(), start=2):
        write_cell(findings, row, 1, str(f.severity))
        where = write_cell(findings, row, 2, f.location)
        if f.sheet:
            quoted = "'" + f.sheet.replace("'", "''") + "'"
            where.hyperlink = f"{link_base}#{quoted}!{f.cell or 'A1'}"
            where.font = Font(color="0563C1", underline="single")
        for col, value in enumerate((f.kind, f.message, f.as_dict()["old"], f.as_dict()["new"]), start=3):
            write_cell(findings, row, col, value)
    findings.freeze_panes = "A2"
    for letter, width in zip("ABCDEF", (9, 24, 20, 90, 18, 18), strict=True):
        findings.column_dimensions[letter].width = width
    facts = [("file", result.file), ("audit date", result.audit_date), ("exit code", result.exit_code)]
    facts += [(f"{sev} findings", n) for sev, n in result.counts().items()]
    nxt = write_rows(summary, ("item", "value"), facts)
    if result.answer:
        write_rows(
            summary,
            ("option", "figure", "xlcost", "workbook", "where"),
            [(a.option, a.metric, a.core, a.workbook, a.location) for a in result.answer],
            start=nxt + 1,
        )
    summary.column_dimensions["A"].width = 40
    summary.column_dimensions["B"].width = 24
    save_atomic(book, out, force=force, protect=[audited])
