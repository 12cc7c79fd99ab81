"""``xlcost prices refresh``: current prices from what installed packages ship, offline, in one command."""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.prices.installed_files import GENAI_STATED, LITELLM_STATED, site_packages, sky_catalogs
from tests.prices.test_cli import run
from xlcost.core.catalog import FILES, load_catalog
from xlcost.core.catalog.rows import ApiPrice, GpuRental
from xlcost.errors import CatalogError
from xlcost.prices import import_prices
from xlcost.prices.installed import find_installed

SEED = load_catalog()


@pytest.fixture
def machine(tmp_path: Path) -> tuple[Path, Path]:
    """Where a user's packages and SkyPilot's catalogs live: (site-packages, ~/.sky/catalogs)."""
    return site_packages(tmp_path), sky_catalogs(tmp_path)


def refresh(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], machine: tuple[Path, Path], *args: str | Path
) -> tuple[int, dict[str, Any], str]:
    site, sky = machine
    code, out, err = run(
        monkeypatch, capsys, "prices", "refresh", "--site-packages", site, "--sky-catalogs", sky, "--json", *args
    )
    return code, json.loads(out) if code == 0 else {}, err


def new_rows(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {r["key"]: r["new"] for r in result["rows"] if r["new"]}


def test_finds_the_files_the_packages_ship_without_importing_them(
    machine: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Even where another test imported the libraries first (the agreement tests run them), the search adds
    neither to the interpreter's modules."""
    for name in ("litellm", "genai_prices"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    site, sky = machine
    search = find_installed([site], sky)
    found = {f.fmt: f for f in search.found}
    assert found["litellm"].paths == (site / "litellm" / "model_prices_and_context_window_backup.json",)
    assert found["litellm"].origin == "litellm 1.110.2"
    assert found["genai-prices"].paths == (site / "genai_prices" / "data.py",)
    assert found["skypilot"].paths == (sky / "v7" / "gcp" / "vms.csv",)  # the newest schema version only
    assert "litellm" not in sys.modules and "genai_prices" not in sys.modules


def test_a_missing_package_is_said_not_failed(tmp_path: Path) -> None:
    search = find_installed([site_packages(tmp_path, litellm=False)], tmp_path / "no-sky")
    assert [f.fmt for f in search.found] == ["genai-prices"]
    assert any(m.startswith("litellm") for m in search.missing)
    assert any(m.startswith("skypilot") for m in search.missing)


def test_dry_run_shows_the_changes_and_the_tco_moves_and_writes_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], machine: tuple[Path, Path], catalog_copy: Path
) -> None:
    before = {f: (catalog_copy / f).read_bytes() for f in FILES}
    code, result, _ = refresh(monkeypatch, capsys, machine, "-c", catalog_copy)
    assert code == 0 and result["written"] == ""
    assert result["import"]["format"] == "litellm + genai-prices + skypilot"
    moved = {(t["scenario"], t["option"]): t for t in result["tco"]}
    flash = moved["default", "api:deepseek-v4-flash"]  # the built-in scenario buying DeepSeek V4-Flash tokens
    assert flash["new"] > flash["old"]  # $0.30/$1.20 per 1M is dearer than the seed's ¥0.2/¥0.42
    assert {f: (catalog_copy / f).read_bytes() for f in FILES} == before


def test_one_row_per_model_across_sources_and_spellings(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], machine: tuple[Path, Path]
) -> None:
    _, result, _ = refresh(monkeypatch, capsys, machine, "--currency", "USD")
    rows = new_rows(result)
    sonnet = rows["api:claude-sonnet-4.6"]  # the seed's id, refreshed by sources spelling it claude-sonnet-4-6
    assert "api:claude-sonnet-4-6" not in rows
    assert (sonnet["input_per_mtok"], sonnet["output_per_mtok"]) == (3, 15)  # litellm, the first source, wins
    assert (
        "litellm claude-sonnet-4-6" in sonnet["notes"] and "genai-prices anthropic/claude-sonnet-4-6" in sonnet["notes"]
    )
    assert rows["api:claude-sonnet-4-5"]["vendor"] == "Anthropic"  # genai-prices' model, not Vertex's resale
    assert not {"api:claude-sonnet-4-5-anthropic", "api:claude-sonnet-4-5-google"} & set(rows)
    assert rows["api:gpt-4o"]["cached_input_per_mtok"] == 1.25


def test_resellers_are_left_out_unless_asked(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], machine: tuple[Path, Path]
) -> None:
    _, first_party, _ = refresh(monkeypatch, capsys, machine, "--currency", "USD")
    assert not [k for k in new_rows(first_party) if k.endswith(("-azure", "-google", "-vertex_ai-anthropic_models"))]
    _, everyone, _ = refresh(monkeypatch, capsys, machine, "--currency", "USD", "--all-providers")
    rows = new_rows(everyone)
    # Azure's regional variants (eu, us: 10% dearer) do not sink its plain gpt-4o row
    assert (rows["api:gpt-4o-azure"]["input_per_mtok"], rows["api:gpt-4o-azure"]["output_per_mtok"]) == (2.5, 10)
    assert rows["api:gpt-4o"]["vendor"] == "OpenAI"
    assert rows["api:claude-sonnet-4-5-google"]["input_per_mtok"] == 3.3  # Vertex's resale, beside...
    assert rows["api:claude-sonnet-4-5"]["vendor"] == "Anthropic"  # ...the maker's row under the plain id
    assert "api:claude-sonnet-4-5-anthropic" not in rows


def test_rows_are_dated_by_their_source_not_by_the_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], machine: tuple[Path, Path]
) -> None:
    _, result, _ = refresh(monkeypatch, capsys, machine, "--currency", "USD")
    rows = new_rows(result)
    assert rows["api:gpt-4o"]["as_of"] == LITELLM_STATED
    assert f"newest dated model {LITELLM_STATED}" in rows["api:gpt-4o"]["source"]
    assert "litellm 1.110.2" in rows["api:gpt-4o"]["source"]
    gemini = rows["api:gemini-2.5-flash"]  # only genai-prices lists it
    assert gemini["as_of"] == GENAI_STATED and "genai-prices 0.2.5" in gemini["source"]
    assert rows["api:gemini-3-pro-preview"]["input_per_mtok"] == 2  # a price from 2099 is not in force
    assert date.fromisoformat(GENAI_STATED) < date.today()


def test_write_updates_api_and_rental_prices_with_the_host_vm(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], machine: tuple[Path, Path], catalog_copy: Path
) -> None:
    code, result, _ = refresh(monkeypatch, capsys, machine, "-c", catalog_copy, "--write", "--currency", "USD")
    assert code == 0 and "api.csv" in result["written"] and "gpu_rental.csv" in result["written"]
    written = load_catalog(catalog_copy)
    assert written.rows("api.csv", ApiPrice)["claude-sonnet-4.6"].input_per_mtok == 3
    a100 = written.rows("gpu_rental.csv", GpuRental)["a100-80g"]
    assert a100.on_demand_hourly == pytest.approx(((1.5 + 0.7) + (3.6 + 1.4) / 2) / 2)  # GPUs plus host VM, median
    assert a100.currency == "USD"


def test_one_source_only(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], machine: tuple[Path, Path]
) -> None:
    code, result, _ = refresh(monkeypatch, capsys, machine, "--source", "genai-prices", "--currency", "USD")
    assert code == 0 and result["import"]["format"] == "genai-prices"
    assert new_rows(result)["api:claude-sonnet-4.6"]["input_per_mtok"] == 2.5  # genai-prices' price since 2026-03-13


def test_nothing_installed_is_one_line_saying_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    empty = (tmp_path / "site", tmp_path / "sky")
    empty[0].mkdir()
    code, _, err = refresh(monkeypatch, capsys, empty)
    assert code == 2
    assert "no price data found" in err and "pip install litellm" in err


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("providers = [\n", "not valid Python (line 1)"),
        ("providers = " + "[" * 40 + "]" * 40 + "\n", "nested more than"),
        ("prices = []\n", "no 'providers = [...]' assignment"),
    ],
)
def test_a_broken_genai_data_file_is_one_line_naming_it(tmp_path: Path, text: str, words: str) -> None:
    path = tmp_path / "genai_prices" / "data.py"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError, match=r"^data\.py") as info:
        import_prices([path], "genai-prices", SEED)
    assert words in str(info.value)


def test_the_genai_data_file_is_read_never_run(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    path = tmp_path / "genai_prices" / "data.py"
    path.parent.mkdir()
    path.write_text(
        f"providers = [Provider(id=__import__('pathlib').Path({str(marker)!r}).touch(), models=[])]\n",
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match="needs a text 'id'"):
        import_prices([path], "genai-prices", SEED)
    assert not marker.exists()
