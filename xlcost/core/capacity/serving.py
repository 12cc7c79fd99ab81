"""The words a scenario uses for what it serves, and the planning defaults a planner may dispute.

Kept apart from the engine so a scenario (and every Excel function that reads one) can name an
engine or a precision without loading the capacity engine.
"""

from __future__ import annotations

from typing import Literal

Engine = Literal["vllm", "sglang", "tensorrt-llm"]
ENGINES: tuple[Engine, ...] = ("vllm", "sglang", "tensorrt-llm")
Precision = Literal["fp16", "bf16", "fp8", "int4", "fp4"]
PRECISIONS: tuple[Precision, ...] = ("fp16", "bf16", "fp8", "int4", "fp4")

DEFAULT_TPOT_MS = 50.0  # 20 output tokens/s per user: faster than anyone reads
DEFAULT_TTFT_MS = 2_000.0  # MLPerf Inference's server target for Llama 2 70B
DEFAULT_UTILISATION = 0.8  # a replica planned at 80% of what it serves within the target
DEFAULT_BUSY_HOUR_SHARE = 2 / 24  # the busiest hour carries twice the day's average hour

#: why each default is what it is, said wherever the default is shown (the workbook's Inputs).
WHY_DEFAULT = {
    "model": "the model_size band's model",
    "precision": "the model's own precision",
    "engine": "vLLM, the open-source engine sized for unless the scenario names another",
    "tpot_ms": "20 output tokens/s per user, faster than anyone reads",
    "ttft_ms": "MLPerf Inference's server target for Llama 2 70B",
    "requests_per_user_day": "a user's daily tokens in one request",
    "utilisation": "a replica planned at 80% of what it serves within the target, headroom inside the hour",
}
