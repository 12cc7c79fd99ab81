"""The decision matrix's conditions as plain data: each written once, evaluated here for ``xlcost recommend``
and ``=RECOMMEND``, printed as formulas on the Decision sheet.

A condition is a small tree over named inputs (a situation's answers, whether a constraint is in force,
daily tokens, the thresholds ...), each a number or, for a range of workloads, an array evaluated elementwise.
Plain data here rather than the workbook's formula language moved below both layers: the conditions need
eight node types, while ``xlcost.workbook.expr`` prints cell references and evaluates ranges for every
sheet; moving it would carry all of that into the core for these eight. The Decision sheet turns each node
into its ``expr`` node and binds each name to a defined name or a formula.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import reduce

import numpy as np


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
class Within:
    """The named quantities ``left`` and ``right`` differ by at most ``share`` (a named input) of the smaller."""

    left: str
    right: str
    share: str


@dataclass(frozen=True, slots=True)
class Always:
    """Words that apply whatever the inputs (the last resort of a table read first to last)."""


Condition = Ask | Not | All | AnyOf | Above | Below | Within | Always
ALWAYS = Always()
Inputs = Mapping[str, bool | float | np.ndarray]


def holds(condition: Condition, inputs: Inputs) -> bool:
    """Whether ``condition`` is TRUE for these inputs, each one value."""
    return bool(truth(condition, inputs))


def truth(condition: Condition, inputs: Inputs) -> np.ndarray:
    """Whether ``condition`` is TRUE, elementwise over inputs that are arrays; a name the inputs lack is a
    KeyError naming it. A comparison with NaN is FALSE."""
    match condition:
        case Ask(name):
            return np.asarray(inputs[name], dtype=bool)
        case Not(term):
            return ~truth(term, inputs)
        case All(terms):
            return reduce(np.logical_and, (truth(t, inputs) for t in terms), np.asarray(True))
        case AnyOf(terms):
            return reduce(np.logical_or, (truth(t, inputs) for t in terms), np.asarray(False))
        case Above(left, right):
            return np.asarray(np.greater(inputs[left], inputs[right]))
        case Below(left, right):
            return np.asarray(np.less(inputs[left], inputs[right]))
        case Within(left, right, share):
            a, b = np.asarray(inputs[left], dtype=float), np.asarray(inputs[right], dtype=float)
            return np.asarray(np.abs(a - b) <= np.asarray(inputs[share], dtype=float) * np.minimum(a, b))
        case Always():
            return np.asarray(True)
    raise TypeError(f"not a decision condition: {condition!r}")
