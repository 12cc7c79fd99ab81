"""xlcost's bill for a row imported from LiteLLM's or genai-prices' own data equals what each library computes.

The libraries run here on the data they ship (LiteLLM's local price map, genai-prices' packaged data), and
xlcost imports that same data the way ``xlcost prices refresh`` does: long-context tiers, cache writes and
reads, batch and service-tier prices are checked case by case, then every first-party chat model LiteLLM
lists, at four request shapes. Without the libraries (a workstation) the tests are skipped; in CI they fail.
"""

from __future__ import annotations

import importlib
import json
import os
from datetime import datetime, timezone
from types import ModuleType
from typing import NamedTuple

import pytest

from tests.support.programs import missing
from xlcost.core import billing
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.scenario import ServiceTier
from xlcost.prices import import_prices
from xlcost.prices.common import ImportReport, ReadOptions
from xlcost.prices.installed import Found, find_installed
from xlcost.prices.litellm import read as read_litellm

os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")  # the map the package ships, never the network


def library(name: str) -> ModuleType:
    try:
        return importlib.import_module(name)
    except ImportError:
        missing(name, f"pip install {name.replace('_', '-')} (in the test extra)")


def shipped(fmt: str) -> Found:
    found = {f.fmt: f for f in find_installed().found}
    if fmt not in found:
        missing(f"{fmt}'s packaged price data", "pip install -e '.[test]'")
    return found[fmt]


@pytest.fixture(scope="module")
def litellm() -> ModuleType:
    return library("litellm")


@pytest.fixture(scope="module")
def genai_prices() -> ModuleType:
    return library("genai_prices")


@pytest.fixture(scope="module")
def from_litellm(litellm: ModuleType) -> dict[str, ApiPrice]:
    return dict(import_prices(shipped("litellm").paths, "litellm", load_catalog(), currency="USD").catalog.rows(
        "api.csv", ApiPrice
    ))  # fmt: skip


@pytest.fixture(scope="module")
def from_genai(genai_prices: ModuleType) -> dict[str, ApiPrice]:
    return dict(import_prices(shipped("genai-prices").paths, "genai-prices", load_catalog(), currency="USD").catalog.rows(
        "api.csv", ApiPrice
    ))  # fmt: skip


def xlcost_bill(
    row: ApiPrice,
    tokens_in: int,
    tokens_out: int,
    read: int = 0,
    write: int = 0,
    batch_share: float = 0.0,
    service_tier: ServiceTier = "standard",
) -> float:
    """One request, as a workload of one request states it: shares of the request's input."""
    shares = billing.Terms(
        cached_input_share=read / tokens_in,
        cache_write_share=write / tokens_in,
        batch_share=batch_share,
        service_tier=service_tier,
    )
    return float(billing.token_cost(row, tokens_in, tokens_out, shares, requests=1))


class Shape(NamedTuple):
    """One request to price: the model, its provider in genai-prices, its input and output tokens, and the input
    tokens read from and written to the cache."""

    model: str
    provider: str
    tokens_in: int
    tokens_out: int
    read: int = 0
    write: int = 0


# each request's id says what it checks
CASES = [
    pytest.param(Shape("claude-sonnet-4-5", "anthropic", 10_000, 1_000, 4_000, 2_000), id="cache-write-and-read"),
    pytest.param(Shape("claude-sonnet-4-5", "anthropic", 250_000, 1_000, 0, 0), id="anthropic-past-200k"),
    pytest.param(
        Shape("claude-sonnet-4-5", "anthropic", 250_000, 1_000, 100_000, 50_000), id="anthropic-past-200k-cached"
    ),
    pytest.param(Shape("gemini-2.5-pro", "google", 250_000, 2_000, 0, 0), id="google-past-200k"),
    pytest.param(Shape("gemini-2.5-pro", "google", 200_000, 2_000, 0, 0), id="google-at-200k-is-below"),
    pytest.param(Shape("gemini-2.5-pro", "google", 150_000, 2_000, 50_000, 0), id="google-cached-below"),
    pytest.param(Shape("gpt-5.4", "openai", 300_000, 2_000, 0, 0), id="openai-past-272k"),
    pytest.param(Shape("gpt-5.4", "openai", 300_000, 2_000, 100_000, 0), id="openai-past-272k-cached"),
    pytest.param(Shape("gpt-5", "openai", 10_000, 2_000, 3_000, 0), id="openai-cached"),
]


@pytest.mark.parametrize("shape", CASES)
def test_tiers_and_cache_agree_with_litellm(
    litellm: ModuleType, from_litellm: dict[str, ApiPrice], shape: Shape
) -> None:
    model, _, tokens_in, tokens_out, read, write = shape
    row = from_litellm[model]
    prompt, completion = litellm.cost_per_token(
        model=model, prompt_tokens=tokens_in, completion_tokens=tokens_out,
        cache_read_input_tokens=read, cache_creation_input_tokens=write,
    )  # fmt: skip
    assert xlcost_bill(row, tokens_in, tokens_out, read, write) == pytest.approx(prompt + completion, rel=1e-9)


@pytest.mark.parametrize("shape", CASES)
def test_tiers_and_cache_agree_with_genai_prices(
    genai_prices: ModuleType, from_genai: dict[str, ApiPrice], shape: Shape
) -> None:
    row = from_genai[shape.model]
    expected = genai_bill(genai_prices, row, shape)
    ours = xlcost_bill(row, shape.tokens_in, shape.tokens_out, shape.read, shape.write)
    assert ours == pytest.approx(expected, rel=1e-9)


def test_the_long_context_tier_is_what_the_issue_found_missing(from_genai: dict[str, ApiPrice]) -> None:
    """Before the rules, a 250k-token Claude request was billed at the base tier: about half of the bill."""
    row = from_genai["claude-sonnet-4-5"]
    base_only = (250_000 * row.input_per_mtok + 1_000 * row.output_per_mtok) / 1e6
    assert xlcost_bill(row, 250_000, 1_000) == pytest.approx(base_only * 2, rel=0.02)


BATCH = [
    pytest.param(Shape("gpt-5", "openai", 10_000, 2_000), id="openai"),
    pytest.param(Shape("claude-sonnet-4-5", "anthropic", 10_000, 2_000), id="anthropic"),
    pytest.param(Shape("gemini-2.5-pro", "google", 250_000, 2_000), id="google-past-200k"),
    pytest.param(Shape("gpt-5.4", "openai", 300_000, 2_000), id="openai-past-272k"),
]


@pytest.mark.parametrize("shape", BATCH)
def test_batch_agrees_with_litellm(litellm: ModuleType, from_litellm: dict[str, ApiPrice], shape: Shape) -> None:
    model, _, tokens_in, tokens_out, _, _ = shape
    from litellm.cost_calculator import batch_cost_calculator
    from litellm.types.utils import Usage

    usage = Usage(prompt_tokens=tokens_in, completion_tokens=tokens_out, total_tokens=tokens_in + tokens_out)
    prompt, completion = batch_cost_calculator(usage, model=model)
    row = from_litellm[model]
    assert xlcost_bill(row, tokens_in, tokens_out, batch_share=1.0) == pytest.approx(prompt + completion, rel=1e-9)


@pytest.mark.parametrize("shape", BATCH)
def test_batch_agrees_with_genai_prices(
    genai_prices: ModuleType, from_genai: dict[str, ApiPrice], shape: Shape
) -> None:
    row = from_genai[shape.model]
    expected = genai_bill(genai_prices, row, shape, processing="batch")
    assert xlcost_bill(row, shape.tokens_in, shape.tokens_out, batch_share=1.0) == pytest.approx(expected, rel=1e-9)


TIERS = [
    pytest.param("gpt-5", "openai", "priority", id="openai-priority"),
    pytest.param("gpt-5", "openai", "flex", id="openai-flex"),
    pytest.param("gpt-4o", "openai", "priority", id="gpt-4o-priority"),
]


@pytest.mark.parametrize(("model", "provider", "tier"), TIERS)
def test_service_tiers_agree_with_both(
    litellm: ModuleType,
    genai_prices: ModuleType,
    from_litellm: dict[str, ApiPrice],
    from_genai: dict[str, ApiPrice],
    model: str,
    provider: str,
    tier: ServiceTier,
) -> None:
    prompt, completion = litellm.cost_per_token(
        model=model, prompt_tokens=10_000, completion_tokens=2_000, cache_read_input_tokens=3_000, service_tier=tier
    )
    assert xlcost_bill(from_litellm[model], 10_000, 2_000, 3_000, service_tier=tier) == pytest.approx(
        prompt + completion, rel=1e-9
    )
    row = from_genai[model]
    expected = genai_bill(genai_prices, row, Shape(model, provider, 10_000, 2_000, 3_000), service_tier=tier)
    assert xlcost_bill(row, 10_000, 2_000, 3_000, service_tier=tier) == pytest.approx(expected, rel=1e-9)


FIRST_PARTY = ("openai", "anthropic", "gemini", "deepseek", "xai", "mistral")
SHAPES = [(1_000, 500, 0, 0), (150_000, 2_000, 50_000, 0), (300_000, 2_000, 0, 0), (300_000, 2_000, 100_000, 20_000)]


def test_every_first_party_chat_model_agrees_with_litellm_at_four_request_shapes(litellm: ModuleType) -> None:
    """Each entry as the reader turns it into a row (before ids are merged across entries), at a short chat,
    a cached long prompt, and prompts past the 200k and 272k tiers with cache reads and writes."""
    path = shipped("litellm").paths[0]
    entries = json.loads(path.read_text(encoding="utf-8"))
    quotes = read_litellm(path, ReadOptions(providers=frozenset(FIRST_PARTY)), ImportReport("litellm"))
    compared, differ = 0, []
    for quote in quotes:
        if "/" in quote.key or entries[quote.key].get("litellm_provider") not in FIRST_PARTY:
            continue
        row = ApiPrice.model_validate(
            {"id": "m", "kind": "api", "name": "m", "currency": "USD", "source": "litellm", "as_of": quote.as_of,
             "input_per_mtok": quote.input_usd, "output_per_mtok": quote.output_usd,
             "cached_input_per_mtok": quote.cached_usd} | dict(quote.rules)
        )  # fmt: skip
        for tokens_in, tokens_out, read, write in SHAPES:
            try:
                prompt, completion = litellm.cost_per_token(
                    model=quote.key, prompt_tokens=tokens_in, completion_tokens=tokens_out,
                    cache_read_input_tokens=read, cache_creation_input_tokens=write,
                )  # fmt: skip
            except Exception:  # litellm cannot price every entry it lists; those are not compared
                continue
            compared += 1
            ours = xlcost_bill(row, tokens_in, tokens_out, read, write)
            if ours != pytest.approx(prompt + completion, rel=1e-9):
                differ.append(
                    f"{quote.key} {tokens_in}/{tokens_out} read {read} write {write}: {ours} vs {prompt + completion}"
                )
    assert compared >= 200
    assert differ == []


def genai_bill(genai_prices: ModuleType, row: ApiPrice, shape: Shape, **context: str) -> float:
    """genai-prices' price of one request, in the given price context (batch processing, a service tier)."""
    usage = genai_prices.Usage(
        input_tokens=shape.tokens_in,
        output_tokens=shape.tokens_out,
        cache_read_tokens=shape.read,
        cache_write_tokens=shape.write,
    )
    found = genai_prices.calc_price(
        usage, shape.model, provider_id=shape.provider, genai_request_timestamp=_on(row), price_context=context or None
    )
    return float(found.total_price)


def _on(row: ApiPrice) -> datetime:
    """The request's time for genai-prices: the day the imported prices are dated, so both read one price."""
    return datetime(row.as_of.year, row.as_of.month, row.as_of.day, 12, tzinfo=timezone.utc)
