"""The billing rules a price file states, as the catalog's ``ApiPrice`` fields (``rows.BILLING_FIELDS``).

LiteLLM spells a rule as a suffixed field (``input_cost_per_token_above_200k_tokens``,
``cache_creation_input_token_cost``, ``input_cost_per_token_batches``, ``*_priority``, ``*_flex``,
``input_cost_per_request``); genai-prices as a tiered price (``{base, tiers}``), ``cache_write_mtok``,
``requests_kcount`` and price variants chosen by the request (``processing: batch``, ``service_tier``).
Both become USD per 1M tokens (a fee per request in USD), plus the long-context threshold in tokens.
The catalog holds one long-context threshold per row: where a file states several, the lowest is kept and
the others are named in the notes; a rule whose price is in the wrong unit is left out and named there too.
"""

from __future__ import annotations

import re
from datetime import date

from xlcost.core.pricing import TOKENS_PER_MTOK
from xlcost.prices.common import RowRejected, check_per_mtok, number, parse_date

#: a stated rule: catalog field and value (USD per 1M tokens, USD a request, or tokens)
Rules = dict[str, float]
#: a price read, absent, or why it cannot be used
Price = float | None | RowRejected
#: long-context prices by threshold: part (input, output, cached, write) -> (file field, price)
Tiers = dict[int, dict[str, tuple[str, Price]]]

_PART = {"input": "input", "output": "output", "cached": "cached_input", "write": "cache_write"}

_LITELLM_FLAT = {
    "cache_creation_input_token_cost": "cache_write_per_mtok",
    "input_cost_per_token_batches": "batch_input_per_mtok",
    "output_cost_per_token_batches": "batch_output_per_mtok",
    "cache_read_input_token_cost_batches": "batch_cached_input_per_mtok",
    "input_cost_per_token_priority": "priority_input_per_mtok",
    "output_cost_per_token_priority": "priority_output_per_mtok",
    "cache_read_input_token_cost_priority": "priority_cached_input_per_mtok",
    "input_cost_per_token_flex": "flex_input_per_mtok",
    "output_cost_per_token_flex": "flex_output_per_mtok",
    "cache_read_input_token_cost_flex": "flex_cached_input_per_mtok",
}
_LITELLM_TIER = re.compile(
    r"^(?P<part>input_cost_per_token|output_cost_per_token|cache_read_input_token_cost|cache_creation_input_token_cost)"
    r"_above_(?P<k>\d+)k_tokens$"
)
_LITELLM_TIER_PART = {
    "input_cost_per_token": "input",
    "output_cost_per_token": "output",
    "cache_read_input_token_cost": "cached",
    "cache_creation_input_token_cost": "write",
}


def litellm_rules(entry: dict[str, object]) -> tuple[Rules, list[str]]:
    """The rules of one LiteLLM entry (per-token figures made per 1M tokens), and notes on what was left out."""
    rules: Rules = {}
    notes: list[str] = []
    for name, field in _LITELLM_FLAT.items():
        _keep(rules, notes, field, _per_mtok(entry.get(name), name, per_token=True), name)
    tiers: Tiers = {}
    for name, value in entry.items():
        match = _LITELLM_TIER.match(name)
        if match:
            part = _LITELLM_TIER_PART[match["part"]]
            tiers.setdefault(int(match["k"]) * 1000, {})[part] = (name, _per_mtok(value, name, per_token=True))
    _long_context(rules, notes, tiers)
    fee = number(entry.get("input_cost_per_request"), "input_cost_per_request")
    if fee is not None:
        rules["per_request"] = fee
    return rules, notes


def genai_rules(prices: dict[str, object], variants: object, as_of: date) -> tuple[Rules, list[str]]:
    """The rules of one genai-prices model: its tiers and cache-write price, and the batch and service-tier
    variants in force on ``as_of`` (the first stated, as genai-prices resolves them)."""
    rules: Rules = {}
    notes: list[str] = []
    write = _base(prices.get("cache_write_mtok"), "cache_write_mtok")
    _keep(rules, notes, "cache_write_per_mtok", write, "cache_write_mtok")
    tiers: Tiers = {}
    for part, name in (("input", "input_mtok"), ("output", "output_mtok"), ("cached", "cache_read_mtok"),
                       ("write", "cache_write_mtok")):  # fmt: skip
        for start, price in _tiers(prices.get(name), name):
            tiers.setdefault(start, {})[part] = (name, price)
    _long_context(rules, notes, tiers)
    kcount = number(prices.get("requests_kcount"), "requests_kcount")
    if kcount is not None:
        rules["per_request"] = kcount / 1000
    for prefix, variant in _variants(variants, as_of):
        for part, name in (("input", "input_mtok"), ("output", "output_mtok"), ("cached", "cache_read_mtok")):
            field = f"{prefix}_{_PART[part]}_per_mtok"
            if field not in rules:
                _keep(rules, notes, field, _base(variant.get(name), f"{prefix} {name}"), f"{prefix} {name}")
    return rules, notes


_VARIANTS = {
    ("processing", "batch"): "batch",
    ("service_tier", "priority"): "priority",
    ("service_tier", "flex"): "flex",
}


def _variants(variants: object, as_of: date) -> list[tuple[str, dict[str, object]]]:
    """(rule prefix, prices) of the batch and service-tier variants in force on ``as_of``, in file order."""
    found = []
    for variant in variants if isinstance(variants, list) else []:
        if not isinstance(variant, dict) or not isinstance(variant.get("when"), dict):
            continue
        when = variant["when"]
        prefix = _VARIANTS.get(next(iter(when.items()))) if len(when) == 1 else None
        constraint = variant.get("constraint")
        if constraint is not None and not (
            isinstance(constraint, dict)
            and "start_date" in constraint
            and parse_date(constraint["start_date"], "price_variants.constraint.start_date") <= as_of
        ):
            continue
        if prefix is not None and isinstance(variant.get("prices"), dict):
            found.append((prefix, variant["prices"]))
    return found


def _long_context(rules: Rules, notes: list[str], tiers: Tiers) -> None:
    """The lowest threshold's prices as the row's long-context rule; the higher ones named as not modelled."""
    if not tiers:
        return
    lowest, *higher = sorted(tiers)
    for part, (name, price) in tiers[lowest].items():
        _keep(rules, notes, f"long_context_{_PART[part]}_per_mtok", price, name)
    if any(name.startswith("long_context_") for name in rules):
        rules["long_context_above"] = float(lowest)
    for start in higher:
        notes.append(f"prices above {start:,} input tokens not modelled (the {lowest:,} tier applies above it)")


def _keep(rules: Rules, notes: list[str], field: str, price: float | RowRejected | None, name: str) -> None:
    if isinstance(price, RowRejected):
        notes.append(f"{name} left out: {price}")
    elif price is not None:
        rules[field] = price


def _per_mtok(value: object, name: str, *, per_token: bool) -> float | RowRejected | None:
    """A price per 1M tokens, None when absent, or why it cannot be one (the row keeps its other prices)."""
    try:
        price = number(value, name)
        if price is None:
            return None
        if per_token:
            price *= TOKENS_PER_MTOK
        check_per_mtok(price, name, per_token_field=per_token)
    except RowRejected as exc:
        return exc
    return price


def _base(value: object, name: str) -> float | RowRejected | None:
    """A flat price, or a tiered one's base."""
    return _per_mtok(value.get("base") if isinstance(value, dict) else value, name, per_token=False)


def _tiers(value: object, name: str) -> list[tuple[int, float | RowRejected | None]]:
    """A tiered genai-prices price's (start, price) pairs; none for a flat price."""
    if not isinstance(value, dict) or not isinstance(value.get("tiers"), list):
        return []
    pairs = []
    for tier in value["tiers"]:
        if isinstance(tier, dict) and isinstance(tier.get("start"), int | float):
            pairs.append((int(tier["start"]), _per_mtok(tier.get("price"), f"{name} tier", per_token=False)))
    return pairs
