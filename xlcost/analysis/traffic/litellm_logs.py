"""LiteLLM proxy spend logs: the ``/spend/logs`` JSON, or a CSV export of the ``LiteLLM_SpendLogs`` table.

One row per request, with ``request_id``, ``startTime``, ``endTime``, ``model``, ``prompt_tokens``,
``completion_tokens``, ``spend`` (USD, LiteLLM's own price), ``user``, ``end_user`` and ``metadata``
(JSON; newer proxies keep the provider's usage there, with cached prompt tokens).
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from xlcost.analysis.traffic.usage import Usage, UsageError, UsageRows, count, money, timestamp

FORMAT = "litellm"
REQUIRED = ("startTime", "prompt_tokens", "completion_tokens")
READ = (*REQUIRED, "model", "spend", "user", "end_user", "metadata")


def looks_like_log(record: object) -> bool:
    return isinstance(record, dict) and "startTime" in record and "prompt_tokens" in record


def read_records(records: Iterable[object], source: str, label: str = "record") -> Usage:
    """Spend-log rows (dicts) as usage; ``label`` names a record in messages ('record' or 'row')."""
    rows = UsageRows(source, FORMAT)
    for i, record in enumerate(records):
        where = f"{source} {label} {i + (2 if label == 'row' else 1)}"
        if not isinstance(record, dict):
            raise UsageError(f"{where}: not a spend-log object")
        missing = [name for name in REQUIRED if name not in record]
        if missing:
            raise UsageError(f"{where}: missing field '{missing[0]}'")
        prompt = count(record["prompt_tokens"], where, "prompt_tokens")
        rows.add(
            where,
            timestamp(record["startTime"], where, "startTime"),
            prompt,
            count(record["completion_tokens"], where, "completion_tokens"),
            cached=min(prompt, _cached_tokens(record.get("metadata"), where)),
            user=record.get("end_user") or record.get("user") or None,
            model=str(record.get("model") or ""),
            spend=money(record.get("spend"), where, "spend"),
        )
    return rows.usage()


def _cached_tokens(metadata: object, where: str) -> float:
    """Cached prompt tokens from metadata.usage_object.prompt_tokens_details, when the proxy kept them."""
    if isinstance(metadata, str):
        if not metadata.strip():
            return 0.0
        try:
            metadata = json.loads(metadata)
        except json.JSONDecodeError:
            raise UsageError(f"{where}: field 'metadata': not JSON") from None
    if not isinstance(metadata, dict):
        return 0.0
    usage = metadata.get("usage_object") or {}
    details = usage.get("prompt_tokens_details") or {} if isinstance(usage, dict) else {}
    cached = details.get("cached_tokens") if isinstance(details, dict) else None
    return count(cached, where, "metadata.usage_object.prompt_tokens_details.cached_tokens")
