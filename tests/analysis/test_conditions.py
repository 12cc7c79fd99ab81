"""The decision conditions' evaluator: one value or elementwise over a range of workloads, as a spreadsheet
computes each cell of a column."""

from __future__ import annotations

import numpy as np
import pytest

from xlcost.analysis.conditions import ALWAYS, Above, All, AnyOf, Ask, Below, Not, Within, holds, truth


def test_answers_combine_as_and_or_not() -> None:
    volatile_gives_way = All((Ask("volatile"), Not(AnyOf((Ask("sensitive"), Ask("fine_tune"))))))
    assert holds(volatile_gives_way, {"volatile": True, "sensitive": False, "fine_tune": False})
    assert not holds(volatile_gives_way, {"volatile": True, "sensitive": False, "fine_tune": True})
    assert not holds(volatile_gives_way, {"volatile": False, "sensitive": False, "fine_tune": False})
    assert holds(ALWAYS, {})


def test_thresholds_are_strict() -> None:
    inputs = {"tokens": 6e6, "limit": 6e6}
    assert not holds(Above("tokens", "limit"), inputs) and not holds(Below("tokens", "limit"), inputs)
    assert holds(Below("tokens", "limit"), {"tokens": 5.9e6, "limit": 6e6})


def test_within_a_share_of_the_smaller_elementwise() -> None:
    # 100 and 110 differ by 10% of 100; 100 and 111 by 11%; an approach with no option (inf) never ties
    api, rental = np.array([100.0, 100.0, 100.0]), np.array([110.0, 111.0, np.inf])
    with np.errstate(invalid="ignore"):
        found = truth(Within("api", "rental", "share"), {"api": api, "rental": rental, "share": 0.10})
    assert found.tolist() == [True, False, False]


def test_a_name_the_inputs_lack_is_named() -> None:
    with pytest.raises(KeyError, match="latency"):
        holds(Ask("latency"), {"volatile": True})
