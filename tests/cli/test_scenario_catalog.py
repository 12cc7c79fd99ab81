"""A scenario that names its catalog (``catalog: international``, or a directory beside the file) is priced
from it by every command; a command's ``-c`` wins over it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

import pytest
from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.support.typed import present
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import GpuRental

runner = CliRunner()
# Both catalogs price these keys: the seed in yuan, the international catalog in dollars.
SCENARIO = """\
name: usd team
currency: USD
workload: {users_per_day: 2000, horizon_months: 12}
options:
  - {key: rent:h100-80g, units: 2}
  - api:deepseek-v3
  - {key: onprem:standard, units: 1}
"""


def write(path: Path, catalog: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(SCENARIO + (f"catalog: {catalog}\n" if catalog else ""), encoding="utf-8")
    return path


def tco(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["tco", "--json", *args])
    assert result.exit_code == 0, result.output
    return cast("dict[str, Any]", json.loads(result.stdout))


def rent_tco(answer: dict[str, Any]) -> float:
    return float(next(row["tco"] for row in answer["options"] if row["option"] == "rent:h100-80g"))


def test_a_scenario_naming_the_international_catalog_is_priced_from_it(tmp_path: Path) -> None:
    named = write(tmp_path / "named.yaml", "international")
    plain = write(tmp_path / "plain.yaml")
    answer = tco("-s", str(named))
    assert answer == tco("-c", "international", "-s", str(plain))
    reserved = present(load_catalog("international").rows("gpu_rental.csv", GpuRental)["h100-80g"].reserved_monthly)
    assert rent_tco(answer) == pytest.approx(2 * reserved * 12, rel=1e-12)  # dollars as listed, no yuan between
    assert answer != tco("-s", str(plain))  # without it, the seed catalog's yuan prices


def test_the_catalog_flag_wins_over_the_scenarios(tmp_path: Path) -> None:
    named = write(tmp_path / "named.yaml", "international")
    plain = write(tmp_path / "plain.yaml")
    assert tco("-c", "seed", "-s", str(named)) == tco("-s", str(plain))


def test_a_directory_is_read_beside_the_scenario_file_wherever_the_command_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "team"
    result = runner.invoke(app, ["prices", "init", str(folder / "usd-prices"), "--from", "international"])
    assert result.exit_code == 0, result.output
    scenario = write(folder / "scenario.yaml", "usd-prices")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    assert tco("-s", str(scenario)) == tco("-c", "international", "-s", str(write(tmp_path / "plain.yaml")))


@pytest.mark.parametrize(
    "command",
    [
        ["recommend"],
        ["plan"],
        ["sensitivity"],
        ["simulate", "--draws", "200", "--seed", "1"],
        ["hybrid", "--own", "rent:h100-80g", "--overflow", "api:deepseek-v3"],
    ],
)
def test_every_command_that_prices_a_scenario_takes_its_catalog(tmp_path: Path, command: str) -> None:
    named = write(tmp_path / "named.yaml", "international")
    plain = write(tmp_path / "plain.yaml")

    def answer(*args: str) -> str:
        result = runner.invoke(app, [*command, "--json", *args])
        assert result.exit_code == 0, result.output
        return result.stdout

    assert answer("-s", str(named)) == answer("-c", "international", "-s", str(plain)) != answer("-s", str(plain))


def test_generate_takes_the_scenarios_catalog(tmp_path: Path) -> None:
    named = write(tmp_path / "named.yaml", "international")
    out = tmp_path / "usd.xlsx"
    result = runner.invoke(app, ["generate", "-s", str(named), "-o", str(out)])
    assert result.exit_code == 0, result.output
    held = {row[0]: row for row in load_workbook(out, read_only=True)["Rental"].iter_rows(values_only=True)}
    reserved = present(load_catalog("international").rows("gpu_rental.csv", GpuRental)["h100-80g"].reserved_monthly)
    assert {"USD", reserved} <= set(held["h100-80g"])  # the workbook holds the international row, in dollars


def test_a_catalog_that_is_not_there_is_named(tmp_path: Path) -> None:
    result = runner.invoke(app, ["tco", "-s", str(write(tmp_path / "s.yaml", "internationl"))])
    assert result.exit_code == 2
    assert "catalog 'internationl' not found" in result.output and "(seed, international)" in result.output
