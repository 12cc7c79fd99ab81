"""xlwings Lite runs Python in the browser (Pyodide) and installs packages with micropip.

micropip installs pure-Python wheels from the index, and compiled packages only from Pyodide's own
set. So everything ``import xlcost.udfs`` pulls in must be one or the other, and the import must not
touch the network or the file system beyond reading the modules themselves; the first call may read
the catalog packaged with xlcost, nothing else. A fresh interpreter records what importing does,
with an audit hook (PEP 578), and reports it as JSON.

xlwings is imported first and what it brings is not judged here: xlwings Lite ships its own xlwings.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

#: Import names of compiled packages that Pyodide builds itself (https://pyodide.org, "Packages built
#: in Pyodide"); micropip takes these from Pyodide, not from the index.
PYODIDE_PACKAGES = {
    "numpy",
    "pandas",
    "pydantic",
    "pydantic_core",
    "yaml",
    "_yaml",
    "markupsafe",
    "_cffi_backend",
    "cryptography",
    "lxml",
    "regex",
    "scipy",
    "matplotlib",
}
#: Standard-library modules Pyodide removes (its "Python compatibility" page); the rest is there.
PYODIDE_REMOVED_STDLIB = {
    "curses",
    "_curses",
    "_curses_panel",
    "dbm",
    "_dbm",
    "_gdbm",
    "ensurepip",
    "idlelib",
    "lib2to3",
    "tkinter",
    "_tkinter",
    "turtle",
    "turtledemo",
    "venv",
}
#: Audit events that change files, start processes or reach the network.
SIDE_EFFECTS: tuple[str, ...] = (
    "socket.",
    "urllib.",
    "http.client.",
    "subprocess.",
    "os.system",
    "os.exec",
    "os.spawn",
    "os.fork",
)
SIDE_EFFECTS += ("os.remove", "os.rename", "os.mkdir", "os.rmdir", "os.chmod", "os.truncate", "os.symlink", "shutil.")

PROBE = r"""
import importlib.machinery, importlib.metadata, json, sys

EXTENSIONS = tuple(importlib.machinery.EXTENSION_SUFFIXES)
start = set(sys.modules)
import xlwings
after_xlwings = set(sys.modules)
events, recording = [], [True]

def record(event, args):
    if recording[0]:
        events.append([event, [str(a) for a in args[:2]]])

sys.addaudithook(record)  # a hook cannot be removed, so it stops recording instead
import xlcost.udfs
imported = len(events)
xlcost.udfs.TCO("api:qwen-plus", 36)
recording[0] = False

DISTRIBUTIONS = importlib.metadata.packages_distributions()

def describe(name):
    path = getattr(sys.modules[name], "__file__", None)
    dists = DISTRIBUTIONS.get(name.split(".")[0], [])
    wheel = importlib.metadata.distribution(dists[0]).read_text("WHEEL") if dists else None
    return {"file": path, "compiled": bool(path and path.endswith(EXTENSIONS)), "wheel": wheel}

from xlcost.core.catalog.catalog import default_catalog_dir
print(json.dumps({
    "modules": {name: describe(name) for name in set(sys.modules) - start if name in sys.modules},
    "from_xlwings": sorted(after_xlwings - start),
    "import_events": events[:imported],
    "call_events": events[imported:],
    "catalog": str(default_catalog_dir().resolve()),
    "module_files": sorted({str(getattr(m, "__file__", "") or "") for m in list(sys.modules.values())}),
    "sys_path": sys.path,
    "stdlib": sorted(sys.stdlib_module_names),
}))
"""


@pytest.fixture(scope="module")
def probe(root: Path) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=str(root))
    env.pop("XLWINGS_ON_SERVER", None)
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, cwd=root)
    assert done.returncode == 0, done.stderr
    loaded: dict[str, Any] = json.loads(done.stdout)
    return loaded


def _allowed_in_pyodide(name: str, info: dict[str, Any], stdlib: set[str]) -> bool:
    top = name.split(".")[0]
    if top in stdlib:
        return top not in PYODIDE_REMOVED_STDLIB
    if top in PYODIDE_PACKAGES:
        return True
    pure_wheel = info["wheel"] is None or "Root-Is-Purelib: true" in info["wheel"]
    return not info["compiled"] and pure_wheel


def test_every_import_is_pure_python_or_in_pyodide(probe: dict[str, Any]) -> None:
    stdlib = set(probe["stdlib"])
    from_xlwings = set(probe["from_xlwings"])
    refused = {
        name: info["file"]
        for name, info in probe["modules"].items()
        if name not in from_xlwings and not _allowed_in_pyodide(name, info, stdlib)
    }
    assert refused == {}


def test_the_check_sees_compiled_modules(probe: dict[str, Any]) -> None:
    """The check above is only worth something if it recognises compiled code when it is there."""
    compiled = {name for name, info in probe["modules"].items() if info["compiled"]}
    assert "pydantic_core._pydantic_core" in compiled
    assert "xlcost.udfs" in probe["modules"] and not probe["modules"]["xlcost.udfs"]["compiled"]
    stdlib = set(probe["stdlib"])
    fake = {"file": "/x/fastmath.cpython-311-x86_64-linux-gnu.so", "compiled": True, "wheel": None}
    assert not _allowed_in_pyodide("fastmath", fake, stdlib)


def test_xlcost_itself_is_pure_python(probe: dict[str, Any]) -> None:
    ours = {name: info for name, info in probe["modules"].items() if name.split(".")[0] == "xlcost"}
    assert ours and not [name for name, info in ours.items() if info["compiled"]]


def _unexpected_reads(events: list[Any], probe: dict[str, Any], data_dir: str | None = None) -> list[Any]:
    """Files opened, or opened for writing, other than imported code, package metadata and ``data_dir``."""
    code = {f for f in probe["module_files"] if f} | set(probe["sys_path"])
    code_dirs = tuple(str(Path(f).parent) for f in code if f.endswith(".py"))
    found = []
    for event, args in events:
        if event != "open":
            continue
        path, mode = args[0], args[1] if len(args) > 1 else "r"
        if data_dir and str(Path(path).resolve()).startswith(data_dir):
            allowed = True
        elif path.endswith((".py", ".pyc")):
            allowed = path in code or path.startswith(code_dirs)  # a module's source or its __pycache__
        else:
            allowed = path in code or ".dist-info" in path or ".egg-info" in path  # package metadata
        if not allowed or any(flag in mode for flag in "wax+"):
            found.append((path, mode))
    return found


def test_import_does_no_network_and_no_file_work(probe: dict[str, Any]) -> None:
    events = probe["import_events"]
    assert [e for e, _ in events if e.startswith(SIDE_EFFECTS)] == []
    assert _unexpected_reads(events, probe) == []


def test_first_call_reads_only_the_packaged_catalog(probe: dict[str, Any]) -> None:
    events = probe["call_events"]
    assert [e for e, _ in events if e.startswith(SIDE_EFFECTS)] == []
    data = [args[0] for event, args in events if event == "open" and not args[0].endswith((".py", ".pyc"))]
    assert any(Path(path).name == "api.csv" for path in data), "the first call should read the catalog"
    assert _unexpected_reads(events, probe, data_dir=probe["catalog"]) == []
