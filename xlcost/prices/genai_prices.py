"""pydantic's genai-prices data: USD per 1M tokens, providers each with a list of models.

Reads a provider file (``prices/providers/<id>.yml``, with ``prices_checked`` dates), the
built ``prices/data.json`` (a list of providers; no ``prices_checked``, so the file date is used),
or the installed package's ``genai_prices/data.py`` (the same list as Python; dated by the newest
date it states, since its file date is the install date).
Conditional prices: the latest ``start_date`` on or before the as-of date wins, otherwise the
unconstrained price; time-of-day prices (off-peak discounts) are not modelled. Tiered prices
(``{base, tiers}``), cache writes, per-request fees and the batch and service-tier variants become the
row's rule columns (``billing_rules.genai_rules``).
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from xlcost.errors import CatalogError
from xlcost.prices.billing_rules import genai_rules
from xlcost.prices.common import (
    ImportReport,
    ReadOptions,
    RowRejected,
    check_per_mtok,
    file_date,
    file_label,
    number,
    parse_date,
    safe_text,
    slug,
    vendor_name,
)
from xlcost.prices.files import load_json_or_yaml
from xlcost.prices.python_data import load_providers
from xlcost.prices.quotes import ApiQuote

_FIELDS = {"input": "input_mtok", "output": "output_mtok", "cached": "cache_read_mtok"}


def read(path: Path, options: ReadOptions, report: ImportReport) -> list[ApiQuote]:
    file_as_of = options.as_of
    data: object
    if path.suffix.lower() == ".py":  # the package's own data.py: its dates, not the install date
        data, dates = load_providers(path)
        file_as_of = file_as_of or max((d for d in dates if d <= date.today()), default=None)
    else:
        data = load_json_or_yaml(path)
    if isinstance(data, dict) and "models" in data:
        providers = [data]
    elif isinstance(data, list) and all(isinstance(p, dict) and "models" in p for p in data):
        providers = data
    else:
        raise CatalogError(
            f"{path.name}: not a genai-prices file: expected a provider (with 'id' and 'models') "
            "or a list of providers (data.json)"
        )
    file_as_of = file_as_of or file_date(path)
    quotes: list[ApiQuote] = []
    for index, provider in enumerate(providers, start=1):
        pid = provider.get("id")
        if not isinstance(pid, str) or not pid.strip() or not isinstance(provider["models"], list):
            raise CatalogError(f"{path.name}: provider #{index} needs a text 'id' and a list of 'models'")
        models = provider["models"]
        report.providers.add(pid.strip().lower())
        if not options.wants_provider(pid):
            report.read += len(models)
            report.skipped[options.skip_reason()] += len(models)
            continue
        ids = Counter(m["id"] for m in models if isinstance(m, dict) and isinstance(m.get("id"), str))
        duplicated = {i for i, n in ids.items() if n > 1}
        for model in models:
            key = f"{pid}/{_model_id(model)}"
            dup = isinstance(model, dict) and isinstance(model.get("id"), str) and model["id"] in duplicated
            report.collect(key, partial(_quote, path, provider, model, dup, options, file_as_of, report), quotes)
    return quotes


def _model_id(model: object) -> str:
    """The model's id as reported: text, cut short; anything else is shown as '?'."""
    ident = model.get("id") if isinstance(model, dict) else None
    return ident[:80] if isinstance(ident, str) else "?"


def _quote(
    path: Path,
    provider: dict[str, Any],
    model: object,
    duplicated: bool,
    options: ReadOptions,
    file_as_of: date,
    report: ImportReport,
) -> ApiQuote | None:
    if duplicated:
        raise RowRejected("model id listed more than once for this provider; which price is right is unknown")
    if not isinstance(model, dict):
        raise RowRejected(f"model is {type(model).__name__}, not a mapping")
    mid = model.get("id")
    if not isinstance(mid, str) or not mid.strip():
        raise RowRejected("model has no text 'id'")
    if not options.wants(provider["id"], mid):
        report.skip(options.skip_reason())
        return None
    if "prices" not in model:
        raise RowRejected("model has no 'prices'")
    checked = model.get("prices_checked")
    as_of = options.as_of or (parse_date(checked, "prices_checked") if checked is not None else file_as_of)
    prices, note = _applicable(model["prices"], as_of)
    values = {part: _price(prices.get(name), name) for part, name in _FIELDS.items()}
    if values["input"] is None:
        raise RowRejected("missing input_mtok")
    if values["output"] is None:
        report.skip("no output_mtok (not a chat model)")
        return None
    for part, value in values.items():
        if value is not None:
            check_per_mtok(value, _FIELDS[part], per_token_field=False)
    if values["input"] == 0 and values["output"] == 0:
        raise RowRejected("zero input and output price (a free entry, not a paid API)")
    base_id = slug(mid.rsplit("/", 1)[-1])
    if not base_id:
        raise RowRejected("no usable id in the model id")
    pid = provider["id"].strip()
    dated = (
        "prices checked" if checked is not None else "newest date in the data" if options.installed else "file dated"
    )
    origin = f" from {options.installed}" if options.installed else ""
    rules, rule_notes = genai_rules(prices, model.get("price_variants"), as_of)
    return ApiQuote(
        key=f"{pid}/{mid}",
        origin="genai-prices",
        provider=pid,
        vendor=vendor_name(pid, provider.get("name")),
        base_id=base_id,
        name=safe_text(model.get("name") or mid),
        canonical="/" not in mid,
        input_usd=values["input"],
        output_usd=values["output"],
        cached_usd=values["cached"],
        as_of=as_of,
        source=f"genai-prices {file_label(path)}{origin} ({dated} {as_of.isoformat()})",
        notes="; ".join(n for n in (*rule_notes, note) if n),
        rules=tuple(rules.items()),
    )


def _applicable(prices: object, as_of: date) -> tuple[dict[str, Any], str]:
    """The price set in force on ``as_of`` from a plain or conditional price list."""
    if isinstance(prices, dict):
        return prices, ""
    if not isinstance(prices, list) or not prices:
        raise RowRejected("'prices' must be a mapping or a non-empty list of conditional prices")
    default, dated, timed = None, [], False
    for item in prices:
        if not isinstance(item, dict) or not isinstance(item.get("prices"), dict):
            raise RowRejected("each conditional price needs a 'prices' mapping")
        constraint = item.get("constraint")
        if constraint is None:
            default = item["prices"]
        elif isinstance(constraint, dict) and "start_date" in constraint:
            start = parse_date(constraint["start_date"], "constraint.start_date")
            if start <= as_of:
                dated.append((start, item["prices"]))
        else:
            timed = True
    note = "time-of-day prices not modelled" if timed else ""
    if dated:
        start, chosen = max(dated, key=lambda pair: pair[0])
        return chosen, "; ".join(n for n in (f"price in force since {start.isoformat()}", note) if n)
    if default is None:
        raise RowRejected("no conditional price applies and none is unconstrained")
    return default, note


def _price(value: object, name: str) -> float | None:
    """A flat price, or the base of a tiered one (its tiers are the row's long-context rule)."""
    if isinstance(value, dict):
        if "base" not in value:
            raise RowRejected(f"{name}: tiered price without 'base'")
        tiers = value.get("tiers") or []
        if not isinstance(tiers, list) or not all(isinstance(t, dict) and "start" in t and "price" in t for t in tiers):
            raise RowRejected(f"{name}.tiers must be a list of tiers, each with 'start' and 'price'")
        for tier in tiers:
            number(tier["start"], f"{name}.tiers.start")
            number(tier["price"], f"{name}.tiers.price")
        return number(value["base"], f"{name}.base")
    return number(value, name)
