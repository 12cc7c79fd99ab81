"""Hidden costs: off by default, marked and sourced when on, validated in the catalog."""

from __future__ import annotations

from pathlib import Path

import pytest

from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import HiddenCost
from xlcost.core.compare import compare
from xlcost.core.scenario_io import load_scenario
from xlcost.errors import CatalogError, ScenarioError

CATALOG = load_catalog()
HIDDEN = CATALOG.rows("hidden_costs.csv", HiddenCost)


def test_off_by_default() -> None:
    scenario = load_scenario("seed-003-team30")
    assert scenario.hidden_costs == []
    lines = [line.label for r in compare(scenario, CATALOG).results for line in r.profile.lines]
    assert not any(label.startswith("hidden cost") for label in lines)


def test_switched_on_lines_are_marked_sourced_and_sized() -> None:
    base = load_scenario("seed-003-team30")
    on = base.model_copy(update={"hidden_costs": ["all"]})
    before, after = compare(base, CATALOG), compare(on, CATALOG)
    users = on.workload.users_per_day
    for old, new in zip(before.results, after.results, strict=True):
        hidden = [line for line in new.profile.lines if line.label.startswith("hidden cost:")]
        expected = sum(
            row.amount.mid * (users if row.per == "user-year" else 1) / 12
            for row in HIDDEN.values()
            if new.profile.kind in row.kinds
        )
        assert sum(line.amount for line in hidden) == pytest.approx(expected)
        assert all("seed 003" in line.label for line in hidden)
        assert new.tco - old.tco == pytest.approx(expected * on.months)
    # the cloud subscription gets both, the bought workstations neither
    assert len([x for x in after.results[0].profile.lines if x.label.startswith("hidden")]) == 2
    assert after.results[1].tco == before.results[1].tco


def test_unknown_id_is_named() -> None:
    scenario = load_scenario(None).model_copy(update={"hidden_costs": ["egress-fees"]})
    with pytest.raises(ScenarioError, match="hidden_costs: unknown id 'egress-fees'"):
        compare(scenario, CATALOG)


def test_catalog_rejects_unknown_kinds(catalog_copy: Path) -> None:
    path = catalog_copy / "hidden_costs.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("api;seat", "api;saas"), encoding="utf-8")
    with pytest.raises(CatalogError, match=r"hidden_costs.csv row 3.*saas"):
        load_catalog(catalog_copy)
