"""TCO of one option over many workloads at once (users and months as arrays).

Prices still come from ``options.resolve``: every option's upfront and flat monthly cost is
affine in its units (GPUs, machines, seats) and its usage cost is linear in users, so two
resolves give the coefficients and numpy does the rest. Used by array calls from Excel and
by anyone sweeping a sensitivity table.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import ArrayLike

from xlcost.catalog import Catalog
from xlcost.options import Context, CostProfile, resolve
from xlcost.sizing import SECONDS_PER_DAY, gpus_needed
from xlcost.workload import OptionSpec


def growth_sums(months: np.ndarray, growth: float) -> np.ndarray:
    """Vector form of ``Workload.growth_sum``."""
    return months.astype(float) if growth == 0 else np.expm1(months * np.log1p(growth)) / growth


def tco_sweep(spec: OptionSpec, context: Context, catalog: Catalog, users: ArrayLike, months: ArrayLike) -> np.ndarray:
    """TCO for each (users per day, months) pair, broadcast together; tokens and growth from the context."""
    users_arr, months_arr = np.broadcast_arrays(np.asarray(users, dtype=float), np.asarray(months))
    months_arr = months_arr.astype(int)
    workload = context.workload
    one_user = replace(context, workload=workload.model_copy(update={"users_per_day": 1.0}))
    base = resolve(spec, one_user, catalog)
    usage = base.variable_monthly * users_arr * growth_sums(months_arr, workload.monthly_growth)
    units = _units(spec, base, users_arr, months_arr, context)
    if units is None:
        return base.upfront + base.fixed_monthly * months_arr + usage
    two = resolve(spec.model_copy(update={"units": 2.0}), one_user, catalog)
    one = base if spec.units == 1.0 else resolve(spec.model_copy(update={"units": 1.0}), one_user, catalog)
    upfront = one.upfront + (two.upfront - one.upfront) * (units - 1)
    fixed = one.fixed_monthly + (two.fixed_monthly - one.fixed_monthly) * (units - 1)
    return upfront + fixed * months_arr + usage


def _units(
    spec: OptionSpec, base: CostProfile, users: np.ndarray, months: np.ndarray, context: Context
) -> np.ndarray | None:
    """Units per workload when they follow the workload, else None (fixed units or none at all)."""
    if spec.units is not None or base.units is None:
        return None
    if base.sizing is None:  # seats default to one per daily user
        return np.ceil(users)
    w = context.workload
    peak_users = users * np.maximum(1.0, (1 + w.monthly_growth) ** (months - 1))
    peak = peak_users * w.output_tokens_per_user_day / SECONDS_PER_DAY * w.peak_to_average
    return gpus_needed(peak, base.sizing.tokens_per_s_per_gpu, base.sizing.by_vram)
