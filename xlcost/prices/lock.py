"""One writer at a time per catalog directory: an advisory lock held while an import reads, merges and writes.

Two imports into a shared catalog at once would each merge into the catalog as it was before the
other wrote, and the second rename would drop the first one's rows. Holding this lock from reading
the catalog to replacing its files makes the second import start from the first one's result.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xlcost.errors import CatalogError

#: Seconds to wait for another import into the same catalog to finish.
LOCK_TIMEOUT_S = 60.0
LOCK_FILE = ".xlcost-catalog.lock"
_POLL_S = 0.05


@contextmanager
def catalog_lock(directory: Path, timeout: float | None = None) -> Iterator[None]:
    """Hold the directory's write lock, or raise CatalogError after ``timeout`` (default LOCK_TIMEOUT_S) seconds."""
    timeout = LOCK_TIMEOUT_S if timeout is None else timeout
    directory = Path(directory)
    if not directory.is_dir():
        raise CatalogError(f"{directory}: not a catalog directory")
    try:
        handle = os.open(directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise CatalogError(f"{directory}: cannot lock the catalog for writing ({exc.strerror})") from None
    try:
        deadline = time.monotonic() + timeout
        while not _try_lock(handle):
            if time.monotonic() >= deadline:
                raise CatalogError(
                    f"{directory}: catalog is being written by another process (waited {timeout:g} s); try again"
                )
            time.sleep(_POLL_S)
        try:
            yield
        finally:
            _unlock(handle)
    finally:
        os.close(handle)


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: int) -> bool:
        try:
            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(handle: int) -> None:
        msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(handle: int) -> bool:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(handle: int) -> None:
        fcntl.flock(handle, fcntl.LOCK_UN)
