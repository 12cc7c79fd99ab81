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


def peak_output_tokens_per_s() -> Expr:
    """Output tokens per second at the busiest hour of the busiest month: ``sizing.peak_output_tokens_per_s``.

    The busiest month is month 1 or the last (users only grow or only shrink); the busiest hour carries
    ``peak_to_average`` times the day's average hour."""
    busiest = call("MAX", 1, growth_factor(Name("monthly_growth"), Name("horizon_months")))
    per_second = Name("users_per_day") * busiest * Name("output_tokens_per_user_day") / Name("seconds_per_day")
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


def input_rate(price_input: Expr, price_cached: Expr) -> Expr:
    """Blended input price, cached share at the cached price: ``pricing.api_monthly_cost``."""
    share = Name("cached_input_share")
    return (1 - share) * price_input + share * price_cached


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
