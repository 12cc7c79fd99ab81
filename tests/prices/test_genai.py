"""Importing pydantic's genai-prices data (provider YAML files and the built data.json)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.prices.price_files import GENAI_ANTHROPIC_YML, GENAI_DATA, write_text
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import ApiPrice
from xlcost.errors import CatalogError
from xlcost.prices import import_prices
from xlcost.prices.importer import ImportOutcome

CATALOG = load_catalog()
USD_CNY = CATALOG.fx_rate("USD", "CNY")


@pytest.fixture(scope="module")
def anthropic(tmp_path_factory: pytest.TempPathFactory) -> ImportOutcome:
    path = write_text(tmp_path_factory.mktemp("genai") / "providers" / "anthropic.yml", GENAI_ANTHROPIC_YML)
    return import_prices([path], "genai-prices", CATALOG, currency="CNY")


def test_per_million_prices_are_converted_and_dated_by_prices_checked(anthropic: ImportOutcome) -> None:
    row = anthropic.catalog.rows("api.csv", ApiPrice)["claude-3-5-haiku-latest"]
    assert row.input_per_mtok == pytest.approx(0.8 * USD_CNY)
    assert row.output_per_mtok == pytest.approx(4 * USD_CNY)
    assert row.cached_input_per_mtok == pytest.approx(0.08 * USD_CNY)
    assert row.as_of == date(2025, 6, 22)
    assert "providers/anthropic.yml" in row.source and "prices checked 2025-06-22" in row.source
    assert row.name == "Claude Haiku 3.5" and row.vendor == "Anthropic"


def test_tiered_prices_import_the_base_and_the_long_context_tier(anthropic: ImportOutcome) -> None:
    row = anthropic.catalog.rows("api.csv", ApiPrice)["claude-sonnet-4-5"]
    assert row.input_per_mtok == pytest.approx(3 * USD_CNY)
    assert row.output_per_mtok == pytest.approx(15 * USD_CNY)
    assert row.long_context_above == 200_000
    assert row.long_context_input_per_mtok == pytest.approx(6 * USD_CNY)
    assert row.long_context_output_per_mtok == pytest.approx(22.5 * USD_CNY)
    assert row.long_context_cached_input_per_mtok == pytest.approx(0.6 * USD_CNY)


def test_conditional_prices_pick_the_one_in_force_on_the_as_of_date(anthropic: ImportOutcome) -> None:
    row = anthropic.catalog.rows("api.csv", ApiPrice)[
        "claude-sonnet-4.6"
    ]  # checked 2026-04-01, new price from 2026-03-13
    assert row.input_per_mtok == pytest.approx(2 * USD_CNY)
    assert "2026-03-13" in row.notes


def test_a_source_spelling_the_seed_id_with_dashes_refreshes_the_seed_row(anthropic: ImportOutcome) -> None:
    api = anthropic.catalog.rows("api.csv", ApiPrice)
    assert "claude-sonnet-4-6" not in api  # no second row for the same model
    seed = CATALOG.rows("api.csv", ApiPrice)["claude-sonnet-4.6"]
    assert api["claude-sonnet-4.6"].name == seed.name and api["claude-sonnet-4.6"].as_of == date(2026, 4, 1)
    assert "also listed as: genai-prices anthropic/claude-sonnet-4-6" in api["claude-sonnet-4.6"].notes


def test_conditional_prices_before_the_start_date_use_the_unconstrained_price(tmp_path: Path) -> None:
    path = write_text(tmp_path / "anthropic.yml", GENAI_ANTHROPIC_YML)
    result = import_prices([path], "genai-prices", CATALOG, as_of=date(2026, 1, 1))
    assert result.catalog.rows("api.csv", ApiPrice)["claude-sonnet-4.6"].input_per_mtok == pytest.approx(3 * USD_CNY)


def test_per_token_value_in_a_per_million_field_is_rejected(anthropic: ImportOutcome) -> None:
    reasons = dict(anthropic.report.rejected)
    assert "looks like a per-token price" in reasons["anthropic/claude-typo"]
    assert "claude-typo" not in anthropic.catalog.rows("api.csv", ApiPrice)


def test_duplicate_model_ids_are_rejected(anthropic: ImportOutcome) -> None:
    assert [k for k, _ in anthropic.report.rejected].count("anthropic/claude-dup") == 2
    assert "claude-dup" not in anthropic.catalog.rows("api.csv", ApiPrice)


def test_data_json_list_of_providers_uses_the_file_date(tmp_path: Path) -> None:
    path = write_text(tmp_path / "data.json", json.dumps(GENAI_DATA))
    result = import_prices([path], "genai-prices", CATALOG, as_of=date(2026, 11, 1))
    api = result.catalog.rows("api.csv", ApiPrice)
    assert api["deepseek-chat"].output_per_mtok == pytest.approx(1.10 * USD_CNY)  # prices given as strings
    assert api["deepseek-chat"].as_of == date(2026, 11, 1)
    assert api["gpt-4o"].input_per_mtok == pytest.approx(2.5 * USD_CNY)  # OpenAI row updated in place
    assert "text-embedding-3-small" not in api
    assert result.report.skipped["no output_mtok (not a chat model)"] == 1


def test_provider_filter(tmp_path: Path) -> None:
    path = write_text(tmp_path / "data.json", json.dumps(GENAI_DATA))
    result = import_prices([path], "genai-prices", CATALOG, providers=["deepseek"])
    assert result.catalog.rows("api.csv", ApiPrice)["gpt-4o"] == CATALOG.rows("api.csv", ApiPrice)["gpt-4o"]
    assert "deepseek-chat" in result.catalog.rows("api.csv", ApiPrice)


@pytest.mark.parametrize(
    ("name", "text", "words"),
    [
        ("bad.yml", "models: [\n  - id: x\n   prices: {", "not valid YAML"),
        ("bad.json", '[{"id": "x", "models": [}', "not valid JSON"),
        ("wrong.yml", "just: a mapping\n", "not a genai-prices file"),
        ("noid.yml", "models:\n  - id: x\n    prices: {input_mtok: 1, output_mtok: 2}\n", "needs a text 'id'"),
    ],
)
def test_malformed_files_raise_one_clear_error(tmp_path: Path, name: str, text: str, words: str) -> None:
    path = write_text(tmp_path / name, text)
    with pytest.raises(CatalogError, match=name.replace(".", r"\.")) as info:
        import_prices([path], "genai-prices", CATALOG)
    assert words in str(info.value)
