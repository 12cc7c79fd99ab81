"""What a workbook is built from: the scenario, the catalog as written to the price sheets, and the answers
of the core and the analysis (comparison, decision matrix, tornado).

This is the workbook's one seam to the core and the analysis: sheet modules read the plan and render it;
none of them prices, sizes or analyses anything itself.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from itertools import combinations
from typing import ClassVar

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from xlcost.analysis import conditions, recommend
from xlcost.analysis.uncertainty.inputs import DEFAULT_GROWTH_SPREAD, DEFAULT_SPREAD, Input, hold_units
from xlcost.analysis.uncertainty.sensitivity import (
    Sensitivity,
    Swing,
    estimate_error_swings,
    sensitivity,
    tco_swings,
)
from xlcost.core import option_kinds
from xlcost.core.capacity.models import resolve_model
from xlcost.core.capacity.serving import WHY_DEFAULT
from xlcost.core.catalog import Catalog, default_catalog_dir, split_key
from xlcost.core.catalog.builtin import is_overlay
from xlcost.core.catalog.rows import BILLING_FIELDS, Row
from xlcost.core.compare import Comparison, catalog_for, compare, context_for
from xlcost.core.money import BREAKEVEN_WORDS, MONTH_WORDS
from xlcost.core.option_kinds import KIND, OPTION_KINDS
from xlcost.core.pricing import TOKENS_PER_MTOK, CostProfile, capacity_need
from xlcost.core.scenario import BILLING_WORKLOAD_FIELDS, OptionSpec, Scenario, Situation, Workload
from xlcost.core.sizing import FLOAT_NOISE, SECONDS_PER_DAY, Sizing
from xlcost.errors import CapacityError, XlcostError
from xlcost.workbook import layout
from xlcost.workbook.cells import Book
from xlcost.workbook.held_rows import held_tables

#: the seam: the plan, its factory, and the types of the answers sheet modules render.
__all__ = [
    "BREAKEVEN_WORDS",
    "MONTH_WORDS",
    "TOKENS_PER_MTOK",
    "BuildPlan",
    "DecisionMatrix",
    "Input",
    "Sensitivity",
    "Sizing",
    "Swing",
    "Tornado",
    "WrittenOption",
    "conditions",
    "held_tables",
    "make_build_plan",
]


@dataclass(frozen=True)
class WrittenOption:
    """One compared option as it appears on Inputs."""

    number: int
    key: str  # the key written on Inputs (a scenario override gets its own catalog row)
    kind: str
    row_id: str  # the catalog row the scenario names, whose prices the Sensitivity sheet moves
    overridden: frozenset[str]  # its fields the scenario overrides: they stay put on Sensitivity
    name: str
    units: float | None
    units_source: str
    case: str | None
    hours: float | None
    include_power: bool
    extra_per_year: float
    extra_label: str
    sizing: Sizing | None = None  # what its GPUs need at the busiest hour (fixed units or not); None: not GPUs


@dataclass(frozen=True)
class DecisionMatrix:
    """The decision matrix as ``xlcost.analysis.recommend`` states it: the Decision sheet prints these conditions
    as formulas and writes these rules, thresholds and words into cells, so the workbook and ``xlcost recommend``
    say the same thing."""

    questions: tuple[str, ...]  # the situation's answers, asked on Inputs under their own names
    rules: tuple[recommend.Rule, ...]
    constraints: tuple[recommend.Constraint, ...]
    in_force: dict[str, conditions.Condition]  # constraint -> when it is in force
    ruled_out: dict[str, conditions.Condition]  # approach -> when the constraints in force rule it out
    tie: conditions.Condition  # when API and rental tie, so the pick is Hybrid
    approaches: dict[str, str]  # api, rental, onprem, hybrid -> the approach as shown
    approaches_ranked: tuple[str, ...]  # the approaches an option can belong to
    approach_of_kind: dict[str, str]  # option kind -> its approach
    hybrid_parts: tuple[str, ...]  # the approaches a hybrid combines
    seed_tokens_per_user_day: int  # the seed's users, counted in tokens by the thresholds
    small_tokens: int
    large_tokens: int
    close_share: float
    sentence: dict[str, str]  # the words between the sentence's figures
    money_words: str  # the TEXT format of money in the sentence


_DECISION_MATRIX = DecisionMatrix(
    questions=tuple(Situation.model_fields),
    rules=recommend.RULES,
    constraints=recommend.CONSTRAINTS,
    in_force=recommend.IN_FORCE,
    ruled_out=recommend.RULED_OUT,
    tie=recommend.TIE,
    approaches={
        "api": option_kinds.API,
        "rental": option_kinds.RENTAL,
        "onprem": option_kinds.ONPREM,
        "hybrid": recommend.HYBRID,
    },
    approaches_ranked=option_kinds.APPROACHES,
    approach_of_kind=option_kinds.APPROACH_OF_KIND,
    hybrid_parts=recommend.HYBRID_PARTS,
    seed_tokens_per_user_day=recommend.SEED_TOKENS_PER_USER_DAY,
    small_tokens=recommend.SMALL_TOKENS,
    large_tokens=recommend.LARGE_TOKENS,
    close_share=recommend.CLOSE_SHARE,
    sentence=recommend.SENTENCE,
    money_words=recommend.MONEY_WORDS,
)


@dataclass(frozen=True)
class Tornado:
    """The analysis's tornado at generation: which inputs the Sensitivity sheet lists, in what order."""

    #: the spreads the analysis moves single figures and growth by: the sheet's settings start there.
    spread: ClassVar[float] = DEFAULT_SPREAD
    growth_spread: ClassVar[float] = DEFAULT_GROWTH_SPREAD

    rows: tuple[Swing, ...]  # every input that moves a TCO, largest swing first; then the capacity engine's
    # estimate error, which moves only re-sized units: the sheet names it, its held units cannot move
    held_units: list[str]  # units sized for the base workload, held in every case (a fleet is bought once)
    breakeven: Sensitivity | None  # the charted pair's breakeven in each case; None with one option


@dataclass
class BuildPlan:
    """Everything the sheet writers render: the scenario, the written catalog, and what the core and the
    analysis answered, computed here so no sheet module calls into them."""

    scenario: Scenario
    catalog: Catalog  # the rows the scenario reads (held_rows), plus one extra row per option with overrides
    comparison: Comparison
    options: list[WrittenOption]
    serving: dict[str, tuple[object, str]] = field(default_factory=dict)  # Inputs' serving rows: value, source
    names: dict[str, str] = field(default_factory=dict)
    book: Book = field(init=False)

    def start(self, wb: Workbook) -> None:
        """Begin writing ``wb``: formula values are kept in ``book`` as the sheets are written."""
        self.book = Book(wb)

    @property
    def months(self) -> int:
        return self.scenario.months

    @property
    def hidden_costs(self) -> list[str]:
        """Ids of the hidden costs switched on, in the order ``pricing._hidden_cost_lines`` adds them."""
        wanted = self.scenario.hidden_costs
        return list(self.catalog.table(layout.HIDDEN_COSTS_FILE)) if "all" in wanted else list(wanted)

    @property
    def calc_layout(self) -> layout.CalcLayout:
        """Calc rows of this workbook: its options, a line per hidden cost in each option's block, and the billing
        rules' lines where they apply."""
        return layout.CalcLayout(len(self.options), len(self.hidden_costs), self.billing)

    @property
    def catalog_shown(self) -> str:
        """Which prices these are, for the Cover: xlcost's seed catalog, a built-in one by name, or a directory by
        its name alone (a full path would say where the file was made)."""
        directory = self.catalog.directory
        if directory is None or directory.resolve() == default_catalog_dir().resolve():
            return "embedded xlcost catalog"
        if is_overlay(directory):
            return f"xlcost's built-in '{directory.name}' catalog"
        return f"catalog directory '{directory.name}'"

    @cached_property
    def billing(self) -> bool:
        """Whether the vendor billing rules may bill here: a held API row fills a rule or the workload sets a field
        only the rules read. Only then do Inputs, OptionPrices and Calc carry them (the API sheet shows the rule
        columns its rows fill), so a workbook the rules do not touch is written as before they existed."""
        workload = self.scenario.workload
        rows = self.catalog.table(OPTION_KINDS["api"]).values()
        return any(
            getattr(workload, name) != Workload.model_fields[name].default for name in BILLING_WORKLOAD_FIELDS
        ) or any(getattr(row, name) is not None for row in rows for name in BILLING_FIELDS)

    def price_columns(self, file: str) -> list[str]:
        """The columns of a catalog file's price sheet: its header, less the billing rules no held row fills."""
        return layout.price_columns(file, self.catalog.table(file).values())

    def price_column(self, file: str, field: str) -> int:
        """Column of a catalog field on its price sheet in this workbook."""
        return layout.price_column(file, field, self.catalog.table(file).values())

    def priced_keys(self) -> list[tuple[str, str, str]]:
        """Every option key the held catalog can price, with its kind and row id: the OptionPrices rows."""
        return [(key, *split_key(key)) for key in self.catalog.option_keys()]

    @property
    def decision(self) -> DecisionMatrix:
        """The rules and words of ``xlcost recommend``, for the Decision sheet to write by formula."""
        return _DECISION_MATRIX

    @cached_property
    def tornado(self) -> Tornado:
        """Each input's swing, priced by the analysis with sized units held at their base: once, and only when
        asked (the audit makes plans for their written catalog alone)."""
        held, notes = hold_units(self.scenario, self.catalog)
        if len(self.options) < 2:
            rows = tco_swings(held, self.catalog) + estimate_error_swings(self.scenario, self.catalog, None)
            return Tornado(rows, notes, None)
        # with a pair to track, the order uses its breakeven too
        result = sensitivity(held, self.catalog, pair=self._breakeven_pair())
        estimate = estimate_error_swings(self.scenario, self.catalog, result.pair)
        return Tornado(result.rows + estimate, notes, result)

    def _breakeven_pair(self) -> tuple[str, str] | None:
        """The pair whose breakeven is charted: the first pair (in Summary order) that breaks even within
        the horizon, or None for the analysis's default pair (cheapest without against cheapest with upfront)."""
        n = len(self.scenario.options)
        found = zip(combinations(range(n), 2), self.comparison.breakevens, strict=True)  # compare()'s pair order
        reached = [pair for pair, be in found if be.month is not None and be.month > 0]
        if not reached:
            return None
        a, b = reached[0]
        return self.scenario.options[a].key, self.scenario.options[b].key

    def define(self, wb: Workbook, name: str, target: str) -> None:
        """A workbook-level defined name, so formulas read like words and audits find the cell."""
        if name in self.names:
            raise ValueError(f"defined name '{name}' used twice")
        self.names[name] = target
        self.book.define(name, target)
        wb.defined_names[name] = DefinedName(name, attr_text=target)


def make_build_plan(scenario: Scenario, catalog: Catalog) -> BuildPlan:
    """Price the scenario with the core and decide what each option row on Inputs says."""
    catalog = catalog_for(scenario, catalog)
    comparison = compare(scenario, catalog)
    tables = {file: dict(rows) for file, rows in catalog.tables.items()}
    written: dict[str, set[str]] = {}
    options = []
    for number, (spec, result) in enumerate(zip(scenario.options, comparison.results, strict=True), start=1):
        profile = result.profile
        kind, ident = split_key(spec.key)
        key = f"{kind}:{ident}"
        if spec.overrides:
            own = f"{ident}.option-{number}"
            changed = ", ".join(f"{k}={v:g}" for k, v in spec.overrides.items())
            row: Row = profile.row.model_copy(
                update={"id": own, "notes": f"option {number} of the scenario: {ident} with {changed}"}
            )
            tables[OPTION_KINDS[kind]][own] = row
            written.setdefault(OPTION_KINDS[kind], set()).add(own)
            key = f"{kind}:{own}"
        sizing, refused = _need(spec, profile.sizing, scenario, catalog)
        options.append(
            WrittenOption(
                number=number,
                key=key,
                kind=kind,
                row_id=ident,
                overridden=frozenset(spec.overrides),
                name=profile.name,
                units=None if KIND[kind].units == "per token" or profile.sizing is not None else profile.units,
                units_source=_units_source(spec.units, kind, profile, scenario) + refused,
                case=spec.case,
                hours=spec.hours_per_month,
                include_power=spec.include_power,
                extra_per_year=spec.extra_per_year,
                extra_label=spec.extra_label,
                sizing=sizing,
            )
        )
    held = Catalog(tables=held_tables(scenario, tables, written), directory=catalog.directory)
    return BuildPlan(scenario, held, comparison, options, _serving_inputs(scenario, catalog))


def _need(spec: OptionSpec, sized: Sizing | None, scenario: Scenario, catalog: Catalog) -> tuple[Sizing | None, str]:
    """What the option's GPUs need at the busiest hour: its own sizing, or for a fixed unit count the sizing it
    is checked against; with the reason when no configuration holds the model."""
    if sized is not None or spec.units is None:  # sized, or counted as the seed basis counts it (one build)
        return sized, ""
    try:
        return capacity_need(spec, context_for(scenario), catalog), ""
    except CapacityError as exc:
        return None, f"; not checked against the load: {exc}"


def _serving_inputs(scenario: Scenario, catalog: Catalog) -> dict[str, tuple[object, str]]:
    """Inputs' serving rows: what the GPUs were sized for, each with its source and, for a default, why."""
    serving, seed = scenario.serving, scenario.throughput_basis != "engine"
    unused = f"; not used: throughput_basis {scenario.throughput_basis} sizes from throughput.csv" if seed else ""

    def shown(name: str, value: object) -> tuple[object, str]:
        source = "scenario file" if name in serving.model_fields_set else f"xlcost default: {WHY_DEFAULT[name]}"
        return value, source + unused

    model_id: str = serving.model or scenario.model_size
    precision: str | None = serving.precision
    try:
        model = resolve_model(model_id, catalog.directory)
    except XlcostError:  # shown as the scenario says it: sizing did not need it, or refused it already
        pass
    else:
        model_id, precision = serving.model or model.id, precision or model.default_precision
    rows = {
        "serving_model": shown("model", model_id),
        "serving_precision": shown("precision", precision),
        "serving_engine": shown("engine", serving.engine),
        "ttft_ms": shown("ttft_ms", serving.ttft_ms),
        "tpot_ms": shown("tpot_ms", serving.tpot_ms),
        "requests_per_user_day": shown("requests_per_user_day", serving.requests_per_user_day),
        "utilisation": shown("utilisation", serving.utilisation),
        "seconds_per_day": (SECONDS_PER_DAY, "definition"),
        "whole_tolerance": (FLOAT_NOISE, "xlcost default: a computed 2.0000000001 replicas is 2"),
    }
    if seed:
        rows["utilisation"] = (1.0, f"throughput_basis {scenario.throughput_basis}: throughput.csv's figure, as it is")
    return rows


def _units_source(given: float | None, kind: str, profile: CostProfile, scenario: Scenario) -> str:
    units = KIND[kind].units
    if units == "per token":
        return "n/a: priced per token"
    if given is not None:
        return "scenario"
    if profile.sizing is not None:
        return (
            "blank: sized live from the workload (Calc, GPUs needed) with the columns to the right; "
            f"at generation {profile.sizing.reason}"
        )
    if units == "builds":
        return "builds of the tier (blank = 1 build; sized from the load under the capacity engine)"
    if units == "seats":
        return (
            f"sized by xlcost: one seat per daily user, {math.ceil(scenario.workload.users_per_day):g} "
            "(not live: regenerate after changing the workload)"
        )
    return "xlcost default: 1 unit"
