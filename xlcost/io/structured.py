"""Parse YAML and JSON data files within limits: one reader for scenarios and price files.

PyYAML and ``json`` accept documents that are tiny on disk and enormous in memory (alias bombs),
nested past the interpreter's recursion limit, or holding numbers of thousands of digits. Here a
document is refused, with one line saying why, before any of that reaches the code that uses it;
duplicate YAML keys are refused too instead of silently keeping the last value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import yaml

from xlcost.errors import XlcostError
from xlcost.limits import MAX_DEPTH, MAX_INTEGER, MAX_NODES, LimitError, shown


class DataFileError(XlcostError):
    """A data file is not valid YAML/JSON, or breaks a limit; the message names file and place."""


def load_yaml(text: str, where: str, *, aliases: bool) -> Any:
    """A YAML document as Python data; ``aliases`` False refuses ``&anchor``/``*alias`` outright."""
    loader = _Loader(text)
    loader.aliases_allowed = aliases
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        raise DataFileError(f"{where}: not valid YAML: {_yaml_problem(exc)}") from None
    finally:
        loader.dispose()
    check_tree(data, where)
    return data


def load_json(text: str, where: str, *, object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None) -> Any:
    """A JSON document as Python data; duplicate keys are the hook's business (default: refused)."""
    try:
        data = json.loads(text, object_pairs_hook=object_pairs_hook or refuse_duplicates)
    except json.JSONDecodeError as exc:
        raise DataFileError(f"{where}: not valid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") from None
    except RecursionError:
        raise DataFileError(f"{where}: nested more than {MAX_DEPTH} levels deep (the limit)") from None
    except ValueError as exc:  # integers past Python's digit limit, duplicate keys
        raise DataFileError(f"{where}: not usable JSON: {str(exc).splitlines()[0][:120]}") from None
    check_tree(data, where)
    return data


def check_tree(data: Any, where: str) -> None:
    """Refuse data nested too deep, referring to itself, too large once expanded, or with huge integers."""
    _Walk(where).size(data, 1)


class _Walk:
    """One pass over the data; a node reached twice (a YAML alias) is measured once."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.measured: dict[int, tuple[int, int]] = {}  # id -> (values inside, levels below)
        self.open: set[int] = set()

    def size(self, node: Any, depth: int) -> tuple[int, int]:
        if isinstance(node, dict | list):
            return self._container(node, depth)
        if isinstance(node, int) and not isinstance(node, bool) and abs(node) > MAX_INTEGER:
            raise LimitError(f"{self.where}: {shown(node)} is too large (limit {MAX_INTEGER:.0e})")
        return 1, 0

    def _container(self, node: dict[Any, Any] | list[Any], depth: int) -> tuple[int, int]:
        key = id(node)
        if key in self.open:
            raise LimitError(f"{self.where}: a value refers to itself (recursive alias)")
        known = self.measured.get(key)
        if known is None:
            if depth > MAX_DEPTH:
                raise LimitError(f"{self.where}: nested more than {MAX_DEPTH} levels deep (the limit)")
            self.open.add(key)
            count, height = 1, 0
            for child in node.values() if isinstance(node, dict) else node:
                inner, below = self.size(child, depth + 1)
                count, height = count + inner, max(height, below + 1)
                if count > MAX_NODES:
                    raise LimitError(
                        f"{self.where}: more than {MAX_NODES:,} values once aliases are expanded (the limit)"
                    )
            self.open.discard(key)
            known = self.measured[key] = (count, height)
        if depth + known[1] > MAX_DEPTH:
            raise LimitError(f"{self.where}: nested more than {MAX_DEPTH} levels deep (the limit)")
        return known


class _Loader(yaml.SafeLoader):
    """SafeLoader that bounds nesting while composing, and refuses duplicate keys (and aliases if asked)."""

    aliases_allowed = True
    _depth = 0

    def compose_node(self, parent: Any, index: Any) -> Any:
        if not self.aliases_allowed and self.check_event(yaml.AliasEvent):
            mark = self._next_mark()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed; write the value out", mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                mark = self._next_mark()
                raise yaml.composer.ComposerError(
                    None, None, f"nested more than {MAX_DEPTH} levels deep (the limit)", mark
                )
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1

    def _next_mark(self) -> yaml.Mark:
        event = self.peek_event()  # type: ignore[no-untyped-call]  # unannotated in types-PyYAML
        mark: yaml.Mark = event.start_mark
        return mark

    def construct_mapping(self, node: Any, deep: bool = False) -> Any:
        seen: set[tuple[str, str]] = set()
        for key_node, _ in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.value == "<<":
                continue
            ident = (key_node.tag, key_node.value)
            if ident in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key {shown(key_node.value)}", key_node.start_mark
                )
            seen.add(ident)
        return super().construct_mapping(node, deep=deep)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    problem = getattr(exc, "problem", None) or (str(exc).splitlines() or [type(exc).__name__])[0]
    mark = getattr(exc, "problem_mark", None)
    where = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
    return f"{str(problem)[:160]}{where}"


def refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """A JSON object whose keys are each given once (``object_pairs_hook``): with two, which was meant is unknown."""
    data: dict[str, Any] = {}
    for key, value in pairs:
        if key in data:
            raise ValueError(f"duplicate key {shown(key)}")
        data[key] = value
    return data
