"""RECOMMEND with reasons: rule outcomes unchanged, robustness from simulated futures, training placement."""

from __future__ import annotations

import pytest

from xlcost.analysis.recommend import API, ONPREM, RENTAL, recommend
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario import Workload

CATALOG = load_catalog()


def test_rule_outcomes_are_kept():
    assert recommend(Workload(users_per_day=3_000)).approach == API
    assert recommend(Workload(users_per_day=100_000), sensitive_data=True).approach == ONPREM
    assert recommend(Workload(users_per_day=20_000), latency_sensitive=True).approach == RENTAL
    assert recommend(Workload(users_per_day=3_000)).robustness is None  # not simulated unless asked


def test_robustness_is_the_simulated_share_and_is_stated():
    rec = recommend(Workload(users_per_day=200_000), draws=2_000, seed=1, catalog=CATALOG)
    assert rec.approach == rec.cheapest == API
    assert rec.robustness == pytest.approx(rec.cheapest_share[API])
    assert sum(rec.cheapest_share.values()) == pytest.approx(1.0)
    assert any(f"{rec.robustness:.0%} of 2,000 simulated futures (seed 1)" in line for line in rec.explain())


def test_rule_and_cost_disagreeing_says_why():
    rec = recommend(Workload(users_per_day=20_000), latency_sensitive=True, draws=1_000)
    assert not rec.agrees_with_cost
    text = "\n".join(rec.explain())
    assert f"on cost alone {rec.cheapest} is cheapest" in text and "the rule outweighs it" in text
    assert rec.robustness is not None and rec.robustness < 0.5


def test_seed_000_checklist_counts_answers():
    rec = recommend(Workload(horizon_months=36), daily_use=True, stable_users=False, accepts_upfront=True)
    assert "seed 000 checklist: 3 of 4 answers lean on-premises" in rec.checklist


def test_training_placement_combines_with_inference():
    rec = recommend(Workload(users_per_day=100_000), sensitive_data=True, training_gpu_hours=500)
    assert rec.approach == ONPREM
    assert rec.training_placement.startswith("train on cloud GPUs")  # seed 001: train in the cloud, serve locally
