"""Model architectures as data: ``templates/models.csv`` rows, or a Hugging Face ``config.json``.

Sizing needs only what a published config states (layers, heads, KV heads, head size, experts,
attention kind) and the parameter counts, so a model that is not in the catalog is one file away.
"""

from __future__ import annotations

import difflib
import json
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError, model_validator

from xlcost.core.capacity.serving import Precision
from xlcost.core.catalog import optional_table
from xlcost.core.catalog.rows import Row, Slug
from xlcost.errors import CatalogError, UnknownOptionError, describe_validation_error
from xlcost.limits import check_file_size

MODELS_FILE = "models.csv"
MAX_CONFIG_BYTES = 1024 * 1024  # a config.json is a few KB
MAX_CONFIG_SIZE = 1e9  # no dimension of a real model comes near a billion
Count = Annotated[int, Field(ge=1, le=100_000_000)]
Billions = Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)]


class ModelArch(Row):
    """What serving a model needs to know: parameter counts and the attention and expert layout."""

    kind: Literal["model"]
    name: str
    params_total_b: Billions
    params_active_b: Billions
    layers: Count
    hidden_size: Count
    attention_heads: Count
    kv_heads: Count
    head_dim: Count
    attention: Literal["gqa", "mla"] = "gqa"
    kv_lora_rank: Count | None = None
    qk_rope_head_dim: Count | None = None
    experts: Count | None = None
    experts_per_token: Count | None = None
    sliding_window: Count | None = None
    full_attention_layers: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
    max_context: Count
    native_precision: Literal["fp16", "bf16", "fp8", "mxfp4"] = "bf16"
    licence: str = ""
    band: Slug | None = None  # the seed's model-size band this model stands for

    @model_validator(mode="after")
    def _consistent(self) -> ModelArch:
        if (self.experts is None) != (self.experts_per_token is None):
            raise ValueError("experts and experts_per_token go together (both blank for a dense model)")
        if self.experts is not None and self.experts_per_token is not None and self.experts_per_token > self.experts:
            raise ValueError("experts_per_token is above experts")
        if self.params_active_b > self.params_total_b:
            raise ValueError("params_active_b is above params_total_b")
        if self.attention == "mla" and (self.kv_lora_rank is None or self.qk_rope_head_dim is None):
            raise ValueError("an MLA model needs kv_lora_rank and qk_rope_head_dim")
        if self.full_attention_layers is not None and self.full_attention_layers > self.layers:
            raise ValueError("full_attention_layers is above layers")
        if (
            self.full_attention_layers is not None
            and self.full_attention_layers < self.layers
            and not self.sliding_window
        ):
            raise ValueError("layers without full attention need a sliding_window")
        return self

    @property
    def is_moe(self) -> bool:
        return self.experts is not None and self.experts_per_token is not None and self.experts > 1

    @property
    def full_layers(self) -> int:
        """Layers that keep every token of the context in the KV cache."""
        return self.layers if self.full_attention_layers is None else self.full_attention_layers

    @property
    def default_precision(self) -> Precision:
        """The precision the published weights run at: MXFP4 checkpoints count as 4-bit."""
        return "int4" if self.native_precision == "mxfp4" else self.native_precision


def load_models(directory: Path | None = None) -> dict[str, ModelArch]:
    """The model catalog of a catalog directory, or the embedded one."""
    return optional_table(directory, MODELS_FILE, ModelArch)


def resolve_model(reference: str, directory: Path | None = None) -> ModelArch:
    """A catalog id (``llama-3.3-70b``), a seed band (``32b-70b``) or a path to a ``config.json``."""
    models = load_models(directory)
    key = reference.strip().lower()
    if key in models:
        return models[key]
    by_band = {m.band: m for m in models.values() if m.band}
    if key in by_band:
        return by_band[key]
    path = Path(reference)
    if path.suffix.lower() == ".json" or path.is_file():
        return model_from_config(path)
    close = difflib.get_close_matches(key, list(models) + list(by_band), n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise UnknownOptionError(
        f"unknown model '{reference}': not an id in {MODELS_FILE}, a model-size band, or a config.json path{hint}"
    )


def model_from_config(path: Path) -> ModelArch:
    """Read a Hugging Face ``config.json`` by the field names transformers uses; parameters are counted."""
    if not path.is_file():
        raise CatalogError(f"{path}: config.json not found")
    check_file_size(path, MAX_CONFIG_BYTES, "config.json")
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CatalogError(f"{path.name}: not a JSON config ({exc})") from None
    if not isinstance(config, dict):
        raise CatalogError(f"{path.name}: a config.json is a JSON object")
    text = config.get("text_config")
    if isinstance(text, dict):  # multimodal checkpoints (Llama 4, Gemma 3) nest the language model's config
        config = {**text, **{k: v for k, v in config.items() if k not in text and k != "text_config"}}
    try:
        return _arch_from_config(config, path)
    except ValidationError as exc:
        raise CatalogError(describe_validation_error(exc, where=path.name)) from None


def _arch_from_config(config: dict[str, object], path: Path) -> ModelArch:
    def number(*names: str, default: float | None = None) -> float:
        """A size field, by the first of its names the config has: a number from 0 to MAX_CONFIG_SIZE."""
        for name in names:
            value = config.get(name)
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= MAX_CONFIG_SIZE:
                raise CatalogError(
                    f"{path.name}: field '{name}' must be a number from 0 to {MAX_CONFIG_SIZE:.0e} (got {value!r})"
                )
            return float(value)
        if default is None:
            raise CatalogError(f"{path.name}: no '{names[0]}' field (a transformers config.json has it)")
        return default

    layers = int(number("num_hidden_layers", "n_layer", "num_layers"))
    hidden = int(number("hidden_size", "n_embd", "d_model"))
    heads = int(number("num_attention_heads", "n_head"))
    if min(layers, hidden, heads) < 1:
        raise CatalogError(f"{path.name}: layers, hidden_size and num_attention_heads must each be at least 1")
    kv_heads = int(number("num_key_value_heads", "num_kv_heads", default=heads))
    mla = "kv_lora_rank" in config and config.get("kv_lora_rank") is not None
    if mla:
        head_dim = int(number("qk_nope_head_dim") + number("qk_rope_head_dim"))
    else:
        head_dim = int(number("head_dim", default=hidden // heads))
    experts = int(number("n_routed_experts", "num_local_experts", "num_experts", default=0)) or None
    per_token = int(number("num_experts_per_tok", "num_experts_per_token", default=0)) or None
    total, active = count_parameters(config, layers, hidden, heads, kv_heads, head_dim, mla, experts, per_token)
    window_field = config.get("sliding_window")
    window = window_field if isinstance(window_field, int) and window_field > 0 else None
    full_layers = _full_attention_layers(config, layers) if window else None
    native = _native_precision(config)
    name = str(config.get("_name_or_path") or path.parent.name or path.stem)
    return ModelArch(
        id=_slug(name),
        kind="model",
        name=name,
        params_total_b=total / 1e9,
        params_active_b=active / 1e9,
        layers=layers,
        hidden_size=hidden,
        attention_heads=heads,
        kv_heads=heads if mla else kv_heads,
        head_dim=head_dim,
        attention="mla" if mla else "gqa",
        kv_lora_rank=int(number("kv_lora_rank")) if mla else None,
        qk_rope_head_dim=int(number("qk_rope_head_dim")) if mla else None,
        experts=experts if per_token else None,
        experts_per_token=per_token if experts else None,
        sliding_window=window if full_layers is not None and full_layers < layers else None,
        full_attention_layers=full_layers,
        max_context=int(number("max_position_embeddings", "n_positions", "seq_length")),
        native_precision=native,
        source=f"{path.name} (parameters counted from the config)",
        as_of=date.today(),
    )


def count_parameters(
    config: dict[str, object],
    layers: int,
    hidden: int,
    heads: int,
    kv_heads: int,
    head_dim: int,
    mla: bool,
    experts: int | None,
    per_token: int | None,
) -> tuple[float, float]:
    """Total and per-token parameters of a decoder-only transformer, from its config's sizes."""

    def get(name: str, default: float = 0.0) -> float:
        value = config.get(name)
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else default

    vocab = get("vocab_size")
    embeddings = vocab * hidden * (1 if config.get("tie_word_embeddings") else 2)
    if mla:
        q_rank, kv_rank, rope = get("q_lora_rank"), get("kv_lora_rank"), get("qk_rope_head_dim")
        nope, v_dim = get("qk_nope_head_dim"), get("v_head_dim", head_dim)
        q = hidden * q_rank + q_rank * heads * head_dim if q_rank else hidden * heads * head_dim
        attention = q + hidden * (kv_rank + rope) + kv_rank * heads * (nope + v_dim) + heads * v_dim * hidden
    else:
        attention = 2 * hidden * heads * head_dim + 2 * hidden * kv_heads * head_dim
    dense_ffn = 3 * hidden * get("intermediate_size", 4 * hidden)
    if not experts or not per_token:
        per_layer = attention + dense_ffn
        total = layers * per_layer + embeddings
        return total, total
    expert_ffn = 3 * hidden * get("moe_intermediate_size", get("intermediate_size", 4 * hidden))
    shared = get("n_shared_experts") * expert_ffn
    dense_layers = int(get("first_k_dense_replace"))
    moe_layers = layers - dense_layers
    router = hidden * experts
    total = layers * attention + dense_layers * dense_ffn + moe_layers * (experts * expert_ffn + shared + router)
    active = layers * attention + dense_layers * dense_ffn + moe_layers * (per_token * expert_ffn + shared + router)
    return total + embeddings, active + embeddings


def _native_precision(config: dict[str, object]) -> Literal["fp16", "bf16", "fp8", "mxfp4"]:
    """The published weights' precision: a quantization_config's method, else the dtype."""
    quant = config.get("quantization_config")
    method = str(quant.get("quant_method", "")).lower() if isinstance(quant, dict) else ""
    if method in ("mxfp4", "fp8"):
        return "mxfp4" if method == "mxfp4" else "fp8"
    dtype = str(config.get("torch_dtype") or config.get("dtype") or "bfloat16")
    return "fp16" if dtype in ("float16", "fp16", "half") else "bf16"


def _full_attention_layers(config: dict[str, object], layers: int) -> int:
    """Layers with global attention: from ``layer_types`` or ``sliding_window_pattern``; all when neither says."""
    types = config.get("layer_types")
    if isinstance(types, list) and types:
        return sum(1 for t in types if "sliding" not in str(t))
    pattern = config.get("sliding_window_pattern")
    if isinstance(pattern, int) and pattern > 1:
        return layers // pattern
    return layers


def _slug(name: str) -> str:
    text = "".join(c if c.isalnum() or c in "._-" else "-" for c in name.rsplit("/", 1)[-1].lower()).strip("-._")
    return text or "model"
