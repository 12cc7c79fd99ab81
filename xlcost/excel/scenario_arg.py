"""The scenario an Excel function is given: a built-in name, or a file in a folder the administrator chose.

A cell is typed by whoever can edit the workbook, and on xlwings Server the functions run on
another machine: a path in a cell must not open that machine's files (a key file quoted back in an
error, a device that never ends, a FIFO that never answers). So a cell names a built-in scenario,
or a file directly inside the folder set in ``XLCOST_SCENARIO_DIR`` (no folder: no files at all).
A file's content is never quoted back in an error.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import builtin_scenarios, load_scenario, parse_scenario, scenarios_dir
from xlcost.errors import XlcostError
from xlcost.excel.args import ArgError
from xlcost.excel.setting import CATALOG_VARIABLE
from xlcost.limits import MAX_SCENARIO_BYTES, shown

#: The folder whose scenario files Excel functions may read, set by whoever runs the functions.
SCENARIO_DIR_VARIABLE = "XLCOST_SCENARIO_DIR"
SUFFIXES = (".yaml", ".yml", ".json")


def cell_scenario(name: str) -> Scenario:
    """The scenario a cell names; ArgError saying what is accepted otherwise."""
    if name in builtin_scenarios():
        return load_scenario(scenarios_dir() / f"{name}.yaml")
    folder = os.environ.get(SCENARIO_DIR_VARIABLE, "").strip()
    if not folder:
        raise ArgError(
            f"scenario must be a built-in scenario ({', '.join(builtin_scenarios())}); got {shown(name)}. "
            f"Scenario files are read only from a folder named in {SCENARIO_DIR_VARIABLE} where the functions run"
        )
    return _from_folder(Path(folder), name)


def _from_folder(folder: Path, name: str) -> Scenario:
    if Path(name).name != name or name in ("", ".", "..") or not name.lower().endswith(SUFFIXES):
        raise ArgError(
            f"scenario must be a built-in scenario ({', '.join(builtin_scenarios())}) or the name of a "
            f"{'/'.join(SUFFIXES)} file in the {SCENARIO_DIR_VARIABLE} folder, without a path (got {shown(name)})"
        )
    text = _read_regular(folder, name)
    try:
        scenario = parse_scenario(text, name)
    except XlcostError:  # its messages may quote the file; a cell shows only that it is unusable
        raise ArgError(
            f"scenario file {shown(name)} is not a valid scenario; run 'xlcost tco -s' on it to see why"
        ) from None
    if scenario.catalog is not None:  # a file must not pick a directory on the machine the functions run on
        raise ArgError(
            f"scenario file {shown(name)} names a catalog; the functions price with the {CATALOG_VARIABLE} "
            "setting where they run: set it there and leave catalog out of the file"
        )
    return scenario


def _read_regular(folder: Path, name: str) -> str:
    """The text of a regular file ``name`` directly in ``folder``: no link out of it, FIFO or device."""
    missing = ArgError(f"scenario file {shown(name)} not found in the {SCENARIO_DIR_VARIABLE} folder")
    try:
        root = folder.resolve(strict=True)
        path = (root / name).resolve(strict=True)
    except (OSError, RuntimeError, ValueError):
        raise missing from None
    if path.parent != root:  # a symbolic link leading out of the folder
        raise missing
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        raise missing from None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(handle.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise ArgError(f"scenario file {shown(name)} is not a regular file")
        if info.st_size > MAX_SCENARIO_BYTES:
            raise ArgError(f"scenario file {shown(name)} is over the {MAX_SCENARIO_BYTES // 1024**2} MB limit")
        data = handle.read(MAX_SCENARIO_BYTES + 1)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ArgError(f"scenario file {shown(name)} is not UTF-8 text") from None
