"""The vendor billing rules: each checked against the bill worked out by hand from the vendor's price list.

Prices are Claude Sonnet 4.5's as Anthropic lists them (USD per 1M tokens: input 3, output 15, cache write
3.75, cache read 0.30; above 200k input tokens a request 6, 22.50, 7.50, 0.60; batch half), plus a priority
tier and a per-request fee of the shape OpenAI and Perplexity publish.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import numpy as np
import pytest

from tests.support.catalogs import add_api_row
from xlcost.core import billing, compare
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.pricing import api_monthly_cost
from xlcost.core.scenario import Scenario, Workload
from xlcost.errors import ScenarioError

PLAIN = {"input_per_mtok": 3.0, "output_per_mtok": 15.0, "cached_input_per_mtok": 0.3}
RULES = {
    "cache_write_per_mtok": 3.75,
    "long_context_above": 200_000,
    "long_context_input_per_mtok": 6.0,
    "long_context_output_per_mtok": 22.5,
    "long_context_cached_input_per_mtok": 0.6,
    "long_context_cache_write_per_mtok": 7.5,
    "batch_input_per_mtok": 1.5,
    "batch_output_per_mtok": 7.5,
    "priority_input_per_mtok": 5.0,
    "priority_output_per_mtok": 25.0,
}


def api_row(**fields: float) -> ApiPrice:
    return ApiPrice.model_validate(
        {
            "id": "sonnet",
            "kind": "api",
            "name": "Sonnet",
            "currency": "USD",
            "source": "test: Anthropic's price list",
            "as_of": date(2026, 6, 1),
        }
        | PLAIN
        | fields
    )


def one_request(row: ApiPrice, tokens_in: float, tokens_out: float, **terms: float | str) -> float:
    return float(billing.token_cost(row, tokens_in, tokens_out, billing.Terms(**terms), requests=1))  # type: ignore[arg-type]  # test terms by keyword


def test_a_row_without_rules_bills_tokens_times_prices_exactly() -> None:
    row = api_row()
    workload = Workload(users_per_day=1000, input_tokens_per_user_day=800, output_tokens_per_user_day=400)
    assert api_monthly_cost(row, workload) == 1000 * 30 * (800 * 3.0 + 400 * 15.0) / 1e6


def test_rules_the_workload_does_not_use_leave_the_bill_as_it_was() -> None:
    workload = Workload(users_per_day=1000, input_tokens_per_user_day=800, output_tokens_per_user_day=400)
    assert api_monthly_cost(api_row(**RULES), workload) == api_monthly_cost(api_row(), workload)


def test_cache_writes_bill_the_written_share_at_the_cache_write_price() -> None:
    # 100k input: 40k read from the cache, 20k written to it, 40k plain; 1k output
    expected = (40_000 * 0.3 + 20_000 * 3.75 + 40_000 * 3.0 + 1_000 * 15.0) / 1e6
    bill = one_request(api_row(**RULES), 100_000, 1_000, cached_input_share=0.4, cache_write_share=0.2)
    assert bill == pytest.approx(expected, rel=1e-12)


def test_a_blank_cache_write_price_bills_written_input_as_input() -> None:
    bill = one_request(api_row(), 100_000, 0, cache_write_share=0.5)
    assert bill == pytest.approx(100_000 * 3.0 / 1e6, rel=1e-12)


def test_a_request_past_the_threshold_pays_long_context_prices_on_every_token() -> None:
    row = api_row(**RULES)
    assert one_request(row, 250_000, 2_000) == pytest.approx((250_000 * 6.0 + 2_000 * 22.5) / 1e6, rel=1e-12)
    assert one_request(row, 200_000, 2_000) == pytest.approx((200_000 * 3.0 + 2_000 * 15.0) / 1e6, rel=1e-12)


def test_the_threshold_counts_one_request_not_the_day() -> None:
    row = api_row(**RULES)
    day = Workload(users_per_day=1, days_per_month=1, input_tokens_per_user_day=300_000, output_tokens_per_user_day=0)
    assert api_monthly_cost(row, day, requests_per_user_day=1) == pytest.approx(300_000 * 6.0 / 1e6, rel=1e-12)
    assert api_monthly_cost(row, day, requests_per_user_day=3) == pytest.approx(300_000 * 3.0 / 1e6, rel=1e-12)


def test_batch_traffic_pays_batch_prices_and_keeps_them_halved_past_the_threshold() -> None:
    row = api_row(**RULES)
    half = one_request(row, 10_000, 1_000, batch_share=0.5)
    assert half == pytest.approx(0.5 * (10_000 * 3.0 + 1_000 * 15.0) / 1e6 + 0.5 * (10_000 * 1.5 + 1_000 * 7.5) / 1e6)
    long = one_request(row, 300_000, 1_000, batch_share=1.0)
    assert long == pytest.approx((300_000 * 3.0 + 1_000 * 11.25) / 1e6, rel=1e-12)


def test_a_service_tier_bills_its_prices_and_a_row_without_them_bills_standard() -> None:
    assert one_request(api_row(**RULES), 10_000, 1_000, service_tier="priority") == pytest.approx(
        (10_000 * 5.0 + 1_000 * 25.0) / 1e6, rel=1e-12
    )
    assert one_request(api_row(**RULES), 10_000, 1_000, service_tier="flex") == one_request(api_row(), 10_000, 1_000)


def test_a_per_request_fee_is_charged_per_request() -> None:
    row = api_row(per_request=0.005)
    workload = Workload(users_per_day=100, days_per_month=30, input_tokens_per_user_day=0, output_tokens_per_user_day=0)
    assert api_monthly_cost(row, workload, requests_per_user_day=4) == pytest.approx(100 * 30 * 4 * 0.005, rel=1e-12)


def test_reasoning_tokens_are_billed_as_output() -> None:
    workload = Workload(
        users_per_day=1, days_per_month=1, input_tokens_per_user_day=0, output_tokens_per_user_day=100,
        reasoning_tokens_per_user_day=900,
    )  # fmt: skip
    assert api_monthly_cost(api_row(), workload) == pytest.approx(1_000 * 15.0 / 1e6, rel=1e-12)


def test_a_column_of_workloads_is_billed_as_each_alone() -> None:
    row = api_row(**RULES, per_request=0.01)
    tokens_in = np.array([1_000.0, 199_999.0, 200_001.0, 900_000.0])
    requests = np.array([1.0, 1.0, 1.0, 3.0])
    terms = billing.Terms(cached_input_share=0.3, cache_write_share=0.1, batch_share=0.25, service_tier="priority")
    column = billing.token_cost(row, tokens_in, 500.0, terms, requests)
    alone = [float(billing.token_cost(row, t, 500.0, terms, r)) for t, r in zip(tokens_in, requests, strict=True)]
    assert column == pytest.approx(alone, rel=1e-12)


def test_shares_of_input_past_one_are_refused_naming_both_fields() -> None:
    with pytest.raises(ScenarioError, match=r"cached_input_share.*cache_write_share"):
        Workload(cached_input_share=0.7, cache_write_share=0.4)
    with pytest.raises(ScenarioError, match="batch_share"):
        Workload(batch_share=1.5)
    with pytest.raises(ScenarioError, match="service_tier"):
        Workload(service_tier="turbo")  # type: ignore[arg-type]  # the mistake under test


def test_half_a_long_context_rule_is_refused_naming_the_missing_part() -> None:
    with pytest.raises(ValueError, match="long_context_above"):
        api_row(long_context_input_per_mtok=6.0)
    with pytest.raises(ValueError, match="without a price above it"):
        api_row(long_context_above=200_000)


def test_a_scenario_on_a_catalog_row_with_batch_prices_is_billed_by_them(catalog_copy: Path) -> None:
    key = add_api_row(catalog_copy, "sonnet-test", batch_input_per_mtok=1.5, batch_output_per_mtok=7.5)
    workload = Workload(users_per_day=1000, input_tokens_per_user_day=800, output_tokens_per_user_day=400,
                        batch_share=0.5, horizon_months=12)  # fmt: skip
    scenario = Scenario.model_validate({"options": [key], "currency": "USD", "workload": workload})
    result = compare.compare(scenario, load_catalog(catalog_copy)).results[0]
    per_user_day = 0.5 * (800 * 3 + 400 * 15) / 1e6 + 0.5 * (800 * 1.5 + 400 * 7.5) / 1e6
    assert result.tco == pytest.approx(12 * 30 * 1000 * per_user_day, rel=1e-12)
    assert "50% batch" in result.profile.lines[0].label
