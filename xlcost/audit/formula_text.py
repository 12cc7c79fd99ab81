"""Read formula text without evaluating it: references, numeric constants, and a position-free form.

Each formula is rewritten once into its relative (R1C1-style) form; everything that does not depend
on the cell's position (constants, error literals, links, reference offsets) is analysed once per form
and cached, because a timeline row repeats one form across every month.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from openpyxl.utils import column_index_from_string

_STRING = re.compile(r'"(?:[^"]|"")*"')
_REF = re.compile(
    r"(?<![A-Za-z0-9_.$\]#!])"
    r"(?:(?P<sheet>'(?:[^']|'')+'|\[\d+\][A-Za-z0-9_.]+|[A-Za-z_][A-Za-z0-9_.]*)!)?"
    r"(?P<c1>\$?[A-Z]{1,3})(?P<r1>\$?\d+)(?::(?P<c2>\$?[A-Z]{1,3})(?P<r2>\$?\d+))?"
    r"(?![A-Za-z0-9_(!])"
)
_TOKEN = re.compile(r"\{[^{}]*\}")
_NUMBER = re.compile(r"(?<![A-Za-z0-9_.$])\d+(?:\.\d*)?(?:[eE][+-]?\d+)?%?(?![A-Za-z0-9_(])")
_EXTERNAL = re.compile(r"\[[^\]]*\]")
ERRORS = ("#REF!", "#DIV/0!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!", "#CALC!")
HARMLESS_CONSTANTS = frozenset({"0", "1"})

# one corner of a reference: (row is absolute, row or offset, column is absolute, column or offset)
Corner = tuple[bool, int, bool, int]


@dataclass(frozen=True, slots=True)
class RelRef:
    sheet: str | None
    external: bool
    first: Corner
    last: Corner


@dataclass(frozen=True, slots=True)
class Reference:
    """A cell or rectangular range a formula reads; ``sheet`` is None for the formula's own sheet."""

    sheet: str | None
    first: tuple[int, int]
    last: tuple[int, int]
    external: bool

    def cells(self) -> int:
        return (self.last[0] - self.first[0] + 1) * (self.last[1] - self.first[1] + 1)


@dataclass(frozen=True, slots=True)
class Shape:
    """What a formula's relative form says, whatever cell it sits in."""

    constants: tuple[str, ...]
    errors: tuple[str, ...]
    external: bool
    refs: tuple[RelRef, ...]


def relative_form(formula: str, row: int, col: int) -> str:
    """The formula with each reference written relative to its own cell, to compare cells across a row."""

    def one(m: re.Match) -> str:
        sheet = m.group("sheet")
        parts = ["{", f"{sheet}!" if sheet else ""]
        for c, r in ((m.group("c1"), m.group("r1")), (m.group("c2"), m.group("r2"))):
            if c is None:
                continue
            rn, cn = int(r.lstrip("$")), column_index_from_string(c.lstrip("$"))
            parts.append(f"R{rn}" if r[0] == "$" else f"R[{rn - row}]")
            parts.append(f"C{cn}" if c[0] == "$" else f"C[{cn - col}]")
            parts.append(":")
        parts[-1] = "}"
        return "".join(parts)

    return _REF.sub(one, formula)


_CORNER = re.compile(r"R(\[-?\d+\]|\d+)C(\[-?\d+\]|\d+)")


@lru_cache(maxsize=16_384)
def shape(form: str) -> Shape:
    text = _STRING.sub('""', form) if '"' in form else form
    bare = _TOKEN.sub("§", text)
    constants = tuple(n for n in _NUMBER.findall(bare) if n.rstrip("%") not in HARMLESS_CONSTANTS)
    upper = bare.upper()
    errors = tuple(e for e in ERRORS if e in upper)
    refs = tuple(_rel_ref(token[1:-1]) for token in _TOKEN.findall(text))
    external = any(r.external for r in refs) or bool(re.search(r"'?\[[^\]]+\][^!]*'?!", bare))
    return Shape(constants, errors, external, refs)


def _rel_ref(token: str) -> RelRef:
    sheet, bang, cells = token.rpartition("!")
    corners = [
        (not r.startswith("["), int(r.strip("[]")), not c.startswith("["), int(c.strip("[]")))
        for r, c in _CORNER.findall(cells)
    ]
    name = sheet if bang else None
    external = bool(name and _EXTERNAL.search(name))
    if name and name.startswith("'"):
        name = name[1:-1].replace("''", "'")
    return RelRef(name, external, corners[0], corners[-1])


def absolute(ref: RelRef, row: int, col: int) -> Reference:
    def point(corner: Corner) -> tuple[int, int]:
        r_abs, r, c_abs, c = corner
        return (r if r_abs else row + r, c if c_abs else col + c)

    return Reference(ref.sheet, point(ref.first), point(ref.last), ref.external)
