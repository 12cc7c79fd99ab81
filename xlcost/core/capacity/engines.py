"""Serving engines as data: the shares of peak bandwidth and compute each achieves, fitted on measurements.

``templates/engines.csv`` holds one row per engine. The efficiencies and overheads are fitted by
``benchmarks/calibrate.py`` on the published measurements (``templates/measurements.csv``); the
memory settings are the engines' documented defaults. Each row also records the fit's error, which
every estimate quotes as the error to expect.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field

from xlcost.core.catalog import optional_table
from xlcost.core.catalog.rows import Row
from xlcost.errors import UnknownOptionError

ENGINES_FILE = "engines.csv"
Share = Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0, le=1e6, allow_inf_nan=False)]


class EngineProfile(Row):
    """How close one engine comes to the hardware, and the error of that claim on measurements."""

    kind: Literal["engine"]
    name: str
    bandwidth_efficiency: Share  # achieved share of HBM bandwidth in a decode step
    compute_efficiency: Share  # achieved share of dense tensor throughput (prefill, large batches)
    layer_overhead_us: NonNegative  # fixed time per layer per step (kernel launches, synchronisation)
    moe_layer_overhead_us: NonNegative  # more per layer of a mixture of experts (routing, permuting, grouped GEMMs)
    request_overhead_us: NonNegative  # time per running request per step (scheduling, sampling, detokenising)
    allreduce_us: NonNegative  # fixed latency of one all-reduce between tensor-parallel GPUs
    memory_fraction: Share  # share of GPU memory the engine takes (of what the weights leave, if kv_share_of_free)
    kv_share_of_free: bool  # True: the KV cache gets memory_fraction of the memory left after the weights
    workspace_gb: NonNegative  # per GPU, kept for activations and graphs
    max_batch: Annotated[int, Field(ge=1, le=1_000_000)]  # most requests decoded together
    fp8_kv_cache: bool  # an fp8 model keeps its KV cache in fp8
    measurements: Annotated[int, Field(ge=0)] = 0
    median_error: Annotated[float, Field(ge=1)] | None = None  # median of max(est/meas, meas/est)
    within_2x: Annotated[float, Field(ge=0, le=1)] | None = None
    worst_error: Annotated[float, Field(ge=1)] | None = None


def load_engines(directory: Path | None = None) -> dict[str, EngineProfile]:
    """The engine table of a catalog directory, or the embedded one."""
    return optional_table(directory, ENGINES_FILE, EngineProfile)


def engine_profile(engine: str, directory: Path | None = None) -> EngineProfile:
    engines = load_engines(directory)
    if engine not in engines:
        raise UnknownOptionError(f"unknown engine '{engine}' (engines: {', '.join(engines)})")
    return engines[engine]
