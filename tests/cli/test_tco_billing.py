"""``xlcost tco`` on a scenario the vendor's billing rules bill: the bill, and which rules moved it."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from xlcost.cli.app import app

runner = CliRunner()
SCENARIO = """
name: batch-and-tier
currency: USD
workload: {users_per_day: 1000, input_tokens_per_user_day: 300000, output_tokens_per_user_day: 2000,
           batch_share: 0.5, horizon_months: 12}
options: [api:tiered]
"""


def test_tco_bills_by_the_rules_and_names_them(tmp_path, catalog_copy) -> None:
    api = catalog_copy / "api.csv"
    header, *rows = api.read_text().splitlines()
    columns = "batch_input_per_mtok,batch_output_per_mtok,long_context_above,long_context_input_per_mtok"
    row = "tiered,api,Tiered,Vendor,3,15,,,USD,per 1M tokens,test,2026-06-01,,1.5,7.5,200000,6"
    api.write_text("\n".join([f"{header},{columns}", *rows, row]) + "\n")
    (tmp_path / "s.yaml").write_text(SCENARIO)
    args = ["tco", "-s", str(tmp_path / "s.yaml"), "-c", str(catalog_copy)]
    result = json.loads(runner.invoke(app, [*args, "--json"]).stdout)["options"][0]
    # one request a user a day of 300k input: past the 200k threshold; half the requests at half price there
    per_day = 0.5 * (300_000 * 6 + 2_000 * 15) / 1e6 + 0.5 * (300_000 * 3 + 2_000 * 7.5) / 1e6
    assert result["tco"] == pytest.approx(12 * 30 * 1000 * per_day, rel=1e-12)
    assert result["billing_rules"] == ["50% batch", "long-context prices (input over 200,000 tokens a request)"]
    shown = runner.invoke(app, args)
    assert "billed for api:tiered: 50% batch; long-context prices" in " ".join(shown.output.split())
