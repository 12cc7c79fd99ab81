"""``xlcost size`` as a planner uses it: every model and GPU id, a config.json, a workload's fleet, piped and as JSON."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.support.cli import xlcost
from tests.support.model_configs import LLAMA_405B_CONFIG, write_config
from xlcost.cli.app import app
from xlcost.core.capacity.models import load_models
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import Gpu

runner = CliRunner()
SIZED_GPUS = [
    g for g, row in load_catalog().rows("gpus.csv", Gpu).items() if getattr(row, "memory_bandwidth_gbs", None)
]


def size(*args: str) -> dict[str, Any]:
    result = runner.invoke(app, ["size", *args, "--json"])
    assert result.exit_code == 0, result.output
    loaded: dict[str, Any] = json.loads(result.stdout)
    return loaded


@pytest.mark.parametrize("model", sorted(load_models()))
def test_every_catalog_model_is_sized_on_h200s(model: str) -> None:
    answer = size("--model", model, "--gpu", "h200-141g", "--input-tokens", "1000", "--output-tokens", "500")
    assert answer["model"] == model
    assert answer["output_tokens_per_s"] > 0
    assert answer["output_tokens_per_s_per_gpu"] * answer["gpus"] == pytest.approx(answer["output_tokens_per_s"])
    assert answer["concurrency"] >= 1 and answer["ttft_ms"] > 0 and answer["tpot_ms"] > 0
    memory = answer["memory_gib"]
    assert memory["weights_per_gpu"] < memory["usable_per_gpu"]


@pytest.mark.parametrize("gpu", SIZED_GPUS)
def test_every_gpu_with_datasheet_figures_serves_an_8b_model(gpu: str) -> None:
    answer = size(
        "--model",
        "llama-3.1-8b",
        "--gpu",
        gpu,
        "--precision",
        "fp8",
        "--input-tokens",
        "500",
        "--output-tokens",
        "200",
        "--concurrency",
        "8",
    )
    assert answer["gpu"] == gpu and answer["gpus"] == 1
    assert answer["output_tokens_per_s"] > 0


def test_the_same_deployment_ranks_gpus_by_their_datasheets() -> None:
    shape = "--model llama-3.3-70b --precision fp8 --gpus 8 --input-tokens 1000 --output-tokens 1000 --offline"
    per_gpu = {
        gpu: size("--gpu", gpu, *shape.split())["output_tokens_per_s"]
        for gpu in ("a100-80g", "h100-80g", "h200-141g", "b200-192g")
    }
    assert per_gpu["a100-80g"] < per_gpu["h100-80g"] < per_gpu["h200-141g"] < per_gpu["b200-192g"]


def test_a_config_json_answers_like_the_catalog_id(tmp_path: Path) -> None:
    path = write_config(tmp_path, "Llama-3.1-405B", LLAMA_405B_CONFIG)
    shape = [
        "--gpu",
        "h200-141g",
        "--precision",
        "fp8",
        "--gpus",
        "8",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "1000",
    ]
    by_id = size("--model", "llama-3.1-405b", *shape)
    by_config = size("--model", str(path), *shape)
    assert by_config["model"] == "llama-3.1-405b"
    for key in ("output_tokens_per_s", "concurrency", "ttft_ms", "tpot_ms", "tp"):
        assert by_config[key] == pytest.approx(by_id[key], rel=0.01), key


def test_without_gpus_the_smallest_replica_that_holds_the_model_is_used() -> None:
    answer = size("--model", "deepseek-v3", "--gpu", "h200-141g", "--input-tokens", "1000", "--output-tokens", "1000")
    assert (answer["gpus"], answer["tp"], answer["replicas"], answer["precision"]) == (8, 8, 1, "fp8")


def test_a_latency_target_is_met() -> None:
    answer = size(
        "--model",
        "llama-3.3-70b",
        "--gpu",
        "h100-80g",
        "--gpus",
        "4",
        "--input-tokens",
        "2000",
        "--output-tokens",
        "500",
        "--tpot-ms",
        "40",
        "--ttft-ms",
        "1500",
    )
    assert answer["question"] == "latency"
    assert answer["tpot_ms"] <= 40 and answer["ttft_ms"] <= 1500


def test_a_fleet_for_a_workload_and_its_curve() -> None:
    fleet = size(
        "--model",
        "llama-3.1-8b",
        "--gpu",
        "h100-80g",
        "--users",
        "1000000",
        "--requests-per-user-day",
        "5",
        "--input-tokens",
        "1000",
        "--output-tokens",
        "300",
    )
    assert fleet["peak_requests_per_s"] == pytest.approx(1_000_000 * 5 * (2 / 24) / 3600)
    per_replica = fleet["replica"]["output_tokens_per_s"] / 300 * fleet["utilisation"]
    assert (fleet["replicas"] - 1) * per_replica < fleet["peak_requests_per_s"] <= fleet["replicas"] * per_replica
    assert fleet["gpus"] == fleet["replicas"] * fleet["replica"]["tp"]
    assert fleet["replica"]["tpot_ms"] <= fleet["tpot_target_ms"]
    met = [p["meets_target"] for p in fleet["curve"]]
    assert met[0] == "yes" and met == sorted(met, reverse=True)


def test_zero_users_need_no_replicas_and_ten_million_need_many() -> None:
    shape: tuple[str, ...] = (
        "--model",
        "llama-3.3-70b",
        "--gpu",
        "h100-80g",
        "--requests-per-user-day",
        "2",
        "--input-tokens",
        "1500",
        "--output-tokens",
        "400",
    )
    assert size(*shape, "--users", "0")["replicas"] == 0
    big = size(*shape, "--users", "10000000")
    assert big["replicas"] > 100


def test_a_scenario_sizes_its_fleet_from_its_workload() -> None:
    fleet = size("-s", "seed-002-b")
    assert fleet["replica"]["model"] == "llama-3.3-70b"  # the scenario's 32b-70b band
    assert fleet["daily_users"] > 0 and fleet["replicas"] >= 1


SHAPE = "--input-tokens 10 --output-tokens 10"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (f"--model llama-3.1-8b --gpu h100-80g {SHAPE} --offline --concurrency 4", "give one of"),
        (f"--model nope --gpu h100-80g {SHAPE}", "unknown model 'nope'"),
        (f"--model llama-3.1-8b --gpu h999 {SHAPE}", "unknown GPU 'h999'"),
        ("--model llama-3.1-8b --gpu h100-80g --output-tokens 10", "--input-tokens is required"),
        (f"--model llama-3.1-8b --gpu h100-80g {SHAPE} --precision fp3", "--precision must be one of"),
        (f"--model llama-3.1-405b --gpu l4-24g --gpus 8 {SHAPE}", "does not fit on 8 x l4-24g"),
        (f"--model llama-3.1-8b --gpu ascend-910b {SHAPE}", "no memory_bandwidth_gbs"),
        (
            f"--model llama-3.1-8b --gpu h100-80g --gpus 3 --tp 2 {SHAPE}",
            "replicas of 2 GPUs do not divide 3 GPUs evenly",
        ),
        (f"--model llama-3.1-8b --gpu h100-80g {SHAPE} --concurrency 1e300", "'--concurrency'"),
        ("--model llama-3.1-8b --gpu h100-80g --input-tokens 100000000 --output-tokens 1", "'--input-tokens'"),
        (
            f"--model llama-3.1-8b --gpu h100-80g {SHAPE} --users 10 --requests-per-user-day 0",
            "--requests-per-user-day",
        ),
    ],
)
def test_bad_input_is_one_line_naming_the_flag(args: str, message: str) -> None:
    result = runner.invoke(app, ["size", *args.split()])
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_piped_output_is_one_figure_per_line_for_grep() -> None:
    result = xlcost(
        "size", "--model", "qwen3-30b-a3b", "--gpu", "l40s-48g", "--input-tokens", "800", "--output-tokens", "400"
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    (throughput,) = [line for line in lines if line.startswith("output tokens/s")]
    assert "per GPU" in throughput
    assert any(line.startswith("expected error") and "published measurements" in line for line in lines)
    tsv = xlcost(
        "size",
        "--model",
        "qwen3-30b-a3b",
        "--gpu",
        "l40s-48g",
        "--input-tokens",
        "800",
        "--output-tokens",
        "400",
        "--format",
        "tsv",
    )
    assert "bound\t" in tsv.stdout


def test_a_request_past_the_context_warns_on_stderr() -> None:
    result = xlcost(
        "size",
        "--model",
        "llama-2-7b",
        "--gpu",
        "a100-80g",
        "--input-tokens",
        "4000",
        "--output-tokens",
        "1000",
        "--json",
    )
    assert result.returncode == 0
    assert "warning:" in result.stderr and "published context of 4,096" in result.stderr
    json.loads(result.stdout)


def test_a_published_measurement_of_the_deployment_is_shown_and_anchors_on_request() -> None:
    shape: tuple[str, ...] = (
        "--model",
        "llama-3.3-70b",
        "--gpu",
        "h200-141g",
        "--gpus",
        "2",
        "--precision",
        "fp8",
        "--engine",
        "tensorrt-llm",
    )
    shape += ("--input-tokens", "1000", "--output-tokens", "1000", "--offline")
    method = size(*shape)
    assert method["measured"]["id"] == "h046" and method["anchored"] is False
    assert method["output_tokens_per_s"] == method["physics_output_tokens_per_s"]
    anchored = size(*shape, "--anchor")
    assert anchored["anchored"] is True and anchored["output_tokens_per_s"] == pytest.approx(5174)
    shown = runner.invoke(app, ["size", *shape])
    assert "published" in shown.stdout and "h046" in shown.stdout
