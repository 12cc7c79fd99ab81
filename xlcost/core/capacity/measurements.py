"""Published throughput measurements: the oracle the engine constants are fitted on, and anchors.

``templates/measurements.csv`` holds each measurement with the catalog's model, GPU and engine ids,
its conditions, the figure, its source and a verbatim quote. An estimate for a deployment that a
measurement matches closely is scaled to it, and says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from xlcost.core.capacity.serving import Engine, Precision
from xlcost.core.catalog import optional_table
from xlcost.core.catalog.rows import Row, Slug

MEASUREMENTS_FILE = "measurements.csv"
Load = Literal["concurrency", "offline", "latency"]
Tokens = Annotated[int, Field(ge=1, le=10_000_000)]
Positive = Annotated[float, Field(gt=0, le=1e12, allow_inf_nan=False)]
#: A measurement anchors an estimate when its request shape and concurrency are this close (ratio).
ANCHOR_TOLERANCE = 1.25


class Measurement(Row):
    """One published figure: a deployment, a request shape, a load, and the output tokens/s it served."""

    kind: Literal["measurement"]
    model: Slug
    gpu: Slug
    gpus: Annotated[int, Field(ge=1, le=100_000)]
    tp: Annotated[int, Field(ge=1, le=100_000)] | None = None  # blank: the source does not say
    precision: Precision
    engine: Engine
    engine_label: str = ""
    input_tokens: Tokens
    output_tokens: Tokens
    load: Load
    concurrency: Annotated[int, Field(ge=1, le=10_000_000)] | None = None
    ttft_target_ms: Positive | None = None
    tpot_target_ms: Positive | None = None
    output_tokens_per_s: Positive  # the whole deployment
    ttft_ms: Positive | None = None
    tpot_ms: Positive | None = None
    quote: str = ""


def load_measurements(directory: Path | None = None) -> list[Measurement]:
    """The published measurements of a catalog directory, or the embedded ones."""
    return list(optional_table(directory, MEASUREMENTS_FILE, Measurement).values())


def _close(a: float, b: float) -> bool:
    return max(a, b) / min(a, b) <= ANCHOR_TOLERANCE


def matching(
    measurements: list[Measurement],
    *,
    model: str,
    gpu: str,
    gpus: int,
    precision: str,
    engine: str,
    input_tokens: int,
    output_tokens: int,
    load: Load,
    concurrency: float | None = None,
) -> Measurement | None:
    """The measurement of this very deployment under a close load, if one was published."""
    for row in measurements:
        same = (row.model, row.gpu, row.gpus, row.precision, row.engine, row.load) == (
            model,
            gpu,
            gpus,
            precision,
            engine,
            load,
        )
        if not same or not (_close(row.input_tokens, input_tokens) and _close(row.output_tokens, output_tokens)):
            continue
        if load == "concurrency" and (row.concurrency is None or concurrency is None):
            continue
        if load == "concurrency" and row.concurrency and concurrency and not _close(row.concurrency, concurrency):
            continue
        return row
    return None
