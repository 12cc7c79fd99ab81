"""The functions under a catalog and currency of the user's own, called through xlwings' server code.

xlwings registers functions only when XLWINGS_ON_SERVER=true is set before it is first imported, so
the calls run in a fresh interpreter with XLCOST_CATALOG naming a catalog written by ``prices init``.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.support.excel_context import excel_context
from tests.support.xlwings_server import CALL_PREAMBLE
from xlcost.core import money
from xlcost.core.catalog import load_catalog
from xlcost.core.pricing import resolve
from xlcost.core.scenario import OptionSpec, Workload
from xlcost.prices.init import init_catalog

SCRIPT = (
    CALL_PREAMBLE
    + r"""
import time
from pathlib import Path

steps = json.loads(sys.stdin.read())
out = {"meta": server.custom_functions_meta(udfs), "results": []}
for step in steps:
    if step[0] == "edit":  # a file of the catalog rewritten, then the next recalculation after the recheck
        Path(step[1]).write_text(step[2], encoding="utf-8")
        time.sleep(1.2)
        continue
    out["results"].append(call(step[0], *step[1]))
print(json.dumps(out))
"""
)
_: None = None
EUR_RATE = 7.8  # CNY per EUR, written into the copy's fx.csv below
QWEN_PLUS_36 = 15_552  # seed 002: 10,000 users x 30 days x (800 x 0.8 + 400 x 2) / 1M x 36 months
TOKEN_COUNTS = [(1, 0), (0, 1), (123, 4_567), (2_048, 512), (50_000, 3)]
PRICED = ["api:qwen-plus", "rent:a100-80g", "rent-hourly:h100-80g", "onprem:standard", "seat:coding-assistant-basic"]


def catalog_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "my-prices"
    init_catalog(folder)
    with (folder / "fx.csv").open("a", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerow(["eur", "fx", "EUR", EUR_RATE, "CNY per EUR", "a treasury rate", "2026-11-30", ""])
    return folder


def run(steps: list[Any], root: Path, **env: str) -> dict[str, Any]:
    settings = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial", PYTHONPATH=str(root))
    settings.pop("XLCOST_CATALOG", None)
    settings.pop("XLCOST_CURRENCY", None)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(steps),
        capture_output=True,
        text=True,
        env=settings | env,
        cwd=root,
    )
    assert done.returncode == 0, done.stderr
    loaded: dict[str, Any] = json.loads(done.stdout)
    return loaded


@pytest.fixture(scope="module")
def own_catalog(root: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    folder = catalog_copy(tmp_path_factory.mktemp("catalog"))
    api = (folder / "api.csv").read_text(encoding="utf-8")
    doubled = api.replace("qwen-plus,api,Qwen-Plus,Alibaba,0.8,2,", "qwen-plus,api,Qwen-Plus,Alibaba,1.6,4,")
    assert doubled != api
    steps = [
        ("TCO", ["api:qwen-plus", 36, _, _, _, _, _, _, _, "EUR"]),
        ("TCO", ["api:qwen-plus", 36]),
        ("OPTIONS", ["api"]),
        ("OPTIONS", ["spaceship"]),
        ("edit", str(folder / "api.csv"), doubled),
        ("TCO", ["api:qwen-plus", 36]),
        ("TCO", ["api:qwen-plus", 36, _, _, _, _, _, _, _, "eur"]),
    ]
    steps += [("TCO", [key, 36, 250, tin, tout]) for key in PRICED for tin, tout in TOKEN_COUNTS]
    steps += [("UNITCOST", ["api:qwen-plus", 12, 40, 300, 700, _, _, _, _, "USD"])]
    return folder, run(steps, root, XLCOST_CATALOG=str(folder), XLCOST_CURRENCY="CNY")


def test_a_eur_answer_at_the_catalogs_rate(own_catalog: tuple[Path, dict[str, Any]]) -> None:
    results = own_catalog[1]["results"]
    assert results[0] == [[pytest.approx(QWEN_PLUS_36 / EUR_RATE, rel=1e-12)]]
    assert results[1] == [[pytest.approx(QWEN_PLUS_36, rel=1e-12)]]


def test_an_edited_price_reaches_the_next_recalculation(own_catalog: tuple[Path, dict[str, Any]]) -> None:
    results = own_catalog[1]["results"]
    assert results[4] == [[pytest.approx(2 * QWEN_PLUS_36, rel=1e-12)]]
    assert results[5] == [[pytest.approx(2 * QWEN_PLUS_36 / EUR_RATE, rel=1e-12)]]


def test_options_lists_the_keys_of_a_kind_with_name_and_currency(own_catalog: tuple[Path, dict[str, Any]]) -> None:
    folder, out = own_catalog
    with (folder / "api.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    listed = out["results"][2]
    assert listed[0] == ["key", "name", "currency"]
    assert listed[1:] == [[f"api:{r['id']}", r["name"], r["currency"]] for r in rows]
    assert out["results"][3] == [
        ["OPTIONS: kind must be one of api, rent, rent-hourly, rent-spot, buy, onprem, seat (got 'spaceship')"]
    ]
    meta = {f["name"]: f for f in out["meta"]["functions"]}
    assert [p["name"] for p in meta["OPTIONS"]["parameters"]] == ["kind"]
    assert meta["OPTIONS"]["result"]["dimensionality"] == "matrix"


def test_new_token_counts_on_every_call_equal_the_cores_tco(own_catalog: tuple[Path, dict[str, Any]]) -> None:
    folder, out = own_catalog
    catalog = load_catalog(folder)  # with the doubled Qwen-Plus price: what the calls priced from
    got = iter(out["results"][6:])
    for key in PRICED:
        for tin, tout in TOKEN_COUNTS:
            workload = Workload(users_per_day=250, input_tokens_per_user_day=tin, output_tokens_per_user_day=tout)
            profile = resolve(OptionSpec(key=key), excel_context(workload), catalog)
            assert next(got) == [[pytest.approx(money.tco(profile, workload, 36), rel=1e-12)]], (key, tin, tout)
    workload = Workload(users_per_day=40, input_tokens_per_user_day=300, output_tokens_per_user_day=700)
    profile = resolve(OptionSpec(key="api:qwen-plus"), excel_context(workload, currency="USD"), catalog)
    assert next(got) == [[pytest.approx(money.cost_per_mtok(profile, workload, 12), rel=1e-12)]]


def test_a_currency_without_a_rate_says_how_to_add_one(root: Path) -> None:
    out = run([("TCO", ["api:qwen-plus", 36, _, _, _, _, _, _, _, "EUR"]), ("RECOMMEND", [3000])], root)
    message = out["results"][0][0][0]
    assert message.startswith("TCO: currency EUR has no exchange rate in the catalog (it has CNY, USD)")
    assert "add a row for EUR to fx.csv" in message and "XLCOST_CATALOG" in message
    assert out["results"][1] == [["API"]]


def test_a_missing_catalog_directory_is_named_in_every_cell(root: Path, tmp_path: Path) -> None:
    out = run([("TCO", ["api:qwen-plus", 36]), ("OPTIONS", [])], root, XLCOST_CATALOG=str(tmp_path / "nowhere"))
    for result in out["results"]:
        assert "XLCOST_CATALOG: catalog directory not found: nowhere" in result[0][0]


def test_the_currency_setting_is_the_default_and_an_argument_wins(root: Path, tmp_path: Path) -> None:
    folder = catalog_copy(tmp_path)
    calls = [
        ("TCO", ["api:qwen-plus", 36]),
        ("TCO", ["api:qwen-plus", 36, _, _, _, _, _, _, _, "CNY"]),
        ("RECOMMEND", [3000, 36, _, _, _, _, True]),
    ]
    out = run(calls, root, XLCOST_CATALOG=str(folder), XLCOST_CURRENCY="eur")
    assert out["results"][0] == [[pytest.approx(QWEN_PLUS_36 / EUR_RATE, rel=1e-12)]]
    assert out["results"][1] == [[pytest.approx(QWEN_PLUS_36, rel=1e-12)]]
    table = out["results"][2]
    workload = Workload(users_per_day=3000)
    chosen = next(row for row in table[1:] if row[-1] is True)
    profile = resolve(OptionSpec(key=chosen[1]), excel_context(workload, currency="EUR"), load_catalog(folder))
    assert chosen[2] == pytest.approx(money.tco(profile, workload, 36), rel=1e-12)


def test_the_international_catalog_by_name_prices_hosted_llama_in_usd(root: Path, tmp_path: Path) -> None:
    key = "api:groq-llama-3.3-70b"
    out = run(
        [("TCO", [key, 36, 1000, 800, 400, _, _, _, _, "USD"]), ("OPTIONS", ["api"])],
        tmp_path,
        XLCOST_CATALOG="international",
        PYTHONPATH=str(root),
    )
    workload = Workload(users_per_day=1000, input_tokens_per_user_day=800, output_tokens_per_user_day=400)
    catalog = load_catalog("international")
    profile = resolve(OptionSpec(key=key), excel_context(workload, currency="USD"), catalog)
    assert out["results"][0] == [[pytest.approx(money.tco(profile, workload, 36), rel=1e-12)]]
    assert [key, "Llama 3.3 70B Versatile (Groq)", "USD"] in out["results"][1]


def test_tco_of_a_spot_rental_under_the_international_catalog_is_the_cores(root: Path, tmp_path: Path) -> None:
    keys = ["rent-spot:h100-80g@gcp", "rent-spot:a100-80g@azure"]
    calls: list[Any] = [("TCO", [key, 24, 3000, 800, 400, 8, _, _, _, "USD"]) for key in keys]
    out = run([*calls, ("OPTIONS", ["rent-spot"])], tmp_path, XLCOST_CATALOG="international", PYTHONPATH=str(root))
    workload = Workload(users_per_day=3000, input_tokens_per_user_day=800, output_tokens_per_user_day=400)
    catalog = load_catalog("international")
    for key, got in zip(keys, out["results"][:2], strict=True):
        profile = resolve(OptionSpec(key=key, units=8), excel_context(workload, currency="USD"), catalog)
        assert got == [[pytest.approx(money.tco(profile, workload, 24), rel=1e-12)]], key
    assert out["results"][0] == [[pytest.approx(8 * 6.6367 * 730 * 24, rel=1e-12)]]  # GCP's spot H100, every hour
    listed = [row[0] for row in out["results"][2][1:]]
    assert listed == ["rent-spot:h100-80g@gcp", "rent-spot:a100-80g@gcp", "rent-spot:a100-80g@azure"]
