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
from xlcost.errors import CapacityError

SECONDS_PER_HOUR = 3_600
#: Defaults a planner may dispute, each shown beside the answer.
DEFAULT_TPOT_MS = 50.0  # 20 output tokens/s per user: faster than anyone reads
DEFAULT_TTFT_MS = 2_000.0  # MLPerf Inference's server target for Llama 2 70B
DEFAULT_UTILISATION = 0.8
DEFAULT_BUSY_HOUR_SHARE = 2 / 24  # the busiest hour carries twice the day's average hour
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
    """Replicas that carry the busy-hour peak within the target, on the fewest GPUs.

    Every replica size from the smallest that holds the model up to eight times it is tried (or only
    ``tp``): a bigger replica meets a tighter latency target, a smaller one wastes less at low load.
    """
    peak = daily_users * requests_per_user_day * busy_hour_share / SECONDS_PER_HOUR
    smallest = smallest_replica(deployment)
    sizes = [tp] if tp else [size for size in REPLICA_SIZES if smallest <= size <= 8 * smallest]
    options: list[tuple[int, int, Estimate]] = []  # (GPUs, replicas, one replica's answer)
    refusal: CapacityError | None = None
    for size in sizes:
        try:
            one = estimate(deployment, gpus=size, tp=size, tpot_ms=tpot_ms, ttft_ms=ttft_ms)
        except CapacityError as exc:
            refusal = exc
            continue
        replica_rps = one.output_tokens_per_s / deployment.output_tokens * utilisation
        replicas = math.ceil(peak / replica_rps - 1e-9) if peak > 0 else 0
        options.append((replicas * size, replicas, one))
    if not options:
        raise refusal or CapacityError("no replica size serves this deployment")
    _, replicas, one = min(options, key=lambda option: (option[0], option[2].tp))
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


def load_curve(deployment: Deployment, tp: int, cap: int, points: int = CURVE_POINTS) -> LoadPoint:
    """One replica at concurrencies 1, 2, 4 ... up to its cap: throughput against time per token."""
    rep = replica(deployment.model, deployment.gpu, tp, deployment.precision, deployment.engine)
    steps = sorted({*(2**k for k in range(points) if 2**k < cap), cap})
    return serve(rep, np.array(steps, dtype=float), deployment.input_tokens, deployment.output_tokens)
