"""Tornado: swings and ordering against cases worked by hand from the catalog's seed figures."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.support.typed import present
from xlcost.analysis.uncertainty.sensitivity import sensitivity
from xlcost.cli.app import app
from xlcost.core.capacity.engines import load_engines
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import GpuRental, OnPremTier, Purchase
from xlcost.core.scenario import OptionSpec, Scenario, Workload, growth_sum
from xlcost.errors import ScenarioError

CATALOG = load_catalog()
RENT = present(CATALOG.rows("gpu_rental.csv", GpuRental)["a100-80g"].reserved_monthly)  # seed 002 §3
PRICE = CATALOG.rows("purchase.csv", Purchase)["a100-80g"].purchase_price  # seed 002 §4


def rent_vs_buy(months: int = 36) -> Scenario:
    return Scenario(
        name="rent-vs-buy",
        workload=Workload(horizon_months=months),
        options=[OptionSpec(key="rent:a100-80g", units=1), OptionSpec(key="buy:a100-80g", units=1)],
    )


def test_rent_vs_buy_tornado_matches_hand_computation() -> None:
    result = sensitivity(rent_vs_buy(), CATALOG, spread=0.2)
    keys = [row.input.key for row in result.rows]
    # only the two prices move anything; the rent moves more (36 months x ±20% of 6,500 > ±20% of 100,000)
    assert keys == ["gpu_rental.csv:a100-80g:reserved_monthly", "purchase.csv:a100-80g:purchase_price"]
    rent, buy = result.rows
    assert rent.swing(0) == pytest.approx(36 * 0.4 * RENT)
    assert rent.swing(1) == 0
    assert buy.swing(1) == pytest.approx(0.4 * PRICE)
    # breakeven: purchase price over monthly rent, linear within the month (seed 002: 15.38 months)
    assert result.base_breakeven.month == pytest.approx(PRICE / RENT)
    assert rent.breakeven_low == pytest.approx(PRICE / (0.8 * RENT))
    assert rent.breakeven_high == pytest.approx(PRICE / (1.2 * RENT))
    assert buy.breakeven_low == pytest.approx(0.8 * PRICE / RENT)
    assert buy.breakeven_swing == pytest.approx(0.4 * PRICE / RENT)


def test_catalog_ranges_are_used_where_the_seed_gives_one() -> None:
    scenario = Scenario.model_validate(dict(name="light", options=["onprem:light", "api:deepseek-v3"]))
    result = sensitivity(scenario, CATALOG, spread=0.0, growth_spread=0.0)
    tier = CATALOG.rows("onprem.csv", OnPremTier)["light"]
    assert tier.power_year is not None
    swings = {row.input.key: row.swing(0) for row in result.rows}
    assert swings["onprem.csv:light:hardware"] == pytest.approx(tier.hardware.high - tier.hardware.low)
    assert swings["onprem.csv:light:power_year"] == pytest.approx(
        (tier.power_year.high - tier.power_year.low) / 12 * 36
    )
    # staff is a single figure (¥20万) and the spread is 0: it does not appear
    assert "onprem.csv:light:staff_year" not in swings
    ordered = [row.largest_swing for row in result.rows]
    assert ordered == sorted(ordered, reverse=True)


def test_users_swing_an_api_bill_in_proportion() -> None:
    scenario = Scenario.model_validate(dict(name="api", options=["api:qwen-plus", "rent:a100-80g"]))
    result = sensitivity(scenario, CATALOG, spread=0.0, workload_spread=0.25, growth_spread=0.0)
    users = next(r for r in result.rows if r.input.key == "workload:users_per_day")
    assert users.swing(0) == pytest.approx(0.5 * result.base_tco[0])
    assert result.base_tco[0] == pytest.approx(15_552)  # golden: qwen-plus over 36 months


def test_growth_moves_the_api_bill_by_the_growth_sum() -> None:
    w = Workload(monthly_growth=0.05)
    scenario = Scenario.model_validate(dict(name="growth", workload=w, options=["api:deepseek-v3", "onprem:light"]))
    result = sensitivity(scenario, CATALOG, spread=0.0, workload_spread=0.0, growth_spread=0.02)
    row = next(r for r in result.rows if r.input.key == "workload:monthly_growth")
    monthly = result.base_tco[0] / w.growth_sum(36)
    expected = monthly * (growth_sum(0.07, 36) - growth_sum(0.03, 36))
    assert row.swing(0) == pytest.approx(float(expected))


def test_unknown_pair_and_bad_spread_are_named() -> None:
    with pytest.raises(ScenarioError, match="--pair: 'nope'"):
        sensitivity(rent_vs_buy(), CATALOG, pair=("nope", "buy:a100-80g"))
    with pytest.raises(ScenarioError, match="spread"):
        sensitivity(rent_vs_buy(), CATALOG, spread=1.5)


def test_cli_json_agrees_with_the_library(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(rent_vs_buy().model_dump_json(), encoding="utf-8")
    out = CliRunner().invoke(app, ["sensitivity", "-s", str(path), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    expected = sensitivity(rent_vs_buy(), CATALOG)
    assert [row["input"] for row in data["inputs"]] == [r.input.key for r in expected.rows]
    assert data["base_breakeven_month"] == pytest.approx(PRICE / RENT)
    table = CliRunner().invoke(app, ["sensitivity", "-s", str(path)])
    assert table.exit_code == 0 and "reserved" in table.output


ENGINE_SIZED = (
    "name: engine\nworkload: {users_per_day: 200000}\nmodel_size: 32b-70b\n"
    "options: [api:deepseek-v3, rent:h100-80g, {key: buy:h100-80g, units: 16, include_power: true}]\n"
)


def _tornado(path: Path | str) -> dict[str, Any]:
    out = CliRunner().invoke(app, ["sensitivity", "-s", str(path), "--json"])
    assert out.exit_code == 0, out.output
    data: dict[str, Any] = json.loads(out.stdout)
    return data


def _tco(path: Path, option: str) -> float:
    data = json.loads(CliRunner().invoke(app, ["tco", "-s", str(path), "--json"]).stdout)
    return float(next(o["tco"] for o in data["options"] if o["option"] == option))


def test_the_engines_throughput_estimate_is_a_tornado_input_of_the_options_it_sized(tmp_path: Path) -> None:
    path = tmp_path / "engine.yaml"
    path.write_text(ENGINE_SIZED, encoding="utf-8")
    row = next(r for r in _tornado(path)["inputs"] if r["input"] == "serving:throughput_scale")
    # low and high: the 10th and 90th percentiles of a log-normal whose median error is the engine's measured one
    median = load_engines()["vllm"].median_error
    assert median is not None
    assert row["base"] == 1 and row["low"] * row["high"] == pytest.approx(1)
    assert row["high"] == pytest.approx(median ** (1.2816 / 0.6745), rel=1e-4)
    assert "vLLM" in row["basis"] and "measurements" in row["basis"]
    # only the option the engine sized moves: the API has no GPUs, the purchase's 16 are fixed
    assert row["swing"]["rent:h100-80g"] > 0
    assert row["swing"]["api:deepseek-v3"] == 0 and row["swing"]["buy:h100-80g"] == 0
    # each case is the TCO of the same scenario stating that a GPU serves that share of the estimate
    for case in ("low", "high"):
        stated = tmp_path / f"{case}.yaml"
        stated.write_text(ENGINE_SIZED + f"serving: {{throughput_scale: {row[case]!r}}}\n", encoding="utf-8")
        assert row[f"tco_{case}"]["rent:h100-80g"] == pytest.approx(_tco(stated, "rent:h100-80g"), rel=1e-12)
    assert row["tco_low"]["rent:h100-80g"] > row["tco_high"]["rent:h100-80g"]  # a slower GPU: more of them


def test_a_seed_basis_scenario_has_no_throughput_row() -> None:
    rows = _tornado("seed-002-b")["inputs"]
    assert rows and not any(r["input"] == "serving:throughput_scale" for r in rows)
