"""LiteLLM's ``model_prices_and_context_window.json``: USD per token, one object per model key.

Only ``mode: chat`` entries become API options. Keys may carry a provider prefix
(``openai/gpt-4o``); the catalog id is the part after the last ``/``. Billing rules (long-context
tiers, cache writes, batch and service-tier prices, per-request fees) become the row's rule columns
(``billing_rules.litellm_rules``).
"""

from __future__ import annotations

from datetime import date
from functools import partial
from pathlib import Path

from xlcost.core.pricing import TOKENS_PER_MTOK
from xlcost.errors import CatalogError
from xlcost.prices.billing_rules import litellm_rules
from xlcost.prices.common import (
    ImportReport,
    ReadOptions,
    RowRejected,
    check_per_mtok,
    file_date,
    file_label,
    newest_stamp,
    number,
    safe_text,
    slug,
    vendor_name,
)
from xlcost.prices.files import DupDict, load_json
from xlcost.prices.quotes import ApiQuote

_FIELDS = {"input": "input_cost_per_token", "output": "output_cost_per_token", "cached": "cache_read_input_token_cost"}


def read(path: Path, options: ReadOptions, report: ImportReport) -> list[ApiQuote]:
    data = load_json(path)
    if not isinstance(data, dict):
        raise CatalogError(f"{path.name}: not a LiteLLM price file: the top level must be an object of model entries")
    entries = {k: v for k, v in data.items() if k != "sample_spec"}
    if entries and not any(isinstance(v, dict) and "litellm_provider" in v for v in entries.values()):
        raise CatalogError(f"{path.name}: not a LiteLLM price file: no entry has 'litellm_provider' (wrong --format?)")
    as_of, dated = options.as_of, "file dated"
    if as_of is None and options.installed:  # an installed file's date is the install date: ask the data
        as_of, dated = newest_stamp(entries, date.today()), "newest dated model"
    if as_of is None:
        as_of, dated = file_date(path), "file dated"
    origin = f" from {options.installed}" if options.installed else ""
    source = f"litellm {file_label(path)}{origin} ({dated} {as_of.isoformat()})"
    duplicates = data.duplicates if isinstance(data, DupDict) else set()
    quotes: list[ApiQuote] = []
    for key, entry in entries.items():
        report.collect(key, partial(_quote, key, entry, key in duplicates, options, report, as_of, source), quotes)
    if "sample_spec" in data:
        report.skip("sample_spec (documentation entry)")
    return quotes


def _quote(
    key: str, entry: object, duplicated: bool, options: ReadOptions, report: ImportReport, as_of: date, source: str
) -> ApiQuote | None:
    if duplicated:
        raise RowRejected("the key appears more than once in the file; which price is right is unknown")
    if not isinstance(entry, dict):
        raise RowRejected(f"entry is {type(entry).__name__}, not an object")
    if isinstance(entry, DupDict) and entry.duplicates:
        raise RowRejected(f"field(s) given twice: {', '.join(sorted(entry.duplicates))}")
    provider = entry.get("litellm_provider")
    if isinstance(provider, str):
        report.providers.add(provider.strip().lower())
    mode = entry.get("mode")
    if mode != "chat":
        report.skip(f"mode {mode}" if mode else "no mode (not marked chat)")
        return None
    if not isinstance(provider, str) or not provider.strip():
        raise RowRejected("no litellm_provider")
    provider = provider.strip()
    if not options.wants(provider, key):
        report.skip(options.skip_reason())
        return None
    prices = {part: number(entry.get(name), name) for part, name in _FIELDS.items()}
    for part in ("input", "output"):
        if prices[part] is None:
            raise RowRejected(f"missing {_FIELDS[part]}")
    per_mtok = {part: None if v is None else v * TOKENS_PER_MTOK for part, v in prices.items()}
    for part, value in per_mtok.items():
        if value is not None:
            check_per_mtok(value, _FIELDS[part], per_token_field=True)
    if per_mtok["input"] == 0 and per_mtok["output"] == 0:
        raise RowRejected("zero input and output price (a free or self-hosted entry, not a paid API)")
    input_usd, output_usd = per_mtok["input"], per_mtok["output"]
    assert input_usd is not None and output_usd is not None  # a missing one was rejected above
    name = key.rsplit("/", 1)[-1]
    base_id = slug(name)
    if not base_id:
        raise RowRejected("no usable id in the model name")
    rules, notes = litellm_rules(entry)
    return ApiQuote(
        key=key,
        origin="litellm",
        provider=provider,
        vendor=vendor_name(provider),
        base_id=base_id,
        name=safe_text(name),
        canonical="/" not in key,
        input_usd=input_usd,
        output_usd=output_usd,
        cached_usd=per_mtok["cached"],
        as_of=as_of,
        source=source,
        notes="; ".join(notes),
        rules=tuple(rules.items()),
    )
