"""The audit as its own workbook: a Findings sheet linking to each cell of the audited file, and a Summary."""

from __future__ import annotations

import os
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from xlcost.audit.findings import AuditResult
from xlcost.io.xlsx_report import save_atomic, write_cell, write_rows
from xlcost.workbook import layout


def write_audit_report(result: AuditResult, audited: Path, out: Path, *, force: bool = False) -> None:
    book = Workbook()
    summary = book.worksheets[0]  # the sheet a new workbook starts with
    summary.title = "Summary"
    findings = book.create_sheet("Findings")
    link_base = os.path.relpath(Path(audited).resolve(), Path(out).resolve().parent)
    write_rows(findings, ("severity", "where", "kind", "finding", "old", "new"), [])
    for row, f in enumerate(result.sorted_findings(), start=2):
        write_cell(findings, row, 1, str(f.severity))
        where = write_cell(findings, row, 2, f.location)
        if f.sheet:
            quoted = "'" + f.sheet.replace("'", "''") + "'"
            where.hyperlink = f"{link_base}#{quoted}!{f.cell or layout.coordinate(*layout.TITLE_CELL)}"
            where.font = Font(color="0563C1", underline="single")
        for col, value in enumerate((f.kind, f.text, f.as_dict()["old"], f.as_dict()["new"]), start=3):
            write_cell(findings, row, col, value)
    findings.freeze_panes = layout.coordinate(2, 1)
    for col, width in enumerate((9, 24, 20, 90, 18, 18), start=1):
        findings.column_dimensions[layout.letter(col)].width = width
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
    for col, width in enumerate((40, 24), start=1):
        summary.column_dimensions[layout.letter(col)].width = width
    save_atomic(book, out, force=force, protect=[audited])
