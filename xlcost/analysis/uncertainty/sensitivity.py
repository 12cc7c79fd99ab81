"""Tornado analysis: move one uncertain input at a time to its low and high, see what moves.

Each case is priced by the core (``resolve`` + ``money``), so a swing is exactly the difference
between two full re-pricings, GPU sizing included.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlcost.analysis.uncertainty.inputs import THROUGHPUT, Input, profiles, uncertain_inputs, with_values
from xlcost.core import money
from xlcost.core.catalog import Catalog
from xlcost.core.pricing import CostProfile
from xlcost.core.scenario import Scenario
from xlcost.errors import ScenarioError


@dataclass(frozen=True, slots=True)
class Swing:
    """One input's low and high case: every option's TCO and the breakeven month of the pair."""

    input: Input
    tco_low: tuple[float, ...]
    tco_high: tuple[float, ...]
    breakeven_low: float | None
    breakeven_high: float | None

    def swing(self, option: int) -> float:
        return abs(self.tco_high[option] - self.tco_low[option])

    @property
    def largest_swing(self) -> float:
        return max(self.swing(i) for i in range(len(self.tco_low)))

    @property
    def breakeven_swing(self) -> float | None:
        """Months between the two cases' breakevens; None when either case never breaks even."""
        if self.breakeven_low is None or self.breakeven_high is None:
            return None
        return abs(self.breakeven_high - self.breakeven_low)


@dataclass(frozen=True, slots=True)
class Sensitivity:
    """The tornado: base figures and one row per input that moves anything, largest swing first."""

    scenario: Scenario
    options: tuple[str, ...]  # option names, in scenario order
    base_tco: tuple[float, ...]
    pair: tuple[int, int]
    base_breakeven: money.Breakeven
    rows: tuple[Swing, ...]


def sensitivity(
    scenario: Scenario,
    catalog: Catalog,
    *,
    pair: tuple[str, str] | None = None,
    spread: float = 0.20,
    workload_spread: float | None = None,
    growth_spread: float = 0.01,
    inputs: list[Input] | None = None,
) -> Sensitivity:
    """Swing of each option's TCO and of the pair's breakeven month, one input at a time."""
    if inputs is None:
        inputs = uncertain_inputs(
            scenario, catalog, spread=spread, workload_spread=workload_spread, growth_spread=growth_spread
        )
    base = profiles(scenario, catalog)
    i, j = pick_pair(scenario, base, pair)
    return Sensitivity(
        scenario=scenario,
        options=tuple(p.name for p in base),
        base_tco=tuple(money.tco(p, scenario.workload) for p in base),
        pair=(i, j),
        base_breakeven=money.breakeven(base[i], base[j], scenario.workload),
        rows=_swings(scenario, catalog, inputs, (i, j)),
    )


def tco_swings(scenario: Scenario, catalog: Catalog) -> tuple[Swing, ...]:
    """Each input's swing of every option's TCO with no breakeven tracked: a one-option scenario has these too."""
    return _swings(scenario, catalog, uncertain_inputs(scenario, catalog), None)


def estimate_error_swings(scenario: Scenario, catalog: Catalog, pair: tuple[int, int] | None) -> tuple[Swing, ...]:
    """The capacity engine's throughput estimate moved alone, re-sizing the units it sized: the row a tornado
    with its units held (a fleet bought once, as the workbook's) cannot move, but should name."""
    estimate = [item for item in uncertain_inputs(scenario, catalog) if item.key == THROUGHPUT]
    return _swings(scenario, catalog, estimate, pair) if estimate else ()


def _swings(
    scenario: Scenario, catalog: Catalog, inputs: list[Input], pair: tuple[int, int] | None
) -> tuple[Swing, ...]:
    """The inputs that move anything, largest swing first."""
    rows = []
    for item in inputs:
        low = _case(scenario, catalog, item, item.low, pair)
        high = _case(scenario, catalog, item, item.high, pair)
        row = Swing(item, low[0], high[0], low[1], high[1])
        if row.largest_swing > 0 or row.breakeven_low != row.breakeven_high:
            rows.append(row)
    rows.sort(key=lambda r: (-r.largest_swing, -(r.breakeven_swing or 0.0), r.input.key))
    return tuple(rows)


def _case(
    scenario: Scenario, catalog: Catalog, item: Input, value: float, pair: tuple[int, int] | None
) -> tuple[tuple[float, ...], float | None]:
    moved, moved_catalog = with_values(scenario, catalog, {item.key: value})
    priced = profiles(moved, moved_catalog)
    tcos = tuple(money.tco(p, moved.workload) for p in priced)
    if pair is None:
        return tcos, None
    return tcos, money.breakeven(priced[pair[0]], priced[pair[1]], moved.workload).month


def pick_pair(scenario: Scenario, base: list[CostProfile], pair: tuple[str, str] | None) -> tuple[int, int]:
    """The two options whose breakeven is tracked: as asked (key or label), or by default the
    cheapest option without upfront cost against the cheapest with one (rent vs buy, API vs build)."""
    if len(base) < 2:
        raise ScenarioError("sensitivity: the scenario needs at least two options to track a breakeven")
    if pair is not None:
        return _find(scenario, pair[0]), _find(scenario, pair[1])
    tcos = [money.tco(p, scenario.workload) for p in base]
    order = sorted(range(len(base)), key=tcos.__getitem__)
    without = [k for k in order if base[k].upfront == 0]
    with_upfront = [k for k in order if base[k].upfront > 0]
    if without and with_upfront:
        return without[0], with_upfront[0]
    return order[0], order[1]


def _find(scenario: Scenario, name: str) -> int:
    wanted = name.strip().lower()
    for k, spec in enumerate(scenario.options):
        if wanted in (spec.key, spec.name.lower()):
            return k
    known = ", ".join(spec.key for spec in scenario.options)
    raise ScenarioError(f"--pair: '{name}' is not an option of scenario '{scenario.name}' (options: {known})")
