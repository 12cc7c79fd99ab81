"""Importing LiteLLM's model_prices_and_context_window.json into the API price table."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.prices.price_files import LITELLM, write_litellm
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import ApiPrice
from xlcost.errors import CatalogError
from xlcost.prices import import_prices
from xlcost.prices.importer import ImportOutcome

CATALOG = load_catalog()
USD_CNY = CATALOG.fx_rate("USD", "CNY")


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> ImportOutcome:
    path = write_litellm(tmp_path_factory.mktemp("litellm") / "model_prices_and_context_window.json", duplicate=True)
    return import_prices([path], "litellm", CATALOG, as_of=date(2026, 11, 20))


def rejected(outcome: ImportOutcome) -> dict[str, str]:
    return dict(outcome.report.rejected)


def test_chat_prices_become_cny_per_million_tokens(outcome: ImportOutcome) -> None:
    row = outcome.catalog.rows("api.csv", ApiPrice)["gpt-4.1"]
    entry = LITELLM["openai/gpt-4.1"]
    assert row.currency == "CNY"
    assert row.input_per_mtok == pytest.approx(float(entry["input_cost_per_token"]) * 1e6 * USD_CNY)
    assert row.output_per_mtok == pytest.approx(float(entry["output_cost_per_token"]) * 1e6 * USD_CNY)
    assert row.cached_input_per_mtok is None  # no cache price in the file: cached input billed as input


def test_source_names_file_date_and_fx_rate(outcome: ImportOutcome) -> None:
    row = outcome.catalog.rows("api.csv", ApiPrice)["gpt-4.1"]
    assert "model_prices_and_context_window.json" in row.source
    assert "2026-11-20" in row.source
    assert f"{USD_CNY:g}" in row.source and "fx.csv" in row.source
    assert row.as_of == date(2026, 11, 20)


def test_existing_row_of_same_vendor_is_updated_and_keeps_its_name(outcome: ImportOutcome) -> None:
    before, after = CATALOG.rows("api.csv", ApiPrice)["gpt-4o"], outcome.catalog.rows("api.csv", ApiPrice)["gpt-4o"]
    assert after.name == before.name and after.vendor == before.vendor
    assert after.cached_input_per_mtok == pytest.approx(
        LITELLM["gpt-4o"]["cache_read_input_token_cost"] * 1e6 * USD_CNY
    )
    # the seed's ¥18 per 1M input is $2.50 at the seed's rate: the import agrees with the seed
    assert after.input_per_mtok == pytest.approx(before.input_per_mtok)


def test_provider_prefix_is_stripped_and_collisions_are_renamed(outcome: ImportOutcome) -> None:
    api = outcome.catalog.rows("api.csv", ApiPrice)
    assert "gemini-2.5-pro" in api and "gpt-4.1" in api
    azure = api["gpt-4o-azure"]
    assert azure.vendor == "azure"
    assert azure.input_per_mtok == pytest.approx(2.75 * USD_CNY)
    assert ("azure/gpt-4o", "gpt-4o-azure") in [(key, ident) for key, ident, _ in outcome.report.renamed]


def test_vendor_names_match_across_spelling(outcome: ImportOutcome) -> None:
    row = outcome.catalog.rows("api.csv", ApiPrice)[
        "deepseek-v3"
    ]  # file: deepseek/deepseek-v3, catalog vendor DeepSeek
    assert row.vendor == "DeepSeek"
    assert row.output_per_mtok == pytest.approx(1.1 * USD_CNY)


def test_other_providers_never_overwrite_a_seed_row_of_another_vendor(tmp_path: Path) -> None:
    path = write_litellm(
        tmp_path / "p.json",
        {
            "fireworks_ai/qwen-plus": {
                "litellm_provider": "fireworks_ai",
                "mode": "chat",
                "input_cost_per_token": 1e-06,
                "output_cost_per_token": 1e-06,
            }
        },
    )
    result = import_prices([path], "litellm", CATALOG)
    api = result.catalog.rows("api.csv", ApiPrice)
    assert api["qwen-plus"] == CATALOG.rows("api.csv", ApiPrice)["qwen-plus"]
    assert api["qwen-plus-fireworks_ai"].vendor == "fireworks_ai"


def test_tiered_prices_become_the_long_context_rule(outcome: ImportOutcome) -> None:
    row = outcome.catalog.rows("api.csv", ApiPrice)["gemini-2.5-pro"]
    assert row.input_per_mtok == pytest.approx(1.25 * USD_CNY)
    assert row.long_context_above == 200_000
    assert row.long_context_input_per_mtok == pytest.approx(2.5 * USD_CNY)
    assert row.long_context_output_per_mtok == pytest.approx(15 * USD_CNY)


def test_only_chat_mode_entries_are_imported(outcome: ImportOutcome) -> None:
    api = outcome.catalog.rows("api.csv", ApiPrice)
    assert "text-embedding-3-small" not in api and "dall-e-3" not in api
    assert outcome.report.skipped["mode embedding"] == 1
    assert outcome.report.skipped["mode image_generation"] == 1
    assert "sample_spec" not in api


@pytest.mark.parametrize(
    ("key", "words"),
    [
        ("per-million-by-mistake", "per-million price in a per-token field"),
        ("negative-price", "negative"),
        ("no-output-price", "missing output_cost_per_token"),
        ("word-price", "'cheap' is not a number"),
        ("ollama/llama3", "zero input and output price"),
        ("twice", "more than once"),
        ("bedrock/us-east-1/meta.llama3-70b", "different prices"),
        ("bedrock/us-west-2/meta.llama3-70b", "different prices"),
    ],
)
def test_bad_entries_are_rejected_with_a_reason(outcome: ImportOutcome, key: str, words: str) -> None:
    assert words in rejected(outcome)[key]
    ident = key.rsplit("/", 1)[-1]
    assert ident not in outcome.catalog.rows("api.csv", ApiPrice) or ident in CATALOG.rows("api.csv", ApiPrice)


def test_formula_like_names_are_stored_as_text(outcome: ImportOutcome) -> None:
    rows = [r for r in outcome.catalog.rows("api.csv", ApiPrice).values() if "HYPERLINK" in r.name]
    assert len(rows) == 1
    assert rows[0].name.startswith("'=")
    assert rows[0].id == "hyperlink-evil.example-click"


def test_provider_filter_keeps_only_named_providers(tmp_path: Path) -> None:
    path = write_litellm(tmp_path / "p.json")
    result = import_prices([path], "litellm", CATALOG, providers=["gemini"])
    added = set(result.catalog.rows("api.csv", ApiPrice)) - set(CATALOG.rows("api.csv", ApiPrice))
    assert added == {"gemini-2.5-pro"}
    assert result.report.skipped["provider not selected"] > 0


def test_catalog_rows_the_file_does_not_touch_are_kept(outcome: ImportOutcome) -> None:
    for ident, row in CATALOG.rows("api.csv", ApiPrice).items():
        if ident not in ("gpt-4o", "deepseek-v3"):  # the two rows whose vendor the file prices
            assert outcome.catalog.rows("api.csv", ApiPrice)[ident] == row


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ('{"gpt-4o": {"mode": "chat",}', "not valid JSON"),
        ("[1, 2]", "top level must be an object"),
        ('{"a": {"input_mtok": 1}}', "wrong --format"),
    ],
)
def test_unreadable_files_raise_one_clear_error(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "prices.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=r"prices\.json") as info:
        import_prices([path], "litellm", CATALOG)
    assert words in str(info.value)


def test_unknown_currency_is_named(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="EUR"):
        import_prices([write_litellm(tmp_path / "p.json")], "litellm", CATALOG, currency="EUR")


def test_usd_import_keeps_usd(tmp_path: Path) -> None:
    result = import_prices([write_litellm(tmp_path / "p.json")], "litellm", CATALOG, currency="USD")
    row = result.catalog.rows("api.csv", ApiPrice)["gpt-4.1"]
    assert row.currency == "USD" and row.input_per_mtok == pytest.approx(2.0)
