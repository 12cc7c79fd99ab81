"""Benchmark: import a full-size LiteLLM price file (synthetic, ~2,500 entries). Aim: <= 1 s.

Run from the repository root: ``python -m benchmarks.bench_prices``. Prints the best of several runs for each step:
read + merge, diff (rows and built-in scenario TCO), and the atomic write.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
import time
from pathlib import Path

from xlcost.core.catalog import default_catalog_dir, load_catalog
from xlcost.prices import diff_catalogs, import_prices, write_in_place

ENTRIES = 2_500
PROVIDERS = [
    "openai",
    "azure",
    "anthropic",
    "bedrock",
    "vertex_ai",
    "gemini",
    "deepseek",
    "together_ai",
    "openrouter",
    "groq",
]
SUPPORTS = [
    "function_calling",
    "parallel_function_calling",
    "vision",
    "prompt_caching",
    "response_schema",
    "system_messages",
    "tool_choice",
    "reasoning",
    "pdf_input",
    "audio_input",
    "web_search",
]
MODES = ["chat"] * 6 + ["embedding", "image_generation", "audio_transcription", "completion"]


def synthetic_litellm(n: int, seed: int = 7) -> dict:
    """A file shaped like LiteLLM's: provider-prefixed keys, several modes, some tiers and odd entries."""
    rng = random.Random(seed)
    data: dict = {"sample_spec": {"mode": "one of: chat, embedding", "litellm_provider": "one of ..."}}
    for i in range(n - 1):
        provider = rng.choice(PROVIDERS)
        key = f"{provider}/model-{i // 3}-v{i % 3}" if rng.random() < 0.7 else f"model-{i}"
        entry = {
            "litellm_provider": provider,
            "mode": rng.choice(MODES),
            "max_input_tokens": rng.choice([8192, 128000, 200000, 1000000]),
            "input_cost_per_token": round(rng.uniform(5e-8, 1.5e-5), 12),
            "output_cost_per_token": round(rng.uniform(1e-7, 6e-5), 12),
            "max_output_tokens": rng.choice([4096, 8192, 65536]),
            "source": f"https://example.com/pricing/{provider}",
            **{f"supports_{f}": rng.random() < 0.5 for f in SUPPORTS},
        }
        if rng.random() < 0.3:
            entry["cache_read_input_token_cost"] = entry["input_cost_per_token"] / 10
        if rng.random() < 0.05:
            entry["input_cost_per_token_above_200k_tokens"] = entry["input_cost_per_token"] * 2
        if rng.random() < 0.02:
            entry["input_cost_per_token"] = str(entry["input_cost_per_token"])
        if rng.random() < 0.01:
            entry["output_cost_per_token"] = 12.5  # a per-million price in a per-token field
        data[key] = entry
    return data


def best_of(runs: int, fn):
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-prices-"))
    try:
        path = work / "model_prices_and_context_window.json"
        path.write_text(json.dumps(synthetic_litellm(ENTRIES), indent=4), encoding="utf-8")
        catalog_dir = work / "catalog"
        catalog_dir.mkdir()
        for csv_file in default_catalog_dir().glob("*.csv"):
            shutil.copy(csv_file, catalog_dir / csv_file.name)
        base = load_catalog(catalog_dir)

        t_import, outcome = best_of(5, lambda: import_prices([path], "litellm", base))
        t_diff, diff = best_of(5, lambda: diff_catalogs(base, outcome.catalog))

        def write():
            target = work / f"w{time.perf_counter_ns()}"
            shutil.copytree(catalog_dir, target)
            return write_in_place(outcome.catalog, load_catalog(target), target)

        t_write, _ = best_of(3, write)
        report = outcome.report
        size_mb = path.stat().st_size / 1e6
        print(f"file: {ENTRIES:,} entries, {size_mb:.1f} MB")
        print(
            f"imported {report.accepted:,} API rows; rejected {len(report.rejected):,}; skipped {sum(report.skipped.values()):,}"
        )
        print(f"read + merge      {t_import * 1000:8.1f} ms")
        print(
            f"diff + TCO        {t_diff * 1000:8.1f} ms  ({len(diff.rows):,} row changes, {len(diff.tco)} TCO changes)"
        )
        print(f"atomic write      {t_write * 1000:8.1f} ms  (includes re-validating the written catalog)")
        total = t_import + t_diff + t_write
        print(f"total             {total * 1000:8.1f} ms  (aim <= 1000 ms): {'OK' if total <= 1.0 else 'SLOW'}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
