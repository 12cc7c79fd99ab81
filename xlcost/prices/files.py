"""Read JSON, YAML and CSV price files, turning every parse failure into a one-line error."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from xlcost.errors import CatalogError


class DupDict(dict):
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


def read_text(path: Path) -> str:
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
        return json.loads(read_text(path), object_pairs_hook=_pairs)
    except json.JSONDecodeError as exc:
        raise CatalogError(f"{path.name}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None


def load_json_or_yaml(path: Path) -> object:
    if path.suffix.lower() == ".json":
        return load_json(path)
    try:
        return yaml.safe_load(read_text(path))
    except yaml.YAMLError as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        raise CatalogError(f"{path.name}: not valid YAML: {first}{where}") from None
