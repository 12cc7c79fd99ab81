"""A workbook priced from the built-in international catalog, recalculated by LibreOffice, gives the core's figures."""

from __future__ import annotations

import pytest

from tests.support.cli import xlcost
from tests.support.workbooks import error_cells, mismatches, recalculated
from xlcost import compare, load_catalog
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario

pytestmark = pytest.mark.libreoffice

#: self-hosted Llama-3.3-70B against the same model bought by the token, in dollars
LLAMA_70B = """\
name: llama-70b-usd
currency: USD
workload: {users_per_day: 20000, input_tokens_per_user_day: 800, output_tokens_per_user_day: 400, monthly_growth: 0.03}
model_size: 32b-70b
serving: {model: llama-3.3-70b}
options:
  - key: rent:h100-80g
  - key: onprem:standard
  - key: api:groq-llama-3.3-70b
  - key: api:deepinfra-llama-3.3-70b
  - key: api:claude-sonnet-5-5
"""


def test_generate_with_the_international_catalog_recalculates_to_the_cores_figures(tmp_path):
    scenario_file = tmp_path / "llama-70b.yaml"
    scenario_file.write_text(LLAMA_70B, encoding="utf-8")
    books = {"default": [], "llama": ["-s", str(scenario_file)]}
    for stem, args in books.items():
        done = xlcost("generate", "-c", "international", *args, "-o", str(tmp_path / f"{stem}.xlsx"))
        assert done.returncode == 0, done.stderr
    values = recalculated([tmp_path / f"{stem}.xlsx" for stem in books], tmp_path / "recalculated")
    catalog = load_catalog("international")
    for stem, scenario in (("default", load_scenario()), ("llama", load_scenario(str(scenario_file)))):
        assert isinstance(scenario, Scenario)
        wb = values[stem]
        assert error_cells(wb) == [], stem
        assert mismatches(wb, compare(scenario, catalog)) == [], stem
