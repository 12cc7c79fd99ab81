"""Turn published-measurement sheets (the calibration CSV's columns) into ``templates/measurements.csv``.

    python benchmarks/import_measurements.py ../shared/calibration/throughput-measurements.csv [more.csv ...]

Each source row keeps its id, source, quote and notes; its model, GPU and engine are written as the
catalog's ids (``MODEL_IDS``, ``GPU_IDS`` below). A row naming something the catalog lacks is
reported and left out, never guessed.
"""

from __future__ import annotations

import csv
import re
import sys
from datetime import date
from pathlib import Path

from xlcost.core.capacity.measurements import Measurement
from xlcost.core.catalog.loader import csv_header

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "templates" / "measurements.csv"

#: Names as sources print them -> catalog model id (same architecture: Llama 3 and 3.1 70B are 3.3's).
MODEL_IDS = {
    "llama-2-7b": "llama-2-7b",
    "llama-2-13b": "llama-2-13b",
    "llama-2-70b": "llama-2-70b",
    "llama-3-8b-instruct": "llama-3.1-8b",
    "llama-3.1-8b-instruct": "llama-3.1-8b",
    "llama-3.1-8b": "llama-3.1-8b",
    "llama-3-70b-instruct": "llama-3.3-70b",
    "llama-3.1-70b-instruct": "llama-3.3-70b",
    "llama-3.1-70b": "llama-3.3-70b",
    "llama-3.3-70b-instruct": "llama-3.3-70b",
    "llama-3.3-70b": "llama-3.3-70b",
    "llama-3.1-405b-instruct": "llama-3.1-405b",
    "llama-3.1-405b": "llama-3.1-405b",
    "hermes-3-llama-3.1-405b": "llama-3.1-405b",
    "qwen3-235b-a22b": "qwen3-235b-a22b",
    "qwen3-30b-a3b": "qwen3-30b-a3b",
    "qwen3-8b": "qwen3-8b",
    "qwen3-8b-fp8": "qwen3-8b",
    "qwen3-235b-a22b-instruct-2507": "qwen3-235b-a22b",
    "qwen3-32b": "qwen3-32b",
    "mixtral-8x7b": "mixtral-8x7b",
    "mixtral-8x7b-instruct": "mixtral-8x7b",
    "mixtral-8x22b": "mixtral-8x22b",
    "falcon-180b": "falcon-180b",
    "deepseek-r1-0528": "deepseek-v3",
    "deepseek-r1": "deepseek-v3",
    "deepseek-v3/r1": "deepseek-v3",
    "deepseek-v3": "deepseek-v3",
    "deepseek-v3-awq": "deepseek-v3",
    "gpt-oss-120b": "gpt-oss-120b",
    "gpt-oss-20b": "gpt-oss-20b",
    "llama-4-maverick-17b-128e": "llama-4-maverick",
    "llama-4-maverick": "llama-4-maverick",
    "mistral-nemo-12b": "mistral-nemo-12b",
    "mistral-7b": "mistral-7b",
    "gemma-3-27b": "gemma-3-27b",
}
GPU_IDS = {
    "a100-80g-sxm": "a100-80g",
    "a100-40g-sxm": "a100-40g",
    "a100-40g": "a100-40g",
    "h100-80g-sxm": "h100-80g",
    "h100-pcie": "h100-pcie",
    "h800-80g-sxm": "h800-80g",
    "h200-141g-sxm": "h200-141g",
    "b200-180g-sxm": "b200-192g",
    "b200-192g": "b200-192g",
    "b200": "b200-192g",
    "l40s-48g": "l40s-48g",
    "l4-24g": "l4-24g",
    "mi300x-192g": "mi300x-192g",
}
#: MLPerf Inference's server scenario for Llama 2 70B: p99 TTFT <= 2 s, p99 TPOT <= 200 ms.
MLPERF_LLAMA2_TARGETS = (2000.0, 200.0)
COLUMNS = csv_header(Measurement)


def engine_id(label: str) -> str:
    low = label.lower()
    return "vllm" if "vllm" in low else "sglang" if "sglang" in low else "tensorrt-llm"


def load_kind(label: str) -> str:
    low = label.lower()
    if low.startswith("offline"):
        return "offline"
    if low.startswith("server"):
        return "latency"
    return "concurrency"


def convert(row: dict[str, str], read_on: str) -> dict[str, object] | str:
    model = MODEL_IDS.get(row["model"].strip().lower())
    gpu = GPU_IDS.get(row["gpu"].strip().lower())
    if model is None or gpu is None:
        return f"{row['id']}: no catalog id for model '{row['model']}' or GPU '{row['gpu']}'"
    load = load_kind(row["load"])
    if not row["isl"].strip() or not row["osl"].strip():
        return f"{row['id']}: the source gives no input or output length"
    count = re.match(r"\s*(\d+)", row["concurrency_or_batch"])
    concurrency = count.group(1) if count else ""
    if load == "concurrency" and not concurrency:
        return f"{row['id']}: no concurrency or batch size stated"
    targets: tuple[float | str, float | str] = ("", "")
    if load == "latency":
        if model != "llama-2-70b" and not row.get("ttft_target_ms"):
            return f"{row['id']}: a latency-target row needs its targets"
        targets = (
            row.get("ttft_target_ms") or MLPERF_LLAMA2_TARGETS[0],
            row.get("tpot_target_ms") or MLPERF_LLAMA2_TARGETS[1],
        )
    tp = re.match(r"\s*TP(\d+)\b", row["parallelism"])
    return {
        "id": row["id"].lower(),
        "kind": "measurement",
        "model": model,
        "gpu": gpu,
        "gpus": int(row["n_gpus"]),
        "tp": tp.group(1) if tp else "",
        "precision": row["precision"].split()[0].lower(),
        "engine": engine_id(row["engine"]),
        "engine_label": f"{row['engine']} {row['engine_version']}".strip(),
        "input_tokens": int(float(row["isl"])),
        "output_tokens": int(float(row["osl"])),
        "load": load,
        "concurrency": concurrency if load == "concurrency" else "",
        "ttft_target_ms": targets[0],
        "tpot_target_ms": targets[1],
        "output_tokens_per_s": row["output_tok_s_total"],
        "ttft_ms": row.get("ttft_ms", ""),
        "tpot_ms": row.get("tpot_ms", ""),
        "unit": "output tokens/s, whole deployment",
        "source": row["source"],
        "as_of": read_on,
        "quote": row["quote"],
        "notes": "; ".join(
            p for p in (row["load"], row["approx"] != "no" and f"approximate: {row['approx']}", row["notes"]) if p
        ),
    }


def main(paths: list[str]) -> int:
    rows: list[dict[str, object]] = []
    for index, path in enumerate(paths):
        read_on = "2026-11-23" if index == 0 else date.today().isoformat()
        with open(path, newline="", encoding="utf-8") as handle:
            for raw in csv.DictReader(handle):
                if raw["load"].lower().startswith("production"):
                    continue
                converted = convert(raw, read_on)
                if isinstance(converted, str):
                    print(f"left out {converted}", file=sys.stderr)
                else:
                    rows.append(converted)
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"wrote {len(rows)} measurements to {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
