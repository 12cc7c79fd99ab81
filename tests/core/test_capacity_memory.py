"""The capacity engine's memory arithmetic, worked by hand, and the deployments it refuses.

Every expected figure below is written out from the model's published config (templates/models.csv)
and the GPU's datasheet (templates/gpus.csv), so a reviewer can redo it on paper.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.support.model_configs import DEEPSEEK_V3_CONFIG, LLAMA_405B_CONFIG, write_config
from xlcost.core.capacity.engines import engine_profile
from xlcost.core.capacity.estimate import Deployment, estimate, smallest_replica
from xlcost.core.capacity.models import model_from_config, resolve_model
from xlcost.core.capacity.physics import GIB, Replica, replica
from xlcost.core.capacity.serving import Precision
from xlcost.core.catalog import load_catalog
from xlcost.errors import CapacityError, CatalogError


def _replica(model: str, gpu: str, tp: int, precision: Precision, engine: str = "vllm") -> Replica:
    return replica(resolve_model(model), load_catalog().gpu(gpu), tp, precision, engine_profile(engine))


def _deployment(
    model: str, gpu: str, precision: Precision, isl: int = 1000, osl: int = 1000, engine: str = "vllm"
) -> Deployment:
    return Deployment(resolve_model(model), load_catalog().gpu(gpu), precision, engine_profile(engine), isl, osl)


@pytest.mark.parametrize(("precision", "bytes_per_weight"), [("bf16", 2), ("fp16", 2), ("fp8", 1), ("int4", 0.5)])
def test_weight_bytes_are_parameters_times_bytes_per_weight(precision: Precision, bytes_per_weight: float) -> None:
    # Llama 3.1 8B: 8.03e9 parameters
    assert _replica("llama-3.1-8b", "h100-80g", 1, precision).weight_bytes == pytest.approx(8.03e9 * bytes_per_weight)


def test_gqa_kv_cache_per_token() -> None:
    # K and V x 32 layers x 8 KV heads x 128 dims x 2 bytes = 131,072 bytes a token (128 KiB)
    rep = _replica("llama-3.1-8b", "h100-80g", 1, "bf16")
    assert rep.kv_bytes(1.0) == 2 * 32 * 8 * 128 * 2 == 131_072
    assert rep.kv_bytes(2000.0) == 2000 * 131_072


def test_gqa_kv_heads_are_replicated_when_tensor_parallel_exceeds_them() -> None:
    # Llama 3.1 405B has 8 KV heads: on 16 GPUs each holds one, so the replica keeps 16 heads' worth
    per_token_tp8 = 2 * 126 * 8 * 128 * 2
    assert _replica("llama-3.1-405b", "h100-80g", 8, "fp8").kv_bytes(1.0) == per_token_tp8
    assert _replica("llama-3.1-405b", "h100-80g", 16, "fp8").kv_bytes(1.0) == 2 * per_token_tp8


def test_mla_kv_cache_is_the_latent_and_its_rope_part() -> None:
    # DeepSeek-V3: 61 layers x (512 latent + 64 rope) x 2 bytes = 70,272 bytes a token, on every TP rank
    assert _replica("deepseek-v3", "h200-141g", 1, "fp8").kv_bytes(1.0) == 61 * (512 + 64) * 2 == 70_272
    assert _replica("deepseek-v3", "h200-141g", 8, "fp8").kv_bytes(1.0) == 8 * 70_272


def test_an_fp8_model_on_tensorrt_llm_keeps_an_fp8_kv_cache() -> None:
    bf16 = _replica("llama-3.1-8b", "h100-80g", 1, "fp8", "vllm").kv_bytes(1.0)
    fp8 = _replica("llama-3.1-8b", "h100-80g", 1, "fp8", "tensorrt-llm").kv_bytes(1.0)
    assert fp8 == bf16 / 2 == 2 * 32 * 8 * 128


def test_sliding_window_layers_keep_only_the_window() -> None:
    # gpt-oss-120b: 18 full-attention layers, 18 with a 128-token window; 8 KV heads of 64 dims
    rep = _replica("gpt-oss-120b", "h100-80g", 1, "int4")
    per_token_layer = 2 * 8 * 64 * 2
    assert rep.kv_bytes(10_000.0) == per_token_layer * (18 * 10_000 + 18 * 128)
    assert rep.kv_bytes(100.0) == per_token_layer * 36 * 100


def test_a_mixture_reads_only_the_experts_its_tokens_pick() -> None:
    # Mixtral 8x7B: 46.7B total, 12.9B active, 2 of 8 experts a token; one token reads the active weights
    rep = _replica("mixtral-8x7b", "h100-80g", 2, "bf16")
    assert rep.weights_read(1.0) == pytest.approx(12.9e9 * 2)
    assert rep.weights_read(1000.0) == pytest.approx(46.7e9 * 2)


def test_usable_memory_per_gpu() -> None:
    # vLLM takes 90% of an 80 GiB H100 and keeps 2 GiB for activations: 70 GiB
    assert _replica("llama-3.1-8b", "h100-80g", 1, "bf16").usable_bytes_per_gpu == pytest.approx(70 * GIB)


@pytest.mark.parametrize(
    ("model", "gpu", "precision", "gpus"),
    [
        ("llama-3.1-8b", "l4-24g", "bf16", 1),  # 16.1 GB of weights in 24 GiB x 0.9 - 2 = 19.6 GiB
        ("llama-3.3-70b", "h100-80g", "fp8", 1),  # 70.6 GB = 65.8 GiB in 70 GiB
        ("llama-3.3-70b", "h100-80g", "bf16", 2),  # 141.2 GB = 131.5 GiB: two GPUs hold 140 GiB
        ("qwen3-235b-a22b", "h100-80g", "bf16", 8),  # 470 GB = 437.7 GiB: four hold 280, eight 560
        ("deepseek-v3", "h200-141g", "fp8", 8),  # 671 GB = 624.9 GiB: four hold 499.6 GiB, eight 999.2
        ("deepseek-v3", "h100-80g", "fp8", 16),  # eight H100s hold 560 GiB: not enough
        ("llama-3.1-405b", "h100-80g", "bf16", 16),  # 811.8 GB = 756 GiB: eight hold 560
    ],
)
def test_the_smallest_replica_that_holds_the_model(model: str, gpu: str, precision: Precision, gpus: int) -> None:
    assert smallest_replica(_deployment(model, gpu, precision)) == gpus


def test_a_deployment_that_cannot_hold_the_weights_is_refused_naming_what_does_not_fit() -> None:
    with pytest.raises(CapacityError) as refused:
        estimate(_deployment("llama-3.1-405b", "h100-80g", "bf16"), gpus=8)
    message = str(refused.value)
    assert "llama-3.1-405b at bf16 does not fit on 8 x h100-80g" in message
    assert "weights 756.0 GiB" in message
    assert "560.0 GiB usable" in message
    assert "16 x h100-80g would hold it" in message


def test_one_gpu_too_small_for_a_70b_model_is_refused() -> None:
    with pytest.raises(CapacityError, match="does not fit on 1 x a100-40g"):
        estimate(_deployment("llama-3.3-70b", "a100-40g", "fp8"), gpus=1)


def test_a_request_longer_than_the_models_context_is_sized_with_a_warning() -> None:
    assert _deployment("llama-2-70b", "h100-80g", "fp8", isl=3000, osl=1000).warnings == ()
    (warning,) = _deployment("llama-2-70b", "h100-80g", "fp8", isl=4000, osl=500).warnings
    assert "exceed llama-2-70b's published context of 4,096 tokens" in warning


def test_fp4_needs_fp4_tensor_cores() -> None:
    with pytest.raises(CapacityError, match="h100-80g has no FP4 tensor cores"):
        _replica("llama-3.1-8b", "h100-80g", 1, "fp4")
    assert _replica("llama-3.1-8b", "b200-192g", 1, "fp4").weight_bytes == pytest.approx(8.03e9 / 2)


def test_a_gpu_without_datasheet_figures_is_refused_naming_them() -> None:
    with pytest.raises(CatalogError, match=r"gpus\.csv row 'ascend-910b': no memory_bandwidth_gbs or bf16_tflops"):
        _replica("llama-3.1-8b", "ascend-910b", 1, "bf16")


def test_a_latency_target_no_load_meets_is_refused_with_what_one_request_gets() -> None:
    with pytest.raises(CapacityError, match=r"no load meets the latency target .* one request alone"):
        estimate(_deployment("llama-3.3-70b", "l40s-48g", "fp8"), gpus=2, tpot_ms=1)


@pytest.mark.parametrize(
    ("config", "catalog_id", "total_b", "active_b"),
    [(DEEPSEEK_V3_CONFIG, "deepseek-v3", 671.0, 37.6), (LLAMA_405B_CONFIG, "llama-3.1-405b", 405.8, 405.8)],
)
def test_a_config_json_reads_like_the_catalog_row(
    tmp_path: Path, config: dict[str, object], catalog_id: str, total_b: float, active_b: float
) -> None:
    path = write_config(tmp_path, catalog_id, config)
    read = model_from_config(path)
    row = resolve_model(catalog_id)
    assert read.params_total_b == pytest.approx(total_b, abs=0.1)
    assert read.params_active_b == pytest.approx(active_b, abs=0.1)
    for field in ("layers", "hidden_size", "attention_heads", "head_dim", "attention", "kv_lora_rank", "experts"):
        assert getattr(read, field) == getattr(row, field), field
    assert resolve_model(str(path)) == read


SIZES = '"hidden_size": 4096, "num_attention_heads": 32, "max_position_embeddings": 4096'


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("{not json", "not a JSON config"),
        ("[1, 2]", "a config.json is a JSON object"),
        ("{}", "no 'num_hidden_layers'"),
        ('{"num_hidden_layers": -5, ' + SIZES + "}", "field 'num_hidden_layers' must be a number from 0 to 1e+09"),
        ('{"num_hidden_layers": 1e300, ' + SIZES + "}", "(got 1e+300)"),
        ('{"num_hidden_layers": "32", ' + SIZES + "}", "field 'num_hidden_layers' must be a number"),
        ('{"num_hidden_layers": true, ' + SIZES + "}", "field 'num_hidden_layers' must be a number"),
        ('{"num_hidden_layers": 2, "hidden_size": 4096, "num_attention_heads": 0}', "must each be at least 1"),
        (
            '{"num_hidden_layers": 2, "num_local_experts": 2, "num_experts_per_tok": 4, ' + SIZES + "}",
            "experts_per_token is above experts",
        ),
    ],
)
def test_a_bad_config_json_gets_a_clear_error(tmp_path: Path, text: str, error: str) -> None:
    path = tmp_path / "config.json"
    path.write_text(text)
    with pytest.raises(CatalogError, match=re.escape(error)):
        model_from_config(path)


def test_an_unknown_model_suggests_close_ids() -> None:
    with pytest.raises(Exception, match=r"unknown model 'llama-3\.3-7b'.*did you mean llama-3\.3-70b"):
        resolve_model("llama-3.3-7b")


def test_the_seed_bands_name_a_representative_model() -> None:
    assert {band: resolve_model(band).id for band in ("7b-14b", "32b-70b", "70b-235b", "671b")} == {
        "7b-14b": "qwen3-14b",
        "32b-70b": "llama-3.3-70b",
        "70b-235b": "qwen3-235b-a22b",
        "671b": "deepseek-v3",
    }
