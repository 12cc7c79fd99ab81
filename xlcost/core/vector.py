"""One option priced for many workloads at once (arrays of daily users and months), without a loop.

A sensitivity table of 10,000 rows must not resolve 10,000 options. This relies on what
``pricing.resolve`` builds: with the unit count fixed, upfront and flat monthly costs are affine in
units and the usage-driven cost is proportional to daily users; the unit count comes from the same
rules resolve applies (``sizing.gpus_needed``, ``pricing.seats_for``). Money is still computed by
``money.tco``, fed a profile whose fields are arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, overload

import numpy as np
from numpy.typing import ArrayLike

from xlcost.core import billing, money
from xlcost.core.catalog import Catalog, split_key
from xlcost.core.money import Amount
from xlcost.core.pricing import TOKENS_PER_MTOK, Context, CostProfile, resolve, seats_for, sizing_for
from xlcost.core.scenario import OptionSpec, Workload
from xlcost.core.sizing import Sizing, gpus_needed


@dataclass(frozen=True)
class PerUser:
    """An option resolved once for one daily user; any number of users is scaled from it, not resolved again."""

    workload: Workload  # the context's workload at one daily user
    base: CostProfile
    one: CostProfile | None = None  # resolved at 1 and 2 units when the unit count follows the workload
    two: CostProfile | None = None


def per_user(spec: OptionSpec, context: Context, catalog: Catalog) -> PerUser:
    """Resolve the option for one daily user (and at 1 and 2 units if its unit count is sized from users)."""
    one_user = replace(context, workload=_per_user(context.workload))
    base = resolve(spec, one_user, catalog)
    if not _units_follow_users(spec, base):
        return PerUser(one_user.workload, base)
    one, two = (resolve(spec.model_copy(update={"units": n}), one_user, catalog) for n in (1.0, 2.0))
    return PerUser(one_user.workload, base, one, two)


def at_users(option: PerUser, users: Amount) -> CostProfile:
    """The profile at ``users`` daily users: plain floats for a number, arrays (one entry per value) for an array."""
    return option.base.with_amounts(*amounts_at(option, users))


@overload
def amounts_at(option: PerUser, users: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]: ...
@overload
def amounts_at(option: PerUser, users: Amount) -> tuple[Amount, Amount, Amount, Amount | None]: ...
def amounts_at(option: PerUser, users: Amount) -> tuple[Amount, Amount, Amount, Amount | None]:
    """Upfront, flat monthly and usage monthly cost, and the unit count, at ``users`` daily users."""
    return _amounts(option, users, users, option.base.variable_monthly * users)


def _amounts(option: PerUser, users: Amount, load: Amount, variable: Amount) -> tuple[Amount, Amount, Amount, Any]:
    """The amounts for a usage cost already scaled, with GPUs sized for ``load`` one-user peaks (seats: ``users``)."""
    base, one, two = option.base, option.one, option.two
    if one is None or two is None:
        if not isinstance(users, np.ndarray):
            return base.upfront, base.fixed_monthly, variable, base.units
        units: Amount = np.full_like(users, np.nan if base.units is None else base.units)
        return np.full_like(users, base.upfront), np.full_like(users, base.fixed_monthly), variable, units
    units = seats_for(users) if base.sizing is None else _scaled(base.sizing, load)
    upfront = one.upfront + (two.upfront - one.upfront) * (units - 1)
    fixed = one.fixed_monthly + (two.fixed_monthly - one.fixed_monthly) * (units - 1)
    return upfront, fixed, variable, units


UNSIZED_KINDS = ("api", "seat")  # kinds whose units no GPU sizing decides


@dataclass(frozen=True)
class PerToken:
    """An option resolved once for one daily user of one output token a day, with the usage cost of one input
    token beside it: any token counts are scaled from it, as users are, never resolved again (a per-request
    =TCO prices new counts on every call). Usage cost is linear in each count, and GPUs on a throughput row
    follow the output rate, users x output tokens."""

    output: PerUser  # one daily user, no input tokens, one output token a day
    per_input_token: float  # usage monthly cost of one daily input token of one daily user


def per_token(spec: OptionSpec, context: Context, catalog: Catalog) -> PerToken | None:
    """Resolve the option for token-count scaling; None when the capacity engine sizes its units, whose
    replica depends on the request's shape, or an API bills by the request (a long-context tier, a fee per
    request): resolve at the counts themselves then, with ``per_user``."""
    if context.throughput_basis == "engine" and spec.units is None and split_key(spec.key)[0] not in UNSIZED_KINDS:
        return None
    if billing.by_request(catalog.option_row(spec.key)[1]):
        return None
    output = per_user(spec, replace(context, workload=_tokens(context.workload, 0.0, 1.0)), catalog)
    one_input = replace(context, workload=_tokens(context.workload, 1.0, 0.0))
    return PerToken(output, resolve(spec, one_input, catalog).variable_monthly)


def tco_at_tokens(
    option: PerToken, users: Amount, tokens_in: float, tokens_out: float, months: int | np.ndarray
) -> Amount:
    """TCO at ``users`` daily users of these daily token counts over ``months`` (numbers or broadcast arrays)."""
    return _tco_tokens(option, users, tokens_in, tokens_out, months, option.output.workload.growth_sum(months))


def cost_per_mtok_at_tokens(
    option: PerToken, users: Amount, tokens_in: float, tokens_out: float, months: int | np.ndarray
) -> Amount | None:
    """Cost per 1M tokens served at these counts; where nothing is served, None for numbers and NaN in arrays."""
    workload = option.output.workload
    growth = workload.growth_sum(months)
    total = _tco_tokens(option, users, tokens_in, tokens_out, months, growth)
    return _per_mtok(total, workload.days_per_month * (tokens_in + tokens_out) * growth * users)


def _tco_tokens(
    option: PerToken, users: Amount, tokens_in: float, tokens_out: float, months: int | np.ndarray, growth: Amount
) -> Amount:
    output = option.output
    variable = users * (tokens_in * option.per_input_token + tokens_out * output.base.variable_monthly)
    upfront, fixed, variable, _ = _amounts(output, users, users * tokens_out, variable)
    return money.tco_closed_form(upfront, fixed, variable, months, growth)


def _tokens(workload: Workload, tokens_in: float, tokens_out: float) -> Workload:
    return workload.model_copy(
        update={"users_per_day": 1.0, "input_tokens_per_user_day": tokens_in, "output_tokens_per_user_day": tokens_out}
    )


def tco_grid(spec: OptionSpec, context: Context, catalog: Catalog, users: ArrayLike, months: ArrayLike) -> np.ndarray:
    """TCO for every (users, months) pair, numpy-broadcast (a column of users and a row of months give a table)."""
    return np.asarray(tco_at(per_user(spec, context, catalog), *_broadcast(users, months)))


def cost_per_mtok_grid(
    spec: OptionSpec, context: Context, catalog: Catalog, users: ArrayLike, months: ArrayLike
) -> np.ndarray:
    """Cost per 1M tokens for every (users, months) pair; NaN where nothing is served."""
    return np.asarray(cost_per_mtok_at(per_user(spec, context, catalog), *_broadcast(users, months)))


def tco_at(option: PerUser, users: Amount, months: int | np.ndarray) -> Amount:
    """TCO at ``users`` daily users over ``months``: a float for numbers, an array for (broadcast) arrays.

    Straight to the closed form: months are checked by the caller, and a profile object per Excel call
    would cost more than the arithmetic.
    """
    return _tco(option, users, months, option.workload.growth_sum(months))


def cost_per_mtok_at(option: PerUser, users: Amount, months: int | np.ndarray) -> Amount | None:
    """Cost per 1M tokens served; where nothing is served, None for numbers and NaN in arrays."""
    growth = option.workload.growth_sum(months)  # once, for the TCO and the tokens alike
    total = _tco(option, users, months, growth)
    return _per_mtok(total, money.month_one_tokens(option.workload) * growth * users)


def _per_mtok(total: Amount, tokens: Amount) -> Amount | None:
    if not isinstance(tokens, np.ndarray):
        return None if tokens == 0 else total / tokens * TOKENS_PER_MTOK
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(tokens > 0, total / tokens * TOKENS_PER_MTOK, np.nan)


def _tco(option: PerUser, users: Amount, months: int | np.ndarray, growth: Amount) -> Amount:
    upfront, fixed, variable, _ = amounts_at(option, users)
    return money.tco_closed_form(upfront, fixed, variable, months, growth)


def _broadcast(users: ArrayLike, months: ArrayLike) -> tuple[np.ndarray, ...]:
    return tuple(np.broadcast_arrays(np.asarray(users, dtype=float), np.asarray(months, dtype=float)))


def gpus_grid(context: Context, catalog: Catalog, gpu: str, users: ArrayLike) -> np.ndarray:
    """GPUs of one type needed for each daily-users value (the context's model size, basis and case)."""
    sizing = sizing_for(replace(context, workload=_per_user(context.workload)), catalog, gpu, context.case)
    return np.asarray(_scaled(sizing, np.asarray(users, dtype=float)))


def _per_user(workload: Workload) -> Workload:
    return workload.model_copy(update={"users_per_day": 1.0})


def _units_follow_users(spec: OptionSpec, base: CostProfile) -> bool:
    """GPUs sized from the workload and seats counted per user follow users; given units do not."""
    return spec.units is None and (base.sizing is not None or base.kind == "seat")


def gpus_at(per_user: Sizing, users: float | np.ndarray) -> float | np.ndarray:
    """GPUs needed when the peak rate of a one-user sizing scales with daily users."""
    return gpus_needed(
        per_user.peak_tokens_per_s * users, per_user.tokens_per_s_per_gpu, per_user.by_vram, per_user.gpus_per_replica
    )


def _scaled(per_user: Sizing, users: float | np.ndarray) -> float | np.ndarray:
    """Units (GPUs, or builds holding them) when the peak rate of a one-user sizing scales with daily users."""
    return per_user.units(gpus_at(per_user, users))
