"""Which rows the recomputed answer depends on: found by moving a row's numbers both ways, in halving groups."""

from __future__ import annotations

from tests.support.typed import present
from xlcost.audit.answer_depends import rows_the_answer_depends_on
from xlcost.core.catalog import load_catalog
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario

CATALOG = load_catalog()
EVERY_ROW = [(file, ident) for file, rows in CATALOG.tables.items() for ident in rows]


def scenario(*keys: str, basis: str = "engine", **workload: float) -> Scenario:
    load = {"users_per_day": 10_000, "input_tokens_per_user_day": 800, "output_tokens_per_user_day": 400}
    return Scenario.model_validate(
        {
            "name": "reads",
            "workload": {**load, **workload},
            "options": [{"key": key} for key in keys],
            "throughput_basis": basis,
        }
    )


def test_the_answer_depends_on_the_rows_its_options_price_and_not_the_others() -> None:
    depends = rows_the_answer_depends_on(scenario("api:gpt-4o", "onprem:light"), CATALOG, EVERY_ROW)
    assert {("api.csv", "gpt-4o"), ("onprem.csv", "light"), ("assumptions.csv", "discount_rate")} <= depends
    assert not depends & {
        ("api.csv", "qwen-plus"),
        ("purchase.csv", "h100-80g"),
        ("seats.csv", "coding-assistant-basic"),
    }
    # the accounting view (depreciation) is not part of the answer the audit recomputes
    assert ("assumptions.csv", "residual_share") not in depends


def test_a_sizing_row_counts_when_moving_it_one_way_keeps_one_gpu() -> None:
    """One GPU carries this load and a faster one changes nothing; only a slower throughput adds GPUs."""
    light = scenario("rent:h100-80g", basis="seed")
    assert compare(light, CATALOG).results[0].profile.units == 1
    depends = rows_the_answer_depends_on(light, CATALOG, EVERY_ROW)
    assert any(file == "throughput.csv" for file, _ in depends)


def test_under_the_capacity_engine_the_gpus_datasheet_row_counts_and_throughput_rows_do_not() -> None:
    heavy = scenario("rent:h100-80g", users_per_day=2_000_000)
    assert present(compare(heavy, CATALOG).results[0].profile.units) > 1
    depends = rows_the_answer_depends_on(heavy, CATALOG, EVERY_ROW)
    assert ("gpus.csv", "h100-80g") in depends
    assert not any(file == "throughput.csv" for file, _ in depends)


def test_a_scenario_given_its_discount_rate_does_not_read_the_catalogs() -> None:
    given = scenario("api:gpt-4o").model_copy(update={"discount_rate": 0.1})
    assert ("assumptions.csv", "discount_rate") not in rows_the_answer_depends_on(given, CATALOG, EVERY_ROW)
    assert ("assumptions.csv", "discount_rate") in rows_the_answer_depends_on(
        scenario("api:gpt-4o"), CATALOG, EVERY_ROW
    )
