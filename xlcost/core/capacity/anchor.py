"""A published measurement of the very deployment asked about: shown beside the estimate, or scaled to.

The method's own figure stays the default (what the calibration error describes); ``anchor=True``
scales the estimate by measured / physics at the measurement's own conditions, so the correction
carries to nearby request shapes and loads.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from xlcost.core.capacity.estimate import Estimate, estimate
from xlcost.core.capacity.measurements import Measurement, load_measurements, matching


def with_measurement(answer: Estimate, catalog_dir: Path | None = None, *, anchor: bool = False) -> Estimate:
    """The answer with the matching published measurement beside it, and scaled to it when ``anchor``."""
    d = answer.deployment
    found = matching(
        load_measurements(catalog_dir),
        model=d.model.id,
        gpu=d.gpu.id,
        gpus=answer.gpus,
        precision=d.precision,
        engine=d.engine.id,
        input_tokens=d.input_tokens,
        output_tokens=d.output_tokens,
        load=answer.question,
        concurrency=answer.concurrency if answer.question == "concurrency" else None,
    )
    if found is None:
        return answer
    if not anchor:
        return replace(answer, measured=found)
    factor = found.output_tokens_per_s / _physics_at(answer, found)
    return replace(
        answer,
        output_tokens_per_s=answer.output_tokens_per_s * factor,
        tpot_ms=answer.tpot_ms / factor,
        measured=found,
        anchored=True,
    )


def _physics_at(answer: Estimate, row: Measurement) -> float:
    """The method at the measurement's own request shape and load, on the answer's replica split."""
    shape = replace(answer.deployment, input_tokens=row.input_tokens, output_tokens=row.output_tokens)
    at = estimate(
        shape,
        gpus=row.gpus,
        tp=answer.tp,
        concurrency=float(row.concurrency) if row.load == "concurrency" and row.concurrency else None,
        tpot_ms=row.tpot_target_ms,
        ttft_ms=row.ttft_target_ms,
    )
    return at.output_tokens_per_s
