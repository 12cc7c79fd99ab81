"""Start-up cost: what ``xlcost --version``, ``--help`` and Excel's ``import xlcost.udfs`` load.

Each check runs a fresh interpreter, the way a shell or Excel starts one. How long they take is a
benchmark, not a test (a timing on a shared machine fails at random): ``python benchmarks/bench_startup.py``
measures each against a yardstick in the same loop and says whether its target is met.
"""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ("pandas", "openpyxl")


def loaded_after(code: str) -> set[str]:
    """Every module loaded by running ``code`` in a fresh interpreter (``SystemExit`` from a CLI run is fine)."""
    probe = (
        f"try:\n    exec({code!r})\nexcept SystemExit:\n    pass\n"
        "import json, sys\nprint(json.dumps(sorted(sys.modules)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True)
    return set(json.loads(done.stdout.splitlines()[-1]))


def top_level(modules: set[str]) -> set[str]:
    return {m.partition(".")[0] for m in modules}


def test_core_and_excel_functions_load_neither_pandas_nor_openpyxl() -> None:
    code = (
        "import xlcost, xlcost.core.catalog, xlcost.core.money, xlcost.core.vector, xlcost.udfs\n"
        "from xlcost import compare, load_catalog\n"
        "from xlcost.core.scenario_io import load_scenario\n"
        "compare(load_scenario('seed-002-b'), load_catalog())\n"
        "assert xlcost.udfs.TCO('api:gpt-4o', 12) > 0"
    )
    loaded = top_level(loaded_after(code))
    assert "xlcost" in loaded and loaded.isdisjoint(HEAVY)


def test_version_and_help_import_no_command() -> None:
    for flag in ("--version", "--help", "-h"):
        loaded = loaded_after(f"import sys\nsys.argv = ['xlcost', '{flag}']\nfrom xlcost.cli.app import main\nmain()")
        assert top_level(loaded).isdisjoint({*HEAVY, "numpy", "pydantic", "rich", "yaml"}), flag
        assert {m for m in loaded if m.startswith("xlcost")} == {
            "xlcost",
            "xlcost.cli",
            "xlcost.cli.app",
            "xlcost.errors",
        }, flag
