"""Training jobs: cloud on-demand hours against owned GPUs, from the catalog's seed prices."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from tests.support.typed import present
from xlcost.analysis.training import gpu_hours_for, training_cost
from xlcost.cli.app import app
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import FxRate, GpuRental, Purchase
from xlcost.errors import ScenarioError

CATALOG = load_catalog()
RENT = CATALOG.rows("gpu_rental.csv", GpuRental)["a100-80g"]
BUY = CATALOG.rows("purchase.csv", Purchase)["a100-80g"]


def test_six_n_d_rule() -> None:
    # 7B parameters, 1B tokens: 4.2e19 FLOPs; at 312 TFLOPS x 40% that is 4.2e19 / 1.248e14 s
    assert gpu_hours_for(7e9, 1e9, 312, 0.4) == pytest.approx(4.2e19 / 1.248e14 / 3600)


def test_cloud_and_owned_costs_by_hand() -> None:
    hours = 1_000
    cost = training_cost(hours, CATALOG)
    assert cost.cloud == pytest.approx(hours * present(RENT.on_demand_hourly))
    month_hours = CATALOG.assumption("hours_per_month")
    power_month = (
        present(BUY.power_kw) * month_hours * CATALOG.assumption("pue") * CATALOG.assumption("electricity_price")
    )
    per_hour = (BUY.purchase_price / BUY.useful_life_months + power_month) / month_hours
    assert cost.owned_share == pytest.approx(hours * per_hour)
    assert cost.owned_dedicated == pytest.approx(BUY.purchase_price + hours * power_month / month_hours)


def test_occasional_jobs_go_to_the_cloud_heavy_ones_to_owned_gpus() -> None:
    assert training_cost(500, CATALOG).cheaper == "cloud GPUs"  # seed 001: training suits the cloud
    assert training_cost(20_000, CATALOG).cheaper == "owned GPUs"


def test_bad_input_is_named() -> None:
    with pytest.raises(ScenarioError, match="gpu_hours"):
        training_cost(0, CATALOG)
    with pytest.raises(ScenarioError, match="utilisation"):
        gpu_hours_for(7e9, 1e9, 312, 1.5)


def test_cli() -> None:
    out = CliRunner().invoke(app, ["train", "--gpu-hours", "1000", "--json"])
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["cloud"] == pytest.approx(1000 * present(RENT.on_demand_hourly))
    missing = CliRunner().invoke(app, ["train", "--params", "7e9"])
    assert missing.exit_code == 2 and "--gpu-hours" in missing.output


def _json(*args: str) -> dict[str, Any]:
    done = CliRunner().invoke(app, ["train", "--gpu-hours", "1000", "--json", *args])
    assert done.exit_code == 0, done.output
    loaded: dict[str, Any] = json.loads(done.stdout)
    return loaded


def test_train_prices_in_the_scenarios_currency_or_the_one_asked_for(tmp_path: Path) -> None:
    usd_per_cny = 1 / CATALOG.rows("fx.csv", FxRate)["usd"].rate_to_cny
    in_cny = _json()
    assert in_cny["currency"] == "CNY"
    asked = _json("--currency", "usd")  # spelled as people type it
    assert asked["currency"] == "USD" and asked["cloud"] == pytest.approx(in_cny["cloud"] * usd_per_cny, rel=1e-12)
    path = tmp_path / "usd.yaml"
    path.write_text("name: usd\ncurrency: USD\noptions: [api:qwen-plus]\n", encoding="utf-8")
    from_scenario = _json("-s", str(path))
    assert from_scenario["currency"] == "USD" and from_scenario["cloud"] == pytest.approx(asked["cloud"], rel=1e-12)
    shown = CliRunner().invoke(app, ["train", "--gpu-hours", "1000", "-s", str(path)]).stdout
    assert "USD" in shown and "CNY" not in shown


def test_a_gpu_named_by_its_family_resolves_to_its_id_or_the_ids_are_listed() -> None:
    assert _json("--gpu", "h100")["gpu"] == "h100-80g"
    done = CliRunner().invoke(app, ["train", "--gpu-hours", "1000", "--gpu", "h1OO"])
    assert done.exit_code == 2
    assert "--gpu 'h1OO'" in done.stderr and "h100-80g" in done.stderr and "rent-hourly:" not in done.stderr
