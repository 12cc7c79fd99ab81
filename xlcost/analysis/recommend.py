"""Which approach to take: the cheapest of a scenario's options that meets the stated constraints, with the
seeds' decision matrix supplying the words of the reason.

Seed 002 §6 names constraints (data must stay in house, latency, fine-tuning, volatile demand) and the
approach each leads to; seed 000 adds the checklist. Here the constraints rule approaches out, the cost
ranking picks among what is left, and the matrix's words explain the pick, never a pick the numbers
contradict. The constraints, the rules (when their words apply, which picks they fit, the words) and the
sentence's words are data, the conditions in ``conditions``' plain trees: evaluated here, printed as formulas
on the Decision sheet, so the workbook and ``xlcost recommend`` read one table.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np

from xlcost.analysis.conditions import ALWAYS, Above, All, AnyOf, Ask, Below, Condition, Not, Within, holds, truth
from xlcost.analysis.training import TrainingCost, training_cost
from xlcost.analysis.uncertainty.montecarlo import simulate
from xlcost.core import vector
from xlcost.core.catalog import Catalog, load_catalog, split_key
from xlcost.core.compare import Comparison, catalog_for, compare, context_for
from xlcost.core.option_kinds import API, APPROACH_OF_KIND, APPROACHES, ONPREM, RENTAL
from xlcost.core.pricing import Context, capacity_need, covers_load
from xlcost.core.scenario import DEFAULT_CURRENCY, OptionSpec, Scenario, Situation, Workload
from xlcost.errors import CapacityError

HYBRID = "Hybrid"
#: seed 002 §6 counts daily users at its scenarios' 1,200 tokens a user a day; the thresholds are that load
#: in tokens, so a team of heavy users is not called small.
SEED_TOKENS_PER_USER_DAY = 1_200
SMALL_TOKENS = 5_000 * SEED_TOKENS_PER_USER_DAY  # "under 5,000 daily users": the API
LARGE_TOKENS = 50_000 * SEED_TOKENS_PER_USER_DAY  # "over 50,000 stable daily users": build
CLOSE_SHARE = 0.10  # API and rental within 10% of each other: the seed calls this a tie (scenario B)
#: a tie, so Hybrid: the pick is the API or rental, each has an option, and their cheapest TCOs are close
TIE: Condition = All(
    (
        Ask("has_api_tco"),
        Ask("has_rental_tco"),
        Ask("api_or_rental_picked"),
        Within("api_tco", "rental_tco", "close_share"),
    )
)
REPRESENTATIVES = {API: "api:deepseek-v3", RENTAL: "rent:a100-80g"}
ONPREM_TIERS = ((2, "light"), (4, "standard"), (8, "enterprise"))  # GPUs sized -> smallest tier that fits
HYBRID_PARTS = (API, RENTAL)  # a hybrid serves steady load on rented GPUs and bursts on the API


@dataclass(frozen=True, slots=True)
class Constraint:
    """A ``Situation`` answer that rules approaches out: the option recommended must keep it. One that
    ``yields`` gives way to a constraint ruling out everything it allows (volatile demand with sensitive
    data: the data stays in house and the self-hosted capacity covers the peaks)."""

    name: str  # the Situation field
    words: str  # how a reason names it
    excludes: tuple[str, ...]
    yields: bool = False


CONSTRAINTS: tuple[Constraint, ...] = (
    Constraint("sensitive_data", "sensitive data", (API,)),  # seed 002 §6: data must never leave
    Constraint("fine_tune", "fine-tuning", (API,)),  # a custom model's weights are served on GPUs you control
    Constraint("latency_sensitive", "the latency target", (API,)),  # self-hosted GPUs are sized to it
    Constraint("volatile", "volatile demand", (RENTAL, ONPREM), yields=True),  # no fixed cost while unknown
)


def blockers(constraint: Constraint) -> tuple[Constraint, ...]:
    """The constraints a yielding one gives way to: each rules out every approach it allows."""
    allows = set(APPROACHES) - set(constraint.excludes)
    return tuple(c for c in CONSTRAINTS if not c.yields and allows <= set(c.excludes))


def _in_force(constraint: Constraint) -> Condition:
    """Answered TRUE and, for one that yields, none of its blockers answered TRUE."""
    asked, blocked_by = Ask(constraint.name), blockers(constraint)
    return All((asked, Not(AnyOf(tuple(Ask(b.name) for b in blocked_by))))) if blocked_by else asked


#: when each constraint is in force, over the situation's answers
IN_FORCE: dict[str, Condition] = {c.name: _in_force(c) for c in CONSTRAINTS}
#: when each approach is ruled out, over the constraints in force (``in_force_<name>``); none: never
RULED_OUT: dict[str, Condition] = {
    a: AnyOf(tuple(Ask(f"in_force_{c.name}") for c in CONSTRAINTS if a in c.excludes))
    for a in APPROACHES
    if any(a in c.excludes for c in CONSTRAINTS)
}


def in_force(answers: Situation) -> tuple[tuple[Constraint, ...], tuple[Constraint, ...]]:
    """The constraints answered TRUE that the pick must keep, and those that gave way to another."""
    given = answers.model_dump()
    kept = tuple(c for c in CONSTRAINTS if holds(IN_FORCE[c.name], given))
    return kept, tuple(c for c in CONSTRAINTS if given[c.name] and c not in kept)


def allowed_approaches(kept: tuple[Constraint, ...]) -> frozenset[str]:
    """The approaches no constraint in force rules out."""
    forced = _forced(kept)
    return frozenset(a for a in APPROACHES if a not in RULED_OUT or not holds(RULED_OUT[a], forced))


def _forced(kept: tuple[Constraint, ...]) -> dict[str, bool]:
    """The ``in_force_<constraint>`` inputs of the conditions."""
    return {f"in_force_{c.name}": c in kept for c in CONSTRAINTS}


@dataclass(frozen=True, slots=True)
class Rule:
    """Words of seed 002 §6 for a pick: when they apply (in order, the first wins) and which picks they fit.
    ``applies`` reads the answers, ``in_force_<constraint>``, ``daily_tokens`` against ``small_tokens`` and
    ``large_tokens``, and the pick's ``meets`` (an option kept the constraints) and ``short`` (the cheapest
    option has too few GPUs and another was picked)."""

    name: str
    fits: tuple[str, ...]  # the recommended approaches these words explain
    reason: str
    applies: Condition = ALWAYS


ANY_PICK = (*APPROACHES, HYBRID)
RULES: tuple[Rule, ...] = (
    Rule(
        "unmet",
        ANY_PICK,
        "no option compared meets the constraints: the cheapest over the horizon",
        Not(Ask("meets")),
    ),
    Rule("volatile", (API,), "volatile demand: no fixed cost, switch models at will", Ask("in_force_volatile")),
    Rule(
        "sensitive_large",
        (ONPREM,),
        "sensitive data and a large stable load: build your own",
        All((Ask("sensitive_data"), Above("daily_tokens", "large_tokens"))),
    ),
    Rule("sensitive", (RENTAL, ONPREM), "sensitive data must not leave: self-hosted", Ask("sensitive_data")),
    Rule(
        "fine_tune", (RENTAL, ONPREM), "custom fine-tuning: the tuned model served on your own GPUs", Ask("fine_tune")
    ),
    Rule(
        "latency",
        (RENTAL, ONPREM),
        "latency-sensitive: a self-managed model sized to the latency target",
        Ask("latency_sensitive"),
    ),
    Rule(
        "small",
        (API,),
        "a small load: the API costs little and has no fixed cost",
        Below("daily_tokens", "small_tokens"),
    ),
    Rule(
        "hybrid", (HYBRID,), "API and GPU rental cost about the same: rented GPUs for steady load, the API for bursts"
    ),
    Rule("short", ANY_PICK, "the cheapest that serves the load: a cheaper option has too few GPUs", Ask("short")),
    Rule("by_cost", ANY_PICK, "the cheapest over the horizon"),
)
#: the words between the figures of the one-line answer (``Recommendation.sentence``).
SENTENCE = {
    "after_approach": ": ",
    "before_tco": ", TCO ",
    "open": " (",
    "close": ")",
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
    #: approach -> share of simulated futures in which it is the cheapest of those the constraints allow
    cheapest_share: dict[str, float] = field(default_factory=dict)
    draws: int = 0
    seed: int | None = None
    checklist: tuple[str, ...] = ()  # seed 000 answers, each "leans on-premises: ..." or "leans cloud: ..."
    training: TrainingCost | None = None
    warnings: tuple[str, ...] = ()  # the priced options' caveats (a unit count below the load ...)
    kept: tuple[str, ...] = ()  # the constraints the pick keeps, in words
    gave_way: tuple[str, ...] = ()  # constraints that gave way to another, in words
    meets: bool = True  # an option compared keeps every constraint in force
    models_note: str | None = None  # the API and self-hosted options serve different models (Comparison)
    option: Ranked | None = None  # the option recommended (None: the cheapest ranked of the approach)
    cheapest_serves: bool = True  # the cheapest option's GPUs cover the load (a fixed count may not)

    @property
    def chosen(self) -> Ranked | None:
        """The option recommended: the cheapest of its approach that serves the load and keeps the constraints."""
        if self.option is not None:
            return self.option
        parts = HYBRID_PARTS if self.approach == HYBRID else (self.approach,)
        return min((r for r in self.ranking if r.approach in parts), key=lambda r: r.tco, default=None)

    @property
    def sentence(self) -> str:
        """The answer in one line: the approach, its cheapest option and why; the cheapest on cost beside it
        when that is another option, with the gap."""
        w, first, chosen = SENTENCE, self.ranking[0], self.chosen or self.ranking[0]
        head = f"{self.approach}{w['after_approach']}{chosen.name}{w['before_tco']}{_money(chosen.tco)}"
        head += f"{w['open']}{self.reason}{w['close']}"
        if chosen.tco == first.tco:
            return head
        tail = f"{w['cheapest']}{first.name}{w['at']}{_money(first.tco)}"
        return head + tail + f"{w['before_gap']}{_money(chosen.tco - first.tco)}{w['after_gap']}"

    @property
    def agrees_with_cost(self) -> bool:
        return self.approach in (self.cheapest, HYBRID)

    @property
    def robustness(self) -> float | None:
        """Share of simulated futures in which the recommended approach is the cheapest (None: not simulated)."""
        if not self.cheapest_share:
            return None
        winners = HYBRID_PARTS if self.approach == HYBRID else (self.approach,)
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
        """The answer in sentences: why, what it saves or what the constraints cost, how robust, where to train."""
        lines = [f"{self.approach}: {self.reason}"]
        first, chosen = self.ranking[0], self.chosen or self.ranking[0]
        if chosen.tco == first.tco:
            lines.append(_saving(chosen, self.ranking, self.approach))
        else:
            why = (
                "its GPUs do not serve the load (a fixed count below the need)"
                if not self.cheapest_serves
                else f"{_joined(self.kept)} rule{'' if len(self.kept) > 1 else 's'} it out"
            )
            lines.append(
                f"on cost alone {first.name} ({first.approach}) is cheapest at {first.tco:,.0f}; {why}: "
                f"{chosen.name} costs {chosen.tco:,.0f} ({_more(chosen.tco, first.tco)})"
            )
        if not self.meets:
            lines.append(f"no option compared keeps {_joined(self.kept)}: add one of another approach to compare")
        for words in self.gave_way:
            lines.append(f"{words} gives way to {_joined(self.kept)}: the self-hosted GPUs must cover the peaks")
        if self.robustness is not None:
            among = " of the approaches allowed" if self.kept and self.meets else ""
            lines.append(
                f"{self.approach} is cheapest{among} in {self.robustness:.0%} of {self.draws:,} simulated futures "
                f"(seed {self.seed})"
            )
        if self.models_note:
            lines.append(self.models_note)
        lines.extend(self.checklist)
        if self.training_placement:
            lines.append(self.training_placement)
        return lines


def _saving(chosen: Ranked, ranking: tuple[Ranked, ...], approach: str) -> str:
    """The cheapest option's lead over the next approach (seed 003: local saves about two thirds)."""
    parts = HYBRID_PARTS if approach == HYBRID else (chosen.approach,)
    runner_up = next((r for r in ranking if r.approach not in parts), None)
    line = f"the cheapest of the options compared: {chosen.name} at {chosen.tco:,.0f}"
    if runner_up is None or runner_up.tco <= 0:
        return line
    return (
        line
        + f", {1 - chosen.tco / runner_up.tco:.0%} less than {runner_up.name} ({runner_up.approach}) at {runner_up.tco:,.0f}"
    )


def _more(dearer: float, cheaper: float) -> str:
    """How much dearer, as a share up to twice the cost and as a multiple beyond (not "6506% more")."""
    if cheaper <= 0:
        return "more"
    ratio = dearer / cheaper
    return f"{ratio - 1:.0%} more" if ratio < 2 else f"{ratio:,.1f}x the cost"


def _joined(words: tuple[str, ...]) -> str:
    return " and ".join(words) if words else "the constraints"


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
    currency: str = DEFAULT_CURRENCY,
) -> Recommendation:
    """The approach the decision matrix picks, with the cost ranking beside it.

    ``draws`` > 0 prices the ranking's options in that many simulated futures and reports how often
    each approach is cheapest; the seed 000 answers (``daily_use`` ...) and ``training_gpu_hours``
    add reasons, not rule outcomes. ``comparison`` (a scenario's) ranks that scenario's own options;
    without one, the representatives are priced in ``currency``."""
    catalog = catalog or load_catalog()
    ranking = scenario_ranking(comparison) if comparison is not None else cost_ranking(workload, catalog, currency)
    serving = scenario_ranking(comparison, serves_load=True) if comparison is not None else ranking
    situation = Situation(
        sensitive_data=sensitive_data, volatile=volatile, latency_sensitive=latency_sensitive, fine_tune=fine_tune
    )
    kept, gave_way = in_force(situation)
    allowed = allowed_approaches(kept)
    picked, met = _pick({r.approach: r.tco for r in serving}, allowed, fallback={r.approach: r.tco for r in ranking})
    approach, meets = str(picked), bool(met)
    pool = tuple(r for r in serving if r.approach in allowed) if meets else ranking  # what the pick was chosen from
    parts = HYBRID_PARTS if approach == HYBRID else (approach,)
    option = min((r for r in pool if r.approach in parts), key=lambda r: r.tco)
    cheapest_serves = any(r.option == ranking[0].option for r in serving)
    short = option.option != ranking[0].option and not cheapest_serves
    inputs = situation.model_dump() | _forced(kept)
    inputs |= {
        "daily_tokens": workload.users_per_day * workload.tokens_per_user_day,
        "small_tokens": SMALL_TOKENS,
        "large_tokens": LARGE_TOKENS,
        "meets": meets,
        "short": short,
    }
    reason = next(r.reason for r in RULES if approach in r.fits and holds(r.applies, inputs))
    shares = _cheapest_share(workload, pool, catalog, draws, seed) if draws > 0 else {}
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
        reason,
        ranking[0].approach,
        ranking,
        shares,
        draws,
        seed if draws > 0 else None,
        _checklist(workload, answers),
        training,
        kept=tuple(c.words for c in kept),
        gave_way=tuple(c.words for c in gave_way),
        meets=meets,
        option=option,
        cheapest_serves=cheapest_serves,
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
    """How often each approach's representative is cheapest when prices and workload are uncertain; sized on
    the seed's throughput, as ``cost_ranking`` prices them."""
    scenario = Scenario(
        name="recommend",
        workload=workload,
        options=[OptionSpec(key=r.option, label=r.approach) for r in ranking],
        throughput_basis="seed",
    )
    result = simulate(scenario, catalog, draws=draws, seed=seed)
    return dict(zip(result.options, (float(x) for x in result.p_cheapest), strict=True))


def _pick(
    totals: dict[str, float | np.ndarray],
    allowed: frozenset[str],
    fallback: dict[str, float | np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The approach of the cheapest option the constraints allow (of every option in ``fallback``, or
    ``totals``, when they allow none), Hybrid when that is the API or rental and the other is allowed and
    within ``CLOSE_SHARE``; and whether an allowed option was there. Totals are each approach's cheapest
    TCO among the options that serve the load (NaN or missing: none)."""
    kept = np.where([a in allowed for a in APPROACHES], _table(totals), np.inf)
    meets = np.asarray(np.isfinite(kept).any(axis=-1))
    kept = np.where(meets[..., None], kept, _table(fallback if fallback is not None else totals))
    first = np.argmin(kept, axis=-1)
    api, rental = kept[..., 0], kept[..., 1]
    pair = {
        "api_tco": api,
        "rental_tco": rental,
        "has_api_tco": np.isfinite(api),
        "has_rental_tco": np.isfinite(rental),
    }
    with np.errstate(invalid="ignore"):  # inf - inf where an approach has no option: no tie
        tie = truth(TIE, pair | {"api_or_rental_picked": first < 2, "close_share": CLOSE_SHARE})
    return np.where(tie, HYBRID, np.array(APPROACHES)[first]), meets


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
    situation = Situation(
        sensitive_data=sensitive_data, volatile=volatile, latency_sensitive=latency_sensitive, fine_tune=fine_tune
    )
    picked, _ = _pick({API: api, RENTAL: rental, ONPREM: onprem}, allowed_approaches(in_force(situation)[0]))
    return picked


def scenario_approaches(
    scenario: Scenario, users: np.ndarray, catalog: Catalog, situation: Situation | None = None
) -> np.ndarray:
    """The approach ``recommend_scenario`` picks for each daily-users value, in one vectorised pass: each option
    is resolved once, for one user, and scaled to every value (a range of 100,000 users prices the scenario once)."""
    users, catalog = np.asarray(users, dtype=float), catalog_for(scenario, catalog)
    one_user = replace(context_for(scenario), workload=scenario.workload.model_copy(update={"users_per_day": 1.0}))
    best: dict[str, np.ndarray] = {}  # the cheapest option of each approach
    serving: dict[str, np.ndarray] = {}  # ... among those whose GPUs serve the load
    for spec in scenario.options:
        approach = APPROACH_OF_KIND[split_key(spec.key)[0]]
        tco = vector.tco_grid(spec, one_user, catalog, users, scenario.workload.horizon_months)
        served = np.where(_serves_load(spec, one_user, catalog, users), tco, np.nan)
        best[approach] = np.fmin(best[approach], tco) if approach in best else tco
        serving[approach] = np.fmin(serving[approach], served) if approach in serving else served
    allowed = allowed_approaches(in_force(situation or scenario.situation)[0])
    picked, _ = _pick(dict(serving), allowed, fallback=dict(best))
    return picked


def _serves_load(spec: OptionSpec, one_user: Context, catalog: Catalog, users: np.ndarray) -> bool | np.ndarray:
    """Whether a fixed unit count covers the GPUs needed at each users value: ``pricing``'s shortfall rule
    (a count xlcost sizes always does; a model no configuration holds is a warning there, not a shortfall)."""
    if spec.units is None:
        return True
    try:
        need = capacity_need(spec, one_user, catalog)
    except CapacityError:
        return True
    return need is None or covers_load(spec.units, need, vector.gpus_at(need, users))


def cost_ranking(workload: Workload, catalog: Catalog, currency: str = DEFAULT_CURRENCY) -> tuple[Ranked, ...]:
    """TCO over the horizon of one representative option per approach, in ``currency``, cheapest first."""
    users = np.array([workload.users_per_day])
    api, rental, onprem, tier = (float(x[0]) for x in _priced(workload, users, catalog, currency))
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
    return replace(advice, warnings=comparison.warnings, models_note=comparison.like_for_like)


def scenario_ranking(comparison: Comparison, *, serves_load: bool = False) -> tuple[Ranked, ...]:
    """The cheapest of a scenario's options in each approach, cheapest first (ties: scenario order);
    ``serves_load``: only options whose GPUs cover the load (no fixed count below it)."""
    best: dict[str, Ranked] = {}
    for result in comparison.results:
        if serves_load and result.profile.shortfall is not None:
            continue
        approach = APPROACH_OF_KIND[split_key(result.profile.key)[0]]
        if approach not in best or result.tco < best[approach].tco:
            best[approach] = Ranked(approach, result.profile.key, result.tco, 0, result.profile.name)
    ordered = sorted(best.values(), key=lambda r: r.tco)
    return tuple(Ranked(r.approach, r.option, r.tco, rank, r.name) for rank, r in enumerate(ordered, start=1))


def _money(amount: float) -> str:
    return f"{amount:,.0f}"


def _priced(
    workload: Workload, users: np.ndarray, catalog: Catalog, currency: str = DEFAULT_CURRENCY
) -> tuple[np.ndarray, ...]:
    """Each approach's representative priced for every users value over the workload's horizon: API and rental
    TCO, on-prem TCO of the smallest tier holding the GPUs the rental needs (NaN: none does), and that tier."""
    per_user = Context(workload=workload.model_copy(update={"users_per_day": 1.0}), currency=currency)
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


def _table(totals: dict[str, float | np.ndarray]) -> np.ndarray:
    """Each approach's total in ``APPROACHES`` order along the last axis; inf where there is none."""
    columns = np.broadcast_arrays(*(np.asarray(totals.get(a, np.inf), dtype=float) for a in APPROACHES))
    table = np.stack(columns, axis=-1)
    return np.where(np.isnan(table), np.inf, table)
