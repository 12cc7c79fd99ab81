"""Which approach to take: the seeds' decision matrix, checked against the core's cost ranking.

Rules follow seed 002 §6 (decision matrix) and seed 000 (frequency, residency, stability,
sensitivity, years). The cost ranking is a scenario's own options (the cheapest of each approach)
when a comparison is given, else one representative option per approach. The rules' reasons and
the words of the one-line answer are data here, so the workbook writes the same sentence by formula.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from xlcost.analysis.training import TrainingCost, training_cost
from xlcost.analysis.uncertainty.montecarlo import simulate
from xlcost.core import vector
from xlcost.core.catalog import Catalog, load_catalog, split_key
from xlcost.core.compare import Comparison, compare, context_for
from xlcost.core.pricing import Context
from xlcost.core.scenario import OptionSpec, Scenario, Situation, Workload

API, RENTAL, ONPREM, HYBRID = "API", "Cloud GPU rental", "On-premises", "Hybrid"
SMALL_USERS, LARGE_USERS = 5_000, 50_000  # seed 002 §6 thresholds (daily active users)
CLOSE_SHARE = 0.10  # API and rental within 10% of each other: the seed calls this a tie (scenario B)
REPRESENTATIVES = {API: "api:deepseek-v3", RENTAL: "rent:a100-80g"}
ONPREM_TIERS = ((2, "light"), (4, "standard"), (8, "enterprise"))  # GPUs sized -> smallest tier that fits
#: which approach each kind of option belongs to (a seat subscription is a hosted service, like the API).
APPROACH_OF_KIND = {"api": API, "seat": API, "rent": RENTAL, "rent-hourly": RENTAL, "buy": ONPREM, "onprem": ONPREM}
HYBRID_PARTS = (API, RENTAL)  # a hybrid serves steady load on rented GPUs and bursts on the API


@dataclass(frozen=True, slots=True)
class Rule:
    """One line of seed 002 §6: when it applies (in order, the first wins), the approach and why."""

    name: str
    approach: str | None  # None: the cost ranking decides
    reason: str


RULES: tuple[Rule, ...] = (
    Rule("volatile", API, "volatile demand: no fixed cost, switch models at will"),
    Rule("sensitive_large", ONPREM, "sensitive data and a large stable load: build, 3-4 year payback"),
    Rule("sensitive", RENTAL, "sensitive data must not leave: self-host on rented GPUs"),
    Rule("fine_tune", RENTAL, "custom fine-tuning: rent first for flexibility, build once mature"),
    Rule("small", API, "few daily users: the API costs little and has no fixed cost"),
    Rule("latency_mid", RENTAL, "latency-sensitive mid-size load: a self-managed model serves faster"),
    Rule("by_cost", None, "no rule applies: the cheapest over the horizon"),
)
BY_COST_REASON = RULES[-1].reason
HYBRID_REASON = "API and GPU rental cost about the same: rented GPUs for steady load, the API for bursts"
#: the words between the figures of the one-line answer (``Recommendation.sentence``).
SENTENCE = {
    "after_approach": ": ",
    "before_tco": ", TCO ",
    "open": " (",
    "close": ")",
    "no_option": "): none of the options compared",
    "cheapest": "; on cost alone: ",
    "at": " at ",
    "before_gap": " (",
    "after_gap": " cheaper)",
}
MONEY_WORDS = "#,##0"  # how the sentence shows money (Excel's TEXT format; Python's ",.0f")


@dataclass(frozen=True, slots=True)
class Ranked:
    approach: str
    option: str
    tco: float
    rank: int
    name: str = ""  # the option's label (its key when it has none)


@dataclass(frozen=True, slots=True)
class Recommendation:
    approach: str
    reason: str
    cheapest: str
    ranking: tuple[Ranked, ...]
    cheapest_share: dict[str, float] = field(default_factory=dict)  # approach -> share of simulated futures
    draws: int = 0
    seed: int | None = None
    checklist: tuple[str, ...] = ()  # seed 000 answers, each "leans on-premises: ..." or "leans cloud: ..."
    training: TrainingCost | None = None
    warnings: tuple[str, ...] = ()  # the priced options' caveats (a unit count below the load ...)

    @property
    def chosen(self) -> Ranked | None:
        """The cheapest ranked option of the recommended approach (None: the ranking has none)."""
        parts = HYBRID_PARTS if self.approach == HYBRID else (self.approach,)
        return min((r for r in self.ranking if r.approach in parts), key=lambda r: r.tco, default=None)

    @property
    def sentence(self) -> str:
        """The answer in one line: the approach, its cheapest option and why; the cheapest on cost beside it
        when that is another option, with the gap."""
        w, first, chosen = SENTENCE, self.ranking[0], self.chosen
        if chosen is None:
            head = f"{self.approach}{w['open']}{self.reason}{w['no_option']}"
        else:
            head = f"{self.approach}{w['after_approach']}{chosen.name}{w['before_tco']}{_money(chosen.tco)}"
            head += f"{w['open']}{self.reason}{w['close']}"
            if chosen.tco == first.tco:
                return head
        tail = f"{w['cheapest']}{first.name}{w['at']}{_money(first.tco)}"
        if chosen is None:
            return head + tail
        return head + tail + f"{w['before_gap']}{_money(chosen.tco - first.tco)}{w['after_gap']}"

    @property
    def agrees_with_cost(self) -> bool:
        return self.approach in (self.cheapest, HYBRID)

    @property
    def robustness(self) -> float | None:
        """Share of simulated futures in which the recommended approach is the cheapest (None: not simulated)."""
        if not self.cheapest_share:
            return None
        winners = (API, RENTAL) if self.approach == HYBRID else (self.approach,)
        return sum(self.cheapest_share.get(a, 0.0) for a in winners)

    @property
    def training_placement(self) -> str | None:
        """Where a training job goes (seed 001: train in the cloud, serve where inference is cheapest)."""
        if self.training is None:
            return None
        t = self.training
        if t.cheaper == "owned GPUs":
            return f"train on owned GPUs: {t.gpu_hours:,.0f} GPU-hours cost {t.cloud:,.0f} on demand, more than buying ({t.owned_dedicated:,.0f})"
        return f"train on cloud GPUs: {t.gpu_hours:,.0f} GPU-hours cost {t.cloud:,.0f} on demand against {t.owned_dedicated:,.0f} to buy (seed 001)"

    def explain(self) -> list[str]:
        """The answer in sentences: the rule, whether cost agrees and why not, how robust, where to train."""
        by_approach = {r.approach: r for r in self.ranking}
        lines = [f"{self.approach}: {self.reason}"]
        first = self.ranking[0]
        if self.agrees_with_cost:
            lines.append(f"the cost ranking agrees: {first.option} is cheapest at {first.tco:,.0f}")
        elif self.approach in by_approach:
            mine = by_approach[self.approach]
            extra = (mine.tco - first.tco) / first.tco if first.tco else 0.0
            lines.append(
                f"on cost alone {self.cheapest} is cheapest ({first.option} at {first.tco:,.0f}); the rule outweighs "
                f"it: {mine.option} costs {mine.tco:,.0f} ({extra:.0%} more)"
            )
        else:
            lines.append(
                f"on cost alone {self.cheapest} is cheapest ({first.option} at {first.tco:,.0f}); {self.approach} "
                "has no priced representative at this load"
            )
        if self.robustness is not None:
            lines.append(
                f"{self.approach} is cheapest in {self.robustness:.0%} of {self.draws:,} simulated futures (seed {self.seed})"
            )
        lines.extend(self.checklist)
        if self.training_placement:
            lines.append(self.training_placement)
        return lines


def recommend(
    workload: Workload,
    *,
    sensitive_data: bool = False,
    volatile: bool = False,
    latency_sensitive: bool = False,
    fine_tune: bool = False,
    catalog: Catalog | None = None,
    daily_use: bool | None = None,
    resident_service: bool | None = None,
    stable_users: bool | None = None,
    accepts_upfront: bool | None = None,
    draws: int = 0,
    seed: int | None = 1,
    training_gpu_hours: float | None = None,
    comparison: Comparison | None = None,
) -> Recommendation:
    """The approach the decision matrix picks, with the cost ranking beside it.

    ``draws`` > 0 prices the ranking's options in that many simulated futures and reports how often
    each approach is cheapest; the seed 000 answers (``daily_use`` ...) and ``training_gpu_hours``
    add reasons, not rule outcomes. ``comparison`` (a scenario's) ranks that scenario's own options."""
    catalog = catalog or load_catalog()
    ranking = scenario_ranking(comparison) if comparison is not None else cost_ranking(workload, catalog)
    cheapest = ranking[0].approach
    rules = _rules(workload.users_per_day, sensitive_data, volatile, latency_sensitive, fine_tune)
    approach, why = next(((a, w) for applies, a, w in rules if applies), None) or _by_cost(ranking)
    shares = _cheapest_share(workload, ranking, catalog, draws, seed) if draws > 0 else {}
    answers = {
        "daily_use": daily_use,
        "resident_service": resident_service,
        "stable_users": stable_users,
        "sensitive_data": sensitive_data or None,
        "accepts_upfront": accepts_upfront,
    }
    training = training_cost(training_gpu_hours, catalog) if training_gpu_hours else None
    return Recommendation(
        approach,
        why,
        cheapest,
        ranking,
        shares,
        draws,
        seed if draws > 0 else None,
        _checklist(workload, answers),
        training,
    )


#: seed 000's checklist: question -> (leans on-premises when yes, leans cloud when no)
CHECKLIST = {
    "daily_use": ("used every day", "used occasionally"),
    "resident_service": ("a resident 24/7 service", "occasional calls"),
    "stable_users": ("a stable number of users", "uncertain user numbers"),
    "sensitive_data": ("internal or sensitive data", "public data"),
    "accepts_upfront": ("a one-off investment is acceptable", "small monthly fees preferred"),
}


def _checklist(workload: Workload, answers: dict[str, bool | None]) -> tuple[str, ...]:
    """Seed 000's table, one line per answered question, plus the horizon (>= 2 years leans local)."""
    lines = [
        f"leans {'on-premises' if answer else 'cloud'}: {CHECKLIST[name][0 if answer else 1]} (seed 000)"
        for name, answer in answers.items()
        if answer is not None
    ]
    if lines:
        years = workload.horizon_months / 12
        lines.append(f"leans {'on-premises' if years >= 2 else 'cloud'}: used for {years:g} years (seed 000)")
        local = sum(line.startswith("leans on-premises") for line in lines)
        lines.append(f"seed 000 checklist: {local} of {len(lines)} answers lean on-premises")
    return tuple(lines)


def _cheapest_share(
    workload: Workload, ranking: tuple[Ranked, ...], catalog: Catalog, draws: int, seed: int | None
) -> dict[str, float]:
    """How often each approach's representative is cheapest when prices and workload are uncertain."""
    scenario = Scenario(
        name="recommend", workload=workload, options=[OptionSpec(key=r.option, label=r.approach) for r in ranking]
    )
    result = simulate(scenario, catalog, draws=draws, seed=seed)
    return dict(zip(result.options, (float(x) for x in result.p_cheapest), strict=True))


def _rules(
    users, sensitive: bool, volatile: bool, latency: bool, fine_tune: bool
) -> list[tuple[bool | np.ndarray, str, str]]:
    """``RULES`` in order with whether each applies, first match wins: (applies, approach, why); ``users`` a
    number or an array. The last rule (cost decides) is ``_by_cost``."""
    applies: dict[str, bool | np.ndarray] = {
        "volatile": volatile,
        "sensitive_large": sensitive & (users > LARGE_USERS),
        "sensitive": sensitive,
        "fine_tune": fine_tune,
        "small": users < SMALL_USERS,
        "latency_mid": (users <= LARGE_USERS) & latency,
    }
    return [(applies[rule.name], rule.approach, rule.reason) for rule in RULES if rule.approach is not None]


def approaches(
    workload: Workload,
    users: np.ndarray,
    *,
    sensitive_data: bool = False,
    volatile: bool = False,
    latency_sensitive: bool = False,
    fine_tune: bool = False,
    catalog: Catalog | None = None,
) -> np.ndarray:
    """The approach ``recommend`` picks for each daily-users value, in one vectorised pass (no reasons)."""
    catalog = catalog or load_catalog()
    users = np.asarray(users, dtype=float)
    api, rental, onprem, _ = _priced(workload, users, catalog)
    totals = np.stack([api, rental, np.where(np.isnan(onprem), np.inf, onprem)], axis=-1)
    first = np.argmin(totals, axis=-1)  # columns in the ranking's tie order (approach names sorted)
    by_cost = np.where((first < 2) & _close(api, rental), HYBRID, np.array([API, RENTAL, ONPREM])[first])
    return _first_rule(
        users,
        by_cost,
        Situation(
            sensitive_data=sensitive_data, volatile=volatile, latency_sensitive=latency_sensitive, fine_tune=fine_tune
        ),
    )


def scenario_approaches(
    scenario: Scenario, users: np.ndarray, catalog: Catalog, situation: Situation | None = None
) -> np.ndarray:
    """The approach ``recommend_scenario`` picks for each daily-users value, in one vectorised pass: each option
    is resolved once, for one user, and scaled to every value (a range of 100,000 users prices the scenario once)."""
    users = np.asarray(users, dtype=float)
    one_user = replace(context_for(scenario), workload=scenario.workload.model_copy(update={"users_per_day": 1.0}))
    best: dict[str, np.ndarray] = {}  # the cheapest option of each approach, approaches in scenario order
    for spec in scenario.options:
        approach = APPROACH_OF_KIND[split_key(spec.key)[0]]
        tco = vector.tco_grid(spec, one_user, catalog, users, scenario.workload.horizon_months)
        best[approach] = np.fmin(best[approach], tco) if approach in best else tco
    names = np.array(list(best))
    first = names[np.argmin(np.stack(list(best.values()), axis=-1), axis=-1)]  # ties: scenario order, as the ranking
    if API in best and RENTAL in best:
        first = np.where(np.isin(first, HYBRID_PARTS) & _close(best[API], best[RENTAL]), HYBRID, first)
    return _first_rule(users, first, situation or scenario.situation)


def _first_rule(users: np.ndarray, by_cost: np.ndarray, situation: Situation) -> np.ndarray:
    """Per users value, the approach of the first rule that applies, else the one cost picked."""
    rules = _rules(
        users, situation.sensitive_data, situation.volatile, situation.latency_sensitive, situation.fine_tune
    )
    return np.select(
        [np.broadcast_to(applies, users.shape) for applies, _, _ in rules],
        [np.asarray(a) for _, a, _ in rules],
        by_cost,
    )


def cost_ranking(workload: Workload, catalog: Catalog) -> tuple[Ranked, ...]:
    """TCO over the horizon of one representative option per approach, cheapest first."""
    api, rental, onprem, tier = (float(x[0]) for x in _priced(workload, np.array([workload.users_per_day]), catalog))
    priced = [(api, API, REPRESENTATIVES[API]), (rental, RENTAL, REPRESENTATIVES[RENTAL])]
    if tier < len(ONPREM_TIERS):
        priced.append((onprem, ONPREM, f"onprem:{ONPREM_TIERS[int(tier)][1]}"))
    priced.sort()
    return tuple(Ranked(approach, key, total, rank, key) for rank, (total, approach, key) in enumerate(priced, start=1))


def recommend_scenario(
    scenario: Scenario, catalog: Catalog, situation: Situation | None = None, comparison: Comparison | None = None
) -> Recommendation:
    """The decision matrix over a scenario's own options, with its situation (or the one given); pass the
    scenario's ``comparison`` when it is at hand, so it is not priced twice."""
    answers = situation or scenario.situation
    comparison = comparison or compare(scenario, catalog)
    advice = recommend(scenario.workload, catalog=catalog, comparison=comparison, **answers.model_dump())
    return replace(advice, warnings=comparison.warnings)


def scenario_ranking(comparison: Comparison) -> tuple[Ranked, ...]:
    """The cheapest of a scenario's options in each approach, cheapest first (ties: scenario order)."""
    best: dict[str, Ranked] = {}
    for result in comparison.results:
        approach = APPROACH_OF_KIND[split_key(result.profile.key)[0]]
        if approach not in best or result.tco < best[approach].tco:
            best[approach] = Ranked(approach, result.profile.key, result.tco, 0, result.profile.name)
    ordered = sorted(best.values(), key=lambda r: r.tco)
    return tuple(Ranked(r.approach, r.option, r.tco, rank, r.name) for rank, r in enumerate(ordered, start=1))


def _money(amount: float) -> str:
    return f"{amount:,.0f}"


def _priced(workload: Workload, users: np.ndarray, catalog: Catalog) -> tuple[np.ndarray, ...]:
    """Each approach's representative priced for every users value over the workload's horizon: API and rental
    TCO, on-prem TCO of the smallest tier holding the GPUs the rental needs (NaN: none does), and that tier."""
    per_user = Context(workload=workload.model_copy(update={"users_per_day": 1.0}))
    months = workload.horizon_months
    api, rental = (
        vector.tco_grid(OptionSpec(key=REPRESENTATIVES[a]), per_user, catalog, users, months) for a in (API, RENTAL)
    )
    units = vector.amounts_at(vector.per_user(OptionSpec(key=REPRESENTATIVES[RENTAL]), per_user, catalog), users)[3]
    units = np.where(np.nan_to_num(units) > 0, units, 1.0)
    tier = np.searchsorted([limit for limit, _ in ONPREM_TIERS], units)  # the first tier with room
    onprem = np.full(users.shape, np.nan)
    for k, (_, name) in enumerate(ONPREM_TIERS):
        fits = tier == k
        if fits.any():
            onprem[fits] = vector.tco_grid(OptionSpec(key=f"onprem:{name}"), per_user, catalog, users[fits], months)
    return api, rental, onprem, tier


def _close(api, rental):
    """API and rental within CLOSE_SHARE of each other: the seed calls this a tie (numbers or arrays)."""
    return np.abs(api - rental) <= CLOSE_SHARE * np.minimum(api, rental)


def _by_cost(ranking: tuple[Ranked, ...]) -> tuple[str, str]:
    first = ranking[0]
    by_approach = {r.approach: r.tco for r in ranking}
    tie = set(HYBRID_PARTS) <= by_approach.keys() and _close(by_approach[API], by_approach[RENTAL])
    if first.approach in HYBRID_PARTS and tie:
        return HYBRID, HYBRID_REASON
    return first.approach, BY_COST_REASON
