"""Remembered answers (Excel recalculates the same call again and again) must never change an answer."""

from __future__ import annotations

import pytest

from tests.support.excel_context import excel_context
from xlcost import udfs
from xlcost.core import money
from xlcost.core.catalog import load_catalog
from xlcost.core.pricing import resolve
from xlcost.core.scenario import OptionSpec, Workload


def test_true_is_not_one_whatever_came_first() -> None:
    """TRUE, 1 and 1.0 are equal to Python; a remembered 1 must not answer for TRUE (or the reverse)."""
    first = udfs.TCO("api:gpt-4o", 1)
    assert udfs.TCO("api:gpt-4o", True) == "TCO: months must be a number (got True)"
    assert udfs.TCO("api:gpt-4o", 1.0) == first == udfs.TCO("api:gpt-4o", [[1]])


def test_a_changed_spilled_table_does_not_change_the_next_answer() -> None:
    table = udfs.RECOMMEND(20_000, 36, False, False, False, False, True)
    expected = [row[:] for row in table]
    table[1][0] = "changed by the caller"
    table.append(["extra"])
    assert udfs.RECOMMEND(20_000, 36, False, False, False, False, True) == expected


@pytest.mark.parametrize("key", ["api:gpt-4o", "rent:a100-80g", "seat:coding-assistant-basic"])
def test_new_and_repeated_users_agree_with_the_core(key: str) -> None:
    for users in (1234.0, 98_765.0, 1234.0):
        workload = Workload(users_per_day=users)
        profile = resolve(OptionSpec(key=key), excel_context(workload), load_catalog())
        assert udfs.TCO(key, 24, users) == pytest.approx(money.tco(profile, workload, 24), rel=1e-12)
