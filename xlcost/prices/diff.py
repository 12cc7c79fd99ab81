"""What changes between two catalogs: rows added, removed and changed, and the TCO each scenario moves by."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from xlcost.core.catalog import FILES, Catalog
from xlcost.core.catalog.rows import Ranged, Row
from xlcost.core.compare import compare
from xlcost.core.option_kinds import OPTION_KINDS
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import builtin_scenarios, load_scenario
from xlcost.errors import XlcostError

#: catalog file -> prefix shown before row ids (option kinds where the file prices options).
PREFIX = {file: kind for kind, file in reversed(list(OPTION_KINDS.items()))}
#: fields that describe a row rather than price it: shown when they change, never as a % change.
META = ("kind", "source", "as_of", "unit", "notes", "name", "vendor", "currency")
#: where a price came from and what its row is called: text that changes with every import (the source
#: names the file), not a change of price. A diff compares prices, currencies, units and dates.
PROVENANCE = frozenset({"source", "notes", "name", "vendor"})


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: object
    new: object
    pct: float | None  # price change in the new row's currency; None for text fields


@dataclass(frozen=True)
class RowChange:
    file: str
    key: str  # e.g. api:gpt-4o
    status: str  # added, removed, changed
    old: Row | None
    new: Row | None
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class TcoChange:
    scenario: str
    option: str  # the option key
    currency: str
    old: float | None
    new: float | None
    error: str = ""  # why the option cannot be priced in one of the catalogs
    label: str = ""  # the scenario's label for the option, when it has one

    @property
    def delta(self) -> float | None:
        return None if self.old is None or self.new is None else self.new - self.old

    @property
    def pct(self) -> float | None:
        return None if self.delta is None or not self.old else self.delta / self.old


@dataclass(frozen=True)
class CatalogDiff:
    rows: list[RowChange]
    tco: list[TcoChange]

    def count(self, status: str, file: str | None = None) -> int:
        return sum(1 for r in self.rows if r.status == status and (file is None or r.file == file))


def diff_catalogs(old: Catalog, new: Catalog, scenarios: Iterable[Scenario] | None = None) -> CatalogDiff:
    """Row changes per catalog file, and TCO changes for the given scenarios (default: the built-in ones)."""
    rows = []
    for file in FILES:
        before, after = old.table(file), new.table(file)
        if before == after:
            continue
        prefix = PREFIX.get(file, file.removesuffix(".csv"))
        for ident, row in after.items():
            if ident not in before:
                rows.append(RowChange(file, f"{prefix}:{ident}", "added", None, row))
            elif _compared(before[ident]) != _compared(row):
                fields = tuple(_field_changes(before[ident], row, new))
                rows.append(RowChange(file, f"{prefix}:{ident}", "changed", before[ident], row, fields))
        rows.extend(RowChange(file, f"{prefix}:{i}", "removed", r, None) for i, r in before.items() if i not in after)
    if scenarios is None:
        scenarios = [load_scenario(name) for name in builtin_scenarios()]
    tco = [change for s in scenarios for change in _tco_changes(s, old, new)] if rows else []
    return CatalogDiff(rows, tco)


def _field_changes(old: Row, new: Row, catalog: Catalog) -> Iterator[FieldChange]:
    factor: float | None = 1.0
    old_cur, new_cur = getattr(old, "currency", None), getattr(new, "currency", None)
    if old_cur and new_cur and old_cur != new_cur:
        try:
            factor = catalog.fx_rate(old_cur, new_cur)
        except XlcostError:
            factor = None
    prices_first = sorted(type(new).model_fields, key=lambda name: name in META)
    for name in (n for n in prices_first if n not in PROVENANCE):
        a, b = getattr(old, name), getattr(new, name)
        if a == b:
            continue
        pct = None
        if name not in META and factor is not None:
            va, vb = _amount(a), _amount(b)
            if va is not None and vb is not None and va != 0:
                pct = vb / (va * factor) - 1
        yield FieldChange(name, a, b, pct)


def _compared(row: Row) -> dict[str, object]:
    return row.model_dump(exclude=set(PROVENANCE))  # pydantic's IncEx type names set, not frozenset


def _amount(value: object) -> float | None:
    if isinstance(value, Ranged):
        return value.mid
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _tco_changes(scenario: Scenario, old: Catalog, new: Catalog) -> list[TcoChange]:
    before, err_before = _tcos(scenario, old)
    after, err_after = _tcos(scenario, new)
    if err_before or err_after:
        if err_before == err_after:
            return []
        return [TcoChange(scenario.name, "(all options)", scenario.currency, None, None, err_after or err_before)]
    changes = []
    for (key, label), value in after.items():
        was = before[key, label]
        if abs(value - was) > 1e-9 * max(1.0, abs(was)):
            changes.append(TcoChange(scenario.name, key, scenario.currency, was, value, label=label))
    return changes


def _tcos(scenario: Scenario, catalog: Catalog) -> tuple[dict[tuple[str, str], float], str]:
    """TCO of each option by (key, label): a scenario may compare one key twice, under two labels."""
    try:
        result = compare(scenario, catalog)
    except XlcostError as exc:
        return {}, str(exc)
    return {
        (r.profile.key, "" if r.profile.name == r.profile.key else r.profile.name): r.tco for r in result.results
    }, ""
