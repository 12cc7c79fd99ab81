"""Spot rental (``rent-spot:<row>``): GPUs at the cloud's spot price by the hour, with the warning that the cloud
can take them back."""

from __future__ import annotations

import pytest

from xlcost.analysis.traffic.hybrid import own_unit
from xlcost.core import money
from xlcost.core.catalog import load_catalog
from xlcost.core.option_kinds import APPROACH_OF_KIND, RENTAL
from xlcost.core.pricing import Context, resolve
from xlcost.core.scenario import OptionSpec, Workload
from xlcost.errors import CatalogError, ScenarioError

GCP_H100_SPOT = 6.6367  # USD an hour for an a3-highgpu-1g (1 H100) in us-central1, Google's price of 2026-08-20
HOURS = 730  # 24 x 365 / 12, the catalog's hours in a month
WORKLOAD = Workload(users_per_day=2_000, horizon_months=36)
USD = Context(workload=WORKLOAD, currency="USD")


def test_eight_spot_h100s_at_gcp_cost_the_spot_price_for_every_hour_of_every_month() -> None:
    catalog = load_catalog("international")
    assert f"spot {GCP_H100_SPOT} USD/h" in catalog.table("gpu_rental.csv")["h100-80g@gcp"].notes
    profile = resolve(OptionSpec(key="rent-spot:h100-80g@gcp", units=8), USD, catalog)
    assert profile.fixed_monthly == pytest.approx(8 * 6.6367 * 730, rel=1e-12)  # 38,758.328 a month
    assert money.tco(profile, WORKLOAD) == pytest.approx(8 * 6.6367 * 730 * 36, rel=1e-12)  # 1,395,299.808
    assert profile.upfront == profile.variable_monthly == 0
    assert [line.label for line in profile.lines] == ["spot rental 8 x h100-80g@gcp x 730 h"]


def test_hours_billed_scale_spot_as_they_scale_on_demand() -> None:
    catalog = load_catalog("international")
    spot = resolve(OptionSpec(key="rent-spot:a100-80g@azure", units=8, hours_per_month=200), USD, catalog)
    row = catalog.table("gpu_rental.csv")["a100-80g@azure"]
    assert "spot 3.6047 for the machine" in row.notes  # 8 A100s: 0.45059 a GPU
    assert spot.fixed_monthly == pytest.approx(8 * 3.6047 / 8 * 200, rel=1e-4)


def test_a_spot_option_warns_that_the_cloud_can_take_its_gpus_back() -> None:
    profile = resolve(OptionSpec(key="rent-spot:a100-80g@gcp", units=1), USD, load_catalog("international"))
    (warning,) = profile.warnings
    assert warning.startswith("rent-spot:a100-80g@gcp: a spot GPU can be reclaimed by the cloud at any time")
    on_demand = resolve(OptionSpec(key="rent-hourly:a100-80g@gcp", units=1), USD, load_catalog("international"))
    assert on_demand.warnings == ()


@pytest.mark.parametrize(("catalog", "row"), [("international", "h100-80g@aws"), ("seed", "a100-80g")])
def test_a_row_without_a_spot_price_is_refused_naming_the_row_and_the_field(catalog: str, row: str) -> None:
    prices = load_catalog(catalog)
    assert f"rent-spot:{row}" not in prices.option_keys()
    with pytest.raises(CatalogError) as raised:
        resolve(OptionSpec(key=f"rent-spot:{row}", units=1), USD, prices)
    assert f"the catalog row '{row}' has no spot_hourly" in str(raised.value)


def test_a_quoted_spot_price_prices_a_row_that_has_none() -> None:
    spec = OptionSpec(key="rent-spot:a100-80g", units=2, overrides={"spot_hourly": 1.5}, currency="USD")
    profile = resolve(spec, USD, load_catalog())
    assert profile.fixed_monthly == pytest.approx(2 * 1.5 * HOURS, rel=1e-12)


def test_spot_is_rental_but_not_the_owned_part_of_a_hybrid() -> None:
    assert APPROACH_OF_KIND["rent-spot"] == RENTAL
    with pytest.raises(ScenarioError, match="--own must be a GPU option"):
        own_unit("rent-spot:h100-80g@gcp", USD, load_catalog("international"))
