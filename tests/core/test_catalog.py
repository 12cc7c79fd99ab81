"""The catalog finance edits: every row traceable, every bad cell named by file, row and column."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from xlcost import CatalogError, OptionSpec, ScenarioError, UnknownOptionError, Workload, XlcostError, load_catalog
from xlcost.core.catalog import FILES
from xlcost.core.pricing import Context, resolve

ISSUE_IDS = {
    "api.csv": {"deepseek-v4-flash", "deepseek-v4-pro", "deepseek-v3", "qwen-plus", "qwen3-max", "doubao-pro-32k",
                "glm-4-air", "kimi-k2.5", "gpt-4o", "claude-sonnet-4.6"},
    "gpu_rental.csv": {"a100-80g", "h100-80g", "h200-141g", "l40s-48g"},
    "onprem.csv": {"light", "standard", "enterprise", "cluster"},
}  # fmt: skip


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_every_row_has_source_and_as_of_date() -> None:
    catalog = load_catalog()
    for file in FILES:
        rows = catalog.table(file).values()
        assert rows, f"{file} is empty"
        for row in rows:
            assert row.source.strip() and row.as_of.year >= 2025, f"{file}:{row.id}"


@pytest.mark.parametrize("file", sorted(ISSUE_IDS))
def test_seed_ids_are_present(file: str) -> None:
    assert ISSUE_IDS[file] <= set(load_catalog().table(file))


def test_catalog_directory_loads_like_the_embedded_one(catalog_copy: Path) -> None:
    assert load_catalog(catalog_copy).tables == load_catalog().tables


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("api.csv", "qwen-plus,api,Qwen-Plus,Alibaba,0.8,", "qwen-plus,api,Qwen-Plus,Alibaba,-0.8,",
         "api.csv row 5: field 'input_per_mtok': Input should be greater than or equal to 0"),
        ("api.csv", "qwen-plus,api,Qwen-Plus,Alibaba,0.8,", "qwen-plus,api,Qwen-Plus,Alibaba,cheap,",
         "api.csv row 5: field 'input_per_mtok': Input should be a valid number"),
        ("gpu_rental.csv", "a100-80g,rent,14,6500,CNY", "a100-80g,rent,14,6500,",
         "gpu_rental.csv row 2: field 'currency': Field required"),
        ("onprem.csv", "a100-40g,1,2,80000,150000", "a100-40g,1,2,180000,150000",
         "onprem.csv row 2: field 'hardware_low/hardware_high': Value error, low (180000.0) is above high (150000.0)"),
        ("api.csv", "gpt-4o,api", "qwen-plus,api", "api.csv row 10: duplicate id 'qwen-plus' (first on row 5)"),
        ("api.csv", ",notes\n", ",notes,price\n", "api.csv: unknown column(s) 'price'"),
        ("fx.csv", "2026-06-01,an audited", "last june,an audited", "fx.csv row 3: field 'as_of': Input should be a valid date"),
    ],
)  # fmt: skip
def test_bad_cells_are_named_by_file_row_and_column(
    catalog_copy: Path, file: str, old: str, new: str, message: str
) -> None:
    edit(catalog_copy / file, old, new)
    with pytest.raises(CatalogError) as caught:
        load_catalog(catalog_copy)
    assert message in str(caught.value)


def test_missing_catalog_file_is_named(catalog_copy: Path) -> None:
    (catalog_copy / "seats.csv").unlink()
    with pytest.raises(CatalogError, match=r"seats\.csv: catalog file not found"):
        load_catalog(catalog_copy)


def test_unknown_option_suggests_close_ids() -> None:
    with pytest.raises(UnknownOptionError, match=r"unknown option 'api:qwen-pluss'.*did you mean api:qwen-plus"):
        load_catalog().option_row("api:qwen-pluss")
    with pytest.raises(UnknownOptionError, match="unknown kind 'lease'"):
        load_catalog().option_row("lease:a100-80g")
    with pytest.raises(UnknownOptionError, match="must be written kind:id"):
        load_catalog().option_row("deepseek-v3")


def test_missing_price_is_an_error_not_zero() -> None:
    with pytest.raises(CatalogError, match="'cluster' has no power_year"):
        resolve(OptionSpec(key="onprem:cluster"), Context(workload=Workload()), load_catalog())


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: Workload(horizon_months=0), "horizon_months"),
        (lambda: Workload.model_validate({"users_per_day": "many"}), "users_per_day"),
        (lambda: Workload(cached_input_share=1.5), "cached_input_share"),
        (lambda: OptionSpec(key="api:qwen-plus", units=-2), "units"),
        (
            lambda: OptionSpec.model_validate({"key": "api:qwen-plus", "overrides": {"input_per_mtok": "free"}}),
            "overrides.input_per_mtok",
        ),
    ],
)
def test_invalid_input_raises_our_error_naming_the_field(build: Callable[[], object], field: str) -> None:
    with pytest.raises(ScenarioError, match=f"field '{field}'") as caught:
        build()
    assert isinstance(caught.value, XlcostError)


def test_negative_override_is_rejected_with_the_option_named() -> None:
    spec = OptionSpec(key="api:qwen-plus", overrides={"input_per_mtok": -1})
    with pytest.raises(ScenarioError, match="option 'api:qwen-plus' overrides: field 'input_per_mtok'"):
        resolve(spec, Context(workload=Workload()), load_catalog())
