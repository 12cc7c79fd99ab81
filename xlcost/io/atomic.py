"""Temporary files and folders named after the process that made them, so the next run can clear a killed one's.

A write goes through a temporary name and a rename; a run killed in between leaves the temporary
behind. Each temporary carries its process id; one whose process is gone is removed by the next
run that writes in the same place, and one whose process still runs (a concurrent write) is left alone.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path


def temp_prefix(stem: str) -> str:
    """The start of a temporary name for ``stem``: the stem, this process's id and a dash."""
    return f"{stem}{os.getpid()}-"


def remove_leftovers(directory: Path, stem: str) -> list[Path]:
    """Remove temporaries starting with ``stem`` whose process no longer runs; returns what was removed."""
    removed: list[Path] = []
    try:
        entries = list(Path(directory).glob(f"{_glob_escape(stem)}*"))
    except OSError:
        return removed
    for entry in entries:
        pid_text = entry.name[len(stem) :].split("-", 1)[0]
        if not pid_text.isdigit() or _running(int(pid_text)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)
        removed.append(entry)
    return removed


def _running(pid: int) -> bool:
    if os.name == "nt":  # os.kill(pid, 0) would send CTRL_C_EVENT there: never guess, keep the file
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)
