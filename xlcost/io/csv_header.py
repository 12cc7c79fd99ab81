"""The header row of a CSV input, checked one way by every reader (catalog, claims, SkyPilot files).

``csv.DictReader`` keeps the last of two columns with one name, so a second ``input_per_mtok``
column of zeros would silently make every API free; a misspelt column would be ignored. Here a
repeated column is refused with its name, and an unknown one is refused or warned about, with the
nearest known name. Names are quoted escaped and cut, so a header cell holding a line break or a
page of text never makes a message longer than one line.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from xlcost.errors import XlcostError
from xlcost.limits import shown


@dataclass(frozen=True)
class Header:
    """The header's column names (stripped), and the unknown ones a reader that warns goes on without."""

    columns: list[str]
    unknown: list[str]

    def warning(self, where: str, known: Sequence[str]) -> str | None:
        """One line naming the ignored columns and what they may have meant; None when every column is known."""
        if not self.unknown:
            return None
        return f"{where}: column(s) {_named(self.unknown, known)} ignored (not a column this file type has)"


def checked_header(
    fieldnames: Sequence[str] | None,
    where: str,
    known: Sequence[str],
    *,
    required: Sequence[str] = (),
    unknown: Literal["refuse", "warn"] = "refuse",
    error: type[XlcostError] = XlcostError,
) -> Header:
    """The header of the file ``where``; ``error`` for a repeated, missing or (if refused) unknown column."""
    columns = [name.strip() for name in fieldnames or []]
    repeated = [name for name, count in Counter(columns).items() if count > 1]
    if repeated:
        raise error(
            f"{where}: column(s) {', '.join(shown(name) for name in repeated)} appear more than once in the header; "
            "keep one of each (which one holds the right figures is unknown)"
        )
    missing = [name for name in required if name not in columns]
    if missing:
        raise error(f"{where}: missing column(s) {', '.join(missing)} (has {_listed(columns) or 'no header'})")
    extra = [name for name in columns if name not in known]
    if extra and unknown == "refuse":
        raise error(f"{where}: unknown column(s) {_named(extra, known)}; expected {', '.join(known)}")
    return Header(columns, extra)


def _named(names: list[str], known: Sequence[str]) -> str:
    """Names quoted one line each at most, with the known name each was probably meant to be."""
    parts = []
    for name in names[:5]:
        close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
        parts.append(f"{shown(name)} (did you mean {close[0]}?)" if close else shown(name))
    more = f" and {len(names) - 5:,} more" if len(names) > 5 else ""
    return ", ".join(parts) + more


def _listed(columns: list[str]) -> str:
    return ", ".join(shown(name) for name in columns[:12]) + (" ..." if len(columns) > 12 else "")
