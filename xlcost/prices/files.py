"""Read JSON, YAML and CSV price files, turning every parse failure into a one-line error."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from xlcost.errors import CatalogError
from xlcost.io.structured import DataFileError, load_yaml
from xlcost.io.structured import load_json as parse_json
from xlcost.limits import MAX_PRICE_FILE_BYTES, MAX_YAML_BYTES, check_file_size


class DupDict(dict[str, Any]):
    """A JSON object that remembers keys given more than once (``json`` silently keeps the last)."""

    duplicates: set[str]


def _pairs(pairs: list[tuple[str, object]]) -> DupDict:
    obj = DupDict()
    obj.duplicates = set()
    for key, value in pairs:
        if key in obj:
            obj.duplicates.add(key)
        obj[key] = value
    return obj


def read_text(path: Path, limit: int = MAX_PRICE_FILE_BYTES) -> str:
    """A price file's text, refused before reading when it is over ``limit`` bytes."""
    check_file_size(path, limit, "price file")
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise CatalogError(f"{path}: file not found") from None
    except IsADirectoryError:
        raise CatalogError(f"{path}: is a directory, expected a price file") from None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{path.name}: not UTF-8 text ({exc.reason})") from None


def load_json(path: Path) -> object:
    """Parse JSON keeping track of duplicate keys (see :class:`DupDict`)."""
    try:
        return parse_json(read_text(path), path.name, object_pairs_hook=_pairs)
    except DataFileError as exc:
        raise CatalogError(str(exc)) from None


def load_json_or_yaml(path: Path) -> object:
    """JSON, or YAML (parsed in pure Python, so held to a smaller size); duplicate YAML keys are refused."""
    if path.suffix.lower() == ".json":
        return load_json(path)
    try:
        return load_yaml(read_text(path, MAX_YAML_BYTES), path.name, aliases=True)
    except DataFileError as exc:
        raise CatalogError(str(exc)) from None
