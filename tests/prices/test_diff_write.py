"""Diffing catalogs (rows and scenario TCO) and writing an import back atomically."""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.prices.price_files import write_litellm
from tests.support.catalogs import copy_catalog
from xlcost.core.catalog import FILES, load_catalog
from xlcost.core.catalog.loader import row_from_cells
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.scenario_io import load_scenario
from xlcost.errors import CatalogError
from xlcost.prices import diff_catalogs, import_prices, write_in_place, write_new
from xlcost.prices.writer import row_cells

CATALOG = load_catalog()
USD_CNY = CATALOG.fx_rate("USD", "CNY")
NEW_V3 = {"input_cost_per_token": 2.7e-07, "output_cost_per_token": 1.1e-06}


def v3_file(tmp_path: Path) -> Path:
    entry = {"litellm_provider": "deepseek", "mode": "chat", **NEW_V3}
    return write_litellm(
        tmp_path / "model_prices_and_context_window.json",
        {"deepseek/deepseek-v3": entry, "deepseek/deepseek-r9": entry},
    )


def api_monthly_by_hand(users: float, price_in: float, price_out: float) -> float:
    """Seed 002 §2: users x 30 days x (800 input + 400 output tokens) at a price per 1M tokens."""
    return users * 30 * (800 * price_in + 400 * price_out) / 1e6


def test_diff_lists_added_and_changed_rows_with_percent_change(tmp_path: Path) -> None:
    result = import_prices([v3_file(tmp_path)], "litellm", CATALOG)
    diff = diff_catalogs(CATALOG, result.catalog)
    by_key = {r.key: r for r in diff.rows}
    assert by_key["api:deepseek-r9"].status == "added"
    changed = by_key["api:deepseek-v3"]
    fields = {f.field: f for f in changed.fields}
    old = CATALOG.rows("api.csv", ApiPrice)["deepseek-v3"].input_per_mtok
    new = NEW_V3["input_cost_per_token"] * 1e6 * USD_CNY
    assert fields["input_per_mtok"].old == old
    assert fields["input_per_mtok"].new == pytest.approx(new)
    assert fields["input_per_mtok"].pct == pytest.approx(new / old - 1)
    assert diff.count("removed") == 0


def test_diff_shows_which_scenarios_tco_moves_and_by_how_much(tmp_path: Path) -> None:
    result = import_prices([v3_file(tmp_path)], "litellm", CATALOG)
    diff = diff_catalogs(CATALOG, result.catalog)
    moved = {(t.scenario, t.option) for t in diff.tco}
    assert moved == {("seed-002-b", "api:deepseek-v3")}  # only scenario B prices DeepSeek V3
    change = diff.tco[0]
    old_row = CATALOG.rows("api.csv", ApiPrice)["deepseek-v3"]
    scenario = load_scenario("seed-002-b")
    users, months = scenario.workload.users_per_day, scenario.months
    old_tco = api_monthly_by_hand(users, old_row.input_per_mtok, old_row.output_per_mtok) * months
    new_tco = api_monthly_by_hand(users, *(v * 1e6 * USD_CNY for v in NEW_V3.values())) * months
    assert change.old == pytest.approx(old_tco)
    assert change.new == pytest.approx(new_tco)
    assert change.pct == pytest.approx(new_tco / old_tco - 1)


def test_removed_row_breaks_scenarios_and_diff_says_so(tmp_path: Path) -> None:
    removed = copy_catalog(tmp_path / "new")
    lines = (removed / "api.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (removed / "api.csv").write_text(
        "".join(line for line in lines if not line.startswith("qwen-plus,")), encoding="utf-8"
    )
    diff = diff_catalogs(CATALOG, load_catalog(removed))
    assert [r.key for r in diff.rows if r.status == "removed"] == ["api:qwen-plus"]
    errors = [t for t in diff.tco if t.error]
    assert [t.scenario for t in errors] == ["seed-002-a"] and "qwen-plus" in errors[0].error


def test_fx_change_moves_every_usd_priced_option_but_not_cny_ones(tmp_path: Path, catalog_copy: Path) -> None:
    result = import_prices([v3_file(tmp_path)], "litellm", load_catalog(catalog_copy), currency="USD")
    write_in_place(result.catalog, load_catalog(catalog_copy), catalog_copy)
    fx = (catalog_copy / "fx.csv").read_text(encoding="utf-8").replace("USD,7.2,", "USD,7.0,")
    changed = copy_catalog(tmp_path / "changed")
    for file in FILES:
        (changed / file).write_text((catalog_copy / file).read_text(encoding="utf-8"), encoding="utf-8")
    (changed / "fx.csv").write_text(fx, encoding="utf-8")
    diff = diff_catalogs(load_catalog(catalog_copy), load_catalog(changed))
    assert {t.scenario for t in diff.tco} == {"seed-002-b"}
    assert diff.tco[0].pct == pytest.approx(7.0 / 7.2 - 1)


def test_write_in_place_applies_the_import_and_keeps_untouched_lines(tmp_path: Path, catalog_copy: Path) -> None:
    original = (catalog_copy / "api.csv").read_text(encoding="utf-8").splitlines()
    base = load_catalog(catalog_copy)
    result = import_prices([v3_file(tmp_path)], "litellm", base, as_of=date(2026, 11, 20))
    assert write_in_place(result.catalog, base, catalog_copy) == ["api.csv"]
    reloaded = load_catalog(catalog_copy)
    assert reloaded.rows("api.csv", ApiPrice)["deepseek-v3"].input_per_mtok == pytest.approx(0.27 * USD_CNY)
    assert reloaded.rows("api.csv", ApiPrice)["deepseek-r9"].as_of == date(2026, 11, 20)
    written = (catalog_copy / "api.csv").read_text(encoding="utf-8").splitlines()
    assert written[0] == original[0]  # the file's own columns in its order: no rule column every row leaves blank
    changed = [i for i, (a, b) in enumerate(zip(original, written, strict=False)) if a != b]
    assert [original[i].split(",")[0] for i in changed] == ["deepseek-v3"]  # e.g. '0.20' stays '0.20' elsewhere
    assert written[len(original)].startswith("deepseek-r9,")
    assert not [p for p in catalog_copy.iterdir() if p.name.startswith(".")]  # no temp dir left behind
    assert diff_catalogs(result.catalog, reloaded).rows == []  # what was shown is what was written


def test_failed_import_leaves_the_catalog_untouched(tmp_path: Path, catalog_copy: Path) -> None:
    before = {f: (catalog_copy / f).read_bytes() for f in FILES}
    bad = tmp_path / "bad.json"
    bad.write_text('{"x": ', encoding="utf-8")
    with pytest.raises(CatalogError):
        import_prices([bad], "litellm", load_catalog(catalog_copy))
    assert {f: (catalog_copy / f).read_bytes() for f in FILES} == before


def test_a_failure_while_swapping_files_rolls_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, catalog_copy: Path
) -> None:
    base = load_catalog(catalog_copy)
    before = {f: (catalog_copy / f).read_bytes() for f in FILES}
    api = import_prices([v3_file(tmp_path)], "litellm", base)
    gpu = tmp_path / "gcp" / "vms.csv"
    gpu.parent.mkdir()
    gpu.write_text("InstanceType,AcceleratorName,AcceleratorCount,Price,Region\nx,H100,1,3,us\n", encoding="utf-8")
    both = import_prices([gpu], "skypilot", api.catalog)  # api.csv and gpu_rental.csv both change
    real_replace, calls = os.replace, []

    def failing_replace(src: str | os.PathLike[str], dst: str | os.PathLike[str]) -> None:
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    with pytest.raises(CatalogError, match="nothing changed"):
        write_in_place(both.catalog, base, catalog_copy)
    monkeypatch.undo()
    assert {f: (catalog_copy / f).read_bytes() for f in FILES} == before


def test_write_new_refuses_a_non_empty_directory_and_writes_a_loadable_catalog(tmp_path: Path) -> None:
    result = import_prices([v3_file(tmp_path)], "litellm", CATALOG)
    taken = tmp_path / "taken"
    taken.mkdir()
    (taken / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(CatalogError, match="not an empty directory"):
        write_new(result.catalog, CATALOG, taken)
    write_new(result.catalog, CATALOG, tmp_path / "fresh")
    assert load_catalog(tmp_path / "fresh").rows("api.csv", ApiPrice) == result.catalog.rows("api.csv", ApiPrice)


def test_formula_like_names_are_written_as_apostrophe_text(tmp_path: Path, catalog_copy: Path) -> None:
    entry = {"litellm_provider": "evil", "mode": "chat", "input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06}
    names = ["=cmd|' calc'!A0", "+SUM(2)", "-HYPERLINK(3)", "@SUM(4)"]
    path = write_litellm(tmp_path / "p.json", {f"evil/{n}": entry for n in names})
    base = load_catalog(catalog_copy)
    write_in_place(import_prices([path], "litellm", base).catalog, base, catalog_copy)
    with (catalog_copy / "api.csv").open(newline="", encoding="utf-8") as handle:
        written = {row["name"] for row in csv.DictReader(handle)}
    assert {"'" + n for n in names} <= written
    assert not any(name.startswith(("=", "+", "-", "@")) for name in written)


@settings(max_examples=40, deadline=None)
@given(
    price=st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False),
    name=st.text(min_size=1, max_size=30).filter(lambda s: s.strip()),
)
def test_written_cells_read_back_as_the_same_row(price: float, name: str) -> None:
    row = ApiPrice(
        id="x", kind="api", name=name.strip(), input_per_mtok=float(f"{price:.10g}"), output_per_mtok=1.0,
        currency="CNY", source="test", as_of=date(2026, 1, 1),
    )  # fmt: skip
    cells: dict[str, str | None] = dict(row_cells(row))
    assert row_from_cells(ApiPrice, cells, where="api.csv") == row
