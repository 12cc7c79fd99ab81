"""Monte Carlo: many possible futures at once, every uncertain input drawn from low/base/high.

An option's upfront, flat monthly and usage monthly cost is affine in each of its inputs taken
one at a time (prices times quantities, lines added up), so the core prices it at the corners
of its inputs' box (2^k resolves) and numpy interpolates every draw between them exactly. Growth
enters through the growth sum only. GPU and seat counts sized from the workload are held at the
base sizing: a fleet is bought or reserved once, it does not follow each simulated future. The
exception is the capacity engine's own error: where the engine sized an option, each draw's
throughput per GPU (log-normal over the engine's measured error, ``inputs``) re-sizes the units
for the base load, since a fleet planned on a wrong estimate must still serve that load. Cost is
affine in units too, so the units are one more interpolation axis (priced at one and two units).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import product
from typing import Literal

import numpy as np

from xlcost.analysis.uncertainty.inputs import (
    THROUGHPUT,
    Input,
    engine_sized,
    hold_units,
    profiles,
    uncertain_inputs,
    with_values,
)
from xlcost.core import money
from xlcost.core.catalog import Catalog
from xlcost.core.compare import catalog_for, context_for
from xlcost.core.pricing import resolve
from xlcost.core.scenario import Scenario, growth_sum
from xlcost.errors import ScenarioError
from xlcost.limits import MAX_DRAWS, MAX_OPTION_DRAWS, in_range
from xlcost.progress import Progress

Distribution = Literal["triangular", "pert"]
DISTRIBUTIONS: tuple[Distribution, ...] = ("triangular", "pert")
MAX_INPUTS_PER_OPTION = 12  # 4,096 corner resolves; beyond that narrow the inputs
CHUNK_CELLS = 2_000_000  # draws x corners interpolated at once
GROWTH = "workload:monthly_growth"


@dataclass(frozen=True)
class Simulation:
    """Simulated TCO per draw (rows) and option (columns), with how it was drawn."""

    scenario: Scenario
    options: tuple[str, ...]
    inputs: tuple[Input, ...]
    draws: int
    seed: int | None
    distribution: Distribution
    tco: np.ndarray  # shape (draws, options)
    samples: dict[str, np.ndarray]  # input key -> its value in each draw
    notes: tuple[str, ...]

    def percentile(self, q: float) -> np.ndarray:
        tco_at_q: np.ndarray = np.percentile(self.tco, q, axis=0)
        return tco_at_q

    @property
    def p_cheapest(self) -> np.ndarray:
        """Share of draws in which each option has the lowest TCO."""
        winners = np.argmin(self.tco, axis=1)
        return np.bincount(winners, minlength=len(self.options)) / self.draws


def simulate(
    scenario: Scenario,
    catalog: Catalog,
    *,
    draws: int = 10_000,
    seed: int | None = None,
    distribution: str = "triangular",  # a Distribution; anything else is refused
    spread: float = 0.20,
    workload_spread: float | None = None,
    growth_spread: float = 0.01,
    inputs: list[Input] | None = None,
    progress: Progress | None = None,
) -> Simulation:
    """Draw every uncertain input ``draws`` times and price every option in every draw."""
    in_range(draws, "draws", 1, MAX_DRAWS, ScenarioError)  # every draw prices every option: memory grows with it
    futures = draws * len(scenario.options)
    if futures > MAX_OPTION_DRAWS:
        raise ScenarioError(
            f"{len(scenario.options)} options x {draws:,} draws = {futures:,} priced futures (limit "
            f"{MAX_OPTION_DRAWS:,}); use at most {MAX_OPTION_DRAWS // len(scenario.options):,} draws for this scenario"
        )
    if seed is not None:
        in_range(seed, "seed", 0, 2**63 - 1, ScenarioError)
    if distribution not in DISTRIBUTIONS:
        raise ScenarioError(f"distribution must be 'triangular' or 'pert' (got {distribution!r})")
    catalog = catalog_for(scenario, catalog)
    if inputs is None:
        inputs = uncertain_inputs(
            scenario, catalog, spread=spread, workload_spread=workload_spread, growth_spread=growth_spread
        )
    base = profiles(scenario, catalog)
    resized = {k for k, p in enumerate(base) if engine_sized(p)} if any(i.key == THROUGHPUT for i in inputs) else set()
    fixed, notes = hold_units(scenario, catalog, resized)
    notes += [
        f"{item.label}: drawn log-normal around {item.base:g} (sigma {item.log_normal[0]:.3f} of the log), clipped at "
        f"x{item.log_normal[1]:g} either way, the engine's measured error, whatever the distribution of the prices"
        for item in inputs
        if item.log_normal is not None
    ]
    rng = np.random.default_rng(seed)
    samples = {item.key: _draw(rng, item, draws, distribution) for item in inputs}
    n = scenario.months
    growth = samples.get(GROWTH, np.full(draws, scenario.workload.monthly_growth))
    sums = growth_sum(growth, n)
    priced = [item for item in inputs if item.key != GROWTH]
    columns = []
    for k, spec in enumerate(fixed.options):
        if progress:
            progress(spec.name, k, len(fixed.options))
        relevant = _relevant(fixed, catalog, k, priced)
        units_axis = k in resized
        if len(relevant) + units_axis > MAX_INPUTS_PER_OPTION:
            raise ScenarioError(
                f"option '{spec.key}' depends on {len(relevant) + units_axis} uncertain inputs (at most "
                f"{MAX_INPUTS_PER_OPTION}); give some of them as overrides or set spread to 0"
            )
        corners = _corners(fixed, catalog, k, relevant, units_axis)
        shares = [(samples[item.key] - item.low) / (item.high - item.low) for item in relevant]
        if units_axis:  # units drawn for the estimate's error: the share past one unit (exact, costs being affine)
            sizing = base[k].sizing
            assert sizing is not None  # engine_sized
            scale = samples[THROUGHPUT] / scenario.serving.throughput_scale
            shares.append(sizing.units_at_scale(scale) - 1.0)
        upfront, fixed_monthly, variable = (_interpolate(corners[..., c], shares) for c in range(3))
        columns.append(money.tco_closed_form(upfront, fixed_monthly, variable, n, sums))
    if progress:
        progress("done", len(fixed.options), len(fixed.options))
    tco = np.column_stack([np.broadcast_to(col, (draws,)) for col in columns])
    return Simulation(
        scenario,
        tuple(s.name for s in fixed.options),
        tuple(inputs),
        draws,
        seed,
        distribution,
        tco,
        samples,
        tuple(notes),
    )


def _draw(rng: np.random.Generator, item: Input, draws: int, distribution: Distribution) -> np.ndarray:
    if item.log_normal is not None:  # a measured error: log-normal around the base, clipped at the worst seen
        sigma, worst = item.log_normal
        return np.clip(item.base * np.exp(rng.normal(0.0, sigma, draws)), item.base / worst, item.base * worst)
    low, mode, high = item.low, item.base, item.high
    if high <= low:
        return np.full(draws, low)
    if distribution == "pert":
        alpha = 1 + 4 * (mode - low) / (high - low)
        beta = 1 + 4 * (high - mode) / (high - low)
        return low + rng.beta(alpha, beta, draws) * (high - low)
    return rng.triangular(low, mode, high, draws)


def _components(scenario: Scenario, catalog: Catalog, k: int) -> tuple[float, float, float]:
    p = resolve(scenario.options[k], context_for(scenario), catalog)
    return p.upfront, p.fixed_monthly, p.variable_monthly


def _relevant(scenario: Scenario, catalog: Catalog, k: int, inputs: list[Input]) -> list[Input]:
    """The inputs that change option k's cost profile at their low or high."""
    base = _components(scenario, catalog, k)
    found = []
    for item in inputs:
        if item.high <= item.low:
            continue
        for value in (item.low, item.high):
            if _components(*with_values(scenario, catalog, {item.key: value}), k) != base:
                found.append(item)
                break
    return found


def _corners(
    scenario: Scenario, catalog: Catalog, k: int, relevant: list[Input], units_axis: bool = False
) -> np.ndarray:
    """Option k's (upfront, fixed, variable) at every low/high corner: shape (2,)*axes + (3,); with
    ``units_axis`` a last axis at one and two units."""
    axes = len(relevant) + units_axis
    values = []
    for corner in product((0, 1), repeat=axes):
        moved = {item.key: (item.low, item.high)[side] for item, side in zip(relevant, corner, strict=False)}
        at, prices = with_values(scenario, catalog, moved)
        if units_axis:
            options = list(at.options)
            options[k] = options[k].model_copy(update={"units": 1.0 + corner[-1]})
            at = at.model_copy(update={"options": options})
        values.append(_components(at, prices, k))
    return np.array(values, dtype=float).reshape((2,) * axes + (3,))


def _interpolate(corners: np.ndarray, shares: list[np.ndarray]) -> np.ndarray | float:
    """Multilinear interpolation of the corner values at each draw (exact for multi-affine costs).

    Axes are contracted one at a time, in chunks of draws so memory stays bounded."""
    if not shares:
        return float(corners)
    flat = corners.reshape(2, -1)
    draws = len(shares[0])
    chunk = max(1, CHUNK_CELLS // flat.shape[1])
    out = np.empty(draws)
    for start in range(0, draws, chunk):
        part = [share[start : start + chunk, None] for share in shares]
        result = flat[0][None, :] * (1 - part[0]) + flat[1][None, :] * part[0]
        for share in part[1:]:
            half = result.shape[1] // 2
            result = result[:, :half] * (1 - share) + result[:, half:] * share
        out[start : start + chunk] = result[:, 0]
    return out
