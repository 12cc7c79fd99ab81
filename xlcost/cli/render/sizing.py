"""``xlcost size``: an estimate as a figure-per-row table, a fleet with its load curve, and both as JSON."""

from __future__ import annotations

from typing import Any

from xlcost.core.capacity.estimate import Estimate
from xlcost.core.capacity.fleet import Fleet
from xlcost.io.table import Column, TableFormat, number, print_table

FIGURE_COLUMNS = (Column("figure"), Column("value", "text"))
CURVE_COLUMNS = (
    Column("in flight", "number", places=0),
    Column("output tok/s", "number", places=0),
    Column("per GPU", "number", places=0, drop_order=1),
    Column("per user", "number", places=1),
    Column("TTFT ms", "number", places=0),
    Column("TPOT ms", "number", places=1),
    Column("in target"),
)


def _title(e: Estimate, fleet: bool = False) -> str:
    d = e.deployment
    split = f"{e.replicas} replica{'s' if e.replicas > 1 else ''} of {e.tp}"
    where = f"replicas of {e.tp} x {d.gpu.id}" if fleet else f"{e.gpus} x {d.gpu.id} ({split})"
    return (
        f"{d.model.id} on {where}, {d.precision}, {d.engine.id}; "
        f"{d.input_tokens:,} in / {d.output_tokens:,} out tokens per request"
    )


def _error_text(e: Estimate) -> str:
    p = e.deployment.engine
    if not p.measurements or p.median_error is None:
        return f"not measured: no published measurement for {p.id} yet"
    return (
        f"median x{p.median_error:.2f}, {p.within_2x or 0:.0%} within 2x, worst x{p.worst_error or 0:.1f} "
        f"({p.measurements} published measurements with {p.id})"
    )


def figure_rows(e: Estimate) -> list[tuple[str, str]]:
    question = {
        "concurrency": "at a fixed concurrency",
        "offline": "flat out (offline)",
        "latency": "within the latency target",
    }
    rows = [
        ("question", question[e.question]),
        ("output tokens/s", f"{number(e.output_tokens_per_s, 0)} ({number(e.output_tokens_per_s_per_gpu, 0)} per GPU)"),
        (
            "concurrency",
            f"{number(e.concurrency, 0)} requests in flight (at most {e.max_concurrency:,} at once: {e.concurrency_limit})",
        ),
        ("time to first token", f"{number(e.ttft_ms, 0)} ms"),
        (
            "time per output token",
            f"{number(e.tpot_ms, 1)} ms ({number(e.tokens_per_s_per_user, 1)} tokens/s per user)",
        ),
        ("bound", e.bound),
        (
            "memory per GPU",
            f"weights {e.weights_gb_per_gpu:,.1f} GiB of {e.usable_gb_per_gpu:,.1f} GiB usable; "
            f"KV cache {e.kv_budget_gb_per_replica / e.tp:,.1f} GiB",
        ),
        (
            "KV cache per request",
            f"{e.kv_gb_per_request:,.3f} GiB at {e.deployment.input_tokens + e.deployment.output_tokens:,} tokens",
        ),
        ("expected error", _error_text(e)),
    ]
    if e.measured is not None:
        m = e.measured
        verb = "anchored on" if e.anchored else "published"
        rows.append(
            (
                verb,
                f"{m.id}: {number(m.output_tokens_per_s, 0)} output tok/s measured at {m.input_tokens:,} in / "
                f"{m.output_tokens:,} out, {number(e.physics_output_tokens_per_s, 0)} from the method here "
                f"({m.engine_label}; {m.source})",
            )
        )
    return rows


def print_estimate(e: Estimate, fmt: TableFormat) -> None:
    print_table(FIGURE_COLUMNS, figure_rows(e), title=_title(e), fmt=fmt)


def estimate_json(e: Estimate) -> dict[str, Any]:
    d, p = e.deployment, e.deployment.engine
    return {
        "model": d.model.id,
        "gpu": d.gpu.id,
        "gpus": e.gpus,
        "tp": e.tp,
        "replicas": e.replicas,
        "precision": d.precision,
        "engine": p.id,
        "input_tokens": d.input_tokens,
        "output_tokens": d.output_tokens,
        "question": e.question,
        "output_tokens_per_s": e.output_tokens_per_s,
        "output_tokens_per_s_per_gpu": e.output_tokens_per_s_per_gpu,
        "concurrency": e.concurrency,
        "max_concurrency": e.max_concurrency,
        "concurrency_limit": e.concurrency_limit,
        "ttft_ms": e.ttft_ms,
        "tpot_ms": e.tpot_ms,
        "tokens_per_s_per_user": e.tokens_per_s_per_user,
        "bound": e.bound,
        "memory_gib": {
            "usable_per_gpu": e.usable_gb_per_gpu,
            "weights_per_gpu": e.weights_gb_per_gpu,
            "kv_cache_per_request": e.kv_gb_per_request,
            "kv_cache_per_replica": e.kv_budget_gb_per_replica,
        },
        "expected_error": {
            "measurements": p.measurements,
            "median": p.median_error,
            "within_2x": p.within_2x,
            "worst": p.worst_error,
        },
        "physics_output_tokens_per_s": e.physics_output_tokens_per_s,
        "anchored": e.anchored,
        "measured": None
        if e.measured is None
        else {
            "id": e.measured.id,
            "output_tokens_per_s": e.measured.output_tokens_per_s,
            "input_tokens": e.measured.input_tokens,
            "output_tokens": e.measured.output_tokens,
            "source": e.measured.source,
        },
    }


def print_fleet(f: Fleet, fmt: TableFormat) -> None:
    e = f.per_replica
    rows = [
        ("daily users", number(f.daily_users, 0)),
        ("busy hour", f"{f.busy_hour_share:.1%} of {number(f.requests_per_user_day, 2)} requests per user a day"),
        (
            "peak",
            f"{number(f.peak_requests_per_s, 2)} requests/s, {number(f.peak_output_tokens_per_s, 0)} output tokens/s",
        ),
        (
            "latency target",
            f"time per output token <= {number(f.tpot_target_ms, 1)} ms, first token <= {number(f.ttft_target_ms, 0)} ms",
        ),
        (
            "one replica",
            f"{e.tp} x {e.deployment.gpu.id}: {number(f.replica_requests_per_s, 2)} requests/s "
            f"({number(e.output_tokens_per_s, 0)} output tok/s at concurrency {number(e.concurrency, 0)}; {e.bound} binds)",
        ),
        ("planned utilisation", f"{f.utilisation:.0%}"),
        ("fleet", f"{f.replicas:,} replica{'s' if f.replicas != 1 else ''} = {f.gpus:,} x {e.deployment.gpu.id}"),
        ("expected error", _error_text(e)),
    ]
    print_table(FIGURE_COLUMNS, rows, title=_title(e, fleet=True), fmt=fmt)
    print_table(
        CURVE_COLUMNS, curve_rows(f), title="One replica: output tokens/s against latency (per user: tok/s)", fmt=fmt
    )


def curve_rows(f: Fleet) -> list[tuple[object, ...]]:
    c, e = f.curve, f.per_replica
    rows: list[tuple[object, ...]] = []
    for i, concurrency in enumerate(c.concurrency):
        tpot = float(c.tpot_s[i]) * 1000
        rows.append(
            (
                float(concurrency),
                float(c.output_tokens_per_s[i]),
                float(c.output_tokens_per_s[i]) / e.tp,
                1000 / tpot,
                float(c.ttft_s[i]) * 1000,
                tpot,
                "yes" if concurrency <= e.concurrency else "no",
            )
        )
    return rows


def fleet_json(f: Fleet) -> dict[str, Any]:
    return {
        "daily_users": f.daily_users,
        "requests_per_user_day": f.requests_per_user_day,
        "busy_hour_share": f.busy_hour_share,
        "tpot_target_ms": f.tpot_target_ms,
        "ttft_target_ms": f.ttft_target_ms,
        "peak_requests_per_s": f.peak_requests_per_s,
        "peak_output_tokens_per_s": f.peak_output_tokens_per_s,
        "utilisation": f.utilisation,
        "replicas": f.replicas,
        "gpus": f.gpus,
        "replica": estimate_json(f.per_replica),
        "curve": [
            dict(
                zip(
                    (
                        "concurrency",
                        "output_tokens_per_s",
                        "output_tokens_per_s_per_gpu",
                        "tokens_per_s_per_user",
                        "ttft_ms",
                        "tpot_ms",
                        "meets_target",
                    ),
                    row,
                    strict=True,
                )
            )
            for row in curve_rows(f)
        ],
    }
