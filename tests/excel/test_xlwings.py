"""Registration and calls through xlwings' own server code (the path xlwings Lite and Server use).

xlwings only registers functions when XLWINGS_ON_SERVER=true is set before it is first imported,
and other test modules import it earlier, so this runs in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.xlwings_server import CALL_PREAMBLE
from xlcost.core import money
from xlcost.core.catalog import load_catalog
from xlcost.core.pricing import Context, resolve
from xlcost.core.scenario import OptionSpec, Workload

# Reserved words of VBA (MS-VBAL 3.3.5.2): the classic add-in writes each function as a VBA wrapper
# with the same parameter names, so none may be one of these.
VBA_RESERVED = set(
    [
        "as",
        "binary",
        "byref",
        "byval",
        "call",
        "case",
        "close",
        "const",
        "date",
        "declare",
        "dim",
        "do",
        "each",
        "else",
        "elseif",
        "empty",
        "end",
        "enum",
        "erase",
        "error",
        "event",
        "exit",
        "false",
        "for",
        "friend",
        "function",
        "get",
        "global",
        "gosub",
        "goto",
        "if",
        "implements",
        "in",
        "input",
        "is",
        "len",
        "let",
        "like",
        "lock",
        "loop",
        "lset",
        "me",
        "mid",
        "mod",
        "new",
        "next",
        "not",
        "nothing",
        "null",
        "on",
        "open",
        "option",
        "optional",
        "or",
        "paramarray",
        "print",
        "private",
        "property",
        "public",
        "put",
        "resume",
        "return",
        "rset",
        "seek",
        "select",
        "set",
        "static",
        "step",
        "stop",
        "string",
        "sub",
        "then",
        "time",
        "to",
        "true",
        "type",
        "while",
        "with",
        "withevents",
        "wend",
        "xor",
    ]
)
SCRIPT = (
    CALL_PREAMBLE
    + r"""
import importlib.util
spec = importlib.util.spec_from_file_location("main", "examples/xlwings-lite/main.py")
lite_main = importlib.util.module_from_spec(spec)
spec.loader.exec_module(lite_main)

calls = json.loads(sys.stdin.read())
print(json.dumps({
    "meta": server.custom_functions_meta(udfs),
    "lite_meta": server.custom_functions_meta(lite_main),
    "results": [call(name, *args) for name, args in calls],
}))
"""
)
BLANK = None
PRICED = ["opt", "months", "users", "tokens_in", "tokens_out", "units", "price_case", "model", "precision"]
CALLS = [
    ("TCO", ["api:deepseek-v4-flash", 1]),
    ("TCO", ["api:qwen-plus", 36]),
    ("TCO", ["rent:a100-80g", 12, BLANK, BLANK, BLANK, 1]),
    ("BREAKEVEN", ["buy:h100-80g", "rent:h100-80g", BLANK, BLANK, BLANK, 1]),
    ("RECOMMEND", [3000]),
    ("RECOMMEND", [100000, 36, True, False]),
    ("RECOMMEND", [20000, 36, False, False, True]),
    ("TCO", ["api:qwen-plus", [[12], [24], [36]]]),
    ("BREAKEVEN", ["api:qwen-plus", "rent:a100-80g"]),
    ("TCO", ["api:qwen-plus", "abc"]),
    ("UNITCOST", ["api:qwen-plus"]),
    ("GPUS", ["a100-80g", 100000]),
    ("TCO", ["rent:h100-80g", 36, 100, BLANK, BLANK, BLANK, BLANK, "llama-3.3-70b"]),
    ("GPUS", ["h100-80g", 1000000, 400, 200, BLANK, BLANK, BLANK, "llama-3.1-8b", "fp8"]),
    ("TCO", ["rent:h100-80g", 36, 100, BLANK, BLANK, BLANK, BLANK, BLANK, "fp8"]),
    ("TCO", ["rent:h100-80g", 36, 100, BLANK, BLANK, BLANK, BLANK, "llama-3.3-70b", "fp3"]),
]


@pytest.fixture(scope="module")
def server_run(root: Path) -> Any:
    env = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial", PYTHONPATH=str(root))
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], input=json.dumps(CALLS), capture_output=True, text=True, env=env, cwd=root
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_meta_lists_every_function_with_its_parameters(server_run: Any) -> None:
    functions = {f["name"]: f for f in server_run["meta"]["functions"]}
    assert set(functions) == {"TCO", "BREAKEVEN", "RECOMMEND", "UNITCOST", "GPUS", "OPTIONS"}
    expected = {
        "TCO": [*PRICED, "currency"],
        "UNITCOST": [*PRICED, "currency"],
        "BREAKEVEN": [
            "option_a",
            "option_b",
            "users",
            "tokens_in",
            "tokens_out",
            "units",
            "price_case",
            "max_months",
            "model",
            "precision",
        ],
        "RECOMMEND": [
            "users",
            "months",
            "sensitive_data",
            "volatile",
            "latency_sensitive",
            "fine_tune",
            "detail",
            "scenario",
            "currency",
        ],
        "GPUS": ["gpu", "users", "tokens_in", "tokens_out", "model_size", "price_case", "detail", "model", "precision"],
        "OPTIONS": ["kind"],
    }
    required = {"TCO": 1, "UNITCOST": 1, "BREAKEVEN": 2, "RECOMMEND": 1, "GPUS": 0, "OPTIONS": 0}
    for name, params in expected.items():
        got = functions[name]["parameters"]
        assert [p["name"] for p in got] == params
        assert [p.get("optional", False) for p in got] == [i >= required[name] for i in range(len(params))]
        assert all(p["description"] and not p["description"].startswith("Positional argument") for p in got)
        assert functions[name]["description"]
        assert not {p["name"].lower() for p in got} & VBA_RESERVED


def test_lite_main_py_registers_the_same_functions(server_run: Any) -> None:
    assert server_run["lite_meta"] == server_run["meta"]


def test_calls_return_the_seed_figures(server_run: Any) -> None:
    r = [cell for cell in server_run["results"]]
    assert r[0] == [[pytest.approx(98.4)]]
    assert r[1] == [[pytest.approx(15552)]]
    assert r[2] == [[pytest.approx(78000)]]
    assert round(r[3][0][0], 2) == 19.13
    assert r[4:7] == [[["API"]], [["Cloud GPU rental"]], [["Cloud GPU rental"]]]  # seed 002 §6 and scenario C


def test_column_of_months_returns_a_column(server_run: Any) -> None:
    workload = Workload()
    profile = resolve(OptionSpec(key="api:qwen-plus"), Context(workload=workload), load_catalog())
    assert server_run["results"][7] == [[pytest.approx(money.tco(profile, workload, n))] for n in (12, 24, 36)]


def test_errors_reach_excel_as_errors_or_messages(server_run: Any) -> None:
    assert server_run["results"][8] == [[{"type": "Error", "errorType": "NotAvailable"}]]
    assert server_run["results"][9] == [["TCO: months must be a number (got 'abc')"]]
    assert isinstance(server_run["results"][10][0][0], float)
    assert isinstance(server_run["results"][11][0][0], int | float)


def test_a_named_model_sizes_with_the_capacity_engine(server_run: Any) -> None:
    # llama-3.3-70b in bf16 takes two H100s (131.5 GiB): 2 x 11,500 CNY a month for 36 months
    assert server_run["results"][12] == [[pytest.approx(2 * 11_500 * 36)]]
    gpus = server_run["results"][13][0][0]
    assert 1 <= gpus <= 8  # a million users' chat on an 8B model in FP8 (the issue's anchor: at most 8)
    assert server_run["results"][14] == [
        ["TCO: precision needs a model (the capacity engine sizes a model at a precision)"]
    ]
    assert server_run["results"][15] == [["TCO: precision must be one of fp16, bf16, fp8, int4, fp4 (got 'fp3')"]]
