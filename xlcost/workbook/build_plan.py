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

from xlcost.analysis import recommend
from xlcost.analysis.uncertainty.inputs import DEFAULT_GROWTH_SPREAD, DEFAULT_SPREAD, Input, hold_units
from xlcost.analysis.uncertainty.sensitivity import Sensitivity, Swing, sensitivity, tco_swings
from xlcost.core.catalog import OPTION_KINDS, Catalog, default_catalog_dir, split_key
from xlcost.core.catalog.rows import Row
from xlcost.core.compare import Comparison, compare
from xlcost.core.money import BREAKEVEN_WORDS, MONTH_WORDS
from xlcost.core.pricing import TOKENS_PER_MTOK
from xlcost.core.scenario import Scenario
from xlcost.workbook import layout
from xlcost.workbook.cells import Book

#: the seam: the plan, its factory, and the types of the answers sheet modules render.
__all__ = [
    "BREAKEVEN_WORDS",
    "MONTH_WORDS",
    "TOKENS_PER_MTOK",
    "BuildPlan",
    "DecisionMatrix",
    "Input",
    "Sensitivity",
    "Swing",
    "Tornado",
    "WrittenOption",
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


@dataclass(frozen=True)
class DecisionMatrix:
    """The decision matrix as ``xlcost.analysis.recommend`` states it: the Decision sheet writes these rules,
    thresholds and words into cells, so the workbook and ``xlcost recommend`` say the same thing."""

    rules: tuple[recommend.Rule, ...]
    approaches: dict[str, str]  # api, rental, onprem, hybrid -> the approach as shown
    approach_of_kind: dict[str, str]  # option kind -> its approach
    hybrid_parts: tuple[str, ...]  # the approaches a hybrid combines
    small_users: int
    large_users: int
    close_share: float
    by_cost_reason: str
    hybrid_reason: str
    sentence: dict[str, str]  # the words between the sentence's figures
    money_words: str  # the TEXT format of money in the sentence


_DECISION_MATRIX = DecisionMatrix(
    rules=recommend.RULES,
    approaches={
        "api": recommend.API,
        "rental": recommend.RENTAL,
        "onprem": recommend.ONPREM,
        "hybrid": recommend.HYBRID,
    },
    approach_of_kind=recommend.APPROACH_OF_KIND,
    hybrid_parts=recommend.HYBRID_PARTS,
    small_users=recommend.SMALL_USERS,
    large_users=recommend.LARGE_USERS,
    close_share=recommend.CLOSE_SHARE,
    by_cost_reason=recommend.BY_COST_REASON,
    hybrid_reason=recommend.HYBRID_REASON,
    sentence=recommend.SENTENCE,
    money_words=recommend.MONEY_WORDS,
)


@dataclass(frozen=True)
class Tornado:
    """The analysis's tornado at generation: which inputs the Sensitivity sheet lists, in what order."""

    #: the spreads the analysis moves single figures and growth by: the sheet's settings start there.
    spread: ClassVar[float] = DEFAULT_SPREAD
    growth_spread: ClassVar[float] = DEFAULT_GROWTH_SPREAD

    rows: tuple[Swing, ...]  # every input that moves a TCO, largest swing first
    held_units: list[str]  # units sized for the base workload, held in every case (a fleet is bought once)
    breakeven: Sensitivity | None  # the charted pair's breakeven in each case; None with one option


@dataclass
class BuildPlan:
    """Everything the sheet writers render: the scenario, the written catalog, and what the core and the
    analysis answered, computed here so no sheet module calls into them."""

    scenario: Scenario
    catalog: Catalog  # the catalog plus one extra row per option with overrides
    comparison: Comparison
    options: list[WrittenOption]
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
        """Calc rows of this workbook: its options, and a line per hidden cost in each option's block."""
        return layout.CalcLayout(len(self.options), len(self.hidden_costs))

    @property
    def embedded_catalog(self) -> bool:
        """True when the prices are xlcost's own catalog rather than a directory given with --catalog."""
        directory = self.catalog.directory
        return directory is None or directory.resolve() == default_catalog_dir().resolve()

    def priced_keys(self) -> list[tuple[str, str, str]]:
        """Every option key the written catalog can price, with its kind and row id: the OptionPrices rows."""
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
            return Tornado(tco_swings(held, self.catalog), notes, None)
        # with a pair to track, the order uses its breakeven too
        result = sensitivity(held, self.catalog, pair=self._breakeven_pair())
        return Tornado(result.rows, notes, result)

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
    comparison = compare(scenario, catalog)
    tables = {file: dict(rows) for file, rows in catalog.tables.items()}
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
            key = f"{kind}:{own}"
        options.append(
            WrittenOption(
                number=number,
                key=key,
                kind=kind,
                row_id=ident,
                overridden=frozenset(spec.overrides),
                name=spec.name,
                units=None if kind == "api" else profile.units,
                units_source=_units_source(spec.units, kind, profile, scenario),
                case=spec.case,
                hours=spec.hours_per_month,
                include_power=spec.include_power,
                extra_per_year=spec.extra_per_year,
                extra_label=spec.extra_label,
            )
        )
    written = Catalog(tables=tables, directory=catalog.directory)
    return BuildPlan(scenario, written, comparison, options)


def _units_source(given: float | None, kind: str, profile, scenario: Scenario) -> str:
    if kind == "api":
        return "n/a: priced per token"
    if given is not None:
        return "scenario"
    if profile.sizing is not None:
        return f"sized by xlcost (not live: re-generate after changing the workload): {profile.sizing.reason}"
    if kind == "onprem":
        return "builds of the tier (blank = 1 build; sized from the load under the capacity engine)"
    if kind == "seat":
        return (
            f"sized by xlcost: one seat per daily user, {math.ceil(scenario.workload.users_per_day):g} "
            "(not live: re-generate after changing the workload)"
        )
    return "xlcost default: 1 unit"
