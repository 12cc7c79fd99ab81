"""Atomic writes: nothing is overwritten unless asked, and a reader never sees half a file.

Temporary files and folders are named after the process that made them, so the next run can clear a killed one's.

A write goes through a temporary name and a rename; a run killed in between leaves the temporary
behind. Without ``force`` the temporary is put in place by a hard link, which the file system refuses
when the name exists, so "never overwrite" holds however many writers race for one path (a check
followed by a rename would let two of them both succeed). Each temporary carries its process id; one whose process is gone is removed by the next
run that writes in the same place, and one whose process still runs (a concurrent write) is left alone.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from xlcost.errors import XlcostError

#: What os.link raises on file systems (FAT, some network shares) or platforms without hard links.
_NO_HARD_LINKS = {errno.EPERM, errno.EOPNOTSUPP, errno.ENOTSUP, errno.ENOSYS}


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


def check_output(path: Path, force: bool, suffixes: tuple[str, ...] = (".xlsx",), flag: str = "output") -> None:
    """Refuse a wrong suffix or an existing file before any slow work (``write_atomic`` checks again on writing)."""
    if path.suffix.lower() not in suffixes:
        raise XlcostError(f"{flag} '{path}' must end in {' or '.join(suffixes)}")
    _refuse_existing(path, force)


def _refuse_existing(path: Path, force: bool) -> None:
    if path.exists() and not force:
        raise _exists(path)


def _exists(path: Path) -> XlcostError:
    return XlcostError(f"{path} already exists; pass --force to overwrite it")


def write_atomic(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write through a temporary file in the same directory, then rename; refuse to overwrite unless forced."""
    path = Path(path)
    if path.is_dir():
        raise XlcostError(f"cannot write {path}: it is a directory")
    _refuse_existing(path, force)
    if not path.parent.is_dir():
        raise XlcostError(f"cannot write {path}: directory {path.parent} does not exist")
    stem = f".{path.name}."
    remove_leftovers(path.parent, stem)  # from runs killed between write and rename
    temp = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=temp_prefix(stem), suffix=".tmp", delete=False) as f:
            temp = Path(f.name)
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        temp.chmod(0o666 & ~_umask())
        if force:
            os.replace(temp, path)
        else:
            _place_exclusively(temp, path)
    except FileExistsError:
        raise _exists(path) from None
    except OSError as exc:
        raise XlcostError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:
        if temp is not None:
            temp.unlink(missing_ok=True)


def _place_exclusively(temp: Path, path: Path) -> None:
    """Give ``temp``'s content the name ``path`` only if no file has it: FileExistsError otherwise.

    A hard link is created atomically or not at all. Where the file system has no hard links, the
    name is claimed with O_EXCL first and the temporary renamed over that claim, which only this
    writer holds.
    """
    try:
        os.link(temp, path)
        return
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in _NO_HARD_LINKS:
            raise
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    os.replace(temp, path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def staging_directory(parent: Path, stem: str) -> Iterator[Path]:
    """A temporary directory in ``parent`` to build files in before they are moved into place; always removed.

    Staging beside the target keeps the final ``os.replace`` on one file system, hence atomic.
    """
    remove_leftovers(parent, stem)
    stage = Path(tempfile.mkdtemp(prefix=temp_prefix(stem), dir=parent))
    try:
        yield stage
    finally:
        shutil.rmtree(stage, ignore_errors=True)
