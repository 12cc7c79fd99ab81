"""Say on stderr what a slow command is doing, and nothing when it is quick.

Silent for the first ~2 s; then the step under way is printed, and each later step as it starts.
A timer thread makes the first line appear even when one long step (parsing a big price file)
spans the 2 s mark.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

import typer

QUIET_FOR_S = 2.0


class _Steps:
    def __init__(self, write: Callable[[str], None]) -> None:
        self._write = write
        self._step = ""
        self._shown = False
        self._lock = threading.Lock()

    def wake(self) -> None:
        with self._lock:
            self._shown = True
            if self._step:
                self._write(self._step)

    def __call__(self, step: str) -> None:
        with self._lock:
            self._step = step
            if self._shown:
                self._write(step)


@contextmanager
def slow_steps(quiet_for_s: float = QUIET_FOR_S) -> Iterator[Callable[[str], None]]:
    """A step callback that prints to stderr once the run has taken ``quiet_for_s`` seconds."""
    steps = _Steps(lambda text: typer.echo(f"... {text}", err=True))
    timer = threading.Timer(quiet_for_s, steps.wake)
    timer.daemon = True
    timer.start()
    try:
        yield steps
    finally:
        timer.cancel()
