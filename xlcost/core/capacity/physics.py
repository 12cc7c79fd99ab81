"""The physics of one replica: memory, a decode step and a prefill, as plain arithmetic.

A replica is ``tp`` GPUs holding one copy of the model (tensor parallel). A decode step reads the
weights the batch touches (a mixture of experts reads only the experts its tokens route to) and the
batch's KV cache, and does two FLOPs per active parameter per token plus attention: it takes the
longer of the memory and the compute time, plus the all-reduces between GPUs and a fixed overhead.
A prefill is compute: two FLOPs per active parameter per prompt token plus causal attention.

Every function takes numbers or numpy arrays (a column of Excel cells prices in one pass).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache
from typing import TypeVar

import numpy as np

from xlcost.core.capacity.engines import EngineProfile
from xlcost.core.capacity.models import ModelArch
from xlcost.core.capacity.serving import Precision
from xlcost.core.catalog.rows import Gpu
from xlcost.errors import CapacityError, CatalogError

#: Bytes a weight takes at each precision (int4: 4-bit weights, 16-bit activations; fp4: 4-bit tensor cores).
WEIGHT_BYTES: dict[str, float] = {"fp16": 2.0, "bf16": 2.0, "fp8": 1.0, "int4": 0.5, "fp4": 0.5}
ACTIVATION_BYTES = 2.0  # tensor-parallel all-reduces move 16-bit activations
GIB = 2**30  # datasheets' "80 GB" of HBM is 80 GiB
ALLREDUCES_PER_LAYER = 2  # after attention and after the MLP (Megatron-style tensor parallelism)

Num = TypeVar("Num", float, np.ndarray)


def minimum(a: Num, b: Num | float) -> Num:
    """The smaller, element-wise for an array: builtins for numbers, where numpy's call costs most of the time."""
    if isinstance(a, np.ndarray):
        smaller: Num = np.minimum(a, b)
        return smaller
    return min(a, b)


def maximum(a: Num, b: Num | float) -> Num:
    """The larger, element-wise for an array (``a`` decides which)."""
    if isinstance(a, np.ndarray):
        larger: Num = np.maximum(a, b)
        return larger
    return max(a, b)


@dataclass(frozen=True, slots=True)
class Replica:
    """One copy of a model on ``tp`` GPUs, with every per-step constant worked out once."""

    model: ModelArch
    gpu: Gpu
    tp: int
    precision: Precision
    engine: EngineProfile
    weight_bytes: float  # the whole model at this precision
    shared_weight_bytes: float  # read by every step: attention, dense layers, shared experts, embeddings
    expert_weight_bytes: float  # one routed expert across all layers
    kv_bytes_per_token_layer: (
        float  # over the replica: KV heads replicated when tp exceeds them, MLA's latent on every GPU
    )
    kv_budget_bytes: float  # memory left for the KV cache once weights and workspace are placed
    bandwidth: float  # bytes/s one GPU achieves
    flops: float  # FLOP/s one GPU achieves at this precision
    link: float  # bytes/s one way between GPUs
    usable_bytes_per_gpu: float  # what the engine takes of one GPU, less its workspace
    layer_overhead_us: float  # fixed time a decode step spends on its layers (every layer of a mixture routes)

    def context_tokens(self, context: Num) -> Num:
        """Tokens the KV cache holds per layer-equivalent: sliding-window layers keep only the window."""
        model = self.model
        local = model.layers - model.full_layers
        if not local or model.sliding_window is None:
            return context * model.layers
        tokens: Num = context * model.full_layers + minimum(context, float(model.sliding_window)) * local
        return tokens

    def kv_bytes(self, context: Num) -> Num:
        """KV cache of one request holding ``context`` tokens, over the whole replica."""
        return self.kv_bytes_per_token_layer * self.context_tokens(context)

    def attention_flops(self, context: Num) -> Num:
        """FLOPs of attention for one new token over ``context`` tokens (scores and weighted sum)."""
        return 4.0 * self.model.attention_heads * self.model.head_dim * self.context_tokens(context)

    def weights_read(self, tokens: Num) -> Num:
        """Weight bytes a step over ``tokens`` tokens reads: each routed expert once, if any token picks it."""
        model = self.model
        if not model.is_moe or model.experts is None or model.experts_per_token is None:
            return self.weight_bytes + 0 * tokens  # 0 * tokens: an array keeps its shape
        untouched = (1.0 - model.experts_per_token / model.experts) ** tokens
        read: Num = self.shared_weight_bytes + self.expert_weight_bytes * model.experts * (1.0 - untouched)
        return read

    def allreduce_s(self, tokens: Num) -> Num:
        """All-reduces of one forward pass over ``tokens`` tokens (ring: 2(n-1)/n of the data each way)."""
        if self.tp == 1:
            return 0.0 * tokens  # an array keeps its shape
        data = tokens * self.model.hidden_size * ACTIVATION_BYTES * 2 * (self.tp - 1) / self.tp
        per_layer = ALLREDUCES_PER_LAYER * (self.engine.allreduce_us * 1e-6 + data / self.link)
        return per_layer * self.model.layers

    def decode_memory_and_compute_s(self, batch: Num, context: float) -> tuple[Num, Num]:
        """A decode step's time reading memory, and computing, each at its achieved rate."""
        memory = (self.weights_read(batch) + batch * self.kv_bytes(context)) / self.tp / self.bandwidth
        compute = (
            batch * (2.0 * self.model.params_active_b * 1e9 + self.attention_flops(context)) / self.tp / self.flops
        )
        return memory, compute

    def decode_step_s(self, batch: Num, context: float) -> Num:
        """Seconds for one decode step of ``batch`` requests averaging ``context`` tokens each."""
        memory, compute = self.decode_memory_and_compute_s(batch, context)
        fixed = (self.layer_overhead_us + batch * self.engine.request_overhead_us) * 1e-6
        step: Num = maximum(memory, compute) + self.allreduce_s(batch) + fixed
        return step

    def prefill_s(self, prompt: Num) -> Num:
        """Seconds to prefill one prompt of ``prompt`` tokens (causal attention: half the square)."""
        work = prompt * (2.0 * self.model.params_active_b * 1e9 + 0.5 * self.attention_flops(prompt))
        memory = self.weights_read(prompt) / self.tp / self.bandwidth
        prefill: Num = maximum(work / self.tp / self.flops, memory) + self.allreduce_s(prompt)
        return prefill

    def max_batch(self, context: Num) -> Num:
        """Requests of ``context`` tokens the KV cache holds at once, capped by the engine's batch limit."""
        fits = self.kv_budget_bytes / self.kv_bytes(context)
        if isinstance(fits, np.ndarray):
            return np.minimum(np.floor(fits), self.engine.max_batch)
        return min(math.floor(fits), self.engine.max_batch)


@lru_cache(maxsize=256)
def replica(model: ModelArch, gpu: Gpu, tp: int, precision: Precision, engine: EngineProfile) -> Replica:
    """Work out a replica's constants; a GPU row without the datasheet figures sizing needs is refused."""
    missing = [f for f in ("memory_bandwidth_gbs", "bf16_tflops") if getattr(gpu, f) is None]
    if missing:
        raise CatalogError(f"gpus.csv row '{gpu.id}': no {' or '.join(missing)}; add them from the datasheet")
    weight = WEIGHT_BYTES[precision]
    total, active = model.params_total_b * 1e9, model.params_active_b * 1e9
    if model.is_moe and model.experts and model.experts_per_token:
        expert = (total - active) / (model.experts - model.experts_per_token)
        shared = active - model.experts_per_token * expert
    else:
        expert, shared = 0.0, total
    fp8_kv = precision in ("fp8", "fp4") and engine.fp8_kv_cache and gpu.fp8_tflops is not None
    kv_element = 1.0 if fp8_kv else 2.0
    if model.attention == "mla" and model.kv_lora_rank and model.qk_rope_head_dim:
        per_token_layer = (model.kv_lora_rank + model.qk_rope_head_dim) * kv_element * tp
    else:
        per_token_layer = 2.0 * max(model.kv_heads, tp) * model.head_dim * kv_element
    if engine.kv_share_of_free:
        usable = (
            total * weight / tp
            + (gpu.vram_gb * GIB - total * weight / tp - engine.workspace_gb * GIB) * engine.memory_fraction
        )
    else:
        usable = gpu.vram_gb * GIB * engine.memory_fraction - engine.workspace_gb * GIB
    link = (gpu.interconnect_gbs or gpu.memory_bandwidth_gbs or 1.0) * 1e9 / 2
    return Replica(
        model=model,
        gpu=gpu,
        tp=tp,
        precision=precision,
        engine=engine,
        weight_bytes=total * weight,
        shared_weight_bytes=shared * weight,
        expert_weight_bytes=expert * weight,
        kv_bytes_per_token_layer=per_token_layer,
        kv_budget_bytes=tp * usable - total * weight,
        bandwidth=(gpu.memory_bandwidth_gbs or 0.0) * 1e9 * engine.bandwidth_efficiency,
        flops=compute_tflops(gpu, precision) * 1e12 * engine.compute_efficiency,
        link=link,
        usable_bytes_per_gpu=usable,
        layer_overhead_us=model.layers
        * (engine.layer_overhead_us + (engine.moe_layer_overhead_us if model.is_moe else 0.0)),
    )


def compute_tflops(gpu: Gpu, precision: Precision) -> float:
    """Dense tensor TFLOPS a precision computes at: fp8 on chips that have it (else 16-bit, weights
    converted on the fly, as vLLM does on an A100); int4 weights compute in 16-bit; fp4 needs FP4 tensor cores."""
    if precision == "fp4":
        if gpu.fp4_tflops is None:
            raise CapacityError(
                f"{gpu.id} has no FP4 tensor cores (gpus.csv fp4_tflops is blank): int4 keeps 4-bit weights on it"
            )
        return gpu.fp4_tflops
    if precision == "fp8" and gpu.fp8_tflops is not None:
        return gpu.fp8_tflops
    return gpu.bf16_tflops or 0.0
