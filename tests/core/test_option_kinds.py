"""The option-kind registry: every table of kinds is derived from it, and each kind's price rule prices as
the core does.

A new kind is one record in ``option_kinds.KINDS``; these tests fail when a table of kinds holds a kind
the registry lacks, misses one it has, or when a kind's OptionPrices rule and its cost builder disagree.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pytest

from xlcost.core import option_kinds
from xlcost.core.catalog import FILES, Case, Catalog, builtin_names, load_catalog
from xlcost.core.catalog.rows import PricedRow, Ranged
from xlcost.core.option_kinds import KINDS
from xlcost.core.pricing import Context, resolve
from xlcost.core.scenario import OptionSpec, Workload
from xlcost.errors import CatalogError
from xlcost.prices.listing import ListedKind
from xlcost.workbook import layout, rules
from xlcost.workbook.expr import Expr, Name, call

NAMES = [kind.name for kind in KINDS]
WORKLOAD = Workload(users_per_day=1_000, input_tokens_per_user_day=2_000, output_tokens_per_user_day=500)


def test_names_are_unique_and_are_what_keys_are_made_of() -> None:
    assert len(set(NAMES)) == len(NAMES)
    assert all(name == name.lower() and ":" not in name for name in NAMES)


def test_derived_tables_hold_every_kind_and_nothing_else() -> None:
    assert list(option_kinds.OPTION_KINDS) == NAMES
    assert set(option_kinds.APPROACH_OF_KIND) == set(NAMES)
    assert tuple(k.name for k in KINDS if k.hidden_costs) == option_kinds.HIDDEN_COST_KINDS
    assert tuple(k.name for k in KINDS if k.own) == option_kinds.OWN_KINDS
    assert tuple(k.name for k in KINDS if k.units in ("gpus", "gpus or one")) == option_kinds.GPU_KINDS
    assert set(option_kinds.GPU_KINDS) <= set(option_kinds.SELF_HOSTED_KINDS)
    assert {k.name for k in KINDS if k.approach != option_kinds.API} == set(option_kinds.SELF_HOSTED_KINDS)
    staged = [name for kinds in option_kinds.STAGE_KINDS for name in kinds]
    assert sorted(staged) == sorted(k.name for k in KINDS if k.stage is not None)
    assert len(option_kinds.STAGE_KINDS) == len(option_kinds.STAGES)


def test_every_approach_the_recommendation_ranks_has_a_kind_and_every_kind_one_approach() -> None:
    assert {kind.approach for kind in KINDS} == set(option_kinds.APPROACHES)
    assert list(dict.fromkeys(option_kinds.APPROACH_OF_KIND.values())) == list(option_kinds.APPROACHES)


def test_every_stage_has_a_kind() -> None:
    assert all(option_kinds.STAGE_KINDS)


def test_a_kinds_file_is_a_catalog_file_of_priced_rows_with_a_price_sheet() -> None:
    for kind in KINDS:
        assert kind.file in FILES, kind.name
        assert issubclass(kind.row_model, PricedRow), kind.name
        assert kind.file in layout.PRICE_SHEETS, f"{kind.name}: {kind.file} has no price sheet"


def test_prices_list_offers_one_kind_per_file_of_options() -> None:
    listed = [kind.value for kind in ListedKind]
    assert listed == list(option_kinds.LISTED_KINDS)
    assert {option_kinds.OPTION_KINDS[label] for label in listed} == {kind.file for kind in KINDS}
    assert len(listed) == len({kind.file for kind in KINDS})


def test_the_built_in_catalogs_price_every_kind() -> None:
    """Each kind has a key in a built-in catalog (spot prices are only in the international one), and each key's
    kind is a registered one."""
    kinds = [key.partition(":")[0] for name in builtin_names() for key in load_catalog(name).option_keys()]
    assert set(kinds) == set(NAMES)


@pytest.mark.parametrize("name", builtin_names())
def test_a_row_without_the_field_a_kind_needs_is_not_one_of_its_keys(name: str) -> None:
    catalog = load_catalog(name)
    keys = set(catalog.option_keys())
    for kind in KINDS:
        for ident, row in catalog.table(kind.file).items():
            priced = kind.needs is None or getattr(row, kind.needs) is not None
            assert (f"{kind.name}:{ident}" in keys) == priced


def test_each_price_rule_fills_optionprices_columns_only() -> None:
    for kind in KINDS:
        row = next(iter(load_catalog().table(kind.file).values()))
        assert isinstance(row, PricedRow)
        columns = kind.prices(_RowTerms(row))
        assert columns, kind.name
        assert set(columns) <= set(layout.OPTION_PRICE_COLS), kind.name


def test_the_workbook_rule_is_the_registry_rule_printed() -> None:
    """rules.option_prices hands the same rule cells: one formula per column the rule fills."""
    for kind in KINDS:
        cells = rules.option_prices(kind.name, lambda field: Name(f"p_{field.replace('-', '_')}"), _blank)
        row = next(iter(load_catalog().table(kind.file).values()))
        assert isinstance(row, PricedRow)
        assert list(cells) == list(kind.prices(_RowTerms(row)))


def _priced(kind: option_kinds.OptionKind, name: str) -> list[str]:
    """The row ids of a kind a built-in catalog offers keys for (the seed has no spot prices, say)."""
    catalog = load_catalog(name)
    return [ident for ident in catalog.table(kind.file) if f"{kind.name}:{ident}" in catalog.option_keys()]


#: each kind with each built-in catalog offering keys of it (every kind has one: see the test above)
OFFERED = [(kind, name) for kind in KINDS for name in builtin_names() if _priced(kind, name)]


@pytest.mark.parametrize("case", ["low", "high"])
@pytest.mark.parametrize(("kind", "name"), OFFERED, ids=[f"{kind.name}-{name}" for kind, name in OFFERED])
def test_price_rule_on_numbers_prices_as_the_cost_builder(kind: option_kinds.OptionKind, case: Case, name: str) -> None:
    """Per-unit prices from the rule, times the units and the hours the builder uses, are the builder's costs."""
    catalog = load_catalog(name)
    context = Context(workload=WORKLOAD, currency="CNY")
    for ident in _priced(kind, name):
        key, row = f"{kind.name}:{ident}", catalog.table(kind.file)[ident]
        assert isinstance(row, PricedRow)
        units = 3.0
        try:
            profile = resolve(OptionSpec(key=key, units=units, case=case), context, catalog)
        except CatalogError:  # a row the core cannot price without a scenario's overrides (no opex, say)
            continue
        prices = kind.prices(_RowTerms(row))
        fx = catalog.fx_rate(row.currency, "CNY")
        expected = _costs(kind.name, prices, units, case, fx, catalog)
        got = {"upfront": profile.upfront, "fixed_monthly": profile.fixed_monthly, "usage": profile.variable_monthly}
        assert got == pytest.approx(expected, rel=1e-12), key


def _costs(
    kind: str, prices: dict[str, float], units: float, case: str, fx: float, catalog: Catalog
) -> dict[str, float]:
    """Upfront, flat monthly and month-1 usage cost from per-unit prices, as OptionPrices' users (Calc) read them."""
    at = "low" if case == "low" else "high"
    upfront = units * prices.get(f"upfront_{at}", 0.0) * fx
    monthly = units * prices.get(f"monthly_{at}", 0.0) * fx
    if "hourly" in prices:
        monthly = units * prices["hourly"] * catalog.assumption("hours_per_month") * fx
    usage = 0.0
    if kind == "api":
        share = WORKLOAD.cached_input_share
        rate = (1 - share) * prices["input"] + share * prices["cached"]
        tokens = WORKLOAD.users_per_day * WORKLOAD.days_per_month
        per_user = WORKLOAD.input_tokens_per_user_day * rate + WORKLOAD.output_tokens_per_user_day * prices["output"]
        usage = tokens * per_user / 1_000_000 * fx
    return {"upfront": upfront, "fixed_monthly": monthly, "usage": usage}


def _blank(field: str) -> Expr:
    return call("ISBLANK", Name(f"p_{field}"))


@dataclass(frozen=True)
class _RowTerms:
    """A price rule's terms over a catalog row's numbers: a ranged field's ``_low``/``_high`` column is its bound."""

    row: PricedRow

    def field(self, name: str) -> float:
        if hasattr(self.row, name):
            value = getattr(self.row, name)
            return float("nan") if value is None else float(value)  # a blank cell: no rule here prices with it
        base, _, bound = name.rpartition("_")
        value = getattr(self.row, base)
        assert isinstance(value, Ranged)
        return float(getattr(value, bound))

    def first_nonblank(self, name: str, fallback: str) -> float:
        return self.field(fallback) if getattr(self.row, name) is None else self.field(name)

    def total(self, terms: Iterable[float]) -> float:
        return sum(terms)

    def per_month(self, yearly: float) -> float:
        return yearly / 12
