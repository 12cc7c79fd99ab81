"""``xlcost prices init``: an editable copy of the built-in catalog that every command then reads."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from xlcost.cli.app import app


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _tco(catalog: str) -> dict[str, float]:
    table = json.loads(_run("tco", "-c", catalog, "--json"))
    return {r["option"]: r["tco"] for r in table["options"]}


def test_the_copy_prices_as_the_built_in_catalog_and_follows_an_edit(tmp_path: Path) -> None:
    mine = tmp_path / "my-catalog"
    _run("prices", "init", str(mine))
    assert _tco(str(mine)) == _tco_default()
    path = mine / "gpu_rental.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    for row in rows:
        if row["id"] == "a100-80g":
            row["reserved_monthly"] = str(float(row["reserved_monthly"]) * 2)
            row["source"], row["as_of"] = "vendor quote", "2026-12-01"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    assert _tco(str(mine))["rent:a100-80g"] == 2 * _tco_default()["rent:a100-80g"]
    book = tmp_path / "comparison.xlsx"
    _run("generate", "-c", str(mine), "-o", str(book))  # the README's examples, on the copy
    audit = CliRunner().invoke(app, ["audit", str(book), "-c", str(mine), "--fail-on", "error"])
    assert audit.exit_code == 0, audit.output


def _tco_default() -> dict[str, float]:
    table = json.loads(_run("tco", "--json"))
    return {r["option"]: r["tco"] for r in table["options"]}


def test_an_existing_catalog_is_never_overwritten(tmp_path: Path) -> None:
    mine = tmp_path / "my-catalog"
    mine.mkdir()
    (mine / "api.csv").write_text("my own prices")
    result = CliRunner().invoke(app, ["prices", "init", str(mine)])
    assert result.exit_code != 0 and "not an empty directory" in result.output
    assert (mine / "api.csv").read_text() == "my own prices"
