"""An option whose units follow the load month by month, as a staged plan holds it.

``pricing.resolve`` sizes a self-hosted option for the horizon's busiest hour and prices every month
alike. A plan that keeps rented GPUs while users compound needs each month's units instead. A sized
option's cost lines are affine in its units (a price times units, lines added), so pricing it at one
and at two units gives the cost of each unit; each month's units are what that month's busiest hour
needs on the horizon's sizing (``sizing.gpus_needed``: same GPU, same replica). A unit added pays its
upfront in the month it is added. An owned fleet is never sold: it keeps the most units its stage has
needed. A rented one follows the load down as well as up. Options with units the scenario fixed, or
none to size (an API, a seed-basis on-prem tier), cost what ``resolve`` priced, every month.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from xlcost.core import money
from xlcost.core.catalog import Catalog
from xlcost.core.pricing import Context, CostProfile, resolve
from xlcost.core.scenario import OptionSpec, Workload
from xlcost.core.sizing import Sizing, gpus_needed, peak_rate


@dataclass(frozen=True)
class MonthlyFleet:
    """One option's units and cost lines month by month over the horizon."""

    profile: CostProfile  # as priced for the horizon: its name, key, warnings and horizon sizing
    needed: np.ndarray  # units the load needs in each month 1..n (the priced count, if it does not follow)
    upfront: tuple[float, float]  # upfront cost at zero units, and per unit
    fixed: tuple[float, float]  # flat monthly cost at zero units, and per unit
    usage: np.ndarray  # usage-driven cost of each month, grown

    @property
    def months(self) -> int:
        return len(self.needed)

    def units(self, first: int, last: int, *, keep: bool) -> np.ndarray:
        """Units in service in months ``first``..``last`` (1-based); ``keep``: never fewer than before."""
        needed = self.needed[first - 1 : last]
        return np.maximum.accumulate(needed) if keep else needed

    def cash(self, first: int, last: int, *, keep: bool) -> np.ndarray:
        """Cash cost of each month ``first``..``last`` of a stage that starts in ``first``."""
        held = np.nan_to_num(self.units(first, last, keep=keep))  # no units (an API): none to pay for
        added = np.diff(held, prepend=0.0).clip(min=0)
        cash: np.ndarray = self.fixed[0] + self.fixed[1] * held + self.usage[first - 1 : last] + self.upfront[1] * added
        cash[:1] += self.upfront[0]
        return cash

    def stage_costs(self, *, keep: bool) -> np.ndarray:
        """``T[s, e]``: cost of a stage running months s..e (1 <= s <= n + 1, 0 <= e <= n; 0 when e < s)."""
        n = self.months
        table = np.zeros((n + 2, n + 1))
        for first in range(1, n + 1):
            table[first, first:] = np.cumsum(self.cash(first, n, keep=keep))
        return table


def monthly_fleet(spec: OptionSpec, context: Context, catalog: Catalog) -> MonthlyFleet:
    """``spec`` priced for the horizon, and at one and two units when its units follow the load."""
    profile = resolve(spec, context, catalog)
    n = context.workload.horizon_months
    usage = money.running_costs(profile, context.workload, n) - profile.fixed_monthly
    if spec.units is not None or profile.sizing is None or profile.units is None:
        count = np.full(n, np.nan if profile.units is None else profile.units)
        return MonthlyFleet(profile, count, (profile.upfront, 0.0), (profile.fixed_monthly, 0.0), usage)
    one, two = (resolve(spec.model_copy(update={"units": units}), context, catalog) for units in (1.0, 2.0))
    upfront = (2 * one.upfront - two.upfront, two.upfront - one.upfront)
    fixed = (2 * one.fixed_monthly - two.fixed_monthly, two.fixed_monthly - one.fixed_monthly)
    return MonthlyFleet(profile, units_by_month(profile.sizing, context.workload), upfront, fixed, usage)


def units_by_month(sizing: Sizing, workload: Workload) -> np.ndarray:
    """Units each month's busiest hour needs, on the replica the horizon's sizing chose."""
    users = workload.users_per_day * (1 + workload.monthly_growth) ** np.arange(workload.horizon_months)
    gpus = gpus_needed(peak_rate(workload, users), sizing.tokens_per_s_per_gpu, sizing.by_vram, sizing.gpus_per_replica)
    return np.asarray(sizing.units(gpus), dtype=float)
