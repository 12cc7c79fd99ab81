"""Tables as a user sees them: in an 80- and a 200-column terminal, piped into grep, and as TSV.

Keys, ids and dates must appear whole on one line at every width; lines must fit the terminal;
numbers have one format; JSON carries numbers as numbers and options by key.
"""

from __future__ import annotations

import csv
import io
import json
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from xlcost import compare, load_catalog
from xlcost.cli.app import app
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.scenario_io import load_scenario
from xlcost.io.table import number
from xlcost.prices import listing

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
EXPONENT = re.compile(r"\d[eE][+-]?\d")
TABLE_COMMANDS = [
    ["prices", "list"],
    ["tco"],
    ["tco", "-s", "seed-002-c"],
    ["sensitivity", "-s", "seed-002-b"],
    ["simulate", "--draws", "300", "--seed", "1"],
]


def terminal(args: list[str], columns: int) -> list[str]:
    """Output lines of a command run as if in a terminal ``columns`` wide."""
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": str(columns), "NO_COLOR": "1", "TERM": "xterm"}
    result = CliRunner().invoke(app, args, env=env)
    assert result.exit_code == 0, result.output
    return ANSI.sub("", result.stdout).splitlines()


def piped(args: list[str]) -> str:
    result = CliRunner().invoke(app, args, env={"TTY_COMPATIBLE": None, "COLUMNS": None})
    assert result.exit_code == 0, result.output
    return result.stdout


def piped_lines(args: list[str]) -> list[str]:
    """Output lines of a command whose exit code tells findings (reconcile exits 1 when a claim fails)."""
    result = CliRunner().invoke(app, args, env={"TTY_COMPATIBLE": None, "COLUMNS": None})
    assert result.exit_code in (0, 1), result.output
    return result.stdout.splitlines()


def whole(token: str, line: str) -> bool:
    """``token`` appears in ``line`` with no key characters glued to either side."""
    return re.search(rf"(?<![\w:.-]){re.escape(token)}(?![\w:.-])", line) is not None


def keys_of(args: list[str]) -> list[str]:
    if args[0] == "prices":
        return [r.key for r in listing(load_catalog())]
    scenario = load_scenario(args[args.index("-s") + 1] if "-s" in args else None)
    return [spec.key for spec in scenario.options]


@pytest.mark.parametrize("columns", [80, 200])
@pytest.mark.parametrize("args", TABLE_COMMANDS, ids=" ".join)
def test_lines_fit_the_terminal_and_keys_are_never_broken(args: list[str], columns: int) -> None:
    lines = terminal(args, columns)
    assert max(len(line) for line in lines) <= columns
    shown = [key for key in keys_of(args) if any(whole(key, line) for line in lines)]
    hidden = [key for key in keys_of(args) if key not in shown]
    for key in hidden:  # only whole columns may give way on a narrow terminal, and the footnote says so
        assert args[0] == "sensitivity" and any(f"{key} swing" in line for line in lines), key
    assert shown and not any(EXPONENT.search(line) for line in lines)


@pytest.mark.parametrize("columns", [40, 80, 200])  # at 40 the keys alone do not fit: the table overflows instead
def test_price_list_keeps_every_key_and_date_whole(columns: int) -> None:
    lines = terminal(["prices", "list"], columns)
    for row in listing(load_catalog()):
        [line] = [line for line in lines if whole(row.key, line)]
        assert whole(row.as_of.isoformat(), line)


@pytest.mark.parametrize("columns", [40, 80])
def test_an_empty_table_on_a_narrow_terminal_prints_its_headings(columns: int) -> None:
    """No stale rows (a horizon of 100,000 days) leaves the headings, not a crash."""
    lines = terminal(["prices", "list", "--stale", "--max-age-days", "100000"], columns)
    assert any(whole("option", line) and whole("prices", line) for line in lines)


def test_piped_rows_are_one_line_each_with_every_column() -> None:
    out = piped(["prices", "list"])
    for row in listing(load_catalog()):
        [line] = [line for line in out.splitlines() if whole(row.key, line)]
        assert row.name in line and row.source in line and row.as_of.isoformat() in line and row.currency in line
    assert out == "\n".join(line.rstrip() for line in out.splitlines()) + "\n"  # no padding at line ends


def test_grep_finds_the_row_through_a_real_pipe() -> None:
    done = subprocess.run(
        f"{sys.executable} -m xlcost prices list | grep api:deepseek-v3",
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
    )
    row = load_catalog().rows("api.csv", ApiPrice)["deepseek-v3"]
    [line] = done.stdout.splitlines()
    assert whole("api:deepseek-v3", line) and row.name in line and row.as_of.isoformat() in line


@pytest.mark.skipif(not hasattr(signal, "SIGPIPE"), reason="no SIGPIPE on Windows")
def test_a_reader_that_stops_early_ends_xlcost_as_it_ends_cat(catalog_copy: Path) -> None:
    """``xlcost prices list | head -1`` on a long list: ended by SIGPIPE, not exit 1 (findings), nothing on stderr."""
    with (catalog_copy / "api.csv").open("a", encoding="utf-8") as api:
        for n in range(3_000):  # far more than a pipe buffer holds
            api.write(f"extra-{n},api,Extra {n},Acme,1,2,,,CNY,per 1M tokens,test,2026-06-01,\n")
    command = [sys.executable, "-m", "xlcost", "prices", "list", "-c", str(catalog_copy)]
    reader = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert reader.stdout is not None and reader.stderr is not None
    first = reader.stdout.readline()
    reader.stdout.close()
    errors = reader.stderr.read()
    assert reader.wait(timeout=120) == -signal.SIGPIPE
    assert first and errors == b""


def test_tsv_is_the_table_as_numbers_a_spreadsheet_reads() -> None:
    result = CliRunner().invoke(app, ["tco", "-s", "seed-002-b", "--format", "tsv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))
    expected = compare(load_scenario("seed-002-b")).results
    assert [r["option"] for r in rows] == [e.profile.key for e in expected]
    assert [float(r["TCO"]) for r in rows] == [round(e.tco, 2) for e in expected]
    assert "cheapest over" in result.stderr and "cheapest over" not in result.stdout  # notes stay off the data


def test_price_list_tsv_has_a_row_per_catalog_row() -> None:
    out = piped(["prices", "list", "--format", "tsv"])
    header, *rows = [line.split("\t") for line in out.splitlines()]
    assert header[0] == "option" and len(rows) == len(listing(load_catalog()))
    assert all(len(r) == len(header) for r in rows) and not EXPONENT.search(out)


def test_price_list_json_has_prices_as_numbers_by_field() -> None:
    data = json.loads(piped(["prices", "list", "--json"]))
    catalog = load_catalog()
    for entry in data:
        assert entry["prices"] and isinstance(entry["age_days"], int)
        for field, value in entry["prices"].items():
            numbers = value.values() if isinstance(value, dict) else [value]
            assert all(isinstance(v, int | float) for v in numbers), (entry["key"], field)
    deepseek = next(e for e in data if e["key"] == "api:deepseek-v3")
    assert deepseek["prices"]["output_per_mtok"] == catalog.rows("api.csv", ApiPrice)["deepseek-v3"].output_per_mtok


def test_tco_json_names_breakeven_options_by_key_with_the_label() -> None:
    data = json.loads(piped(["tco", "-s", "seed-002-b", "--json"]))
    labels = {o["option"]: o["label"] for o in data["options"]}
    assert data["breakevens"]
    for b in data["breakevens"]:
        for side in ("costlier_upfront", "other"):
            assert labels[b[side]["option"]] == b[side]["label"]


def test_sensitivity_json_gives_figures_by_option_key() -> None:
    data = json.loads(piped(["sensitivity", "-s", "seed-002-b", "--json"]))
    keys = [spec.key for spec in load_scenario("seed-002-b").options]
    assert [o["option"] for o in data["options"]] == keys
    assert all(set(row["swing"]) == set(keys) for row in data["inputs"])


def test_reconcile_json_gives_months_as_numbers(root: Path) -> None:
    claims = root / "templates" / "claims" / "seed-002.csv"
    result = CliRunner().invoke(app, ["reconcile", str(claims), "--json"])
    data = json.loads(result.stdout)
    assert result.exit_code == 1 and data  # seed 002 has claims that do not hold
    for claim in data:
        assert isinstance(claim["first_month"], int) and isinstance(claim["last_month"], int)
        assert 1 <= claim["first_month"] <= claim["last_month"]
        assert isinstance(claim["claimed"], int | float)
    assert {(c["first_month"], c["last_month"]) for c in data} >= {(1, 12), (13, 24)}


def test_reconcile_table_fits_80_columns_and_pipes_a_line_per_claim() -> None:
    labels = [c["label"] for c in json.loads(CliRunner().invoke(app, ["reconcile", "seed-002", "--json"]).stdout)]
    env = {"TTY_COMPATIBLE": "1", "COLUMNS": "80", "NO_COLOR": "1", "TERM": "xterm"}
    narrow = CliRunner().invoke(app, ["reconcile", "seed-002"], env=env)
    assert narrow.exit_code == 1  # seed 002 has claims that do not hold
    assert max(len(line) for line in ANSI.sub("", narrow.stdout).splitlines()) <= 80
    lines = piped_lines(["reconcile", "seed-002"])
    for label in labels:
        assert len([line for line in lines if f" {label} " in line]) == 1, label
    tsv = list(
        csv.reader(
            io.StringIO(CliRunner().invoke(app, ["reconcile", "seed-002", "--format", "tsv"]).stdout), delimiter="\t"
        )
    )
    assert (
        tsv[0] == ["line", "claim", "claimed", "xlcost", "diff", "users/day", "holds"] and len(tsv) == len(labels) + 1
    )


@pytest.mark.parametrize(
    ("value", "places", "grouping", "shown"),
    [
        (2_000_000, None, True, "2,000,000"),
        (800_000.0, None, True, "800,000"),
        (0.42, None, True, "0.42"),
        (1234.5678, None, True, "1,234.57"),
        (0.0000123, None, True, "0.000012"),
        (3542.4, 2, True, "3,542.40"),
        (3542.4, 2, False, "3542.40"),
        (None, 2, True, ""),
    ],
)
def test_numbers_have_one_format(value: float | None, places: int | None, grouping: bool, shown: str) -> None:
    """Separators, never an exponent, up to six significant digits unless the column fixes the decimals."""
    assert number(value, places, grouping=grouping) == shown
