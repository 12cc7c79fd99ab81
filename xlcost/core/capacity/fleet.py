"""From a workload to a fleet: replicas for the busy-hour peak, each loaded only as far as the latency target allows.

The peak is the busiest hour's requests per second: daily users x requests per user a day x the
busiest hour's share of the day / 3,600. A replica takes the most concurrent requests that still meet
the latency target; the fleet runs at ``utilisation`` of that (headroom for bursts inside the hour).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from xlcost.core.capacity.estimate import (
    REPLICA_SIZES,
    Deployment,
    Estimate,
    LoadPoint,
    estimate,
    serve,
    smallest_replica,
)
from xlcost.core.capacity.physics import replica
from xlcost.core.capacity.serving import (
    DEFAULT_BUSY_HOUR_SHARE,
    DEFAULT_TPOT_MS,
    DEFAULT_TTFT_MS,
    DEFAULT_UTILISATION,
)
from xlcost.errors import CapacityError, LatencyTargetError

SECONDS_PER_HOUR = 3_600
CURVE_POINTS = 12


@dataclass(frozen=True, slots=True)
class Fleet:
    """The replicas a workload needs and why."""

    per_replica: Estimate  # one replica at the latency target
    daily_users: float
    requests_per_user_day: float
    busy_hour_share: float
    tpot_target_ms: float
    ttft_target_ms: float
    utilisation: float
    peak_requests_per_s: float
    replicas: int
    curve: LoadPoint  # one replica's throughput against latency, concurrency 1 .. its cap

    @property
    def gpus(self) -> int:
        return self.replicas * self.per_replica.tp

    @property
    def peak_output_tokens_per_s(self) -> float:
        return self.peak_requests_per_s * self.per_replica.deployment.output_tokens

    @property
    def replica_requests_per_s(self) -> float:
        return self.per_replica.output_tokens_per_s / self.per_replica.deployment.output_tokens


def size_fleet(
    deployment: Deployment,
    *,
    daily_users: float,
    requests_per_user_day: float,
    busy_hour_share: float = DEFAULT_BUSY_HOUR_SHARE,
    tpot_ms: float = DEFAULT_TPOT_MS,
    ttft_ms: float = DEFAULT_TTFT_MS,
    utilisation: float = DEFAULT_UTILISATION,
    tp: int | None = None,
) -> Fleet:
    """Replicas that carry the busy-hour peak within the target (``replicas_for_peak``), with the load curve."""
    peak = daily_users * requests_per_user_day * busy_hour_share / SECONDS_PER_HOUR
    replicas, one = replicas_for_peak(
        deployment, peak, tpot_ms=tpot_ms, ttft_ms=ttft_ms, utilisation=utilisation, tp=tp
    )
    return Fleet(
        per_replica=one,
        daily_users=daily_users,
        requests_per_user_day=requests_per_user_day,
        busy_hour_share=busy_hour_share,
        tpot_target_ms=tpot_ms,
        ttft_target_ms=ttft_ms,
        utilisation=utilisation,
        peak_requests_per_s=peak,
        replicas=replicas,
        curve=load_curve(deployment, one.tp, one.max_concurrency),
    )


def replicas_for_peak(
    deployment: Deployment,
    peak_requests_per_s: float,
    *,
    tpot_ms: float | None,
    ttft_ms: float | None,
    utilisation: float,
    tp: int | None = None,
) -> tuple[int, Estimate]:
    """Replicas for a peak within the latency target, and one replica's answer.

    The replica is the smallest that holds the model and meets the target (or ``tp``), trying up to
    eight times the smallest that holds it: whatever the load, so GPUs grow in step with users and a
    column of workloads sizes as one workload does. Without a target a replica is taken flat out.
    """
    smallest = tp or smallest_replica(deployment)
    sizes = [tp] if tp else [size for size in REPLICA_SIZES if smallest <= size <= 8 * smallest]
    missed: CapacityError | None = None
    for size in sizes:
        try:
            one = estimate(deployment, gpus=size, tp=size, tpot_ms=tpot_ms, ttft_ms=ttft_ms)
        except LatencyTargetError as exc:
            missed = exc
            continue
        replica_rps = one.output_tokens_per_s / deployment.output_tokens * utilisation
        replicas = math.ceil(peak_requests_per_s / replica_rps - 1e-9) if peak_requests_per_s > 0 else 0
        return replicas, one
    raise missed or CapacityError("no replica size serves this deployment")


def load_curve(deployment: Deployment, tp: int, cap: int, points: int = CURVE_POINTS) -> LoadPoint:
    """One replica at concurrencies 1, 2, 4 ... up to its cap: throughput against time per token."""
    rep = replica(deployment.model, deployment.gpu, tp, deployment.precision, deployment.engine)
    steps = sorted({*(2**k for k in range(points) if 2**k < cap), cap})
    return serve(rep, np.array(steps, dtype=float), deployment.input_tokens, deployment.output_tokens)
