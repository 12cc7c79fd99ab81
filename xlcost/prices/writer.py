"""Write a catalog back as CSV files, atomically: all or nothing, validated before anything moves.

Rows the import did not change are written with their original cell text, so a refresh
changes only the lines whose prices changed.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
from datetime import date
from pathlib import Path

from xlcost.core.catalog import FILES, Catalog, load_catalog
from xlcost.core.catalog.builtin import catalog_file
from xlcost.core.catalog.loader import columns_for, is_ranged
from xlcost.core.catalog.rows import Ranged, Row
from xlcost.errors import CatalogError
from xlcost.io.atomic import remove_leftovers, staging_directory

IMPORT_STAGE = ".xlcost-import-"


def row_cells(row: Row) -> dict[str, str]:
    """One row as the CSV cells ``read_rows`` reads back into an equal row."""
    cells: dict[str, str] = {}
    for name in type(row).model_fields:
        value = getattr(row, name)
        if is_ranged(type(row), name):
            cells[f"{name}_low"] = "" if value is None else _text(value.low)
            cells[f"{name}_high"] = "" if value is None else _text(value.high)
        else:
            cells[name] = _text(value)
    return cells


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:.10g}"
    if isinstance(value, (date, int, str)):
        return str(value) if not isinstance(value, date) else value.isoformat()
    if isinstance(value, Ranged):  # pragma: no cover - ranged fields are split above
        raise TypeError("ranged value outside a ranged column")
    return str(value)


def render(file: str, new: Catalog, old: Catalog | None) -> str:
    """The CSV text of one catalog file in its existing column order; unchanged rows keep their original cells."""
    header, original = _original(old, file) if old is not None else (columns_for(FILES[file]), {})
    old_rows = old.table(file) if old is not None else {}
    lines = [
        original[ident] if ident in original and old_rows.get(ident) == row else row_cells(row)
        for ident, row in new.table(file).items()
    ]
    kept = [c for c in header if c in _file_columns(old, file, header) or any(cells.get(c) for cells in lines)]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=kept, lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(lines)
    return buffer.getvalue()


def _file_columns(old: Catalog | None, file: str, header: list[str]) -> set[str]:
    """The columns a file keeps whether filled or not: its own, or every column for a new file. A column the
    file lacks (a billing rule added since) joins it only when a row fills it."""
    if old is None or old.directory is None or not (old.directory / file).is_file():
        return set(header)
    with (old.directory / file).open(newline="", encoding="utf-8-sig") as handle:
        return {h.strip() for h in next(csv.reader(handle), [])}


def _original(catalog: Catalog, file: str) -> tuple[list[str], dict[str, dict[str, str]]]:
    """The file's header (its column order, plus any model column it lacks) and its rows' cells by id."""
    columns = columns_for(FILES[file])
    path = None if catalog.directory is None else catalog_file(catalog.directory, file)
    if path is None or not path.is_file():
        return columns, {}
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        present = [h.strip() for h in reader.fieldnames or [] if h and h.strip() in columns]
        header = present + [c for c in columns if c not in present]
        rows = {}
        for raw in reader:
            cells = {k.strip(): (v or "") for k, v in raw.items() if k is not None}
            ident = cells.get("id", "").strip()
            if ident:
                rows[ident] = {c: cells.get(c, "") for c in header}
        return header, rows


def changed_files(old: Catalog, new: Catalog) -> list[str]:
    return [file for file in FILES if old.table(file) != new.table(file)]


def write_in_place(new: Catalog, old: Catalog, directory: Path) -> list[str]:
    """Update ``directory`` to ``new``: render every file to a temp dir, load it, then swap files in.

    If moving a file fails, the files already moved are put back, so the catalog is either
    wholly old or wholly new. Returns the files that changed. Concurrent imports must hold
    ``catalog_lock`` from loading ``old`` to here, or one import's rows can be lost.
    """
    directory = Path(directory)
    files = changed_files(old, new)
    if not files:
        remove_leftovers(directory, IMPORT_STAGE)
        return []
    with staging_directory(directory, IMPORT_STAGE) as stage:
        _stage(new, old, directory, stage)
        load_catalog(stage)  # the same validation every reader of the catalog applies
        backup = stage / "backup"
        backup.mkdir()
        moved: list[str] = []
        try:
            for file in files:
                shutil.copy2(directory / file, backup / file)
                os.replace(stage / file, directory / file)
                moved.append(file)
        except OSError as exc:
            for file in moved:
                os.replace(backup / file, directory / file)
            raise CatalogError(
                f"{directory}: could not replace {file} ({exc.strerror or exc}); nothing changed"
            ) from None
    return files


def write_new(new: Catalog, old: Catalog, out: Path) -> None:
    """Write the whole catalog as a new directory, refusing to overwrite a non-empty one."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CatalogError(f"{out}: exists and is not an empty directory; choose a new --out directory")
    out.parent.mkdir(parents=True, exist_ok=True)
    with staging_directory(out.parent, f".{out.name}-") as stage:
        _stage(new, old, old.directory, stage)
        load_catalog(stage)
        os.replace(stage, out)


def _stage(new: Catalog, old: Catalog, source_dir: Path | None, stage: Path) -> None:
    changed = set(changed_files(old, new))
    for file in FILES:
        if file in changed or source_dir is None:
            (stage / file).write_text(render(file, new, old), encoding="utf-8")
        else:
            shutil.copy2(catalog_file(source_dir, file), stage / file)
