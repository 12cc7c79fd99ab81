"""Rental per provider: one GPU priced at two clouds in one comparison, sized by the row's GPU, refused when
the instance row cannot exist. The catalog is the seed's with the international rental rows laid over it."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from tests.support.workbooks import mismatches, recalculated
from xlcost import CatalogError, Scenario, load_catalog
from xlcost.cli.app import app
from xlcost.core.catalog import default_catalog_dir
from xlcost.core.catalog.rows import GpuRental, Purchase
from xlcost.core.compare import compare

INTERNATIONAL = Path(__file__).resolve().parents[2] / "templates" / "international"
AWS, LAMBDA = "rent-hourly:h100-80g@aws", "rent-hourly:h100-80g@lambda"
SCENARIO = {
    "name": "h100 per provider",
    "currency": "USD",
    "workload": {"users_per_day": 20_000, "horizon_months": 12},
    "options": [{"key": AWS, "units": 8}, {"key": LAMBDA, "units": 8}, {"key": LAMBDA, "label": "Lambda, sized"}],
}


def _catalog(tmp_path: Path) -> Path:
    """The seed catalog with the international catalog's files laid over it."""
    directory = tmp_path / "catalog"
    shutil.copytree(default_catalog_dir(), directory, ignore=shutil.ignore_patterns("scenarios", "claims"))
    for file in INTERNATIONAL.glob("*.csv"):
        shutil.copy(file, directory / file.name)
    return directory


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _run(*args: str) -> str:
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


def test_every_international_rental_row_is_sourced_dated_and_per_gpu(tmp_path: Path) -> None:
    rentals = load_catalog(_catalog(tmp_path)).rows("gpu_rental.csv", GpuRental)
    assert {"h100-80g@aws", "h100-80g@lambda"} <= set(rentals)
    for ident, row in rentals.items():
        assert row.source.strip() and row.as_of.year >= 2025, ident
        assert row.currency == "USD" and row.unit == "per GPU", ident
        gpu, _, provider = ident.partition("@")
        assert (row.gpu, row.provider) == (gpu, provider or None), ident  # no provider: a reference offer
        if provider == "gcp":  # GCP bills the host VM apart: its price is in the row, and the notes say so
            assert "host" in row.notes and row.instance_type, ident


def test_every_international_purchase_row_is_sourced_dated_and_in_usd(tmp_path: Path) -> None:
    bought = load_catalog(_catalog(tmp_path)).rows("purchase.csv", Purchase)
    assert {"h100-80g", "hgx-h100-8gpu"} <= set(bought)
    for ident, row in bought.items():
        assert row.source.strip() and row.as_of.year >= 2024 and row.currency == "USD", ident
        assert "disagree" in row.notes, ident  # one price per row: the sources' range is in the notes


def test_one_gpu_at_two_clouds_costs_in_the_ratio_of_their_hourly_prices(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    hourly = {row["id"]: float(row["on_demand_hourly"]) for row in _rows(INTERNATIONAL / "gpu_rental.csv")}
    scenario = tmp_path / "providers.yaml"
    scenario.write_text(yaml.safe_dump(SCENARIO))
    table = json.loads(_run("tco", "-c", str(catalog), "-s", str(scenario), "--json"))
    aws, lam, sized = table["options"]
    assert (aws["option"], lam["option"]) == (AWS, LAMBDA)  # the key names the provider wherever it is shown
    ratio = hourly["h100-80g@aws"] / hourly["h100-80g@lambda"]
    assert aws["tco"] / lam["tco"] == pytest.approx(ratio)
    assert aws["tco"] == pytest.approx(8 * hourly["h100-80g@aws"] * 730 * 12)  # 730 hours a month, 12 months
    assert sized["units"] >= 1  # sized as an h100-80g: the id's provider is not a GPU the engine must know


def test_the_workbook_recalculates_in_libreoffice_to_the_cores_figures(tmp_path: Path) -> None:
    catalog = _catalog(tmp_path)
    scenario = tmp_path / "providers.yaml"
    scenario.write_text(yaml.safe_dump(SCENARIO))
    workbook = tmp_path / "providers.xlsx"
    _run("generate", "-c", str(catalog), "-s", str(scenario), "-o", str(workbook))
    wb = recalculated([workbook], tmp_path / "out")["providers"]
    assert mismatches(wb, compare(Scenario.model_validate(SCENARIO), load_catalog(catalog))) == []


@pytest.mark.parametrize(
    ("ident", "column", "value", "said"),
    [
        (  # SkyPilot's Azure catalog lists ND96isr_H100_v5 with 12 H100: the machine holds 8
            "h100-80g@azure",
            "gpus_per_instance",
            "12",
            "field 'gpus_per_instance': .*12 x h100-80g in one machine; no machine holds more than 8",
        ),
        ("h100-80g@aws", "on_demand_hourly", "0", "field 'on_demand_hourly': .*a price per GPU of 0"),
        ("h100-80g@aws", "provider", "gcp", "field 'provider': .*'gcp' needs the id h100-80g@gcp"),
        ("h100-80g@aws", "provider", "", "field 'provider': .*blank, but the id 'h100-80g@aws' names provider 'aws'"),
    ],
)
def test_an_impossible_instance_row_is_refused_naming_row_and_field(
    tmp_path: Path, ident: str, column: str, value: str, said: str
) -> None:
    catalog = _catalog(tmp_path)
    rows = _rows(catalog / "gpu_rental.csv")
    line = next(i for i, row in enumerate(rows, start=2) if row["id"] == ident)
    rows[line - 2][column] = value
    with (catalog / "gpu_rental.csv").open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(CatalogError, match=rf"gpu_rental\.csv row {line}: {said}"):
        load_catalog(catalog)
