"""What a workbook is built from: the scenario, the catalog as written to the price sheets, and the core's answer.

Sheet modules read this; none of them prices anything (money is computed only in the core).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from openpyxl import Workbook
from openpyxl.workbook.defined_name import DefinedName

from xlcost.core.catalog import OPTION_KINDS, Catalog, split_key
from xlcost.core.catalog.rows import Row
from xlcost.core.compare import Comparison, compare
from xlcost.core.scenario import Scenario
from xlcost.workbook import layout as L
from xlcost.workbook.cells import Book


@dataclass(frozen=True)
class WrittenOption:
    """One compared option as it appears on Inputs."""

    number: int
    key: str  # the key written on Inputs (a scenario override gets its own catalog row)
    name: str
    units: float | None
    units_source: str
    case: str | None
    hours: float | None
    include_power: bool
    extra_per_year: float
    extra_label: str


@dataclass
class BuildPlan:
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
        """Ids of the hidden costs switched on, in the order ``options._hidden_cost_lines`` adds them."""
        wanted = self.scenario.hidden_costs
        return list(self.catalog.table(L.HIDDEN_COSTS_FILE)) if "all" in wanted else list(wanted)

    @property
    def calc_layout(self) -> L.CalcLayout:
        """Calc rows of this workbook: its options, and a line per hidden cost in each option's block."""
        return L.CalcLayout(len(self.options), len(self.hidden_costs))

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
                name=spec.name,
                units=None if kind in ("api", "onprem") else profile.units,
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
    if kind == "onprem":
        return "n/a: priced per build (blank = 1 build)"
    if given is not None:
        return "scenario"
    if profile.sizing is not None:
        return f"sized by xlcost (not live: re-generate after changing the workload): {profile.sizing.reason}"
    if kind == "seat":
        return (
            f"sized by xlcost: one seat per daily user, {math.ceil(scenario.workload.users_per_day):g} "
            "(not live: re-generate after changing the workload)"
        )
    return "xlcost default: 1 unit"
