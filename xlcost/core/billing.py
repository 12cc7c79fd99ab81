"""What a hosted API bills for a workload's tokens: the vendor's rules applied to its traffic.

The rules are those vendors publish and LiteLLM and genai-prices record: cached input read at the cache price,
input written to the cache at the cache-write price, every token of a request whose input passes a threshold
at the long-context prices (the whole request, as Anthropic, Google and OpenAI bill it), batch traffic at the
batch prices, the priority or flex service tier, and a fee per request. A price the row leaves blank falls back
to the standard one, so a row without rules bills exactly as input x price + output x price.

Money is in the row's currency. Token and request counts may be numpy arrays (one entry per workload): a
column of workloads is billed in one pass, as ``core.vector`` and the Excel functions need.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.scenario import ServiceTier, Workload

TOKENS_PER_MTOK = 1_000_000


@dataclass(frozen=True, slots=True)
class Terms:
    """How a workload's traffic meets the rules: shares of input read from and written to the cache, share of
    requests sent as batches, and the service tier of the rest."""

    cached_input_share: float = 0.0
    cache_write_share: float = 0.0
    batch_share: float = 0.0
    service_tier: ServiceTier = "standard"

    @classmethod
    def of(cls, workload: Workload) -> Terms:
        return cls(workload.cached_input_share, workload.cache_write_share, workload.batch_share, workload.service_tier)


@dataclass(frozen=True, slots=True)
class Rates:
    """Prices per 1M tokens for one kind of traffic: uncached input, output, cache read, cache write."""

    input: Any
    output: Any
    cached: Any
    write: Any

    def input_rate(self, terms: Terms) -> Any:
        """One input token's price, blended by the shares read from and written to the cache."""
        plain = 1 - terms.cached_input_share - terms.cache_write_share
        return plain * self.input + terms.cached_input_share * self.cached + terms.cache_write_share * self.write


def _or(value: float | None, fallback: float) -> float:
    return fallback if value is None else value


def _rates(row: ApiPrice, input_price: float, output_price: float, cached: float | None, write: float | None) -> Rates:
    """Rates of one kind of traffic; where the row has no cache price, cached or written input is billed as
    this traffic's input (a priority request's written input at the priority input price)."""
    cached = cached if row.cached_input_per_mtok is not None else None
    write = write if row.cache_write_per_mtok is not None else None
    return Rates(input_price, output_price, _or(cached, input_price), _or(write, input_price))


def standard_rates(row: ApiPrice) -> Rates:
    """The list prices."""
    return _rates(row, row.input_per_mtok, row.output_per_mtok, row.cached_input_per_mtok, row.cache_write_per_mtok)


def tier_rates(row: ApiPrice, tier: ServiceTier) -> Rates:
    """The service tier's prices where the row states them, the standard ones where it does not."""
    if tier == "standard":
        return standard_rates(row)
    return _rates(
        row,
        _or(getattr(row, f"{tier}_input_per_mtok"), row.input_per_mtok),
        _or(getattr(row, f"{tier}_output_per_mtok"), row.output_per_mtok),
        _or(getattr(row, f"{tier}_cached_input_per_mtok"), row.cached_rate),
        row.cache_write_per_mtok,
    )


def batch_rates(row: ApiPrice) -> Rates:
    """Batch prices where the row states them; no vendor row here prices batch cache writes apart."""
    return _rates(
        row,
        _or(row.batch_input_per_mtok, row.input_per_mtok),
        _or(row.batch_output_per_mtok, row.output_per_mtok),
        _or(row.batch_cached_input_per_mtok, row.cached_rate),
        row.cache_write_per_mtok,
    )


def long_context_rates(row: ApiPrice, below: Rates, *, batch: bool) -> Rates:
    """Prices past ``long_context_above``: the row's long-context prices, and ``below``'s where it has none.

    Batch traffic keeps its discount on them (each long-context price times the batch price over the standard
    one), as Anthropic and Google bill it; a service tier has no long-context prices of its own here."""
    standard = standard_rates(row)

    def above(long: float | None, standard_price: float, own: float) -> float:
        if long is None:
            return own
        return long * own / standard_price if batch and standard_price else long

    input_price = above(row.long_context_input_per_mtok, standard.input, below.input)

    def cache(long: float | None, listed: float | None, standard_price: float, own: float) -> float:
        """A long-context cache price as stated; else the traffic's own, or the input price where none is listed."""
        return above(long, standard_price, own) if long is not None or listed is not None else input_price

    return Rates(
        input_price,
        above(row.long_context_output_per_mtok, standard.output, below.output),
        cache(row.long_context_cached_input_per_mtok, row.cached_input_per_mtok, standard.cached, below.cached),
        cache(row.long_context_cache_write_per_mtok, row.cache_write_per_mtok, standard.write, below.write),
    )


def token_cost(
    row: ApiPrice, input_tokens: ArrayLike, output_tokens: ArrayLike, terms: Terms, requests: ArrayLike | None = None
) -> Any:
    """The bill for these input and output tokens (reasoning tokens among the output) sent in ``requests``.

    Without ``requests`` a request's size is unknown: no long-context tier and no per-request fee apply."""
    tokens_in, tokens_out = np.asarray(input_tokens), np.asarray(output_tokens)
    over = _over_threshold(row, tokens_in, requests)
    interactive = _traffic(row, tier_rates(row, terms.service_tier), over, tokens_in, tokens_out, terms, batch=False)
    if terms.batch_share:
        batch = _traffic(row, batch_rates(row), over, tokens_in, tokens_out, terms, batch=True)
        interactive = (1 - terms.batch_share) * interactive + terms.batch_share * batch
    if row.per_request is not None and requests is not None:
        return interactive + np.asarray(requests) * row.per_request
    return interactive


def _traffic(
    row: ApiPrice, rates: Rates, over: Any, tokens_in: Any, tokens_out: Any, terms: Terms, *, batch: bool
) -> Any:
    if over is not False:
        long = long_context_rates(row, rates, batch=batch)
        rates = Rates(
            *(np.where(over, getattr(long, f), getattr(rates, f)) for f in ("input", "output", "cached", "write"))
        )
    return (tokens_in * rates.input_rate(terms) + tokens_out * rates.output) / TOKENS_PER_MTOK


def _over_threshold(row: ApiPrice, tokens_in: np.ndarray, requests: ArrayLike | None) -> Any:
    """Whether a request's input passes ``long_context_above`` (False when the rule or the count is missing)."""
    if row.long_context_above is None or requests is None:
        return False
    count = np.asarray(requests, dtype=float)
    per_request = np.divide(tokens_in, count, out=np.zeros(np.broadcast(tokens_in, count).shape), where=count > 0)
    over = per_request > row.long_context_above
    return bool(over) if over.ndim == 0 else over


def by_request(row: object) -> bool:
    """Whether an API row's bill depends on the size or count of requests, not on token counts alone."""
    return isinstance(row, ApiPrice) and (row.long_context_above is not None or row.per_request is not None)


def rules_applied(row: ApiPrice, workload: Workload, requests_per_user_day: float) -> tuple[str, ...]:
    """The rules of ``row`` that move this workload's bill, in words for the cost line (empty: list prices)."""
    rules = []
    if workload.cache_write_share and row.cache_write_per_mtok is not None:
        rules.append(f"{workload.cache_write_share:.0%} of input written to the cache")
    if workload.batch_share and (row.batch_input_per_mtok is not None or row.batch_output_per_mtok is not None):
        rules.append(f"{workload.batch_share:.0%} batch")
    tier = workload.service_tier
    if tier != "standard" and tier_rates(row, tier) != standard_rates(row):
        rules.append(f"{tier} tier")
    if row.long_context_above is not None and workload.input_tokens_per_user_day / requests_per_user_day > (
        row.long_context_above
    ):
        rules.append(f"long-context prices (input over {row.long_context_above:,} tokens a request)")
    if row.per_request is not None:
        rules.append(f"{row.per_request:g} {row.currency} a request")
    if workload.reasoning_tokens_per_user_day:
        rules.append("reasoning tokens billed as output")
    return tuple(rules)
