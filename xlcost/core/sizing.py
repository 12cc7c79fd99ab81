"""How many GPUs a self-hosted option needs at the busiest hour of the horizon.

Two ways: the capacity engine (``basis="engine"``: the scenario's model on this GPU, replicas within
the latency target), or a ``throughput.csv`` row (``seed``, ``measured``: a flat tokens/s per GPU and a
model-size band's memory floor, as seed 002 sizes).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, overload

import numpy as np
from numpy.typing import ArrayLike

from xlcost.core.catalog import Case, Catalog

if TYPE_CHECKING:
    from xlcost.core.capacity.estimate import Deployment
from xlcost.core.scenario import Serving, Workload
from xlcost.errors import CatalogError, LatencyTargetError

SECONDS_PER_DAY = 86_400
FLOAT_NOISE = 1e-9  # a computed 2.0000000001 GPUs is 2 GPUs
ENGINE_ROW = "capacity engine"  # a Sizing's throughput_row when the capacity engine sized it


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
    gpus_per_replica: int = 1  # GPUs come in whole replicas (tensor parallel) under the capacity engine
    warning: str | None = None  # the sizing stands, with a caveat (the latency target cannot be met)
    gpus_per_unit: float = 1.0  # GPUs one priced unit holds: 1 for a GPU, a tier's most for an on-prem build
    replica_tokens_per_s: float = 0.0  # what one replica serves within the target, before the planned share
    utilisation: float = 1.0  # the planned share of it (the seed basis plans at throughput.csv's figure)
    rate_reason: str = ""  # why a GPU serves tokens_per_s_per_gpu, whatever the load (the hybrid's unit)

    def units(self, gpus: ArrayLike) -> float | np.ndarray:
        """Priced units holding ``gpus`` GPUs, at least one: a GPU each, or whole on-prem builds."""
        if self.gpus_per_unit == 1:
            return gpus if isinstance(gpus, np.ndarray) else float(gpus)  # type: ignore[arg-type]  # ArrayLike: a number here
        whole = np.maximum(1, np.ceil(np.asarray(gpus, dtype=float) / self.gpus_per_unit - FLOAT_NOISE))
        return whole if isinstance(gpus, np.ndarray) else float(whole)

    def units_at_scale(self, scale: np.ndarray) -> np.ndarray:
        """Units for the same peak when a GPU serves ``scale`` times the rate this sizing counted on
        (the estimate's error drawn by the Monte Carlo): memory and replica size unchanged."""
        peak = self.peak_tokens_per_s / np.asarray(scale, dtype=float)
        return np.asarray(self.units(gpus_needed(peak, self.tokens_per_s_per_gpu, self.by_vram, self.gpus_per_replica)))


def peak_output_tokens_per_s(workload: Workload) -> float:
    """Generation rate at the busiest hour of the busiest month in the horizon (output tokens/s)."""
    users = max(workload.users_in_month(1), workload.users_in_month(workload.horizon_months))
    return peak_rate(workload, users)


@overload
def peak_rate(workload: Workload, users: float) -> float: ...
@overload
def peak_rate(workload: Workload, users: np.ndarray) -> np.ndarray: ...
def peak_rate(workload: Workload, users: float | np.ndarray) -> float | np.ndarray:
    """Generation rate at the busiest hour of a day with ``users`` daily users (output and reasoning tokens/s; arrays give arrays)."""
    return users * workload.generated_tokens_per_user_day / SECONDS_PER_DAY * workload.peak_to_average


def size_gpus(
    workload: Workload,
    catalog: Catalog,
    *,
    model_size: str,
    gpu: str,
    basis: str = "seed",
    case: Case = "mid",
    serving: Serving | None = None,
) -> Sizing:
    """GPUs needed to hold the model in memory and to serve the peak generation rate."""
    if basis == "engine":
        return _engine_sizing(workload, catalog, model_size, gpu, serving or Serving())
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
    rate = (
        f"{row.tokens_per_s_per_gpu:g} output tok/s per GPU (throughput.csv {row.id}, {row.basis}); "
        f"VRAM {size.min_vram_gb.at(case):g} GB / {spec.vram_gb:g} GB -> at least {by_vram}"
    )
    return Sizing(
        gpu,
        model_size,
        by_vram,
        by_throughput,
        gpus,
        peak,
        row.tokens_per_s_per_gpu,
        row.id,
        reason,
        replica_tokens_per_s=row.tokens_per_s_per_gpu,
        rate_reason=rate,
    )


def serving_deployment(workload: Workload, catalog: Catalog, model_size: str, gpu: str, serving: Serving) -> Deployment:
    """The scenario's model on one GPU type, with a request carrying a user's day over ``requests_per_user_day``."""
    from xlcost.core.capacity.engines import engine_profile  # loaded when first sized: Excel functions never are
    from xlcost.core.capacity.estimate import Deployment
    from xlcost.core.capacity.models import resolve_model

    model = resolve_model(serving.model or model_size, catalog.directory)
    return Deployment(
        model=model,
        gpu=catalog.gpu(gpu),
        precision=serving.precision or model.default_precision,
        engine=engine_profile(serving.engine, catalog.directory),
        input_tokens=max(1, round(workload.input_tokens_per_user_day / serving.requests_per_user_day)),
        output_tokens=max(1, round(workload.generated_tokens_per_user_day / serving.requests_per_user_day)),
    )


def _engine_sizing(workload: Workload, catalog: Catalog, model_size: str, gpu: str, serving: Serving) -> Sizing:
    """Whole replicas of the scenario's model that serve the peak within the latency target."""
    from xlcost.core.capacity.fleet import replicas_for_peak

    deployment = serving_deployment(workload, catalog, model_size, gpu, serving)
    peak = peak_output_tokens_per_s(workload)
    target: tuple[float | None, float | None] = (serving.tpot_ms, serving.ttft_ms)
    planned = serving.utilisation * serving.throughput_scale  # of the estimate, what a replica is counted on for
    warning = None
    try:
        replicas, one = replicas_for_peak(
            deployment, peak / deployment.output_tokens, tpot_ms=target[0], ttft_ms=target[1], utilisation=planned
        )
    except LatencyTargetError as missed:
        target, warning = (None, None), f"{gpu}: {missed}; sized for throughput alone"
        replicas, one = replicas_for_peak(
            deployment, peak / deployment.output_tokens, tpot_ms=None, ttft_ms=None, utilisation=planned
        )
    warning = "; ".join(w for w in (warning, *deployment.warnings) if w) or None
    per_gpu = one.output_tokens_per_s * planned / one.tp
    scaled = "" if serving.throughput_scale == 1 else f", taken as {serving.throughput_scale:g} x that"
    gpus = max(1, replicas) * one.tp
    d = deployment
    rate = (
        f"one replica of {one.tp} x {gpu} serves {one.output_tokens_per_s:,.0f} output tok/s of {d.model.id} "
        f"({d.precision}, {d.engine.id}, {d.input_tokens:,} in / {d.output_tokens:,} out per request) "
        f"{_within(target)} ({one.bound} binds){scaled}, planned at {serving.utilisation:.0%}"
    )
    reason = (
        f"{gpus} x {gpu}: {max(1, replicas)} replica{'s' if replicas > 1 else ''} of {one.tp} for {d.model.id} "
        f"({d.precision}, {d.engine.id}, {d.input_tokens:,} in / {d.output_tokens:,} out per request); one replica "
        f"serves {one.output_tokens_per_s:,.0f} output tok/s {_within(target)} ({one.bound} binds){scaled}, "
        f"planned at {serving.utilisation:.0%}; peak {peak:,.1f} output tok/s"
    )
    return Sizing(
        gpu,
        d.model.id,
        one.tp,
        replicas * one.tp,
        gpus,
        peak,
        per_gpu,
        ENGINE_ROW,
        reason,
        one.tp,
        warning,
        replica_tokens_per_s=one.output_tokens_per_s * serving.throughput_scale,  # as the sizing counted on it
        utilisation=serving.utilisation,
        rate_reason=rate,
    )


def _within(target: tuple[float | None, float | None]) -> str:
    tpot, ttft = target
    if tpot is None or ttft is None:
        return "flat out (no latency target met)"
    return f"within {tpot:g} ms per token and {ttft:g} ms to the first"


def gpus_needed(
    peak_tokens_per_s: ArrayLike, tokens_per_s_per_gpu: float, by_vram: int, gpus_per_replica: int = 1
) -> float | np.ndarray:
    """At least one GPU, enough to hold the model, enough whole replicas for the peak rate; a number or an array."""
    per_replica = tokens_per_s_per_gpu * gpus_per_replica
    if isinstance(peak_tokens_per_s, int | float):
        replicas = math.ceil(peak_tokens_per_s / per_replica - FLOAT_NOISE)
        return float(max(1, by_vram, replicas * gpus_per_replica))
    replicas_array = np.ceil(np.asarray(peak_tokens_per_s, dtype=float) / per_replica - FLOAT_NOISE)
    gpus: np.ndarray = np.maximum(1, np.maximum(by_vram, replicas_array * gpus_per_replica))
    return gpus


def _ceil(value: float) -> int:
    """Ceiling that ignores float noise (2.0000000001 GPUs is 2)."""
    return max(0, math.ceil(value - FLOAT_NOISE))
