"""The estimator against published measurements: each one re-estimated from its own conditions.

Error is a ratio, ``max(estimate / measured, measured / estimate)``: 1.0 is exact, 2.0 is off by
half or double in either direction. Estimates here are the method's own (``estimate`` never anchors
on a measurement: that would grade the method with its own answers).
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from xlcost.core.capacity.engines import EngineProfile, load_engines
from xlcost.core.capacity.estimate import Deployment, estimate
from xlcost.core.capacity.measurements import Measurement
from xlcost.core.capacity.models import load_models
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import Gpu
from xlcost.errors import CapacityError


@dataclass(frozen=True, slots=True)
class Check:
    """One measurement and what the method says for it (``None``: the method refuses the deployment)."""

    measurement: Measurement
    estimated: float | None

    @property
    def error(self) -> float | None:
        if self.estimated is None or self.estimated <= 0:
            return None
        return math.exp(abs(math.log(self.estimated / self.measurement.output_tokens_per_s)))


@dataclass(frozen=True, slots=True)
class ErrorSummary:
    checked: int
    answered: int
    median: float
    within_2x: float
    worst: float


def check_all(
    measurements: Iterable[Measurement],
    engines: Mapping[str, EngineProfile] | None = None,
    catalog_dir: Path | None = None,
) -> list[Check]:
    """Re-estimate every measurement at its own deployment, request shape and load."""
    models = load_models(catalog_dir)
    gpus = load_catalog(catalog_dir).rows("gpus.csv", Gpu)
    profiles = engines or load_engines(catalog_dir)
    checks = []
    for row in measurements:
        deployment = Deployment(
            model=models[row.model],
            gpu=gpus[row.gpu],
            precision=row.precision,
            engine=profiles[row.engine],
            input_tokens=row.input_tokens,
            output_tokens=row.output_tokens,
        )
        try:
            answer = estimate(
                deployment,
                gpus=row.gpus,
                tp=row.tp,
                concurrency=float(row.concurrency) if row.load == "concurrency" and row.concurrency else None,
                tpot_ms=row.tpot_target_ms if row.load == "latency" else None,
                ttft_ms=row.ttft_target_ms if row.load == "latency" else None,
            )
            checks.append(Check(row, answer.output_tokens_per_s))
        except CapacityError:
            checks.append(Check(row, None))
    return checks


def summarise(checks: list[Check]) -> ErrorSummary:
    errors = [c.error for c in checks if c.error is not None]
    if not errors:
        return ErrorSummary(len(checks), 0, math.inf, 0.0, math.inf)
    return ErrorSummary(
        checked=len(checks),
        answered=len(errors),
        median=statistics.median(errors),
        within_2x=sum(e <= 2 for e in errors) / len(errors),
        worst=max(errors),
    )
