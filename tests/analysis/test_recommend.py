"""RECOMMEND: the cheapest option that keeps the constraints, words that never contradict the numbers,
robustness from simulated futures, training placement."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from xlcost.analysis.recommend import (
    HYBRID,
    approaches,
    recommend,
    recommend_scenario,
)
from xlcost.core.catalog import load_catalog
from xlcost.core.option_kinds import API, ONPREM, RENTAL
from xlcost.core.scenario import Workload
from xlcost.core.scenario_io import load_scenario

CATALOG = load_catalog()
USERS = (100, 3_000, 20_000, 100_000, 1_000_000)


@pytest.mark.parametrize("users", USERS)
def test_without_constraints_the_pick_is_the_cheapest(users: int) -> None:
    rec = recommend(Workload(users_per_day=users), catalog=CATALOG)
    assert rec.chosen is not None and rec.chosen.tco == rec.ranking[0].tco
    assert rec.approach in (rec.cheapest, HYBRID)


@pytest.mark.parametrize("users", USERS)
@pytest.mark.parametrize("flag", ["sensitive_data", "latency_sensitive", "fine_tune"])
def test_a_constraint_on_the_api_picks_the_cheapest_self_hosted_option(users: int, flag: str) -> None:
    constraint: dict[str, Any] = {flag: True}
    rec = recommend(Workload(users_per_day=users), catalog=CATALOG, **constraint)
    self_hosted = [r for r in rec.ranking if r.approach in (RENTAL, ONPREM)]
    assert rec.approach in (RENTAL, ONPREM)
    assert rec.chosen == min(self_hosted, key=lambda r: r.tco)


def test_words_that_praise_the_api_are_never_said_of_a_dearer_api() -> None:
    for users in np.geomspace(10, 1e7, 25):
        rec = recommend(Workload(users_per_day=float(users)), catalog=CATALOG)
        if "costs little" in rec.reason:
            assert rec.approach == API and rec.chosen == rec.ranking[0]


def test_the_small_load_threshold_counts_tokens_not_heads() -> None:
    light = recommend(Workload(users_per_day=3_000), catalog=CATALOG)
    heavy = recommend(Workload(users_per_day=3_000, input_tokens_per_user_day=40_000), catalog=CATALOG)
    assert "small load" in light.reason
    assert "small load" not in heavy.reason  # 3,000 users at 40,400 tokens are 20x seed 002's small load


def test_volatile_demand_gives_way_to_sensitive_data_and_says_so() -> None:
    rec = recommend(Workload(users_per_day=20_000), volatile=True, sensitive_data=True, catalog=CATALOG)
    assert rec.approach in (RENTAL, ONPREM)
    assert rec.gave_way == ("volatile demand",)
    assert any("volatile demand gives way to sensitive data" in line for line in rec.explain())


def test_the_vectorised_pick_agrees_with_the_scalar_one() -> None:
    users = np.array(USERS, dtype=float)
    flag_sets: list[dict[str, Any]] = [
        {},
        {"sensitive_data": True},
        {"volatile": True},
        {"volatile": True, "fine_tune": True},
    ]
    for flags in flag_sets:
        found = approaches(Workload(), users, catalog=CATALOG, **flags)
        one_by_one = [recommend(Workload(users_per_day=u), catalog=CATALOG, **flags).approach for u in USERS]
        assert found.tolist() == one_by_one


def test_seed_003_team_is_told_local_machines_save_about_two_thirds() -> None:
    rec = recommend_scenario(load_scenario("seed-003-team30"), CATALOG)
    assert rec.chosen is not None
    assert rec.approach == ONPREM and rec.chosen.option.startswith("buy:")
    runner_up = next(r for r in rec.ranking if r.approach != ONPREM)
    assert rec.chosen is not None
    saving = 1 - rec.chosen.tco / runner_up.tco
    assert saving == pytest.approx(2 / 3, abs=0.05)  # seed 003: local saves about two thirds
    assert f"{saving:.0%} less than {runner_up.name}" in rec.explain()[1]


def test_robustness_is_the_simulated_share_and_is_stated() -> None:
    rec = recommend(Workload(users_per_day=200_000), draws=2_000, seed=1, catalog=CATALOG)
    assert rec.approach == rec.cheapest == API
    assert rec.robustness == pytest.approx(rec.cheapest_share[API])
    assert sum(rec.cheapest_share.values()) == pytest.approx(1.0)
    assert any(f"{rec.robustness:.0%} of 2,000 simulated futures (seed 1)" in line for line in rec.explain())


def test_a_constraint_ruling_out_the_cheapest_says_what_it_costs() -> None:
    rec = recommend(Workload(users_per_day=20_000), latency_sensitive=True, draws=1_000)
    assert not rec.agrees_with_cost
    text = "\n".join(rec.explain())
    assert f"on cost alone {rec.ranking[0].name} ({rec.cheapest}) is cheapest" in text
    assert "the latency target rules it out" in text
    assert rec.robustness == pytest.approx(rec.cheapest_share[RENTAL])  # the share among the approaches allowed
    assert set(rec.cheapest_share) == {RENTAL, ONPREM}
    assert f"cheapest of the approaches allowed in {rec.robustness:.0%}" in text


def test_seed_000_checklist_counts_answers() -> None:
    rec = recommend(Workload(horizon_months=36), daily_use=True, stable_users=False, accepts_upfront=True)
    assert "seed 000 checklist: 3 of 4 answers lean on-premises" in rec.checklist


def test_training_placement_combines_with_inference() -> None:
    rec = recommend(Workload(users_per_day=100_000), sensitive_data=True, training_gpu_hours=500)
    assert rec.approach in (RENTAL, ONPREM)
    assert rec.training_placement is not None
    assert rec.training_placement.startswith("train on cloud GPUs")  # seed 001: train in the cloud, serve locally
