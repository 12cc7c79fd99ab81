"""The progress bar every command that can take seconds shows: transient, on stderr, only in a terminal.

Piped or redirected, stderr gets nothing, so logs and ``2>&1 | grep`` stay clean.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.progress import BarColumn, TextColumn, TimeElapsedColumn
from rich.progress import Progress as ProgressBar

from xlcost.io.plain_text import DataConsole
from xlcost.progress import Progress, silent


@contextmanager
def progress_bar(start: str) -> Iterator[Progress]:
    """Yield a progress callback drawing a bar that starts as ``start`` and disappears when the work ends."""
    console = DataConsole(stderr=True)
    if not console.is_terminal:
        yield silent
        return
    columns = (TextColumn("{task.description}"), BarColumn(), TimeElapsedColumn())
    with ProgressBar(*columns, console=console, transient=True) as bar:
        task = bar.add_task(start, total=None)

        def report(what: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=what)

        yield report
