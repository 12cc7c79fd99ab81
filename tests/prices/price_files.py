"""Small price files in the real shapes of LiteLLM, genai-prices and SkyPilot, for the prices tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

# LiteLLM model_prices_and_context_window.json: USD per token, keyed by model (optionally provider-prefixed).
LITELLM: dict[str, dict[str, Any]] = {
    "sample_spec": {
        "input_cost_per_token": 0.0,
        "litellm_provider": "one of https://docs.litellm.ai/docs/providers",
        "mode": "one of: chat, embedding, completion, image_generation",
        "output_cost_per_token": 0.0,
    },
    "gpt-4o": {
        "cache_read_input_token_cost": 1.25e-06,
        "input_cost_per_token": 2.5e-06,
        "litellm_provider": "openai",
        "max_input_tokens": 128000,
        "mode": "chat",
        "output_cost_per_token": 1e-05,
    },
    "azure/gpt-4o": {
        "input_cost_per_token": 2.75e-06,
        "litellm_provider": "azure",
        "mode": "chat",
        "output_cost_per_token": 1.1e-05,
    },
    "openai/gpt-4.1": {
        "input_cost_per_token": "2e-06",
        "litellm_provider": "openai",
        "mode": "chat",
        "output_cost_per_token": "8e-06",
    },
    "gemini/gemini-2.5-pro": {
        "input_cost_per_token": 1.25e-06,
        "input_cost_per_token_above_200k_tokens": 2.5e-06,
        "litellm_provider": "gemini",
        "mode": "chat",
        "output_cost_per_token": 1e-05,
        "output_cost_per_token_above_200k_tokens": 1.5e-05,
    },
    "deepseek/deepseek-v3": {
        "input_cost_per_token": 2.7e-07,
        "litellm_provider": "deepseek",
        "mode": "chat",
        "output_cost_per_token": 1.1e-06,
    },
    "text-embedding-3-small": {
        "input_cost_per_token": 2e-08,
        "litellm_provider": "openai",
        "mode": "embedding",
        "output_cost_per_token": 0.0,
    },
    "dall-e-3": {"litellm_provider": "openai", "mode": "image_generation", "output_cost_per_image": 0.04},
    "ollama/llama3": {
        "input_cost_per_token": 0.0,
        "litellm_provider": "ollama",
        "mode": "chat",
        "output_cost_per_token": 0.0,
    },
    "per-million-by-mistake": {
        "input_cost_per_token": 2.5,
        "litellm_provider": "openai",
        "mode": "chat",
        "output_cost_per_token": 10,
    },
    "negative-price": {
        "input_cost_per_token": -1e-06,
        "litellm_provider": "openai",
        "mode": "chat",
        "output_cost_per_token": 2e-06,
    },
    "no-output-price": {"input_cost_per_token": 1e-06, "litellm_provider": "openai", "mode": "chat"},
    "word-price": {
        "input_cost_per_token": "cheap",
        "litellm_provider": "openai",
        "mode": "chat",
        "output_cost_per_token": 1e-06,
    },
    "bedrock/us-east-1/meta.llama3-70b": {
        "input_cost_per_token": 2.65e-06,
        "litellm_provider": "bedrock",
        "mode": "chat",
        "output_cost_per_token": 3.5e-06,
    },
    "bedrock/us-west-2/meta.llama3-70b": {
        "input_cost_per_token": 2.9e-06,
        "litellm_provider": "bedrock",
        "mode": "chat",
        "output_cost_per_token": 3.5e-06,
    },
    'together_ai/=HYPERLINK("evil.example","click")': {
        "input_cost_per_token": 1e-06,
        "litellm_provider": "together_ai",
        "mode": "chat",
        "output_cost_per_token": 2e-06,
    },
}

# A duplicate key cannot live in a Python dict; the file text carries it.
LITELLM_DUPLICATE_TAIL = (
    ',\n  "twice": {"input_cost_per_token": 1e-06, "litellm_provider": "openai", "mode": "chat", "output_cost_per_token": 2e-06},\n'
    '  "twice": {"input_cost_per_token": 3e-06, "litellm_provider": "openai", "mode": "chat", "output_cost_per_token": 2e-06}\n}'
)

# genai-prices provider file (prices/providers/<id>.yml): USD per 1M tokens, prices_checked dates.
GENAI_ANTHROPIC_YML = """\
# yaml-language-server: $schema=.schema.json
name: Anthropic
id: anthropic
pricing_url: https://www.anthropic.com/pricing#api
api_pattern: 'https://api\\.anthropic\\.com'
models:
  - id: claude-3-5-haiku-latest
    name: Claude Haiku 3.5
    match:
      starts_with: claude-3-5-haiku
    prices:
      input_mtok: 0.8
      cache_write_mtok: 1
      cache_read_mtok: 0.08
      output_mtok: 4
    prices_checked: 2025-06-22
  - id: claude-sonnet-4-5
    name: Claude Sonnet 4.5
    match:
      starts_with: claude-sonnet-4-5
    prices:
      input_mtok:
        base: 3
        tiers:
          - start: 200000
            price: 6
      cache_read_mtok:
        base: 0.3
        tiers:
          - start: 200000
            price: 0.6
      output_mtok:
        base: 15
        tiers:
          - start: 200000
            price: 22.5
    prices_checked: 2025-10-01
  - id: claude-sonnet-4-6
    name: Claude Sonnet 4.6
    match:
      starts_with: claude-sonnet-4-6
    prices:
      - prices:
          input_mtok: 3
          output_mtok: 15
      - constraint:
          start_date: 2026-03-13
        prices:
          input_mtok: 2
          output_mtok: 10
    prices_checked: 2026-04-01
  - id: claude-typo
    name: Claude with a per-token price
    match:
      equals: claude-typo
    prices:
      input_mtok: 0.000003
      output_mtok: 0.000015
  - id: claude-dup
    match:
      equals: claude-dup
    prices:
      input_mtok: 1
      output_mtok: 2
  - id: claude-dup
    match:
      equals: claude-dup
    prices:
      input_mtok: 5
      output_mtok: 6
"""

# genai-prices built data.json: a list of providers, no prices_checked.
GENAI_DATA = [
    {
        "id": "openai",
        "name": "OpenAI",
        "api_pattern": "https://api\\.openai\\.com",
        "models": [
            {
                "id": "gpt-4o",
                "name": "GPT-4o",
                "match": {"starts_with": "gpt-4o"},
                "prices": {"input_mtok": 2.5, "cache_read_mtok": 1.25, "output_mtok": 10},
            },
            {
                "id": "text-embedding-3-small",
                "match": {"equals": "text-embedding-3-small"},
                "prices": {"input_mtok": 0.02},
            },
        ],
    },
    {
        "id": "deepseek",
        "name": "Deepseek",
        "api_pattern": "https://api\\.deepseek\\.com",
        "models": [
            {
                "id": "deepseek-chat",
                "match": {"equals": "deepseek-chat"},
                "prices": {"input_mtok": "0.27", "output_mtok": "1.10"},
            },
        ],
    },
]

# SkyPilot catalogs/v7/<cloud>/vms.csv; column order differs per cloud (Lambda vs GCP below).
SKYPILOT_LAMBDA = """\
InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,Region,GpuInfo,SpotPrice
cpu_4x_general,,,4.0,16.0,0.2,us-east-1,,
gpu_1x_a100_sxm4,A100-80GB,1.0,30.0,200.0,1.79,us-east-1,"{'Gpus': [{'Name': 'A100', 'Count': 1.0}]}",
gpu_8x_a100_80gb_sxm4,A100-80GB,8.0,240.0,1800.0,14.32,us-east-1,,
gpu_1x_h100_pcie,H100,1.0,26.0,200.0,2.49,us-west-1,,
gpu_8x_h100_sxm5,H100,8.0,208.0,1800.0,23.92,us-west-1,,
gpu_8x_v100,V100,8.0,92.0,448.0,4.4,us-east-1,,
gpu_1x_gh200,GH200,1.0,64.0,432.0,1.49,us-east-3,,
gpu_1x_broken,H100,0,26.0,200.0,2.49,us-west-1,,
gpu_1x_typo,L40S,1.0,26.0,200.0,1250,us-west-1,,
"""
SKYPILOT_GCP = """\
InstanceType,vCPUs,MemoryGiB,AcceleratorName,AcceleratorCount,GpuInfo,Region,AvailabilityZone,Price,SpotPrice
n2-standard-8,8.0,32.0,,,,us-central1,us-central1-a,0.39,0.1
a2-ultragpu-1g,12.0,170.0,,,,us-central1,us-central1-a,0.7,0.3
a2-ultragpu-1g,12.0,170.0,A100-80GB,1,,us-central1,us-central1-a,1.5,0.6
a2-ultragpu-2g,24.0,340.0,,,,europe-west4,europe-west4-b,1.4,0.6
a2-ultragpu-2g,24.0,340.0,A100-80GB,2,,europe-west4,europe-west4-a,3.6,1.2
a3-highgpu-8g,208.0,1872.0,H100,8,,us-east4,us-east4-a,70.0,20.0
,,,L40S,1,,us-central1,us-central1-a,1.0,0.4
"""
# GCP bills the machine (vCPUs, memory) apart from its GPUs: the a2 rows without an accelerator are the
# host VMs of the A100 rows; the a3 row has no host VM price. Azure lists whole machines, one a typo.
SKYPILOT_AZURE = """\
InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Price,SpotPrice,Region
Standard_ND96isr_H100_v5,H100,8.0,96,1900,,98.32,,eastus
Standard_ND96isr_H100_v5,H100,12.0,96,1900,,98.32,,westus
"""


def write_litellm(path: Path, entries: dict[str, Any] | None = None, *, duplicate: bool = False) -> Path:
    text = json.dumps(LITELLM if entries is None else entries, indent=2)
    if duplicate:
        text = text.rstrip().removesuffix("}") + LITELLM_DUPLICATE_TAIL
    path.write_text(text, encoding="utf-8")
    return path


def write_text(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
