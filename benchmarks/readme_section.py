"""Write a benchmark's table into README.md between its markers, so the figures there are measured, not typed.

A section is delimited by ``<!-- NAME:start -->`` and ``<!-- NAME:end -->`` lines; only the text between
them is replaced, and the file is swapped in atomically.
"""

from __future__ import annotations

import os
import platform
import tempfile
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"


def write_section(name: str, markdown: str, readme: Path = README) -> None:
    """Replace the text between NAME's markers in ``readme`` with ``markdown``."""
    start, end = f"<!-- {name}:start -->", f"<!-- {name}:end -->"
    text = readme.read_text(encoding="utf-8")
    if text.count(start) != 1 or text.count(end) != 1 or text.index(start) > text.index(end):
        raise SystemExit(f"{readme.name}: needs one '{start}' line before one '{end}' line")
    head, rest = text.split(start)
    _, tail = rest.split(end)
    updated = f"{head}{start}\n{markdown.strip()}\n{end}{tail}"
    fd, tmp = tempfile.mkstemp(dir=readme.parent, prefix=".README.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
        out.write(updated)
    os.replace(tmp, readme)


def machine() -> str:
    """One line saying where the figures were measured."""
    return f"{platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} CPUs, {platform.system()}"
