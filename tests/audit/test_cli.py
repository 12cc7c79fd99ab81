"""``xlcost audit`` and ``xlcost reconcile`` as a user runs them: flags, exit policy, dates, built-in claims."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from tests.cli.test_tables import ANSI
from xlcost.cli.app import app, main
from xlcost.core.catalog import default_catalog_dir, load_catalog, split_key
from xlcost.core.catalog.rows import OnPremTier
from xlcost.core.scenario_io import load_scenario

FRESH = "2026-06-30"  # every catalog row is under 180 days old then
LATER = "2027-06-30"  # every catalog row is over a year old then


def xlcost(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The installed command in a child process (where it is run from matters)."""
    return subprocess.run(
        [sys.executable, "-m", "xlcost", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
        check=False,
    )


@pytest.fixture
def cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> Callable[..., subprocess.CompletedProcess[str]]:
    """The console entry point in this process: returns exit code, stdout and stderr."""

    def run(*args: object) -> subprocess.CompletedProcess[str]:
        monkeypatch.setattr(sys, "argv", ["xlcost", *map(str, args)])
        with pytest.raises(SystemExit) as exc:
            main()
        out = capsys.readouterr()
        assert isinstance(exc.value.code, int), exc.value.code
        return subprocess.CompletedProcess([str(a) for a in args], exc.value.code, out.out, out.err)

    return run


def test_stale_prices_the_answer_reads_warn_and_all_say_how_to_refresh(
    cli: Callable[..., subprocess.CompletedProcess[str]], default_workbook: Path
) -> None:
    done = cli("audit", default_workbook, "--as-of", LATER, "--json")
    data = json.loads(done.stdout)
    stale = data["findings"]
    assert done.returncode == 1 and data["audit_date"] == LATER
    assert all("xlcost prices import" in f["message"] and "regenerate" in f["message"] for f in stale)
    assert {f["kind"] for f in stale} == {"stale-price", "stale-input"}
    # a price is a stale price; an assumption, an exchange rate or a GPU's datasheet is a stale input
    kind_of = {tuple(f["message"].split("'")[:2]): f["kind"] for f in stale}  # (file, id)
    inputs = [("assumptions.csv ", "discount_rate"), ("fx.csv ", "usd"), ("gpus.csv ", "a100-40g")]
    prices = [("api.csv ", "deepseek-v4-flash"), ("gpu_rental.csv ", "a100-80g"), ("onprem.csv ", "light")]
    assert [kind_of[row] for row in inputs + prices] == ["stale-input"] * 3 + ["stale-price"] * 3
    # every catalog row is stale then; the default's options, its discount rate (left to the catalog) and the
    # GPU the capacity engine sizes its on-prem tier's builds on are what its answer depends on: those warn,
    # the rest are information that says why
    options = load_scenario(None).options
    tiers = load_catalog().rows("onprem.csv", OnPremTier)
    sized = {tiers[split_key(s.key)[1]].gpu for s in options if s.key.startswith("onprem:") and s.units is None}
    read = {split_key(spec.key)[1] for spec in options} | {"discount_rate"} | sized
    assert sized == {"a100-40g"}
    warned = {f["message"].split("'")[1] for f in stale if f["severity"] == "warning"}
    assert warned == read
    others = [f for f in stale if f["severity"] != "warning"]
    assert len(others) > len(read) and all(f["severity"] == "info" for f in others)
    assert all("The answer does not depend on it" in f["message"] for f in others)


def test_fail_on_sets_the_exit_code(
    cli: Callable[..., subprocess.CompletedProcess[str]], default_workbook: Path
) -> None:
    assert cli("audit", default_workbook, "--as-of", LATER, "--fail-on", "error").returncode == 0
    assert cli("audit", default_workbook, "--as-of", LATER, "--fail-on", "warning").returncode == 1
    assert cli("audit", default_workbook, "--as-of", FRESH, "--fail-on", "info").returncode == 0


def test_audit_date_defaults_to_today(
    cli: Callable[..., subprocess.CompletedProcess[str]], default_workbook: Path
) -> None:
    data = json.loads(cli("audit", default_workbook, "--json").stdout)
    assert data["audit_date"] == dt.date.today().isoformat()
    assert data["fail_on"] == "warning"


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (("--fail-on", "sometimes"), "--fail-on"),
        (("--as-of", "30/06/2026"), "--as-of"),
        (("--max-age-days", "-1"), "--max-age-days"),
    ],
)
def test_bad_flag_is_one_line_error(
    cli: Callable[..., subprocess.CompletedProcess[str]], default_workbook: Path, args: tuple[str, str], named: str
) -> None:
    done = cli("audit", default_workbook, *args)
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and named in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1


def test_catalog_flag_and_output(
    cli: Callable[..., subprocess.CompletedProcess[str]], default_workbook: Path, tmp_path: Path
) -> None:
    report = tmp_path / "audit.xlsx"
    for flag in ("-c", "--catalog"):
        assert cli("audit", default_workbook, flag, default_catalog_dir(), "--as-of", FRESH).returncode == 0
    assert cli("audit", default_workbook, "--as-of", FRESH, "-o", report).returncode == 0
    assert report.is_file()
    again = cli("audit", default_workbook, "--as-of", FRESH, "-o", report)
    assert again.returncode == 2 and "--force" in again.stderr
    assert cli("audit", default_workbook, "--as-of", FRESH, "-o", report, "--force").returncode == 0


def test_help_short_flag(cli: Callable[..., subprocess.CompletedProcess[str]]) -> None:
    done = cli("audit", "-h")
    assert done.returncode == 0 and "--fail-on" in done.stdout and "--catalog" in done.stdout


def test_reconcile_built_in_claims_by_name_from_any_folder(tmp_path: Path) -> None:
    done = xlcost("reconcile", "seed-002", "--json", cwd=tmp_path)
    assert done.returncode == 1  # some of seed 002's figures do not add up (README)
    results = json.loads(done.stdout)
    by_path = json.loads(xlcost("reconcile", default_catalog_dir() / "claims" / "seed-002.csv", "--json").stdout)
    assert results == by_path and len(results) > 50


def test_reconcile_unknown_name_lists_built_ins(tmp_path: Path) -> None:
    done = xlcost("reconcile", "seed-999", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip() == "error: claims 'seed-999' not found: no such file, and not a built-in (seed-002)"


def test_an_untouched_workbook_audits_in_one_screen(default_workbook: Path) -> None:
    """At 80 columns, every row stale: counts, the warnings, their advice once, the info counted, the answer."""
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "80", "NO_COLOR": "1", "TERM": "xterm"}
    short = CliRunner().invoke(app, ["audit", str(default_workbook), "--as-of", LATER], env=env)
    lines = ANSI.sub("", short.stdout).splitlines()
    assert short.exit_code == 1 and len(lines) <= 40 and max(map(len, lines)) <= 80
    assert " ".join(short.stdout.split()).count("xlcost prices import") == 1
    (counted,) = [line for line in lines if line.startswith("info (")]
    assert "stale-price" in counted and "--min-severity info" in counted
    assert any(line.startswith("recommendation now: ") for line in lines)
    every = CliRunner().invoke(app, ["audit", str(default_workbook), "--as-of", LATER, "--min-severity", "info"])
    data = json.loads(CliRunner().invoke(app, ["audit", str(default_workbook), "--as-of", LATER, "--json"]).stdout)
    assert " ".join(every.stdout.split()).count("xlcost prices import") == 2  # once per severity listed
    assert all(f["location"] in every.stdout for f in data["findings"])
    assert all(a["location"] in every.stdout for a in data["answer"])


def test_a_number_typed_into_an_as_of_cell_is_not_a_date(
    cli: Callable[..., subprocess.CompletedProcess[str]], default_workbook: Path, tmp_path: Path
) -> None:
    wb = openpyxl.load_workbook(default_workbook)
    wb["API"]["D5"] = 5000  # the cell keeps its date format: a spreadsheet shows 1913-09-08
    wb["API"]["D6"] = 46000
    wb["API"]["D6"].number_format = "General"
    wb.save(tmp_path / "typed.xlsx")
    data = json.loads(cli("audit", tmp_path / "typed.xlsx", "--as-of", FRESH, "--json").stdout)
    found = {f["location"]: f for f in data["findings"] if f["location"] in ("API!D5", "API!D6")}
    assert {f["kind"] for f in found.values()} == {"invalid-input"}
    assert all("not a date" in f["message"] and "days old" not in f["message"] for f in found.values())
    assert "5000" in found["API!D5"]["message"] and "1913-09-08" in found["API!D5"]["message"]
