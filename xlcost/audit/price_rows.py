"""Price and assumption rows: what changed from the baseline catalog, what is stale, what is invalid.

Rows are validated by the same pydantic models the catalog files use, so a cell the audit accepts
is a value the core would accept.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from openpyxl.utils.datetime import to_excel
from pydantic import ValidationError

from xlcost.audit.findings import (
    CHANGED_INPUT,
    INVALID_INPUT,
    STALE_INPUT,
    STALE_PRICE,
    STRUCTURE,
    Finding,
    Severity,
    cell_name,
)
from xlcost.audit.tables import Table, TableRow, as_text
from xlcost.core.catalog import Catalog
from xlcost.core.catalog.age import age_days, is_stale
from xlcost.core.catalog.loader import row_data
from xlcost.core.catalog.rows import PricedRow, Row
from xlcost.errors import XlcostError

#: the date serial a spreadsheet stores; openpyxl leaves ``to_excel`` unannotated, this says what it returns
_serial: Callable[[dt.date], float] = to_excel

TRACE_COLUMNS = ("source", "as_of", "notes", "unit")  # describe a value rather than price it
#: no catalog figure is older: an earlier as-of is a number typed into a date cell (5000 shows as 1913-09-08)
EARLIEST_AS_OF = dt.date(2000, 1, 1)
STALE_ADVICE = (
    "Check the source for a current figure and update the row with its source and as_of, "
    "or refresh the catalog with 'xlcost prices import' and regenerate."
)


@dataclass(frozen=True)
class Newer:
    """A row the baseline catalog states with a later as-of date than the workbook: its figures in the
    workbook row's currency, for the audit to price the answer with."""

    file: str
    row: Row


@dataclass
class PriceCheck:
    findings: list[Finding]
    catalog: Catalog | None  # the price rows the workbook holds, in its order: what the core recomputes from
    stale: dict[Finding, tuple[str, str]]  # each stale-price finding and its row: (file, id)
    newer: dict[Finding, Newer]  # each row the baseline states later than the workbook, and the baseline's figures


def check_prices(tables: list[Table], baseline: Catalog, audit_date: dt.date, max_age_days: int) -> PriceCheck:
    """Validate each price row, compare it with the baseline and date it; collect the workbook's own catalog.

    A row that fails validation keeps its place in the workbook's catalog with the baseline's figures
    (or a neighbour's, for a row the baseline lacks), so the rows below it keep their addresses.
    """
    findings: list[Finding] = []
    stale: dict[Finding, tuple[str, str]] = {}
    newer: dict[Finding, Newer] = {}
    own = {file: dict(rows) for file, rows in baseline.tables.items()}  # files without a table: the baseline's
    for table in tables:
        base_rows = baseline.table(table.file)
        rows: dict[str, Row | None] = {}
        for trow in table.rows:
            row = _validate(table, trow, findings)
            ident = row.id if row else as_text(trow.cells.get("id"))
            if row is None:
                if ident:
                    rows[ident] = base_rows.get(ident)
                continue
            rows[row.id] = row
            base = _in_currency_of(row, base_rows.get(row.id), baseline)
            if base is not None and row.as_of < base.as_of:
                finding = _newer(table, trow, row, base)
                if finding is not None:
                    findings.append(finding)
                    newer[finding] = Newer(table.file, base.row)
            else:
                _compare(table, trow, row, base, findings)
            finding = _stale(table, trow, row, audit_date, max_age_days)
            if finding is not None:
                findings.append(finding)
                stale[finding] = (table.file, row.id)
        for ident in base_rows.keys() - rows.keys():
            findings.append(
                Finding(
                    CHANGED_INPUT,
                    Severity.WARNING,
                    f"Row '{ident}' of {table.file} is in the baseline catalog but was removed from the workbook.",
                    table.sheet,
                    cell_name(table.header_row, table.columns["id"]),
                    old=ident,
                )
            )
        own[table.file] = _stand_ins(rows)
    try:
        catalog = Catalog(tables=own, directory=baseline.directory)
    except XlcostError as exc:
        findings.append(Finding(STRUCTURE, Severity.ERROR, f"The workbook's price rows cannot be used: {exc}."))
        catalog = None
    return PriceCheck(findings, catalog, stale, newer)


def _stand_ins(rows: dict[str, Row | None]) -> dict[str, Row]:
    """Invalid rows (None) without a baseline twin borrow a valid neighbour's figures under their own id."""
    donor = next((row for row in rows.values() if row is not None), None)
    if donor is None:
        return {}
    return {ident: row or donor.model_copy(update={"id": ident}) for ident, row in rows.items()}


def _validate(table: Table, trow: TableRow, findings: list[Finding]) -> Row | None:
    cells = {name: as_text(value) for name, value in trow.cells.items()}
    typed = _not_a_date(trow.cells.get("as_of"))
    if typed is not None:
        findings.append(
            Finding(
                INVALID_INPUT,
                Severity.ERROR,
                f"{table.file} row '{cells.get('id') or trow.row}', column as_of: not a date; {typed}. "
                "Type the date the figure was checked as YYYY-MM-DD.",
                table.sheet,
                cell_name(trow.row, table.columns["as_of"]),
                new=trow.cells.get("as_of"),
            )
        )
        return None
    data, error_columns = row_data(table.model, cells)
    try:
        return table.model.model_validate(data)
    except ValidationError as exc:
        for item in exc.errors():
            loc = ".".join(str(p) for p in item["loc"])
            column = error_columns.get(loc, loc).split("/")[0]
            col = table.columns.get(column, table.columns["id"])
            got = trow.cells.get(column)
            shown = "it is empty" if got is None else f"it holds {got!r}"
            findings.append(
                Finding(
                    INVALID_INPUT,
                    Severity.ERROR,
                    f"{table.file} row '{cells.get('id') or trow.row}', column {column}: {item['msg']}; {shown}. "
                    "The core would reject this row.",
                    table.sheet,
                    cell_name(trow.row, col),
                    new=got,
                )
            )
        return None


def _not_a_date(value: object) -> str | None:
    """What an as-of cell holds when it is a number rather than a date, or None."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"it holds the number {value:g}"
    if isinstance(value, dt.date) and (value.date() if isinstance(value, dt.datetime) else value) < EARLIEST_AS_OF:
        return f"it holds the number {_serial(value):g}, which a date format shows as {value:%Y-%m-%d}"
    return None


@dataclass(frozen=True)
class _Base:
    """The baseline's row, restated in the workbook row's currency when the two differ."""

    row: Row
    stated: str  # how the baseline states it when restated ("0.3 USD at the catalog's 7.2 CNY per USD"), or ""
    rate: float = 1.0

    @property
    def source(self) -> str:
        return self.row.source

    @property
    def as_of(self) -> dt.date:
        return self.row.as_of


def _in_currency_of(row: Row, base: Row | None, baseline: Catalog) -> _Base | None:
    """``base`` in ``row``'s currency (converted with the baseline's exchange rates), so prices compare in one
    currency; as it is when either is not a priced row or the baseline has no rate for a currency."""
    if base is None:
        return None
    if not (isinstance(row, PricedRow) and isinstance(base, PricedRow)) or row.currency == base.currency:
        return _Base(base, "")
    try:
        rate = baseline.fx_rate(base.currency, row.currency)
    except XlcostError:
        return _Base(base, "")
    per = baseline.fx_rate(base.currency, "CNY")
    return _Base(
        base.in_currency(row.currency, rate), f"{base.currency} at the catalog's {per:g} CNY per {base.currency}", rate
    )


def _changes(table: Table, row: Row, base: _Base) -> Iterator[tuple[str, object, object]]:
    """(column, baseline's value, workbook's value) of each priced column that differs; the currency of a
    restated row is not a change."""
    for field in type(row).model_fields:
        if field in TRACE_COLUMNS or field in ("id", "kind") or (field == "currency" and base.stated):
            continue
        for column, old, new in _field_values(field, getattr(base.row, field), getattr(row, field)):
            if not _equal(old, new) and column in table.columns:
                yield column, old, new


def _newer(table: Table, trow: TableRow, row: Row, base: _Base) -> Finding | None:
    """One finding for a row the baseline states later, naming each figure that changed since, in the
    workbook's currency; a warning until the audit finds the answer does not depend on it."""
    changes = list(_changes(table, row, base))
    if not changes:
        return None
    currency = f" {row.currency}" if isinstance(row, PricedRow) else ""
    figures = "; ".join(
        f"{column} {_show(old)}{currency}"
        + (f" ({_show(old / base.rate)} {base.stated})" if base.stated and isinstance(old, float) else "")
        + f" against the workbook's {_show(new)}"
        for column, old, new in changes
    )
    column, old, new = changes[0]
    return Finding(
        CHANGED_INPUT,
        Severity.WARNING,
        f"{table.file} '{row.id}' is newer in the catalog (as of {base.as_of}, source '{base.source}'; the "
        f"workbook's as of {row.as_of}): {figures}.",
        table.sheet,
        cell_name(trow.row, table.columns[column]),
        old=old,
        new=new,
    )


def _compare(table: Table, trow: TableRow, row: Row, base: _Base | None, findings: list[Finding]) -> None:
    if base is None:
        findings.append(
            Finding(
                CHANGED_INPUT,
                Severity.INFO,
                f"New row '{row.id}' in {table.file} (not in the baseline catalog), "
                f"source '{row.source}', as of {row.as_of}.",
                table.sheet,
                cell_name(trow.row, table.columns["id"]),
                new=row.id,
            )
        )
        return
    traced = row.source != base.source or row.as_of != base.as_of
    stated = f" (the catalog's in {row.currency}: {base.stated})" if base.stated and isinstance(row, PricedRow) else ""
    for column, old, new in _changes(table, row, base):
        trace = (
            f"source/as-of updated too ('{row.source}', {row.as_of})"
            if traced
            else f"source/as-of NOT updated (still '{row.source}', {row.as_of})"
        )
        findings.append(
            Finding(
                CHANGED_INPUT,
                Severity.INFO if traced else Severity.WARNING,
                f"{table.file} '{row.id}' {column} changed {_show(old)} → {_show(new)}{stated}; {trace}.",
                table.sheet,
                cell_name(trow.row, table.columns[column]),
                old=old,
                new=new,
            )
        )


def _field_values(field: str, old: object, new: object) -> Iterator[tuple[str, object, object]]:
    """(column, old, new) for a field; ranged fields compare their low and high columns."""
    if hasattr(old, "low") or hasattr(new, "low"):
        for part in ("low", "high"):
            yield f"{field}_{part}", getattr(old, part, None), getattr(new, part, None)
    else:
        yield field, old, new


def _equal(old: object, new: object) -> bool:
    if isinstance(old, int | float) and isinstance(new, int | float):
        return math.isclose(old, new, rel_tol=1e-9, abs_tol=1e-12)
    return old == new


def _show(value: object) -> str:
    if value is None:
        return "(blank)"
    return f"{value:,.6g}" if isinstance(value, float) else str(value)


def _stale(table: Table, trow: TableRow, row: Row, audit_date: dt.date, max_age_days: int) -> Finding | None:
    if not is_stale(row.as_of, audit_date, max_age_days):
        return None
    age = age_days(row.as_of, audit_date)
    priced = isinstance(row, PricedRow)
    return Finding(
        STALE_PRICE if priced else STALE_INPUT,
        Severity.WARNING,
        f"{table.file} '{row.id}' is {age} days old (as of {row.as_of}, over the {max_age_days}-day limit); "
        f"source: '{row.source}'.",
        table.sheet,
        cell_name(trow.row, table.columns["as_of"]),
        old=row.as_of,
        advice=STALE_ADVICE,
    )


def missing_tables(tables: list[Table]) -> list[Finding]:
    """A workbook with no catalog table cannot be checked against prices at all: say so."""
    if tables:
        return []
    return [
        Finding(
            STRUCTURE,
            Severity.INFO,
            "No catalog table (a header row with id, kind, source, as_of) was found; prices were not checked.",
        )
    ]
