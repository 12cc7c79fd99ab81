"""The international catalog's one-year rental prices and its reference offers: ``rent:h100-80g`` without a
provider is one named cloud's row, chosen by one stated rule, so the built-in scenarios run in USD."""

from __future__ import annotations

import csv

import pytest

from xlcost.core.catalog import default_catalog_dir, load_catalog
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario

RENTAL = default_catalog_dir() / "international" / "gpu_rental.csv"
HOURS_A_MONTH = 24 * 365 / 12  # 730: the catalog's assumption, and AWS's and Azure's monthly arithmetic


def rows() -> dict[str, dict[str, str]]:
    with RENTAL.open(newline="", encoding="utf-8") as handle:
        return {row["id"]: row for row in csv.DictReader(handle)}


def reference_offers() -> dict[str, dict[str, str]]:
    return {ident: row for ident, row in rows().items() if not row["provider"]}


def test_a_reference_offer_is_the_lowest_on_demand_row_among_those_with_a_one_year_price() -> None:
    table = rows()
    assert {"a100-80g", "h100-80g"} <= set(reference_offers())  # the ids the built-in scenarios rent
    for gpu, reference in reference_offers().items():
        offers = [r for r in table.values() if r["provider"] and r["gpu"] == gpu and r["reserved_monthly"]]
        chosen = min(offers, key=lambda r: float(r["on_demand_hourly"]))
        assert f"reference offer: the {chosen['id']} row" in reference["source"], gpu
        for column in ("on_demand_hourly", "reserved_monthly", "spot_hourly", "region", "instance_type", "as_of"):
            assert reference[column] == chosen[column], (gpu, column)


def test_one_year_prices_are_below_on_demand_and_cite_the_vendors_price_list() -> None:
    priced = [r for r in rows().values() if r["provider"] and r["reserved_monthly"]]
    assert {r["provider"] for r in priced} == {"aws", "azure", "gcp"}  # Lambda's notes say why not
    for row in priced:
        on_demand_month = float(row["on_demand_hourly"]) * HOURS_A_MONTH
        assert 0.3 * on_demand_month < float(row["reserved_monthly"]) < on_demand_month, row["id"]
        assert "one-year: " in row["source"] and "2026-09-27" in row["source"], row["id"]
    for row in rows().values():
        if row["provider"] and not row["reserved_monthly"]:
            assert "one-year" in row["notes"] and "blank" in row["notes"], row["id"]


def test_azure_one_year_is_the_published_whole_term_spread_over_twelve_months_and_eight_gpus() -> None:
    azure = rows()["h100-80g@azure"]
    assert "551,221 USD per VM" in azure["notes"]  # the API's figure for a 1-year ND96isr H100 v5 reservation
    assert float(azure["reserved_monthly"]) == pytest.approx(551_221 / 12 / 8, abs=1e-4)


def test_gcp_rows_are_googles_list_prices_for_the_whole_machine_not_skypilots_gpu_sku() -> None:
    h100, a100 = rows()["h100-80g@gcp"], rows()["a100-80g@gcp"]
    # Google's accelerator-optimized pricing page: a3-highgpu-8g 88.490000119 USD/h, 1-year CUD 61.383674231;
    # a2-ultragpu-1g 5.06879789 USD/h, 1-year CUD 4.199690411. Each machine's price includes its host VM.
    assert float(h100["on_demand_hourly"]) == pytest.approx(88.490000119 / 8, abs=1e-4)
    assert float(h100["reserved_monthly"]) == pytest.approx(61.383674231 * HOURS_A_MONTH / 8, abs=0.01)
    assert float(a100["on_demand_hourly"]) == pytest.approx(5.06879789, abs=1e-8)
    assert float(a100["reserved_monthly"]) == pytest.approx(4.199690411 * HOURS_A_MONTH, abs=0.01)
    for row in (h100, a100):
        assert float(row["spot_hourly"]) < float(row["on_demand_hourly"]), row["id"]
        assert "Not SkyPilot's" in row["notes"], row["id"]  # the cheaper figure it replaces, and why


def test_rent_without_a_provider_costs_what_the_reference_cloud_charges() -> None:
    scenario = Scenario.model_validate(
        {
            "name": "reference offer",
            "currency": "USD",
            "workload": {"users_per_day": 1000, "horizon_months": 12},
            "options": [
                {"key": "rent:h100-80g", "units": 2},
                {"key": "rent:h100-80g@aws", "units": 2},
                {"key": "rent:h100-80g@azure", "units": 2},
            ],
        }
    )
    generic, aws, azure = compare(scenario, load_catalog("international")).results
    table = rows()
    assert generic.tco == pytest.approx(aws.tco, rel=1e-12)
    assert aws.tco == pytest.approx(2 * float(table["h100-80g@aws"]["reserved_monthly"]) * 12, rel=1e-12)
    assert azure.tco / aws.tco == pytest.approx(
        float(table["h100-80g@azure"]["reserved_monthly"]) / float(table["h100-80g@aws"]["reserved_monthly"])
    )
