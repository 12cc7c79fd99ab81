"""The pricing rules every sheet shares, each written once as an expression and naming the core code it mirrors.

OptionPrices, Calc, Checks and Sensitivity call these; none of them spells a rule itself, so
a rule changes here or nowhere.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from xlcost.core.money import months_discounted
from xlcost.core.option_kinds import KIND
from xlcost.workbook.expr import Expr, Name, Num, call

MONTHS_PER_YEAR = 12  # typed in formulas as the structural constant 12


def growth_factor(rate: Expr, month: Expr) -> Expr:
    """Usage in month k relative to month 1, (1+g)^(k-1): ``money.running_costs``."""
    return (1 + rate) ** (month - 1)


def growth_sum(rate: Expr, months: Expr, in_horizon: Expr) -> Expr:
    """Sum of the growth factors over the horizon: ``scenario.growth_sum``.

    Summed term by term over the timeline rather than ((1+g)^n-1)/g, which cancels for tiny rates
    (the core uses expm1/log1p; spreadsheets have neither).
    """
    return call("SUMPRODUCT", growth_factor(rate, months), in_horizon)


def tco_closed_form(upfront: Expr, flat_monthly: Expr, usage_monthly: Expr, months: Expr, growth: Expr) -> Expr:
    """Total cash cost over ``months``, closed form: upfront + flat x months + month-1 usage x the growth sum
    (``growth_sum``): ``money.tco_closed_form``."""
    return upfront + flat_monthly * months + usage_monthly * growth


def monthly_rate(yearly: Expr) -> Expr:
    """Monthly rate equivalent to a yearly one, compounding: ``money.monthly_rate``."""
    return (1 + yearly) ** (Num(1) / MONTHS_PER_YEAR) - 1


def discount(monthly: Expr, month: Expr, *, upfront: bool) -> Expr:
    """Present value of 1 of month ``month``'s upfront or running cost: the factor in ``money.npv``, its months by
    the core's timing convention (``money.months_discounted``)."""
    return 1 / (1 + monthly) ** months_discounted(month, upfront=upfront)


def pick(column: Expr, position: Expr) -> Expr:
    """Entry of a one-column range: INDEX(range, n, 1), with both indexes as every engine reads them."""
    return call("INDEX", column, position, 1)


def fx_to_result(currency: Expr) -> Expr:
    """Rate from a currency to the result currency through CNY: ``Catalog.fx_rate``."""

    def to_cny(code: Expr) -> Expr:
        return pick(Name("fx_rate_to_cny"), call("MATCH", code, Name("fx_currency"), 0))

    return to_cny(currency) / to_cny(Name("currency"))


def at_case(low: Expr, high: Expr, weight: Expr) -> Expr:
    """A ranged price at a case: low + weight x (high - low), weight 0 / 0.5 / 1: ``Ranged.at``."""
    return low + weight * (high - low)


def per_month(yearly: Expr) -> Expr:
    """A yearly amount per month: opex lines, seats, extra costs (``pricing.MONTHS_PER_YEAR``)."""
    return yearly / MONTHS_PER_YEAR


def _sum(terms: Iterable[Expr]) -> Expr:
    """Terms added left to right, the first as it is (no ``0 +`` in the formula)."""
    first, *rest = terms
    total = first
    for term in rest:
        total = total + term
    return total


def generated_tokens_per_user_day() -> Expr:
    """Output tokens a model generates a day, the visible and the reasoning ones: ``Workload.generated_tokens_per_user_day``
    (a workbook whose Inputs hold no reasoning tokens generates the output tokens alone)."""
    return Name("output_tokens_per_user_day") + Name("reasoning_tokens_per_user_day")


def peak_output_tokens_per_s(generated: Expr | None = None) -> Expr:
    """Output tokens per second at the busiest hour of the busiest month: ``sizing.peak_output_tokens_per_s``.

    The busiest month is month 1 or the last (users only grow or only shrink); the busiest hour carries
    ``peak_to_average`` times the day's average hour. ``generated``: tokens generated a day (default: output)."""
    busiest = call("MAX", 1, growth_factor(Name("monthly_growth"), Name("horizon_months")))
    daily = Name("output_tokens_per_user_day") if generated is None else generated
    per_second = Name("users_per_day") * busiest * daily / Name("seconds_per_day")
    return per_second * Name("peak_to_average")


def whole(value: Expr) -> Expr:
    """Rounded up to a whole number, a computed 2.0000000001 taken as 2: ``sizing.FLOAT_NOISE``."""
    return call("ROUNDUP", value - Name("whole_tolerance"), 0)


def gpus_needed(peak: Expr, replica_tokens_per_s: Expr, gpus_per_replica: Expr, min_gpus: Expr) -> Expr:
    """At least one GPU, enough to hold the model, and whole replicas for the peak, each planned at the
    utilisation share of what it serves within the latency target: ``sizing.gpus_needed``."""
    replicas = whole(peak / (replica_tokens_per_s * Name("utilisation")))
    return call("MAX", 1, min_gpus, replicas * gpus_per_replica)


def units_holding(gpus: Expr, gpus_per_unit: Expr) -> Expr:
    """Priced units holding ``gpus``, at least one: a GPU each, or whole on-prem builds: ``Sizing.units``."""
    return call("MAX", 1, whole(gpus / gpus_per_unit))


def short_of_load(units: Expr, gpus_per_unit: Expr, gpus_needed: Expr) -> Expr:
    """GPUs priced (units x GPUs a unit holds) below the GPUs the workload needs: ``core.pricing``'s shortfall."""
    return (units * gpus_per_unit).lt(gpus_needed)


def cost_per_mtok(tco: Expr, tokens: Expr) -> Expr:
    """TCO per million tokens served, the 'not applicable' text when none are: ``money.cost_per_mtok``."""
    return call("IF", tokens.eq(0), Name("text_na"), tco / tokens * Name("tokens_per_mtok"))


def input_rate(price_input: Expr, price_cached: Expr, price_write: Expr | None = None) -> Expr:
    """Blended input price, cached share at the cached price and, given its price, the share written to the cache
    at the cache-write price: ``billing.Rates.input_rate``."""
    share = Name("cached_input_share")
    if price_write is None:
        return (1 - share) * price_input + share * price_cached
    write = Name("cache_write_share")
    return (1 - share - write) * price_input + share * price_cached + write * price_write


def api_monthly(price_input: Expr, price_cached: Expr, price_output: Expr, fx: Expr, **moved: Expr) -> Expr:
    """Month-1 API bill in the result currency: ``pricing.api_monthly_cost`` x FX.

    ``moved`` replaces a workload input (users_per_day, input/output_tokens_per_user_day) by another value.
    """

    def workload(name: str) -> Expr:
        return moved.get(name, Name(name))

    tokens = workload("users_per_day") * Name("days_per_month")
    per_user = (
        workload("input_tokens_per_user_day") * input_rate(price_input, price_cached)
        + workload("output_tokens_per_user_day") * price_output
    )
    return tokens * per_user / Name("tokens_per_mtok") * fx


#: the four prices of one kind of traffic (``billing.Rates``), as OptionPrices and Calc name them
RATE_PARTS = ("input", "output", "cached", "write")
#: the kinds of traffic a row prices apart (``billing.tier_rates``, ``billing.batch_rates``): OptionPrices' prefix
TRAFFIC = ("", "batch_", "priority_", "flex_")
#: OptionPrices' prefix of a traffic's prices past the long-context threshold (``billing.long_context_rates``)
LONG = "lc_"
#: OptionPrices' billing columns: every traffic's rates below and above the threshold, the threshold, the fee
BILLING_PRICE_COLUMNS: tuple[str, ...] = (
    *(f"{long}{traffic}{part}" for long in ("", LONG) for traffic in TRAFFIC for part in RATE_PARTS),
    "lc_above",
    "per_request",
)


def billing_prices(
    cell: Callable[[str], Expr | None], blank: Callable[[str], Expr], refer: Callable[[str, Expr], Expr]
) -> dict[str, Expr]:
    """An API row's prices for each kind of traffic, below and above the long-context threshold: OptionPrices'
    list-price columns (the api kind's price rule, ``option_kinds._api_prices``) and its billing columns.

    ``cell(field)`` is the row's price-sheet cell of a catalog field (None: the sheet shows no such column, blank
    on every row) and ``blank(field)`` tests it for blank; a rate falling back on another reads it as
    ``refer(column, its expression)`` (OptionPrices: that column's cell; the Sensitivity sheet, pricing a moved
    field: the expression itself). A price whose column is not shown is its fallback, and has no column itself.
    """

    def listed(field: str) -> Expr:
        found = cell(field)
        assert found is not None, f"the API sheet shows every list-price column ({field})"
        return found

    priced: dict[str, Expr] = option_prices("api", listed, blank)

    def own(column: str) -> Expr:
        return refer(column, priced[column])

    def either(field: str, fallback: Expr) -> Expr:
        """``billing._or``: the field where the row fills it, else the fallback."""
        found = cell(field)
        return fallback if found is None else call("IF", blank(field), fallback, found)

    def rates(traffic: str) -> None:
        """``billing.tier_rates`` / ``billing.batch_rates`` through ``billing._rates``: a cache price the row does
        not list is this traffic's input price."""
        priced[f"{traffic}input"] = either(f"{traffic}input_per_mtok", listed("input_per_mtok"))
        priced[f"{traffic}output"] = either(f"{traffic}output_per_mtok", listed("output_per_mtok"))
        cached = either(f"{traffic}cached_input_per_mtok", own("cached"))
        priced[f"{traffic}cached"] = call("IF", blank("cached_input_per_mtok"), own(f"{traffic}input"), cached)
        priced[f"{traffic}write"] = either("cache_write_per_mtok", own(f"{traffic}input"))

    def long_context(traffic: str) -> None:
        """``billing.long_context_rates`` over this traffic's rates; batch keeps its discount on them."""

        def above(field: str, part: str) -> Expr:
            long, below, standard = cell(field), own(f"{traffic}{part}"), own(part)
            if long is None:
                return below
            if traffic == "batch_":
                long = call("IF", standard.eq(0), long, long * below / standard)
            return call("IF", blank(field), below, long)

        def cache(field: str, listed: str, part: str) -> Expr:
            shown = [blank(name) for name in (field, listed) if cell(name) is not None]
            if not shown:
                return own(f"{LONG}{traffic}input")
            unlisted = shown[0] if len(shown) == 1 else call("AND", *shown)
            return call("IF", unlisted, own(f"{LONG}{traffic}input"), above(field, part))

        priced[f"{LONG}{traffic}input"] = above("long_context_input_per_mtok", "input")
        priced[f"{LONG}{traffic}output"] = above("long_context_output_per_mtok", "output")
        priced[f"{LONG}{traffic}cached"] = cache(
            "long_context_cached_input_per_mtok", "cached_input_per_mtok", "cached"
        )
        priced[f"{LONG}{traffic}write"] = cache("long_context_cache_write_per_mtok", "cache_write_per_mtok", "write")

    priced["write"] = either("cache_write_per_mtok", listed("input_per_mtok"))
    for traffic in TRAFFIC[1:]:
        rates(traffic)
    for traffic in TRAFFIC:
        long_context(traffic)
    for column, field in {"lc_above": "long_context_above", "per_request": "per_request"}.items():
        found = cell(field)
        if found is not None:  # else blank: no threshold, no fee
            priced[column] = found
    return priced


def long_context_applies(threshold: Expr, input_tokens: Expr | None = None) -> Expr:
    """1 when a request's input passes the row's long-context threshold (0: no threshold): the requests carry a
    user's daily input (``input_tokens``; default: the workload's) / requests a day each: ``billing._over_threshold``."""
    daily = Name("input_tokens_per_user_day") if input_tokens is None else input_tokens
    per_request = daily / Name("requests_per_user_day")
    return call("IF", call("AND", threshold.gt(0), per_request.gt(threshold)), 1, 0)


def traffic_rate(price: Callable[[str], Expr], over: Expr, traffic: str, part: str) -> Expr:
    """One price of a kind of traffic, past the threshold or not (``billing._traffic``)."""
    return call("IF", over, price(f"{LONG}{traffic}{part}"), price(f"{traffic}{part}"))


def tier_rate(price: Callable[[str], Expr], over: Expr, part: str) -> Expr:
    """One price of the interactive traffic at the workload's service tier (``billing.tier_rates``)."""
    tier = Name("service_tier")
    return call(
        "IF",
        tier.eq(Name("tier_priority")),
        traffic_rate(price, over, "priority_", part),
        call(
            "IF",
            tier.eq(Name("tier_flex")),
            traffic_rate(price, over, "flex_", part),
            traffic_rate(price, over, "", part),
        ),
    )


def billed_rate(price: Callable[[str], Expr], over: Expr, traffic: str, part: str) -> Expr:
    """The price a part of a kind of traffic is billed at: the interactive traffic ("") at the service tier, the
    batch traffic ("batch_") at its own prices (``billing.token_cost``)."""
    return traffic_rate(price, over, traffic, part) if traffic else tier_rate(price, over, part)


def billed_monthly(rate: Callable[[str, str], Expr], per_request: Expr, fx: Expr, **moved: Expr) -> Expr:
    """Month-1 API bill by the vendor's rules in the result currency: ``billing.token_cost`` x FX.

    ``rate(traffic, part)`` is the option's price of a part (``RATE_PARTS``) for the interactive traffic
    (``traffic`` "") or the batch traffic ("batch_"); reasoning tokens are billed as output and each request
    pays the fee. ``moved`` replaces a workload input as in ``api_monthly`` (the prices stay those of the
    workload's request size)."""

    def workload(name: str) -> Expr:
        return moved.get(name, Name(name))

    user_days = workload("users_per_day") * Name("days_per_month")
    generated = workload("output_tokens_per_user_day") + Name("reasoning_tokens_per_user_day")

    def traffic(kind: str) -> Expr:
        price_input = input_rate(rate(kind, "input"), rate(kind, "cached"), rate(kind, "write"))
        return workload("input_tokens_per_user_day") * price_input + generated * rate(kind, "output")

    batch = Name("batch_share")
    tokens = (1 - batch) * traffic("") + batch * traffic("batch_")
    fee = Name("requests_per_user_day") * per_request * Name("tokens_per_mtok")
    return user_days * (tokens + fee) / Name("tokens_per_mtok") * fx


def hidden_cost_applies(kind: Expr, applies_to: Expr) -> Expr:
    """1 when an option's kind is among a hidden cost's separated kinds, else 0: ``HiddenCost.kinds``.

    Both sides are wrapped in the separator, so ``rent`` does not match inside ``rent-hourly``.
    """
    sep = Name("hidden_kind_separator")
    found = call("SEARCH", sep.cat(kind).cat(sep), sep.cat(applies_to).cat(sep))
    return call("IF", call("ISNUMBER", found), 1, 0)


def hidden_cost_monthly(applies: Expr, yearly: Expr, fx: Expr, per: Expr) -> Expr:
    """A hidden cost per month for one option: ``pricing._hidden_cost_lines``.

    The yearly amount (at the option's case) in the result currency, times month-1 daily users when it
    is per user-year (not grown: the core prices it as a flat monthly line), / 12; 0 where it does not apply.
    """
    users = call("IF", per.eq(Name("hidden_per_user")), Name("users_per_day"), 1)
    return applies * per_month(yearly * fx * users)


def electricity_monthly(
    include: Expr, units: Expr, power_kw: Expr, hours: Expr, pue: Expr, tariff: Expr, tariff_fx: Expr
) -> Expr:
    """Electricity of bought hardware per month: units x kW x hours x PUE x tariff (``pricing._buy``)."""
    return include * units * power_kw * hours * pue * tariff * tariff_fx


def option_prices(kind: str, cell: Callable[[str], Expr], blank: Callable[[str], Expr]) -> dict[str, Expr]:
    """Per-unit prices of one option kind, in OptionPrices' columns, from its price-sheet row: the kind's
    price rule (``option_kinds.OptionKind.prices``) handed the row's cells.

    ``cell(field)`` is the row's cell of a catalog field; ``blank(field)`` tests that cell for blank.
    """
    return KIND[kind].prices(_CellTerms(cell, blank))


@dataclass(frozen=True, slots=True)
class _CellTerms:
    """A price rule's terms as formulas over one price-sheet row (``option_kinds.PriceTerms``)."""

    cell: Callable[[str], Expr]
    blank: Callable[[str], Expr]

    def field(self, name: str) -> Expr:
        return self.cell(name)

    def first_nonblank(self, name: str, fallback: str) -> Expr:
        return call("IF", self.blank(name), self.cell(fallback), self.cell(name))

    def total(self, terms: Iterable[Expr]) -> Expr:
        return _sum(terms)

    def per_month(self, yearly: Expr) -> Expr:
        return per_month(yearly)
