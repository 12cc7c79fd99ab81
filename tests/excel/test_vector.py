"""xlcost.core.vector (the array path of the Excel functions) against one resolve() + money call per workload."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from xlcost.core import money, vector
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import Case
from xlcost.core.pricing import Context, resolve
from xlcost.core.scenario import OptionSpec, Workload
from xlcost.core.sizing import size_gpus

KEYS = [
    "api:deepseek-v4-flash",
    "rent:a100-80g",
    "rent-hourly:h100-80g",
    "buy:h100-80g",
    "buy:consumer-workstation",
    "onprem:standard",
    "seat:coding-assistant-basic",
]
# 0, fractions, and both sides of the users at which a second A100 is needed (peak 180 tok/s).
USERS = np.array([0, 0.5, 1, 250, 9_999.5, 19_440, 19_441, 38_880, 38_881, 1_000_000])


def one_by_one(
    spec: OptionSpec, workload: Workload, users: Iterable[float], months: Iterable[float], case: Case = "mid"
) -> list[tuple[float, float | None]]:
    out = []
    for u, n in zip(users, months, strict=True):
        w = workload.model_copy(update={"users_per_day": float(u)})
        profile = resolve(spec, Context(workload=w, case=case), load_catalog())
        out.append((money.tco(profile, w, int(n)), money.cost_per_mtok(profile, w, int(n))))
    return out


@pytest.mark.parametrize("key", KEYS)
@pytest.mark.parametrize("units", [None, 3])
@pytest.mark.parametrize("growth", [0.0, 0.03])
def test_grid_equals_resolving_each_workload(key: str, units: int | None, growth: float) -> None:
    spec = OptionSpec(key=key, units=units)
    workload = Workload(monthly_growth=growth, horizon_months=48)
    months = np.resize([1, 12, 36, 48], USERS.shape)
    expected = one_by_one(spec, workload, USERS, months)
    context = Context(workload=workload)
    tco = vector.tco_grid(spec, context, load_catalog(), USERS, months)
    per_mtok = vector.cost_per_mtok_grid(spec, context, load_catalog(), USERS, months)
    assert tco.tolist() == pytest.approx([e[0] for e in expected], rel=1e-12, abs=1e-9)
    served = [e[1] is not None for e in expected]
    assert [not np.isnan(v) for v in per_mtok] == served  # NaN exactly where the core says nothing is served
    assert [v for v, s in zip(per_mtok, served, strict=True) if s] == pytest.approx(
        [e[1] for e in expected if e[1] is not None], rel=1e-12
    )


def test_column_and_row_broadcast_to_a_table() -> None:
    spec = OptionSpec(key="rent:a100-80g")
    grid = vector.tco_grid(spec, Context(workload=Workload()), load_catalog(), [[1000], [50000]], [[12, 36]])
    assert grid.shape == (2, 2)
    assert grid[1, 0] == pytest.approx(one_by_one(spec, Workload(), [50000], [12])[0][0])


@settings(max_examples=25, deadline=None)
@given(
    users=st.floats(0, 2e6), case=st.sampled_from(["low", "mid", "high"]), size=st.sampled_from(["7b-14b", "32b-70b"])
)
def test_gpu_counts_match_size_gpus(users: float, case: Case, size: str) -> None:
    context = Context(workload=Workload(), case=case, model_size=size)
    counts = vector.gpus_grid(context, load_catalog(), "a100-80g", np.array([users]))
    w = Workload(users_per_day=users)
    assert counts[0] == size_gpus(w, load_catalog(), model_size=size, gpu="a100-80g", case=case).gpus
