"""How long work says how far it got: a callback taking what is being done, steps done and steps in all.

The library calls it; only the command line draws it (``cli/render/progress.py``), so the core and
the analyses stay free of terminal code.
"""

from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]


def silent(what: str, done: int, total: int) -> None:
    """The callback when nobody is watching."""
