"""The money maths, written once: monthly schedule, TCO, NPV, depreciation, cost per 1M tokens, breakeven.

Timing convention (``months_discounted``, which the workbook's discount rows read too): month k
runs from time k-1 to k. Upfront costs are paid at its start, running costs accrue evenly through
it. NPV discounts upfront costs by k-1 months and running costs by k months at the monthly
equivalent of the yearly rate. No rounding happens here; reports round for display only.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Protocol, TypeVar, overload

import numpy as np

from xlcost.core.pricing import MONTHS_PER_YEAR, TOKENS_PER_MTOK, CostProfile
from xlcost.core.scenario import Workload
from xlcost.errors import ScenarioError
from xlcost.limits import MAX_MONTHS, LimitError

Amount = float | np.ndarray  # a number, or one per simulated future or workload

if TYPE_CHECKING:  # pandas loads only when a schedule is asked for, so Excel and the CLI start fast
    import pandas as pd


MonthT = TypeVar("MonthT", bound="_Month")


class _Month(Protocol):
    """A month number: an int, an array of them, or a workbook expression."""

    def __sub__(self: MonthT, other: int, /) -> MonthT: ...


def months_discounted(month: MonthT, *, upfront: bool) -> MonthT:
    """The NPV timing convention, written once: an amount of month k (a number, an array of months or a workbook
    expression) is discounted k-1 months when it is upfront (paid at the month's start), k when it is running."""
    return month - 1 if upfront else month


def monthly_rate(yearly_rate: float) -> float:
    """Monthly rate equivalent to a yearly one, compounding: (1+r)^(1/12) - 1."""
    return float((1 + yearly_rate) ** (1 / MONTHS_PER_YEAR) - 1)


def tco(profile: CostProfile, workload: Workload, months: int | None = None) -> float:
    """Total cash cost over ``months`` (default: the horizon): closed form, no schedule built."""
    n = _months(workload, months)
    return tco_closed_form(profile.upfront, profile.fixed_monthly, profile.variable_monthly, n, workload.growth_sum(n))


@overload
def tco_closed_form(
    upfront: float, fixed_monthly: float, variable_monthly: float, months: float, growth_sum: float
) -> float: ...
@overload
def tco_closed_form(
    upfront: Amount, fixed_monthly: Amount, variable_monthly: Amount, months: Amount, growth_sum: Amount
) -> Amount: ...
def tco_closed_form(
    upfront: Amount, fixed_monthly: Amount, variable_monthly: Amount, months: Amount, growth_sum: Amount
) -> Amount:
    """The TCO formula itself, on numbers (plain float arithmetic) or arrays (one entry per simulated future, say)."""
    total = upfront + fixed_monthly * months + variable_monthly * growth_sum
    return total if isinstance(total, np.ndarray) else float(total)


@overload
def _months(workload: Workload, months: int | None) -> int: ...
@overload
def _months(workload: Workload, months: int | np.ndarray | None) -> int | np.ndarray: ...
def _months(workload: Workload, months: int | np.ndarray | None) -> int | np.ndarray:  # arrays: vectorised calls
    n = workload.horizon_months if months is None else months
    low, high = (n, n) if isinstance(n, int | float) else (np.min(n), np.max(n))
    if low < 1:
        raise ScenarioError(f"months must be at least 1 (got {n})")
    if high > MAX_MONTHS:  # schedules allocate one value per month
        raise LimitError(f"months must be at most {MAX_MONTHS} (got {high:g})")
    return n


def running_costs(profile: CostProfile, workload: Workload, months: int) -> np.ndarray:
    """Running cost of each month 1..n: flat part plus the usage part grown by (1+g)^(k-1)."""
    return profile.fixed_monthly + profile.variable_monthly * _growth_factors(workload, months)


def _growth_factors(workload: Workload, months: int) -> np.ndarray:
    """(1+g)^(k-1) for months k = 1..n."""
    return (1 + workload.monthly_growth) ** np.arange(months, dtype=float)


def upfront_costs(profile: CostProfile, months: int) -> np.ndarray:
    upfront = np.zeros(months)
    upfront[0] = profile.upfront
    return upfront


def npv(profile: CostProfile, workload: Workload, yearly_rate: float, months: int | None = None) -> float:
    """Present value of the cash costs at the start of month 1."""
    n = _months(workload, months)
    factor = 1 / (1 + monthly_rate(yearly_rate))
    upfront = profile.upfront * factor ** months_discounted(1, upfront=True)  # all of it in month 1
    running = running_costs(profile, workload, n) @ factor ** months_discounted(np.arange(1, n + 1), upfront=False)
    return float(upfront + running)


def depreciation(profile: CostProfile, months: int) -> np.ndarray:
    """Straight-line charge per month of the upfront cost, down to its residual value over its life."""
    charge = np.zeros(months)
    if profile.useful_life_months and profile.upfront:
        life = profile.useful_life_months
        charge[: min(life, months)] = profile.upfront * (1 - profile.residual_share) / life
    return charge


def annual_cost(profile: CostProfile) -> float:
    """Accounting view of one year at month-1 usage: depreciation plus running costs."""
    yearly_depreciation = depreciation(profile, MONTHS_PER_YEAR).sum()
    return float(yearly_depreciation + (profile.fixed_monthly + profile.variable_monthly) * MONTHS_PER_YEAR)


@overload
def tokens_served(workload: Workload, months: int | None = None) -> float: ...
@overload
def tokens_served(workload: Workload, months: int | np.ndarray | None = None) -> float | np.ndarray: ...
def tokens_served(workload: Workload, months: int | np.ndarray | None = None) -> float | np.ndarray:
    """Input plus output tokens served over the months, with growth."""
    return month_one_tokens(workload) * workload.growth_sum(_months(workload, months))


def month_one_tokens(workload: Workload) -> float:
    """Input plus output tokens served in month 1; a later month serves this times its growth factor."""
    return workload.users_per_day * workload.days_per_month * workload.tokens_per_user_day


def cost_per_mtok(profile: CostProfile, workload: Workload, months: int | None = None) -> float | None:
    """TCO divided by millions of tokens served; None when nothing is served."""
    tokens = tokens_served(workload, months)
    return None if tokens == 0 else tco(profile, workload, months) / tokens * TOKENS_PER_MTOK


def schedule(profile: CostProfile, workload: Workload, months: int | None = None) -> pd.DataFrame:
    """The monthly cash schedule a reviewer reads: month, upfront, running, cash cost, cumulative, depreciation."""
    import pandas as pd

    n = _months(workload, months)
    upfront = upfront_costs(profile, n)
    running = running_costs(profile, workload, n)
    cash = upfront + running
    charge = depreciation(profile, n)
    return pd.DataFrame(
        {
            "month": np.arange(1, n + 1),
            "upfront": upfront,
            "running": running,
            "cash_cost": cash,
            "cumulative": np.cumsum(cash),
            "depreciation": charge,
            "book_value": profile.upfront - np.cumsum(charge),
        }
    )


#: the words between the names and figures of a breakeven's sentence (``Breakeven.reason``); the
#: workbook's Lists sheet holds the same words, so its formula writes the same sentence.
BREAKEVEN_WORDS = {
    "overtakes": " overtakes ",
    "from_month": " from month ",
    "stays_dearer": " stays dearer than ",
    "through_month": " through month ",
    "never_dearer": " is never dearer than ",
}
MONTH_WORDS = "0.00"  # how the sentence shows a breakeven month (Excel's TEXT format; half away from zero)


@dataclass(frozen=True, slots=True)
class Breakeven:
    """When the option dearer at the start (larger upfront; on a tie, dearer in month 1) becomes
    cheaper for good, if it does."""

    costlier_upfront: str  # names (labels) as reports show them; the keys below identify the options
    other: str
    month: float | None
    reason: str
    costlier_upfront_key: str
    other_key: str


def breakeven(a: CostProfile, b: CostProfile, workload: Workload, max_months: int | None = None) -> Breakeven:
    """First time (months, linear within a month) from which the cumulative cost of the option
    with the larger upfront cost stays at or below the other's, up to ``max_months``.

    With equal upfront costs, the option dearer in month 1 plays that role.
    """
    return breakevens([(a, b)], workload, max_months)[0]


def breakevens(
    pairs: Sequence[tuple[CostProfile, CostProfile]], workload: Workload, max_months: int | None = None
) -> list[Breakeven]:
    """``breakeven`` of each pair of one-workload profiles, in one vectorised pass: a comparison of 40 options
    has 780 pairs, and the audit compares it dozens of times."""
    if not pairs:
        return []
    n = _months(workload, max_months)
    columns = [[_amounts(profile) for profile in pair] for pair in pairs]
    a, b = ([np.concatenate([c[side][i] for c in columns]) for i in range(3)] for side in (0, 1))
    months, a_big = _crossings(a, b, _growth_factors(workload, n))
    return [_breakeven(pair, month, bool(big), n) for pair, month, big in zip(pairs, months, a_big, strict=True)]


def _breakeven(pair: tuple[CostProfile, CostProfile], months: float, a_big: bool, n: int) -> Breakeven:
    big, small = pair if a_big else pair[::-1]
    month = None if np.isnan(months) else float(months)
    return Breakeven(
        big.name, small.name, month, breakeven_sentence(big.name, small.name, month, n), big.key, small.key
    )


def breakeven_sentence(dearer: str, other: str, month: float | None, months: int) -> str:
    """The breakeven said in ``BREAKEVEN_WORDS``: "A overtakes B from month N", or why it does not."""
    w = BREAKEVEN_WORDS
    if month is None:
        return f"{dearer}{w['stays_dearer']}{other}{w['through_month']}{months}"
    if month == 0:
        return f"{dearer}{w['never_dearer']}{other}"
    places = Decimal(1).scaleb(-len(MONTH_WORDS.partition(".")[2]))
    shown = Decimal(repr(month)).quantize(places, rounding=ROUND_HALF_UP)  # as Excel's TEXT rounds
    return f"{dearer}{w['overtakes']}{other}{w['from_month']}{shown}"


def breakeven_months(a: CostProfile, b: CostProfile, workload: Workload, max_months: int | None = None) -> np.ndarray:
    """``breakeven``'s month for profiles whose amounts are arrays (one per workload); NaN where there is none."""
    n = _months(workload, max_months)
    shaped = np.broadcast_arrays(*_amounts(a), *_amounts(b))
    amounts = [x.ravel() for x in shaped]
    growth = _growth_factors(workload, n)
    out = np.empty(amounts[0].shape)
    step = max(1, BREAKEVEN_CHUNK_CELLS // n)  # bounded memory: a few (rows x months) arrays at a time
    for first in range(0, out.size, step):
        part = [x[first : first + step] for x in amounts]
        out[first : first + step] = _crossings(part[:3], part[3:], growth)[0]
    return out.reshape(shaped[0].shape)


BREAKEVEN_CHUNK_CELLS = 2_000_000


def _amounts(profile: CostProfile) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    upfront, fixed_monthly, variable_monthly = (
        np.atleast_1d(np.asarray(x, dtype=float))
        for x in (profile.upfront, profile.fixed_monthly, profile.variable_monthly)
    )
    return upfront, fixed_monthly, variable_monthly


def _crossings(a: Sequence[np.ndarray], b: Sequence[np.ndarray], growth: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Breakeven month per row (NaN: none) and whether ``a`` is the option with the larger upfront cost.

    ``a`` and ``b`` are (upfront, flat monthly, usage monthly) arrays. The gap (cumulative cost of the
    larger-upfront option minus the other's) is linear inside each month; the answer is the start of the
    final stretch where it is <= 0.
    """
    (ua, fa, va), (ub, fb, vb) = a, b
    first_a, first_b = ua + (fa + va * growth[0]), ub + (fb + vb * growth[0])
    a_big = (ua > ub) | ((ua == ub) & (first_a >= first_b))
    cash_a, cash_b = fa[:, None] + va[:, None] * growth, fb[:, None] + vb[:, None] * growth
    cash_a[:, 0] += ua
    cash_b[:, 0] += ub
    gap_end = np.cumsum(cash_a, axis=1) - np.cumsum(cash_b, axis=1)
    gap_end[~a_big] *= -1
    gap_start = np.empty_like(gap_end)
    gap_start[:, 1:] = gap_end[:, :-1]
    gap_start[:, 0] = np.where(a_big, ua - ub, ub - ua)
    positive = (gap_start > 0) | (gap_end > 0)
    rows = np.arange(len(gap_end))
    last = gap_end.shape[1] - 1 - np.argmax(positive[:, ::-1], axis=1)
    start, end = gap_start[rows, last], gap_end[rows, last]
    with np.errstate(divide="ignore", invalid="ignore"):
        month = np.where(start > 0, last + start / (start - end), last + 1.0)
    month = np.where(positive.any(axis=1), month, 0.0)
    return np.where(gap_end[:, -1] > 0, np.nan, month), a_big
