"""Read the catalog's CSV files into validated rows, naming file, row and column on any error."""

from __future__ import annotations

import csv
import functools
import types
import typing
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from xlcost.core.catalog.rows import Ranged, Row
from xlcost.errors import CatalogError, describe_validation_error
from xlcost.io.csv_header import checked_header
from xlcost.limits import MAX_PRICE_ENTRIES, MAX_PRICE_FILE_BYTES, check_count, check_file_size

RowT = TypeVar("RowT", bound=Row)


def is_ranged(model: type[BaseModel], field: str) -> bool:
    """True when a field is stored as ``<field>_low`` / ``<field>_high`` columns."""
    return field in _ranged_fields(model)


@functools.cache
def _ranged_fields(model: type[BaseModel]) -> frozenset[str]:
    """A row model's ranged fields, read from its annotations once (a catalog asks for every cell of every row)."""

    def ranged(annotation: object) -> bool:
        if annotation is Ranged:
            return True
        return typing.get_origin(annotation) in (typing.Union, types.UnionType) and Ranged in typing.get_args(
            annotation
        )

    return frozenset(name for name, field in model.model_fields.items() if ranged(field.annotation))


def columns_for(model: type[BaseModel]) -> list[str]:
    """The CSV header a file of this row type uses, in model order."""
    columns: list[str] = []
    for name in model.model_fields:
        columns.extend([f"{name}_low", f"{name}_high"] if is_ranged(model, name) else [name])
    return columns


def csv_header(model: type[BaseModel]) -> list[str]:
    """The header a new file of this row type is written with: id and kind, the row's own columns, then provenance."""
    tail = ("unit", "source", "as_of", "notes")
    columns = columns_for(model)
    return (
        [c for c in columns if c in ("id", "kind")]
        + [c for c in columns if c not in (*tail, "id", "kind")]
        + [c for c in tail if c in columns]
    )


def row_from_cells(model: type[RowT], cells: dict[str, str | None], *, where: str) -> RowT:
    """Validate one row given as column -> text; blank cells count as missing."""
    data, error_columns = row_data(model, cells)
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise CatalogError(describe_validation_error(exc, where=where, columns=error_columns)) from None


def row_data(model: type[BaseModel], cells: dict[str, str | None]) -> tuple[dict[str, object], dict[str, str]]:
    """The data a row model validates, built from column -> text, and the column(s) behind each error location."""
    data: dict[str, object] = {}
    error_columns: dict[str, str] = {}
    for name in model.model_fields:
        if is_ranged(model, name):
            low, high = _blank(cells.get(f"{name}_low")), _blank(cells.get(f"{name}_high"))
            if low is None and high is None:
                continue
            data[name] = {"low": low if low is not None else high, "high": high if high is not None else low}
            error_columns[f"{name}.low"] = f"{name}_low"
            error_columns[f"{name}.high"] = f"{name}_high"
            error_columns[name] = f"{name}_low/{name}_high"
        else:
            value = _blank(cells.get(name))
            if value is not None:
                data[name] = value
    return data, error_columns


def read_rows(path: Path, model: type[RowT]) -> list[RowT]:
    """Load every row of one catalog CSV file, rejecting unknown or repeated columns and duplicate ids."""
    if not path.is_file():
        raise CatalogError(f"{path.name}: catalog file not found in {path.parent}")
    check_file_size(path, MAX_PRICE_FILE_BYTES, "catalog file")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            checked_header(reader.fieldnames, path.name, columns_for(model), error=CatalogError)
            rows: list[RowT] = []
            seen: dict[str, int] = {}
            for line, raw in enumerate(reader, start=2):
                if None in raw:
                    raise CatalogError(f"{path.name} row {line}: more cells than header columns")
                cells = {key.strip(): value for key, value in raw.items()}
                if not any((value or "").strip() for value in cells.values()):
                    continue
                check_count(len(rows) + 1, MAX_PRICE_ENTRIES, "rows", path.name)
                row = row_from_cells(model, cells, where=f"{path.name} row {line}")
                if row.id in seen:
                    raise CatalogError(f"{path.name} row {line}: duplicate id '{row.id}' (first on row {seen[row.id]})")
                seen[row.id] = line
                rows.append(row)
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path.name}: not UTF-8 text ({exc.reason})") from None
    except csv.Error as exc:
        raise CatalogError(f"{path.name}: malformed CSV ({exc})") from None
    return rows


def _blank(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None
