"""One option priced for many workloads at once (arrays of daily users and months), without a loop.

A sensitivity table of 10,000 rows must not resolve 10,000 options. This relies on what
``options.resolve`` builds: with the unit count fixed, upfront and flat monthly costs are affine in
units and the usage-driven cost is proportional to daily users; the unit count comes from the same
rules resolve applies (``sizing.gpus_needed``, ``options.seats_for``). Money is still computed by
``money.tco``, fed a profile whose fields are arrays.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from xlcost import money
from xlcost.catalog import Catalog
from xlcost.options import TOKENS_PER_MTOK, Context, CostProfile, resolve, seats_for
from xlcost.sizing import Sizing, gpus_needed, size_gpus
from xlcost.workload import OptionSpec, Workload


def profile_grid(spec: OptionSpec, context: Context, catalog: Catalog, users: np.ndarray) -> CostProfile:
    """The option's cost profile for each daily-users value; ``units`` holds the unit count per value."""
    users = np.asarray(users, dtype=float)
    per_user = replace(context, workload=_per_user(context.workload))
    base = resolve(spec, per_user, catalog)
    units = _units(spec, base, users)
    variable = base.variable_monthly * users
    if units is None:
        upfront = np.full_like(users, base.upfront)
        fixed = np.full_like(users, base.fixed_monthly)
        units = np.full_like(users, np.nan if base.units is None else base.units)
    else:
        one, two = (resolve(spec.model_copy(update={"units": n}), per_user, catalog) for n in (1.0, 2.0))
        upfront = one.upfront + (two.upfront - one.upfront) * (units - 1)
        fixed = one.fixed_monthly + (two.fixed_monthly - one.fixed_monthly) * (units - 1)
    return replace(base, upfront=upfront, fixed_monthly=fixed, variable_monthly=variable, units=units, sizing=None)


def tco_grid(spec: OptionSpec, context: Context, catalog: Catalog, users, months) -> np.ndarray:
    """TCO for every (users, months) pair, numpy-broadcast (a column of users and a row of months give a table)."""
    users, months = np.broadcast_arrays(np.asarray(users, dtype=float), np.asarray(months, dtype=float))
    return money.tco(profile_grid(spec, context, catalog, users), context.workload, months)


def cost_per_mtok_grid(spec: OptionSpec, context: Context, catalog: Catalog, users, months) -> np.ndarray:
    """Cost per 1M tokens for every (users, months) pair; NaN where nothing is served."""
    users, months = np.broadcast_arrays(np.asarray(users, dtype=float), np.asarray(months, dtype=float))
    total = money.tco(profile_grid(spec, context, catalog, users), context.workload, months)
    tokens = money.tokens_served(_per_user(context.workload), months) * users
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(tokens > 0, total / tokens * TOKENS_PER_MTOK, np.nan)


def gpus_grid(context: Context, catalog: Catalog, gpu: str, users) -> np.ndarray:
    """GPUs of one type needed for each daily-users value (the context's model size, basis and case)."""
    w, c = _per_user(context.workload), context
    sizing = size_gpus(w, catalog, model_size=c.model_size, gpu=gpu, basis=c.throughput_basis, case=c.case)
    return _scaled(sizing, np.asarray(users, dtype=float))


def _per_user(workload: Workload) -> Workload:
    return workload.model_copy(update={"users_per_day": 1.0})


def _units(spec: OptionSpec, base: CostProfile, users: np.ndarray) -> np.ndarray | None:
    """Unit count per users value when it follows the workload; None when it does not."""
    if spec.units is not None:
        return None
    if base.sizing is not None:
        return _scaled(base.sizing, users)
    if base.kind == "seat":
        return seats_for(users)
    return None


def _scaled(per_user: Sizing, users: np.ndarray) -> np.ndarray:
    """GPU counts when the peak rate of a one-user sizing scales with daily users."""
    return gpus_needed(per_user.peak_tokens_per_s * users, per_user.tokens_per_s_per_gpu, per_user.by_vram)
