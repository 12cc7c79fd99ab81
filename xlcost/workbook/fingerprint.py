"""The input hash: a fingerprint of every editable (unlocked) cell, so an audit can tell whether inputs changed.

It is computed from the workbook itself, so the auditor recomputes it from an edited copy with
``input_hash(openpyxl.load_workbook(path))`` and compares it with the one stored on the Cover.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator

from openpyxl import Workbook

from xlcost.io.safe_open import as_typed


def input_cells(wb: Workbook) -> Iterator[tuple[str, str, object]]:
    """(sheet, cell, value) of every unlocked cell holding a value, in sheet and row order."""
    for ws in wb.worksheets:
        # the cells that exist, in row order: iter_rows would create every empty cell of the used range
        unlocked = [c for c in ws._cells.values() if c.value is not None and not c.protection.locked]
        for cell in sorted(unlocked, key=lambda c: (c.row, c.column)):
            yield ws.title, cell.coordinate, cell.value


def canonical(value: object) -> str:
    """One spelling per value: 1, 1.0 and True hash alike (so does LibreOffice's ``=TRUE()``); dates as ISO text."""
    value = as_typed(value)
    if isinstance(value, bool | int | float):
        return repr(float(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value)


def input_hash(wb: Workbook) -> str:
    return digest_cells(input_cells(wb))


def digest_cells(cells: Iterable[tuple[str, str, object]]) -> str:
    """SHA-256 of (sheet, cell, value) in sheet and row order; the audit feeds it cells read in one pass."""
    digest = hashlib.sha256()
    for sheet, coord, value in cells:
        digest.update(f"{sheet}!{coord}\t{canonical(value)}\n".encode())
    return digest.hexdigest()
