"""Price rows added in a spreadsheet after generation: the generator wrote no formulas for them.

The OptionPrices sheet lists every option row the generator saw. A row on a price sheet that it
does not list was typed in later; the reference is built without it, and its formulas are moved
down past it, as the application moved the workbook's own references when the row was inserted.
So an added row is one finding about that row, never about every formula below it.
"""

from __future__ import annotations

from collections import defaultdict

from xlcost.audit import formula_text
from xlcost.audit.tables import Table, as_text
from xlcost.core.catalog import Catalog
from xlcost.core.option_kinds import OPTION_KINDS
from xlcost.io.safe_open import WorkbookData
from xlcost.workbook import layout

AddedRows = dict[str, list[int]]  # price sheet -> workbook rows added after generation, ascending


def added_rows(book: WorkbookData, tables: list[Table]) -> tuple[dict[str, set[str]], AddedRows]:
    """Ids per catalog file, and sheet rows, of option rows that OptionPrices does not list."""
    listed = _listed(book)
    if not listed:  # no OptionPrices sheet to tell: every row counts as generated
        return {}, {}
    ids: dict[str, set[str]] = defaultdict(set)
    rows: AddedRows = defaultdict(list)
    for table in tables:
        if table.file not in OPTION_KINDS.values():
            continue
        for trow in table.rows:
            ident = as_text(trow.cells.get("id"))
            if ident and ident not in listed.get(table.file, set()):
                ids[table.file].add(ident)
                rows[table.sheet].append(trow.row)
    return dict(ids), {sheet: sorted(found) for sheet, found in rows.items()}


def _listed(book: WorkbookData) -> dict[str, set[str]]:
    sheet = book.sheets.get(layout.OPTION_PRICES)
    if sheet is None:
        return {}
    cols = layout.OPTION_PRICE_COLS
    listed: dict[str, set[str]] = defaultdict(set)
    for (row, col), kind in sheet.values.items():
        if col == cols["kind"] and kind in OPTION_KINDS and row >= layout.TABLE_FIRST_ROW:
            listed[OPTION_KINDS[kind]].add(str(sheet.values.get((row, cols["id"]))))
    return dict(listed)


def without(catalog: Catalog, ids: dict[str, set[str]]) -> Catalog:
    """The catalog as the generator saw it: the added rows taken out."""
    tables = {
        file: {ident: row for ident, row in rows.items() if ident not in ids.get(file, set())}
        for file, rows in catalog.tables.items()
    }
    return Catalog(tables=tables, directory=catalog.directory)


def moved_past(formula: str, added: AddedRows) -> str:
    """The generator's formula with references to price-sheet rows moved down past the added rows."""

    def move(sheet: str | None, row: int) -> int:
        for inserted in added.get(sheet or "", ()):
            if inserted <= row:
                row += 1
        return row

    return formula_text.with_rows(formula, move) if added else formula
