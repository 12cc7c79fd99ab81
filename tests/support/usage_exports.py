"""Usage exports in the three formats, built from one hourly month so every figure can be worked out by hand.

The month: 30 days from Monday 2026-03-02 00:00 UTC; each hour 648,000 output tokens (one A100 at the seed's
180 tok/s x 3,600 s) and twice as many input tokens, 10% of them cached; on the burst days five times that.
Three users (alice, bob, carol) share every hour equally; the model is gpt-4o.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
from pathlib import Path
from typing import Any

START = dt.datetime(2026, 3, 2, tzinfo=dt.timezone.utc)
DAYS = 30
BASE_OUTPUT = 648_000
INPUT_PER_OUTPUT = 2
CACHED_SHARE = 0.1
USERS = ("alice", "bob", "carol")
MODEL = "gpt-4o"
USD_PER_MTOK = (2.5, 10.0)  # gpt-4o list price in USD; the catalog's CNY price at 7.2 CNY per USD

# By hand, for ``hours()`` as it stands: 28 ordinary days of 24 x 648,000 output tokens and 2 burst days at
# 5 times that, over 30 days.
OUTPUT_PER_DAY = 24 * 648_000 * (28 + 2 * 5) / 30
INPUT_PER_DAY = 2 * OUTPUT_PER_DAY
PEAK_TO_AVERAGE = 5 / ((28 + 2 * 5) / 30)  # busiest hour / mean hour


def hours(burst_days: tuple[int, ...] = (7, 8), multiplier: int = 5) -> list[tuple[dt.datetime, int, int]]:
    """(hour start, input tokens, output tokens) for every hour of the month."""
    rows = []
    for h in range(DAYS * 24):
        out = BASE_OUTPUT * (multiplier if h // 24 in burst_days else 1)
        rows.append((START + dt.timedelta(hours=h), INPUT_PER_OUTPUT * out, out))
    return rows


def per_user(tokens: int) -> int:
    return tokens // len(USERS)


def write_plain_csv(path: Path, month: list[tuple[dt.datetime, int, int]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["timestamp", "input_tokens", "output_tokens", "model", "user"])
        for moment, tokens_in, tokens_out in month:
            for user in USERS:
                stamp = (moment + dt.timedelta(minutes=20)).isoformat()
                writer.writerow([stamp, per_user(tokens_in), per_user(tokens_out), MODEL, user])
    return path


def openai_pages(month: list[tuple[dt.datetime, int, int]], pages: int = 2) -> list[dict[str, Any]]:
    """Hourly buckets grouped by model and user, split over ``pages`` pages as the API returns them."""
    buckets = [
        {
            "object": "bucket",
            "start_time": int(moment.timestamp()),
            "end_time": int(moment.timestamp()) + 3600,
            "results": [
                {
                    "object": "organization.usage.completions.result",
                    "input_tokens": per_user(tokens_in),
                    "output_tokens": per_user(tokens_out),
                    "input_cached_tokens": round(per_user(tokens_in) * CACHED_SHARE),
                    "input_audio_tokens": 0,
                    "output_audio_tokens": 0,
                    "num_model_requests": 4,
                    "project_id": None,
                    "user_id": f"user-{user}",
                    "api_key_id": None,
                    "model": f"{MODEL}-2024-08-06",
                    "batch": None,
                }
                for user in USERS
            ],
        }
        for moment, tokens_in, tokens_out in month
    ]
    size = -(-len(buckets) // pages)
    chunks = [buckets[i : i + size] for i in range(0, len(buckets), size)]
    return [
        {
            "object": "page",
            "data": chunk,
            "has_more": k < len(chunks) - 1,
            "next_page": f"page_{k + 2}" if k < len(chunks) - 1 else None,
        }
        for k, chunk in enumerate(chunks)
    ]


def spend_logs(month: list[tuple[dt.datetime, int, int]]) -> list[dict[str, Any]]:
    """One LiteLLM spend-log row per user and hour, priced by LiteLLM in USD."""
    logs = []
    for moment, tokens_in, tokens_out in month:
        for k, user in enumerate(USERS):
            prompt, completion = per_user(tokens_in), per_user(tokens_out)
            cached = round(prompt * CACHED_SHARE)
            start = moment + dt.timedelta(minutes=10 + k)
            logs.append(
                {
                    "request_id": f"chatcmpl-{int(start.timestamp())}-{k}",
                    "call_type": "acompletion",
                    "api_key": "hashed-key",
                    "spend": (prompt * USD_PER_MTOK[0] + completion * USD_PER_MTOK[1]) / 1e6,
                    "total_tokens": prompt + completion,
                    "prompt_tokens": prompt,
                    "completion_tokens": completion,
                    "startTime": start.isoformat().replace("+00:00", "Z"),
                    "endTime": (start + dt.timedelta(seconds=9)).isoformat().replace("+00:00", "Z"),
                    "model": f"openai/{MODEL}",
                    "api_base": "https://api.openai.com/v1",
                    "user": "team-key-owner",
                    "end_user": user,
                    "metadata": {"usage_object": {"prompt_tokens_details": {"cached_tokens": cached}}},
                    "cache_hit": "False",
                    "cache_key": "",
                    "request_tags": [],
                }
            )
    return logs


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def write_spend_logs_csv(path: Path, logs: list[dict[str, Any]]) -> Path:
    """The LiteLLM_SpendLogs table exported to CSV: JSON columns as JSON text."""
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(logs[0]))
        writer.writeheader()
        for log in logs:
            writer.writerow({k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in log.items()})
    return path
