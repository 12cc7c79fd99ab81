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
from typing import Any

_Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


def _xlwings_registers() -> bool:
    return sys.platform in ("win32", "emscripten") or os.environ.get("XLWINGS_ON_SERVER") == "true"


def _unchanged(f: Callable[..., Any]) -> Callable[..., Any]:
    return f


def _no_argument_help(name: str, **options: Any) -> _Decorator:
    return _unchanged


func: Callable[..., Any] = _unchanged
arg: Callable[..., Any] = _no_argument_help
if _xlwings_registers():
    import xlwings

    func, arg = xlwings.func, xlwings.arg


__all__ = ["arg", "func"]
