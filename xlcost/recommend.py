"""Which approach to take: the seeds' decision matrix, checked against the core's cost ranking.

Rules follow seed 002 §6 (decision matrix) and seed 000 (frequency, residency, stability,
sensitivity, years); the cost ranking prices one representative option per approach.
"""

from __future__ import annotations

from dataclasses import dataclass

from xlcost import money
from xlcost.catalog import Catalog, load_catalog
from xlcost.options import Context, resolve
from xlcost.workload import OptionSpec, Workload

API, RENTAL, ONPREM, HYBRID = "API", "Cloud GPU rental", "On-premises", "Hybrid"
SMALL_USERS, LARGE_USERS = 5_000, 50_000  # seed 002 §6 thresholds (daily active users)
CLOSE_SHARE = 0.10  # API and rental within 10% of each other: the seed calls this a tie (scenario B)
REPRESENTATIVES = {API: "api:deepseek-v3", RENTAL: "rent:a100-80g"}
ONPREM_TIERS = ((2, "light"), (4, "standard"), (8, "enterprise"))  # GPUs sized -> smallest tier that fits


@dataclass(frozen=True, slots=True)
class Ranked:
    approach: str
    option: str
    tco: float
    rank: int


@dataclass(frozen=True, slots=True)
class Recommendation:
    approach: str
    reason: str
    cheapest: str
    ranking: tuple[Ranked, ...]

    @property
    def agrees_with_cost(self) -> bool:
        return self.approach in (self.cheapest, HYBRID)


def recommend(
    workload: Workload,
    *,
    sensitive_data: bool = False,
    volatile: bool = False,
    latency_sensitive: bool = False,
    fine_tune: bool = False,
    catalog: Catalog | None = None,
) -> Recommendation:
    """The approach the decision matrix picks, with the cost ranking beside it."""
    catalog = catalog or load_catalog()
    ranking = cost_ranking(workload, catalog)
    cheapest = ranking[0].approach
    users = workload.users_per_day
    if volatile:
        approach, why = API, "volatile demand: no fixed cost, switch models at will (seed 002 §6)"
    elif sensitive_data and users > LARGE_USERS:
        approach, why = ONPREM, f"sensitive data and over {LARGE_USERS:,} stable daily users: build, 3-4 year payback"
    elif sensitive_data:
        approach, why = RENTAL, "sensitive data must not leave: self-host on rented GPUs (seed 002 §6)"
    elif fine_tune:
        approach, why = RENTAL, "custom fine-tuning: rent first for flexibility, build once mature (seed 002 §6)"
    elif users < SMALL_USERS:
        approach, why = API, f"under {SMALL_USERS:,} daily users: API costs little, no fixed cost (seed 002 §6)"
    elif users <= LARGE_USERS and latency_sensitive:
        approach, why = RENTAL, "latency-sensitive mid-size load: a self-managed model gives better throughput"
    else:
        approach, why = _by_cost(ranking)
    return Recommendation(approach, why, cheapest, ranking)


def cost_ranking(workload: Workload, catalog: Catalog) -> tuple[Ranked, ...]:
    """TCO over the horizon of one representative option per approach, cheapest first."""
    context = Context(workload=workload)
    candidates = dict(REPRESENTATIVES)
    rental = resolve(OptionSpec(key=REPRESENTATIVES[RENTAL]), context, catalog)
    tier = next((name for limit, name in ONPREM_TIERS if (rental.units or 1) <= limit), None)
    if tier is not None:
        candidates[ONPREM] = f"onprem:{tier}"
    priced = [
        (money.tco(resolve(OptionSpec(key=key), context, catalog), workload), approach, key)
        for approach, key in candidates.items()
    ]
    priced.sort()
    return tuple(Ranked(approach, key, total, rank) for rank, (total, approach, key) in enumerate(priced, start=1))


def _by_cost(ranking: tuple[Ranked, ...]) -> tuple[str, str]:
    first = ranking[0]
    by_approach = {r.approach: r.tco for r in ranking}
    if {API, RENTAL} <= by_approach.keys() and first.approach in (API, RENTAL):
        api, rental = by_approach[API], by_approach[RENTAL]
        if abs(api - rental) <= CLOSE_SHARE * min(api, rental):
            return HYBRID, "API and GPU rental cost within 10%: serve steady load on rented GPUs, bursts on the API"
    return first.approach, f"cheapest over the horizon: {first.option} at {first.tco:,.0f}"
