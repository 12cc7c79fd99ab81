"""Invariants a reviewer relies on, checked over many generated workloads."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlcost import OptionSpec, Workload, load_catalog
from xlcost.core import money
from xlcost.core.pricing import Context, CostProfile, resolve
from xlcost.core.vector import tco_grid

CATALOG = load_catalog()
KEYS = ["api:qwen-plus", "api:gpt-4o", "rent:a100-80g", "rent-hourly:h100-80g", "buy:h100-80g", "onprem:standard",
        "seat:coding-assistant-basic"]  # fmt: skip

keys = st.sampled_from(KEYS)
users = st.floats(0, 500_000, allow_nan=False)
tokens = st.floats(0, 20_000, allow_nan=False)
growth = st.floats(-0.2, 0.3, allow_nan=False)
months = st.integers(1, 120)
fast = settings(max_examples=60, deadline=None)


def tco(key: str, **workload: float) -> float:
    w = Workload.model_validate(workload)
    return money.tco(resolve(OptionSpec(key=key), Context(workload=w), CATALOG), w)


@fast
@given(keys, users, users, tokens, tokens, months)
def test_cost_never_falls_when_usage_rises(key: str, u1: float, u2: float, t_in: float, t_out: float, n: int) -> None:
    low, high = sorted((u1, u2))
    assert tco(key, users_per_day=low, input_tokens_per_user_day=t_in, output_tokens_per_user_day=t_out,
               horizon_months=n) <= tco(key, users_per_day=high, input_tokens_per_user_day=t_in,
                                        output_tokens_per_user_day=t_out, horizon_months=n) * (1 + 1e-12)  # fmt: skip
    more_tokens = tco(key, users_per_day=low, input_tokens_per_user_day=t_in * 2, output_tokens_per_user_day=t_out * 2,
                      horizon_months=n)  # fmt: skip
    assert tco(key, users_per_day=low, input_tokens_per_user_day=t_in, output_tokens_per_user_day=t_out,
               horizon_months=n) <= more_tokens * (1 + 1e-12)  # fmt: skip


@fast
@given(keys, users, growth, months)
def test_cumulative_cost_is_monotone_and_ends_at_tco(key: str, u: float, g: float, n: int) -> None:
    w = Workload(users_per_day=u, monthly_growth=g, horizon_months=n)
    p = resolve(OptionSpec(key=key), Context(workload=w), CATALOG)
    cumulative = money.schedule(p, w)["cumulative"].to_numpy()
    assert np.all(np.diff(cumulative) >= 0)
    assert cumulative[-1] == pytest.approx(money.tco(p, w), rel=1e-9)
    assert money.tco(p, w, max(1, n - 1)) <= money.tco(p, w) * (1 + 1e-12)


@fast
@given(keys, keys, users, growth)
def test_breakeven_is_where_the_cumulative_curves_cross(a: str, b: str, u: float, g: float) -> None:
    w = Workload(users_per_day=u, monthly_growth=g, horizon_months=120)
    pa, pb = (resolve(OptionSpec(key=k), Context(workload=w), CATALOG) for k in (a, b))
    result = money.breakeven(pa, pb, w)
    if result.month is None or result.month == 0:
        return
    big, small = (pa, pb) if result.costlier_upfront == pa.name else (pb, pa)
    after = min(120, int(np.floor(result.month)) + 1)
    at = result.month

    def cumulative(p: CostProfile, t: float) -> float:  # continuous cumulative cost at time t (months)
        k = int(np.ceil(t)) if t > 0 else 1
        done = money.tco(p, w, k - 1) if k > 1 else 0.0
        return float(done + (p.upfront if k == 1 else 0) + money.running_costs(p, w, k)[-1] * (t - (k - 1)))

    assert cumulative(big, at) == pytest.approx(cumulative(small, at), rel=1e-9, abs=1e-6)
    assert money.tco(big, w, after) <= money.tco(small, w, after) * (1 + 1e-9)


@fast
@given(st.sampled_from(["onprem:light", "onprem:standard", "onprem:enterprise", "seat:coding-assistant-basic"]), users)
def test_low_mid_high_are_ordered(key: str, u: float) -> None:
    w = Workload(users_per_day=u)
    low, mid, high = (money.tco(resolve(OptionSpec(key=key, case=c), Context(workload=w), CATALOG), w)
                      for c in ("low", "mid", "high"))  # fmt: skip
    assert low <= mid <= high
    assert mid == pytest.approx((low + high) / 2)


@fast
@given(keys, st.lists(users, min_size=1, max_size=20), growth)
def test_vectorised_sweep_equals_the_scalar_path(key: str, user_list: list[float], g: float) -> None:
    """Each entry is the first m months of a plan sized for the scenario horizon, as money.tco(profile, w, m)."""
    w = Workload(monthly_growth=g)
    n = np.arange(1, len(user_list) + 1)
    swept = tco_grid(OptionSpec(key=key), Context(workload=w), CATALOG, user_list, n)
    for value, u, m in zip(swept, user_list, n, strict=True):
        wu = w.model_copy(update={"users_per_day": u})
        assert value == pytest.approx(
            money.tco(resolve(OptionSpec(key=key), Context(workload=wu), CATALOG), wu, int(m)), rel=1e-9
        )
