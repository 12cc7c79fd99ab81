"""xlwings' ``func`` and ``arg`` decorators, imported only where they record anything.

xlwings registers a function's Excel signature on Windows (the classic add-in) and under xlwings
Server and Lite (``XLWINGS_ON_SERVER``, Pyodide); everywhere else its decorators return the function
unchanged. Importing xlwings also imports pandas, which would triple the start of Excel's Python
for nothing, so elsewhere these stand-ins do the same as xlwings' own no-ops.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

#: an Excel function: the decorators hand back the function they are given, typed as it was.
F = TypeVar("F", bound=Callable[..., Any])


def _xlwings_registers() -> bool:
    return sys.platform in ("win32", "emscripten") or os.environ.get("XLWINGS_ON_SERVER") == "true"


_REGISTERS = _xlwings_registers()


def func(f: F) -> F:
    """Registers ``f`` as an Excel function where xlwings records it; elsewhere ``f`` unchanged."""
    if not _REGISTERS:
        return f
    import xlwings

    return xlwings.func(f)


def arg(name: str, **options: Any) -> Callable[[F], F]:
    """Records how Excel passes argument ``name`` (``ndim``, ``doc``) where xlwings records it."""

    def decorate(f: F) -> F:
        if not _REGISTERS:
            return f
        import xlwings

        return xlwings.arg(name, **options)(f)

    return decorate


__all__ = ["arg", "func"]
