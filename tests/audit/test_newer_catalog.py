"""`xlcost audit book.xlsx -c newer-catalog`: prices compared in the workbook's currency, nothing said of
catalog rows the workbook never held, and a newer price the answer depends on is a warning with its effect."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import generate

AUDIT_DATE = "2026-11-25"
USD_RATE = 7.2  # CNY per USD in the built-in fx.csv, which `prices init` copies
NEW_FLASH = (  # DeepSeek's list price in USD, against the seed's yuan
    "deepseek-v4-flash,api,DeepSeek V4-Flash,DeepSeek,0.30,1.20,,,USD,per 1M tokens,"
    "https://api-docs.deepseek.com/quick_start/pricing,2026-11-01,"
)


def xlcost(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "xlcost", *args], capture_output=True, text=True, timeout=120)


def newer_catalog(folder: Path, file: str, ident: str, line: str) -> Path:
    """`xlcost prices init`, then one row replaced as a later price list states it."""
    assert xlcost("prices", "init", str(folder)).returncode == 0
    path = folder / file
    lines = path.read_text(encoding="utf-8").splitlines()
    (at,) = [n for n, text in enumerate(lines) if text.startswith(f"{ident},")]
    lines[at] = line
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def audited(book: Path, catalog: Path) -> list[dict[str, Any]]:
    done = xlcost("audit", str(book), "-c", str(catalog), "--as-of", AUDIT_DATE, "--json")
    assert done.returncode in (0, 1), done.stderr
    findings: list[dict[str, Any]] = json.loads(done.stdout)["findings"]
    return findings


@pytest.fixture(scope="module")
def book(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("newer") / "default.xlsx")


def test_a_newer_price_the_answer_depends_on_is_a_warning_in_the_workbooks_currency(book: Path, tmp_path: Path) -> None:
    findings = audited(book, newer_catalog(tmp_path / "newer", "api.csv", "deepseek-v4-flash", NEW_FLASH))
    (warning,) = [f for f in findings if f["severity"] != "info"]
    assert warning["location"] == "API!J5" and warning["kind"] == "changed-input"
    text = warning["message"]
    assert f"input_per_mtok {0.30 * USD_RATE:g} CNY (0.3 USD" in text
    assert f"output_per_mtok {1.20 * USD_RATE:g} CNY (1.2 USD" in text
    # an API option's TCO is linear in its prices; the default's users send 800 input and 400 output tokens a day
    workload = load_scenario().workload
    tokens_in, tokens_out = workload.input_tokens_per_user_day, workload.output_tokens_per_user_day
    old_tco = float(text.split("moves from ")[1].split(" to ")[0].replace(",", ""))
    new_tco = float(text.split(" to ")[1].split(" CNY")[0].replace(",", ""))
    ratio = (tokens_in * 0.30 + tokens_out * 1.20) * USD_RATE / (tokens_in * 0.20 + tokens_out * 0.42)
    assert new_tco == pytest.approx(old_tco * ratio, rel=1e-6)
    assert "the cheapest option becomes option 2" in text  # 55,987 against V4-Pro's 51,840
    assert not any("currency changed" in f["message"] or "removed from the workbook" in f["message"] for f in findings)


def test_a_newer_price_the_answer_does_not_read_is_information(book: Path, tmp_path: Path) -> None:
    """The A100 option is reserved: a newer on-demand price for it moves nothing."""
    row = "a100-80g,rent,18,6500,CNY,per GPU,https://example.com/cloud/pricing,2026-11-01,"
    findings = audited(book, newer_catalog(tmp_path / "newer", "gpu_rental.csv", "a100-80g", row))
    (finding,) = [f for f in findings if f["kind"] == "changed-input"]
    assert finding["severity"] == "info" and "on_demand_hourly 18 CNY against the workbook's 14" in finding["message"]
    assert "no option's TCO moves" in finding["message"]


def test_an_older_catalog_still_reports_the_workbooks_own_update(book: Path, tmp_path: Path) -> None:
    """A workbook row updated after the catalog (a later as-of date) is the user's change, said as before."""
    old = "deepseek-v4-flash,api,DeepSeek V4-Flash,DeepSeek,0.25,0.42,,,CNY,per 1M tokens,older list,2026-01-01,"
    findings = audited(book, newer_catalog(tmp_path / "older", "api.csv", "deepseek-v4-flash", old))
    (finding,) = [f for f in findings if f["kind"] == "changed-input"]
    assert finding["severity"] == "info" and "input_per_mtok changed 0.25 → 0.2" in finding["message"]
