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


if _xlwings_registers():
    from xlwings import arg, func
else:

    def func(f: Callable[..., Any]) -> Callable[..., Any]:
        return f

    def arg(name: str, **options: Any) -> _Decorator:
        return lambda f: f


__all__ = ["arg", "func"]
