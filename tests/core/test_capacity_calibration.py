"""The capacity engine against published measurements, and the physics a planner would check by eye.

The error each engine row of templates/engines.csv records is what ``xlcost size`` quotes as the
error to expect; it may only improve. Refit with ``python benchmarks/calibrate.py``.
"""

from __future__ import annotations

import csv
import math
import statistics

import pytest

from tests.support.paths import ROOT
from xlcost.core.capacity.anchor import with_measurement
from xlcost.core.capacity.calibration import Check, check_all, summarise
from xlcost.core.capacity.engines import load_engines
from xlcost.core.capacity.estimate import Deployment, estimate
from xlcost.core.capacity.measurements import load_measurements
from xlcost.core.capacity.models import resolve_model
from xlcost.core.capacity.serving import Precision
from xlcost.core.catalog import load_catalog

SHARED_SET = ROOT.parent / "shared" / "calibration" / "throughput-measurements.csv"
SEED_TOKENS_PER_S_PER_GPU = 180.0
ROUNDING = 0.0005  # engines.csv records errors to three decimals


@pytest.fixture(scope="module")
def checks() -> list[Check]:
    return check_all(load_measurements())


@pytest.mark.parametrize("engine", ["vllm", "tensorrt-llm", "sglang"])
def test_median_error_per_engine_stays_within_its_recorded_value(checks: list[Check], engine: str) -> None:
    recorded = load_engines()[engine]
    mine = [c for c in checks if c.measurement.engine == engine]
    summary = summarise(mine)
    assert summary.checked == recorded.measurements
    assert summary.answered == summary.checked, "a published deployment was refused"
    assert recorded.median_error is not None and recorded.within_2x is not None
    assert summary.median <= recorded.median_error + ROUNDING
    assert summary.within_2x >= recorded.within_2x - ROUNDING


def test_the_method_beats_the_seed_constant_it_replaces(checks: list[Check]) -> None:
    seed = [
        math.exp(abs(math.log(SEED_TOKENS_PER_S_PER_GPU * c.measurement.gpus / c.measurement.output_tokens_per_s)))
        for c in checks
    ]
    method = summarise(checks)
    assert method.median < 1.3
    assert method.within_2x >= 0.9
    assert statistics.median(seed) > 4 * method.median


@pytest.mark.skipif(not SHARED_SET.is_file(), reason="the shared calibration set is not beside the repo")
def test_every_shared_measurement_is_in_the_catalog_with_its_figure() -> None:
    with SHARED_SET.open(newline="", encoding="utf-8") as handle:
        shared = {r["id"]: float(r["output_tok_s_total"]) for r in csv.DictReader(handle)}
    ours = {m.id: m.output_tokens_per_s for m in load_measurements()}
    assert {i: ours.get(i) for i in shared} == shared


def _deployment(
    model: str = "llama-3.3-70b",
    gpu: str = "h100-80g",
    precision: Precision = "fp8",
    isl: int = 1000,
    osl: int = 500,
    engine: str = "vllm",
) -> Deployment:
    return Deployment(resolve_model(model), load_catalog().gpu(gpu), precision, load_engines()[engine], isl, osl)


def test_throughput_and_time_per_token_rise_with_concurrency() -> None:
    answers = [estimate(_deployment(), gpus=2, tp=2, concurrency=c) for c in (1, 4, 16, 64, 256)]
    throughput = [a.output_tokens_per_s for a in answers]
    tpot = [a.tpot_ms for a in answers]
    assert throughput == sorted(throughput) and throughput[0] < throughput[-1] / 10
    assert tpot == sorted(tpot)


def test_longer_prompts_serve_fewer_output_tokens() -> None:
    short = estimate(_deployment(isl=1000, osl=1000), gpus=2)
    long = estimate(_deployment(isl=8192, osl=1000), gpus=2)
    assert long.output_tokens_per_s < short.output_tokens_per_s / 2
    assert long.max_concurrency < short.max_concurrency


def test_faster_memory_and_lower_precision_serve_more() -> None:
    h100 = estimate(_deployment(gpu="h100-80g"), gpus=2).output_tokens_per_s
    h200 = estimate(_deployment(gpu="h200-141g"), gpus=2).output_tokens_per_s
    bf16 = estimate(_deployment(precision="bf16"), gpus=2).output_tokens_per_s
    assert h200 > h100 > bf16


def test_one_request_on_one_gpu_decodes_at_about_the_bandwidth_over_the_weights() -> None:
    # Llama 3.1 8B in bf16 on an H100: 16.06 GB read a token at 3.35 TB/s is at most 209 tokens/s
    one = estimate(_deployment(model="llama-3.1-8b", precision="bf16", isl=100, osl=1000), gpus=1, concurrency=1)
    assert 60 < one.tokens_per_s_per_user < 3350e9 / 16.06e9
    assert one.bound == "memory bandwidth"


def test_data_parallel_replicas_multiply_throughput() -> None:
    single = estimate(_deployment(model="llama-3.1-8b"), gpus=1)
    eight = estimate(_deployment(model="llama-3.1-8b"), gpus=8, tp=1)
    assert eight.replicas == 8
    assert eight.output_tokens_per_s == pytest.approx(8 * single.output_tokens_per_s)


def test_a_matching_measurement_is_shown_and_anchors_only_when_asked() -> None:
    # h046: Llama 3.3 70B FP8 on 2 x H200 with TensorRT-LLM, 1,000 in / 1,000 out, offline: 5,174 tok/s
    physics = estimate(_deployment(gpu="h200-141g", osl=1000, engine="tensorrt-llm"), gpus=2)
    shown = with_measurement(physics)
    assert shown.measured is not None and shown.measured.id == "h046" and not shown.anchored
    assert shown.output_tokens_per_s == physics.output_tokens_per_s != pytest.approx(5174)
    anchored = with_measurement(physics, anchor=True)
    assert anchored.anchored and anchored.output_tokens_per_s == pytest.approx(5174)
    assert anchored.physics_output_tokens_per_s == physics.output_tokens_per_s
    near = estimate(_deployment(gpu="h200-141g", isl=1100, osl=900, engine="tensorrt-llm"), gpus=2)
    near_anchored = with_measurement(near, anchor=True)
    assert near_anchored.measured is not None and near_anchored.measured.id == "h046"
    ratio = 5174 / physics.output_tokens_per_s
    assert near_anchored.output_tokens_per_s == pytest.approx(near.output_tokens_per_s * ratio)
    far = estimate(_deployment(gpu="h200-141g", isl=4000, osl=1000, engine="tensorrt-llm"), gpus=2)
    assert with_measurement(far, anchor=True) == far
