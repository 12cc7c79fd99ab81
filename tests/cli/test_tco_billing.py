"""``xlcost tco`` on a scenario the vendor's billing rules bill: the bill, and which rules moved it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support.catalogs import add_api_row
from xlcost.cli.app import app

runner = CliRunner()
SCENARIO = """
name: batch-and-tier
currency: USD
workload: {users_per_day: 1000, input_tokens_per_user_day: 300000, output_tokens_per_user_day: 2000,
           batch_share: 0.5, horizon_months: 12}
options: [api:tiered]
"""


def test_tco_bills_by_the_rules_and_names_them(tmp_path: Path, catalog_copy: Path) -> None:
    add_api_row(
        catalog_copy, "tiered", batch_input_per_mtok=1.5, batch_output_per_mtok=7.5, long_context_above=200_000,
        long_context_input_per_mtok=6,
    )  # fmt: skip
    (tmp_path / "s.yaml").write_text(SCENARIO)
    args = ["tco", "-s", str(tmp_path / "s.yaml"), "-c", str(catalog_copy)]
    result = json.loads(runner.invoke(app, [*args, "--json"]).stdout)["options"][0]
    # one request a user a day of 300k input: past the 200k threshold; half the requests at half price there
    per_day = 0.5 * (300_000 * 6 + 2_000 * 15) / 1e6 + 0.5 * (300_000 * 3 + 2_000 * 7.5) / 1e6
    assert result["tco"] == pytest.approx(12 * 30 * 1000 * per_day, rel=1e-12)
    assert result["billing_rules"] == ["50% batch", "long-context prices (input over 200,000 tokens a request)"]
    shown = runner.invoke(app, args)
    assert "billed for api:tiered: 50% batch; long-context prices" in " ".join(shown.output.split())
