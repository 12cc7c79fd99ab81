"""One exception family, so every surface (CLI, Excel, workbook) can turn failures into a short message."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


class XlcostError(Exception):
    """Base of every error xlcost raises on purpose; its message is meant for the end user."""


class CatalogError(XlcostError):
    """A price or assumption file is missing, malformed, or has an invalid row."""


class ScenarioError(XlcostError):
    """A scenario (workload plus options) is invalid; ``errors`` keeps pydantic's per-field detail."""

    def __init__(self, message: str, errors: Sequence[Mapping[str, Any]] | None = None) -> None:
        super().__init__(message)
        self.errors = errors or []


class CapacityError(XlcostError):
    """A deployment cannot serve what is asked: the model does not fit, or no load meets the latency target."""


class LatencyTargetError(CapacityError):
    """The deployment holds the model, but no load meets the latency target."""


class UnknownOptionError(XlcostError):
    """An option key such as ``api:gpt-5`` names nothing in the catalog."""


def describe_validation_error(
    error: Exception, *, where: str, columns: dict[str, str] | None = None, noun: str = "field"
) -> str:
    """Render a pydantic ValidationError as one line per field, prefixed with where it happened.

    ``noun`` says what a location is to the reader: a ``field`` of a model, a ``column`` of a CSV file.
    A position in a list counts from 1, as the reader counts (``options.1`` is the first option).
    """
    from pydantic import ValidationError

    from xlcost.limits import shown

    if not isinstance(error, ValidationError):
        return f"{where}: {error}"
    parts = []
    for item in error.errors():
        loc = ".".join(str(p + 1) if isinstance(p, int) else str(p) for p in item["loc"]) or "(row)"
        field = (columns or {}).get(loc, loc)
        value = item.get("input")
        got = "" if isinstance(value, dict) else f" (got {shown(value)})"
        parts.append(f"{where}: {noun} '{field}': {item['msg']}{got}")
    return "\n".join(parts)
