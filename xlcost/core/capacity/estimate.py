"""What a deployment serves: at a concurrency, flat out (offline), or within a latency target.

A deployment is ``gpus`` GPUs of one kind split into replicas of ``tp`` GPUs each. Requests in a
replica share each decode step; every request's prompt is prefilled once, stalling the others for
that long (chunked prefill spreads the stall, it does not remove it). So with ``c`` requests in
flight, each of ``i`` prompt and ``o`` output tokens, one request takes
``o x step(c) + c x prefill(i)`` seconds and the replica serves ``c x o`` output tokens in that time.
The KV cache (and the engine's batch limit) caps ``c``; requests past the cap wait in a queue.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from xlcost.core.capacity.engines import EngineProfile
from xlcost.core.capacity.measurements import Load, Measurement
from xlcost.core.capacity.models import ModelArch
from xlcost.core.capacity.physics import GIB, Num, Replica, maximum, minimum, replica
from xlcost.core.capacity.serving import Precision
from xlcost.core.catalog.rows import Gpu
from xlcost.errors import CapacityError, LatencyTargetError

Bound = Literal["memory bandwidth", "compute", "KV cache memory", "engine batch limit", "latency target"]
REPLICA_SIZES = (1, 2, 4, 8, 16, 32, 64)  # tensor-parallel sizes tried, smallest first


@dataclass(frozen=True, slots=True)
class Deployment:
    """What is served, on what: the inputs of every estimate."""

    model: ModelArch
    gpu: Gpu
    precision: Precision
    engine: EngineProfile
    input_tokens: int
    output_tokens: int

    def __post_init__(self) -> None:
        if self.input_tokens < 1 or self.output_tokens < 1:
            raise CapacityError("a request has at least one input and one output token")

    @property
    def warnings(self) -> tuple[str, ...]:
        """What is valid but implausible: a request past the model's published context still runs, badly."""
        context = self.input_tokens + self.output_tokens
        if context <= self.model.max_context:
            return ()
        return (
            f"{self.input_tokens:,} input + {self.output_tokens:,} output tokens exceed {self.model.id}'s "
            f"published context of {self.model.max_context:,} tokens: the engine runs it, the answers degrade",
        )


@dataclass(frozen=True, slots=True)
class Estimate:
    """One answer, with the reasons a planner needs to check it."""

    deployment: Deployment
    question: Load
    gpus: int
    tp: int
    replicas: int
    concurrency: float  # requests in flight over the deployment
    output_tokens_per_s: float  # the whole deployment
    ttft_ms: float
    tpot_ms: float
    max_concurrency: int  # what the KV cache (and batch limit) of all replicas holds at this request shape
    concurrency_limit: Literal["KV cache memory", "engine batch limit"]
    bound: Bound
    weights_gb_per_gpu: float
    kv_gb_per_request: float  # at the full context (prompt plus output), over the replica
    kv_budget_gb_per_replica: float
    usable_gb_per_gpu: float
    physics_output_tokens_per_s: float  # before any anchoring on a measurement
    measured: Measurement | None = None  # a published measurement of this very deployment and load
    anchored: bool = False  # True: the figures are scaled to ``measured``

    @property
    def output_tokens_per_s_per_gpu(self) -> float:
        return self.output_tokens_per_s / self.gpus

    @property
    def tokens_per_s_per_user(self) -> float:
        return 1000.0 / self.tpot_ms if self.tpot_ms > 0 else math.inf


@dataclass(frozen=True, slots=True)
class LoadPoint:
    """One replica at ``concurrency`` requests in flight: numbers, or arrays for an array of concurrencies."""

    concurrency: Any
    output_tokens_per_s: Any
    ttft_s: Any
    tpot_s: Any
    running: Any
    cap: float
    memory_bound: Any

    def at(self, index: int) -> LoadPoint:
        """The point at one index of an array answer, as numbers."""
        return LoadPoint(
            float(self.concurrency[index]),
            float(self.output_tokens_per_s[index]),
            float(self.ttft_s[index]),
            float(self.tpot_s[index]),
            float(self.running[index]),
            self.cap,
            bool(self.memory_bound[index]),
        )


def serve(rep: Replica, concurrency: Num, input_tokens: float, output_tokens: float) -> LoadPoint:
    """A replica's output tokens/s, time to first token and time per output token at a concurrency.

    A number takes plain float arithmetic (an Excel cell); an array takes numpy's (a column).
    """
    context = input_tokens + output_tokens / 2  # a running request holds on average half its output
    cap = float(rep.max_batch(context))
    running = minimum(concurrency, cap)
    step = rep.decode_step_s(running, context)
    prefill = rep.prefill_s(float(input_tokens))
    request = output_tokens * step + running * prefill
    prefill_share = running * prefill / request
    queued = maximum(concurrency - cap, 0.0) / max(cap, 1.0) * request
    ttft = prefill * (1.0 + (running - 1.0) * prefill_share) + queued
    tpot = step + (running - 1.0) * prefill / output_tokens
    memory, compute = rep.decode_memory_and_compute_s(running, context)
    return LoadPoint(concurrency, running * output_tokens / request, ttft, tpot, running, cap, memory >= compute)


def fits(rep: Replica, deployment: Deployment) -> bool:
    """The weights and one request at its full context fit in the replica."""
    return bool(rep.kv_budget_bytes >= rep.kv_bytes(float(deployment.input_tokens + deployment.output_tokens)))


def smallest_replica(deployment: Deployment) -> int:
    """The fewest GPUs (1, 2, 4, 8 ...) that hold the model and one request; refused with the reason."""
    for tp in REPLICA_SIZES:
        if fits(_replica(deployment, tp), deployment):
            return tp
    raise CapacityError(_does_not_fit(deployment, REPLICA_SIZES[-1]))


def estimate(
    deployment: Deployment,
    *,
    gpus: int | None = None,
    tp: int | None = None,
    concurrency: float | None = None,
    tpot_ms: float | None = None,
    ttft_ms: float | None = None,
) -> Estimate:
    """Answer one question: at ``concurrency``; within ``tpot_ms``/``ttft_ms``; else offline (flat out).

    Without ``gpus`` the deployment is the smallest replica that holds the model. With ``gpus`` and
    no ``tp``, every split into equal replicas that fits is tried and the one serving most wins.
    """
    question: Load = "concurrency" if concurrency is not None else "latency" if tpot_ms or ttft_ms else "offline"
    if gpus is None:
        tp = tp or smallest_replica(deployment)
        gpus = tp
    if tp is not None and gpus % tp:
        raise CapacityError(f"replicas of {tp} GPUs do not divide {gpus} GPUs evenly")
    sizes = [tp] if tp is not None else [s for s in (*REPLICA_SIZES, gpus) if s <= gpus and gpus % s == 0]
    candidates = [_replica(deployment, size) for size in dict.fromkeys(sizes)]
    fitting = [rep for rep in candidates if fits(rep, deployment)]
    if not fitting:
        raise CapacityError(_does_not_fit(deployment, max(sizes)))
    answers = [_answer(rep, deployment, question, gpus, concurrency, tpot_ms, ttft_ms) for rep in fitting]
    feasible = [a for a in answers if a is not None]
    if not feasible:
        raise LatencyTargetError(_misses_target(fitting[-1], deployment, tpot_ms, ttft_ms))
    return max(feasible, key=lambda e: (e.output_tokens_per_s, -e.tp))


def _replica(deployment: Deployment, tp: int) -> Replica:
    return replica(deployment.model, deployment.gpu, tp, deployment.precision, deployment.engine)


def _answer(
    rep: Replica,
    deployment: Deployment,
    question: Load,
    gpus: int,
    concurrency: float | None,
    tpot_ms: float | None,
    ttft_ms: float | None,
) -> Estimate | None:
    replicas = gpus // rep.tp
    isl, osl = deployment.input_tokens, deployment.output_tokens
    cap = float(rep.max_batch(isl + osl / 2))
    if question == "concurrency":
        point = serve(rep, float(concurrency or 0) / replicas, isl, osl)
    elif question == "offline":
        point = serve(rep, cap, isl, osl)
    else:
        curve = serve(rep, np.arange(1.0, cap + 1.0), isl, osl)
        ok = np.ones(curve.concurrency.shape, dtype=bool)
        if tpot_ms:
            ok &= curve.tpot_s * 1000 <= tpot_ms
        if ttft_ms:
            ok &= curve.ttft_s * 1000 <= ttft_ms
        if not ok.any():
            return None
        point = curve.at(int(np.flatnonzero(ok)[-1]))
    if question == "latency" and point.running < cap:
        bound: Bound = "latency target"
    elif point.running >= cap and point.concurrency >= cap:
        bound = "engine batch limit" if cap >= rep.engine.max_batch else "KV cache memory"  # what caps the batch
    else:
        bound = "memory bandwidth" if point.memory_bound else "compute"
    throughput = point.output_tokens_per_s * replicas
    return Estimate(
        deployment=deployment,
        question=question,
        gpus=gpus,
        tp=rep.tp,
        replicas=replicas,
        concurrency=point.concurrency * replicas,
        output_tokens_per_s=throughput,
        ttft_ms=point.ttft_s * 1000,
        tpot_ms=point.tpot_s * 1000,
        max_concurrency=int(cap) * replicas,
        concurrency_limit="engine batch limit" if cap >= rep.engine.max_batch else "KV cache memory",
        bound=bound,
        weights_gb_per_gpu=rep.weight_bytes / rep.tp / GIB,
        kv_gb_per_request=float(rep.kv_bytes(float(isl + osl))) / GIB,
        kv_budget_gb_per_replica=rep.kv_budget_bytes / GIB,
        usable_gb_per_gpu=rep.usable_bytes_per_gpu / GIB,
        physics_output_tokens_per_s=throughput,
    )


def _does_not_fit(deployment: Deployment, gpus: int) -> str:
    rep = _replica(deployment, gpus)
    model, gpu = deployment.model, deployment.gpu
    context = deployment.input_tokens + deployment.output_tokens
    need = rep.weight_bytes + float(rep.kv_bytes(float(context)))
    have = rep.usable_bytes_per_gpu * gpus
    more = next((s for s in REPLICA_SIZES if s > gpus and fits(_replica(deployment, s), deployment)), None)
    hint = f"; {more} x {gpu.id} would hold it" if more else ""
    return (
        f"{model.id} at {deployment.precision} does not fit on {gpus} x {gpu.id}: weights {rep.weight_bytes / GIB:,.1f} GiB "
        f"+ KV cache {float(rep.kv_bytes(float(context))) / GIB:,.2f} GiB for one request of {context:,} tokens "
        f"= {need / GIB:,.1f} GiB, against {have / GIB:,.1f} GiB usable ({gpus} x {rep.usable_bytes_per_gpu / GIB:,.1f} GiB)"
        f"{hint}; or use a lower precision"
    )


def _misses_target(rep: Replica, deployment: Deployment, tpot_ms: float | None, ttft_ms: float | None) -> str:
    one = serve(rep, 1.0, deployment.input_tokens, deployment.output_tokens)
    return (
        f"no load meets the latency target (time per output token <= {tpot_ms or 'any'} ms, time to first token "
        f"<= {ttft_ms or 'any'} ms): one request alone on {rep.tp} x {deployment.gpu.id} takes "
        f"{one.tpot_s * 1000:,.1f} ms per output token and {one.ttft_s * 1000:,.0f} ms to the first"
    )
