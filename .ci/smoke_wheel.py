"""Smoke test of an installed xlcost wheel: run it with the Python of a fresh virtual environment.

It uses only what the wheel installed, from a directory outside the source tree (``python -I``
keeps the source tree and PYTHONPATH off the path), and checks what a new user would try first:
the version, a comparison, a generated workbook, the seed 002 claims and an Excel function called
the way xlwings Lite and xlwings Server call it. Figures checked are the seed reports' own.

Usage: python -I smoke_wheel.py LITE_MAIN_PY
"""

from __future__ import annotations

import csv
import importlib.metadata
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl

import xlcost
from xlcost.core.catalog.catalog import default_catalog_dir

BIN = Path(sys.executable).parent
XLCOST = str(BIN / "xlcost")

# Runs in its own interpreter: xlwings only registers functions when XLWINGS_ON_SERVER is set before
# its first import. Loads main.py exactly as the README has users paste it into xlwings Lite.
SERVER_CALLS = r"""
import asyncio, importlib.util, json, sys
import xlwings as xw
import xlwings.server as server

spec = importlib.util.spec_from_file_location("main", sys.argv[1])
main = importlib.util.module_from_spec(spec)
spec.loader.exec_module(main)

def call(name, *args):
    payload = {"func_name": name, "args": [[[arg]] for arg in args], "version": xw.__version__,
               "client": "Office.js", "runtime": "1.4"}
    return asyncio.run(server.custom_functions_call(payload, main))

print(json.dumps({
    "functions": sorted(f["name"] for f in server.custom_functions_meta(main)["functions"]),
    "tco_flash_1": call("TCO", "api:deepseek-v4-flash", 1),
    "tco_qwen_36": call("TCO", "api:qwen-plus", 36),
}))
"""


def run(*args: str, expect: int = 0, env: dict[str, str] | None = None) -> str:
    """Run a command; fail loudly, with its output, on an unexpected exit code."""
    done = subprocess.run(args, capture_output=True, text=True, env=env)
    if done.returncode != expect:
        sys.exit(f"{' '.join(args)}: exit {done.returncode}, expected {expect}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def check(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"smoke test failed: {what}")
    print(f"ok  {what}")


def installed_not_source() -> None:
    package = Path(xlcost.__file__).resolve()
    check(package.is_relative_to(Path(sys.prefix).resolve()), f"xlcost imported from the environment ({package})")
    catalog = default_catalog_dir().resolve()
    check(
        catalog.is_relative_to(package.parent) and (catalog / "api.csv").is_file(), "the catalog ships in the package"
    )


def version() -> str:
    shipped = importlib.metadata.version("xlcost")
    check(shipped == xlcost.__version__, f"wheel metadata version {shipped} is xlcost.__version__")
    check(run(XLCOST, "--version").strip() == f"xlcost {shipped}", "xlcost --version shows it")
    return shipped


def tco() -> None:
    options = {o["option"]: o for o in json.loads(run(XLCOST, "tco", "--json"))["options"]}
    # Seed 002 §2: DeepSeek V4-Flash costs 98.4 a month for the reference workload (no growth).
    check(abs(options["api:deepseek-v4-flash"]["tco"] - 98.4 * 36) < 1e-6, "xlcost tco prices the seed's API bill")


def generate(workdir: Path, shipped: str) -> None:
    out = workdir / "c.xlsx"
    run(XLCOST, "generate", "-o", str(out))
    book = openpyxl.load_workbook(out)
    sheet, cell = next(iter(book.defined_names["generator_version"].destinations))
    check(book[sheet][cell.replace("$", "")].value == f"xlcost {shipped}", "xlcost generate: Cover names the version")


def reconcile() -> None:
    # By name, as the README shows it; the packaged file is read only to count its claims.
    claims = default_catalog_dir() / "claims" / "seed-002.csv"
    with claims.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    results = json.loads(run(XLCOST, "reconcile", "seed-002", "--json", expect=1))
    check(len(results) == len(rows) > 0, f"xlcost reconcile: one result per packaged seed 002 claim ({len(rows)})")
    check(any(r["holds"] for r in results) and not all(r["holds"] for r in results), "some claims hold, some do not")


def size() -> None:
    # The capacity engine reads the packaged models, engines and measurements.
    answer = json.loads(
        run(
            XLCOST,
            "size",
            "--model",
            "llama-3.3-70b",
            "--gpu",
            "h100-80g",
            "--input-tokens",
            "1000",
            "--output-tokens",
            "500",
            "--json",
        )
    )
    check(
        answer["gpus"] == 2 and answer["output_tokens_per_s"] > 0,
        "xlcost size: 70B in bf16 on its smallest replica, 2 GPUs",
    )


def excel_functions(lite_main: Path) -> None:
    env = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial")
    got = json.loads(run(sys.executable, "-I", "-c", SERVER_CALLS, str(lite_main), env=env))
    check(
        got["functions"] == ["BREAKEVEN", "GPUS", "OPTIONS", "RECOMMEND", "TCO", "UNITCOST"],
        "main.py registers six functions",
    )
    # Seed 002 §2: 98.4 for one month of DeepSeek V4-Flash, 432 a month for Qwen-Plus.
    check(abs(got["tco_flash_1"][0][0] - 98.4) < 1e-9, '=TCO("api:deepseek-v4-flash",1) through xlwings.server')
    check(abs(got["tco_qwen_36"][0][0] - 432 * 36) < 1e-6, '=TCO("api:qwen-plus",36) through xlwings.server')


def main() -> None:
    lite_main = Path(sys.argv[1]).resolve()
    installed_not_source()
    shipped = version()
    tco()
    with tempfile.TemporaryDirectory() as tmp:
        generate(Path(tmp), shipped)
    reconcile()
    size()
    excel_functions(lite_main)


if __name__ == "__main__":
    main()
