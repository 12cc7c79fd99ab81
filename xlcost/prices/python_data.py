"""genai-prices' packaged ``data.py`` as plain data, read with ``ast`` and never run.

The package ships its prices as generated Python (``Provider(id=..., models=[ModelInfo(...)])``),
not JSON. Running it would mean importing the package; instead the literal tree is walked: a
constructor call becomes a mapping of its keyword arguments, ``Decimal('3')`` a number and
``datetime.date(2026, 3, 13)`` a date, which is the shape of the package's ``data.json``. Anything
else (a time of day, a name) stays as its source text: a price that needs it is rejected as no number.
"""

from __future__ import annotations

import ast
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from xlcost.errors import CatalogError
from xlcost.limits import MAX_DEPTH, MAX_PYTHON_DATA_BYTES
from xlcost.prices.files import read_text


class _TooDeep(Exception):
    """Literal data nested past MAX_DEPTH; carries the line number."""


def load_providers(path: Path) -> tuple[list[dict[str, Any]], list[date]]:
    """The ``providers`` list of a genai-prices ``data.py`` as JSON-shaped data, and every date it states."""
    text = read_text(path, MAX_PYTHON_DATA_BYTES)
    try:
        tree = ast.parse(text, filename=path.name)
    except SyntaxError as exc:
        raise CatalogError(f"{path.name}: not valid Python (line {exc.lineno}): {exc.msg}") from None
    except (RecursionError, MemoryError):
        raise CatalogError(f"{path.name}: nested too deeply to be price data") from None
    for node in tree.body:
        target: ast.expr
        if isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        else:
            continue
        if isinstance(target, ast.Name) and target.id == "providers":
            dates: list[date] = []
            try:
                data = _value(value, dates, 0)
            except _TooDeep as exc:
                raise CatalogError(
                    f"{path.name} line {exc}: nested more than {MAX_DEPTH} levels: not price data"
                ) from None
            if not isinstance(data, list):
                raise CatalogError(f"{path.name}: 'providers' is not a list")
            return data, dates
    raise CatalogError(f"{path.name}: not a genai-prices data file: no 'providers = [...]' assignment")


def _value(node: ast.expr, dates: list[date], depth: int) -> object:
    if depth > MAX_DEPTH:
        raise _TooDeep(node.lineno)
    depth += 1
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_value(item, dates, depth) for item in node.elts]
    if isinstance(node, ast.Dict):
        return {
            _value(k, dates, depth) if k is not None else "": _value(v, dates, depth)
            for k, v in zip(node.keys, node.values, strict=True)
        }
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        operand = _value(node.operand, dates, depth)
        if isinstance(operand, (int, float)):
            return -operand
    if isinstance(node, ast.Call):
        name = ast.unparse(node.func)
        if name == "Decimal" and len(node.args) == 1 and isinstance(node.args[0], ast.Constant):
            try:
                return float(Decimal(str(node.args[0].value)))
            except InvalidOperation:
                pass
        elif name in ("datetime.date", "date") and len(node.args) == 3:
            parts = [_value(a, dates, depth) for a in node.args]
            if all(isinstance(p, int) for p in parts):
                try:
                    dates.append(date(*parts))  # type: ignore[arg-type]  # every part checked an int above
                except ValueError:
                    pass
                else:
                    return dates[-1]
        elif not node.args:
            return {kw.arg.rstrip("_"): _value(kw.value, dates, depth) for kw in node.keywords if kw.arg is not None}
    return ast.unparse(node)  # e.g. a time of day: kept as text, so a price needing it is rejected as no number
