"""The decision matrix's conditions as plain data: each written once, evaluated here for ``xlcost recommend``
and ``=RECOMMEND``, printed as formulas on the Decision sheet.

A condition is a small tree over named inputs (a situation's answers, whether a constraint is in force,
daily tokens, the thresholds ...). Plain data here rather than the workbook's formula language moved below
both layers: the conditions need six node types, while ``xlcost.workbook.expr`` prints cell references and
evaluates ranges for every sheet; moving it would carry all of that into the core for these six. The Decision
sheet turns each node into its ``expr`` node and binds each name to a defined name or a formula.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Ask:
    """A named input taken as TRUE or FALSE (an answer, a step of the pick)."""

    name: str


@dataclass(frozen=True, slots=True)
class Not:
    term: Condition


@dataclass(frozen=True, slots=True)
class All:
    terms: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class AnyOf:
    terms: tuple[Condition, ...]


@dataclass(frozen=True, slots=True)
class Above:
    """The named quantity ``left`` is strictly above ``right``."""

    left: str
    right: str


@dataclass(frozen=True, slots=True)
class Below:
    """The named quantity ``left`` is strictly below ``right``."""

    left: str
    right: str


@dataclass(frozen=True, slots=True)
class Always:
    """Words that apply whatever the inputs (the last resort of a table read first to last)."""


Condition = Ask | Not | All | AnyOf | Above | Below | Always
ALWAYS = Always()


def holds(condition: Condition, inputs: Mapping[str, bool | float]) -> bool:
    """Whether ``condition`` is TRUE for these inputs; a name the inputs lack is a KeyError naming it."""
    match condition:
        case Ask(name):
            return bool(inputs[name])
        case Not(term):
            return not holds(term, inputs)
        case All(terms):
            return all(holds(t, inputs) for t in terms)
        case AnyOf(terms):
            return any(holds(t, inputs) for t in terms)
        case Above(left, right):
            return inputs[left] > inputs[right]
        case Below(left, right):
            return inputs[left] < inputs[right]
    return True
