"""How many GPUs a self-hosted option needs: from memory (VRAM) and from peak throughput; the larger wins."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from xlcost.core.catalog import Case, Catalog
from xlcost.core.scenario import Workload
from xlcost.errors import CatalogError

SECONDS_PER_DAY = 86_400
FLOAT_NOISE = 1e-9  # a computed 2.0000000001 GPUs is 2 GPUs


@dataclass(frozen=True, slots=True)
class Sizing:
    """The GPU count and the reason for it, so a reviewer can redo it by hand."""

    gpu: str
    model_size: str
    by_vram: int
    by_throughput: int
    gpus: int
    peak_tokens_per_s: float
    tokens_per_s_per_gpu: float
    throughput_row: str
    reason: str


def peak_output_tokens_per_s(workload: Workload) -> float:
    """Generation rate at the busiest hour of the busiest month in the horizon (output tokens/s)."""
    users = max(workload.users_in_month(1), workload.users_in_month(workload.horizon_months))
    return users * workload.output_tokens_per_user_day / SECONDS_PER_DAY * workload.peak_to_average


def size_gpus(
    workload: Workload, catalog: Catalog, *, model_size: str, gpu: str, basis: str = "seed", case: Case = "mid"
) -> Sizing:
    """GPUs needed to hold the model in memory and to serve the peak generation rate."""
    size = catalog.model_size(model_size)
    spec = catalog.gpu(gpu)
    by_vram = _ceil(size.min_vram_gb.at(case) / spec.vram_gb)
    row = catalog.throughput(model_size, gpu, basis) or catalog.throughput(model_size, gpu, "seed")
    if row is None:
        raise CatalogError(f"throughput.csv: no row for model size '{model_size}' to size GPUs from")
    peak = peak_output_tokens_per_s(workload)
    by_throughput = _ceil(peak / row.tokens_per_s_per_gpu)
    gpus = int(gpus_needed(peak, row.tokens_per_s_per_gpu, by_vram))
    binding = "memory" if by_vram >= by_throughput else "throughput"
    fallback = "" if row.gpu == gpu and row.basis == basis else f" (no {basis} row for {gpu}; used {row.id})"
    reason = (
        f"{gpus} x {gpu}: {binding} binds; VRAM {size.min_vram_gb.at(case):g} GB / {spec.vram_gb:g} GB -> {by_vram}, "
        f"peak {peak:,.1f} output tok/s / {row.tokens_per_s_per_gpu:g} tok/s per GPU ({row.basis}) "
        f"-> {by_throughput}{fallback}"
    )
    return Sizing(gpu, model_size, by_vram, by_throughput, gpus, peak, row.tokens_per_s_per_gpu, row.id, reason)


def gpus_needed(peak_tokens_per_s: ArrayLike, tokens_per_s_per_gpu: float, by_vram: int) -> float | np.ndarray:
    """At least one GPU, enough to hold the model, enough for the peak rate; a number, or an array for an array."""
    if isinstance(peak_tokens_per_s, int | float):
        return float(max(1, by_vram, math.ceil(peak_tokens_per_s / tokens_per_s_per_gpu - FLOAT_NOISE)))
    by_throughput = np.ceil(np.asarray(peak_tokens_per_s, dtype=float) / tokens_per_s_per_gpu - FLOAT_NOISE)
    return np.maximum(1, np.maximum(by_vram, by_throughput))


def _ceil(value: float) -> int:
    """Ceiling that ignores float noise (2.0000000001 GPUs is 2)."""
    return max(0, math.ceil(value - FLOAT_NOISE))
