"""A scenario the vendor's billing rules bill otherwise than the list prices gets no workbook yet.

The workbook's formulas bill API tokens at list prices; writing one whose cells disagree with ``xlcost tco``
would be worse than saying so.
"""

from __future__ import annotations

import pytest

from tests.support.catalogs import add_api_row
from xlcost.core.scenario import Scenario, Workload
from xlcost.errors import ScenarioError
from xlcost.workbook import generate


def with_batch_prices(catalog_copy):
    add_api_row(catalog_copy, "sonnet-test", batch_input_per_mtok=1.5, batch_output_per_mtok=7.5)
    return catalog_copy


def test_a_scenario_billed_by_a_rule_is_refused_naming_the_rule_and_the_way_out(tmp_path, catalog_copy):
    scenario = Scenario(options=["api:sonnet-test"], currency="USD", workload=Workload(batch_share=0.5))
    with pytest.raises(ScenarioError, match=r"api:sonnet-test: 50% batch.*xlcost tco") as refused:
        generate(tmp_path / "out.xlsx", scenario, with_batch_prices(catalog_copy))
    assert not (tmp_path / "out.xlsx").exists(), refused.value


def test_rules_the_scenario_does_not_use_leave_the_workbook_to_be_written(tmp_path, catalog_copy):
    scenario = Scenario(options=["api:sonnet-test"], currency="USD")
    assert generate(tmp_path / "out.xlsx", scenario, with_batch_prices(catalog_copy)).exists()


def test_reasoning_tokens_are_refused_for_self_hosted_options_too(tmp_path):
    scenario = Scenario(options=["rent:a100-80g"], workload=Workload(reasoning_tokens_per_user_day=2000))
    with pytest.raises(ScenarioError, match="reasoning_tokens_per_user_day"):
        generate(tmp_path / "out.xlsx", scenario)
