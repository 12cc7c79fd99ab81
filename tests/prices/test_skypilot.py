"""Importing SkyPilot GPU catalog CSVs into on-demand GPU rental rows."""

from __future__ import annotations

import statistics
from datetime import date
from pathlib import Path

import pytest

from tests.prices.price_files import SKYPILOT_AZURE, SKYPILOT_GCP, SKYPILOT_LAMBDA, write_text
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import GpuRental
from xlcost.errors import CatalogError
from xlcost.prices import import_prices
from xlcost.prices.importer import ImportOutcome

CATALOG = load_catalog()
USD_CNY = CATALOG.fx_rate("USD", "CNY")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> ImportOutcome:
    root = tmp_path_factory.mktemp("skypilot")
    files = [
        write_text(root / "lambda" / "vms.csv", SKYPILOT_LAMBDA),
        write_text(root / "gcp" / "vms.csv", SKYPILOT_GCP),
    ]
    return import_prices(files, "skypilot", CATALOG, as_of=date(2026, 11, 20))


def test_hourly_price_is_the_median_per_gpu_over_every_offer(outcome: ImportOutcome) -> None:
    row = outcome.catalog.rows("gpu_rental.csv", GpuRental)["a100-80g"]
    # lambda 1x, lambda 8x, then gcp 1x and 2x with the host VM GCP bills apart (0.70 and 1.40 $/h)
    per_gpu_usd = [1.79, 14.32 / 8, 1.5 + 0.7, (3.6 + 1.4) / 2]
    assert row.on_demand_hourly == pytest.approx(statistics.median(per_gpu_usd) * USD_CNY)
    assert row.currency == "CNY" and row.as_of == date(2026, 11, 20)
    assert "median of 4" in row.notes and "2 of them include the host VM" in row.notes
    assert "lambda/vms.csv" in row.source and "gcp/vms.csv" in row.source and "fx.csv" in row.source


def test_reserved_price_of_an_existing_row_is_kept(outcome: ImportOutcome) -> None:
    before = CATALOG.rows("gpu_rental.csv", GpuRental)["a100-80g"]
    after = outcome.catalog.rows("gpu_rental.csv", GpuRental)["a100-80g"]
    assert after.reserved_monthly == before.reserved_monthly
    assert before.source in after.notes


def test_new_gpu_rows_have_on_demand_only(outcome: ImportOutcome) -> None:
    h100 = outcome.catalog.rows("gpu_rental.csv", GpuRental)["h100-80g"]
    assert h100.on_demand_hourly == pytest.approx(statistics.median([2.49, 23.92 / 8]) * USD_CNY)
    l40s = outcome.catalog.rows("gpu_rental.csv", GpuRental)["l40s-48g"]
    assert l40s.on_demand_hourly == pytest.approx(1.0 * USD_CNY)  # the 1,250 $/h typo row is rejected


def test_imported_row_prices_a_rent_hourly_option(outcome: ImportOutcome) -> None:
    assert "rent-hourly:a100-80g" in outcome.catalog.option_keys()


def test_unknown_and_broken_rows_are_rejected_cpu_rows_skipped(outcome: ImportOutcome) -> None:
    reasons = [reason for _, reason in outcome.report.rejected]
    assert any("unknown accelerator 'V100'" in r for r in reasons)
    assert any("unknown accelerator 'GH200'" in r for r in reasons)
    assert any("AcceleratorCount must be above zero" in r for r in reasons)
    assert any("absurd" in r for r in reasons)
    assert any("a3-highgpu-8g in us-east4" in r and "no host VM price" in r for r in reasons)
    assert outcome.report.skipped["no accelerator (CPU instance)"] == 2  # lambda's and gcp's n2-standard-8
    assert outcome.report.skipped["host VM of a GPU instance (added to its GPUs' price)"] == 2
    assert "v100" not in outcome.catalog.rows("gpu_rental.csv", GpuRental)


def test_region_filter(tmp_path: Path) -> None:
    path = write_text(tmp_path / "gcp" / "vms.csv", SKYPILOT_GCP)
    result = import_prices([path], "skypilot", CATALOG, regions=["europe-west4"])
    assert result.catalog.rows("gpu_rental.csv", GpuRental)["a100-80g"].on_demand_hourly == pytest.approx(
        (3.6 + 1.4) / 2 * USD_CNY
    )
    assert (
        result.catalog.rows("gpu_rental.csv", GpuRental)["l40s-48g"]
        == CATALOG.rows("gpu_rental.csv", GpuRental)["l40s-48g"]
    )


def test_a_machine_claiming_more_gpus_than_any_holds_is_refused(tmp_path: Path) -> None:
    path = write_text(tmp_path / "azure" / "vms.csv", SKYPILOT_AZURE)
    result = import_prices([path], "skypilot", CATALOG)
    assert result.report.rejected == [
        (
            "azure/vms.csv line 3",
            "Standard_ND96isr_H100_v5 in westus: claims 12 H100 in one machine; no machine holds more than 8",
        )
    ]
    h100 = result.catalog.rows("gpu_rental.csv", GpuRental)["h100-80g"]
    assert h100.on_demand_hourly == pytest.approx(98.32 / 8 * USD_CNY)  # the 8-GPU machine, whole price
    assert "host VM" not in h100.notes  # Azure's price is the whole machine: nothing added


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("InstanceType,GpuName,Price\nx,A100,1\n", "missing column(s) AcceleratorName, AcceleratorCount, Region"),
        ('InstanceType,AcceleratorName,AcceleratorCount,Price,Region\nx,"A100,1,1,us\n', "malformed CSV"),
    ],
)
def test_malformed_csv_raises_one_clear_error(tmp_path: Path, text: str, words: str) -> None:
    path = write_text(tmp_path / "vms.csv", text)
    with pytest.raises(CatalogError, match=r"vms\.csv") as info:
        import_prices([path], "skypilot", CATALOG)
    assert words in str(info.value)
