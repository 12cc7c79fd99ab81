"""The workbook prices the vendor billing rules as ``xlcost tco`` does: long-context tiers, cache writes, batch
traffic, service tiers, per-request fees and reasoning tokens, in the cached values, in LibreOffice's and
Gnumeric's recalculation, in the audit and on the Sensitivity sheet; a workbook they do not bill is written as
before the rules existed."""

from __future__ import annotations

import csv
import datetime as dt
import math
from pathlib import Path

import openpyxl
import pytest

from tests.support.catalogs import add_api_row, copy_catalog
from tests.support.typed import number
from tests.support.workbooks import (
    cell_of,
    differences,
    error_cells,
    formula_values,
    gnumeric_recalculated,
    mismatches,
    named,
    recalculated,
    write,
)
from xlcost.analysis.uncertainty.inputs import hold_units
from xlcost.analysis.uncertainty.sensitivity import sensitivity
from xlcost.audit.findings import Severity
from xlcost.audit.run import audit
from xlcost.core.catalog import Catalog, load_catalog
from xlcost.core.catalog.rows import BILLING_FIELDS
from xlcost.core.compare import Comparison, compare
from xlcost.core.scenario import BILLING_WORKLOAD_FIELDS, Scenario, Serving, Workload
from xlcost.workbook import layout
from xlcost.workbook.build import build_workbook, workbook_bytes
from xlcost.workbook.recalc import recalculate
from xlcost.workbook.sensitivity_sheet import SHEET, TABLE_HEADER

#: a request carries 1,500 input tokens (3,000 a day in 2 requests): past the 1,000-token threshold below
WORKLOAD = Workload(
    users_per_day=500,
    input_tokens_per_user_day=3000,
    output_tokens_per_user_day=600,
    cached_input_share=0.3,
    cache_write_share=0.1,
    batch_share=0.4,
    service_tier="priority",
    reasoning_tokens_per_user_day=900,
    monthly_growth=0.02,
)
RULES = {
    "cached_input_per_mtok": 0.3,
    "cache_write_per_mtok": 3.75,
    "long_context_above": 1000,
    "long_context_input_per_mtok": 6,
    "long_context_output_per_mtok": 22.5,
    "long_context_cached_input_per_mtok": 0.6,
    "batch_input_per_mtok": 1.5,
    "batch_output_per_mtok": 7.5,
    "priority_input_per_mtok": 5,
    "priority_output_per_mtok": 25,
    "per_request": 0.001,
}


def _scenario(workload: Workload = WORKLOAD) -> Scenario:
    """An API row with every rule, one the priority tier prices below the threshold, and rented GPUs (which
    generate the reasoning tokens too)."""
    return Scenario.model_validate(
        {
            "options": ["api:ruled", "api:short", "rent:a100-80g"],
            "currency": "USD",
            "workload": workload,
            "serving": Serving(requests_per_user_day=2),
        }
    )


SHORT = {
    "long_context_above": 100_000,
    "long_context_input_per_mtok": 6,
    "priority_input_per_mtok": 5,
    "priority_output_per_mtok": 25,
    "per_request": 0.002,
}


#: the billed workbook, the catalog it was built from and the core's comparison it caches
Billed = tuple[Path, Catalog, Comparison]


@pytest.fixture(scope="module")
def billed(tmp_path_factory: pytest.TempPathFactory) -> Billed:
    folder = tmp_path_factory.mktemp("billing")
    catalog_dir = copy_catalog(folder / "catalog")
    add_api_row(catalog_dir, "ruled", **RULES)
    add_api_row(catalog_dir, "short", **SHORT)
    catalog = load_catalog(catalog_dir)
    path = folder / "billed.xlsx"
    plan = write(_scenario(), catalog, path)
    return path, catalog, plan.comparison


def test_cached_values_equal_the_core_tco_and_month_1(billed: Billed) -> None:
    path, _, comparison = billed
    wb = openpyxl.load_workbook(path, data_only=True)
    assert mismatches(wb, comparison) == []
    for i, result in enumerate(comparison.results, start=1):
        month_1 = result.profile.fixed_monthly + result.profile.variable_monthly
        assert named(wb, f"month1_running_{i}") == pytest.approx(month_1, rel=1e-9), result.profile.key
    assert named(wb, layout.MASTER_CHECK) == 0


def test_the_rules_move_the_bill_away_from_the_list_prices(billed: Billed) -> None:
    """The scenario is one the rules bill: without them the core's answer would differ for both API rows."""
    _, catalog, comparison = billed
    plain = compare(_scenario(Workload(**WORKLOAD.model_dump(exclude=set(BILLING_WORKLOAD_FIELDS)))), catalog)
    for billed_result, list_result in zip(comparison.results[:2], plain.results[:2], strict=True):
        assert not math.isclose(billed_result.tco, list_result.tco, rel_tol=1e-3)


def test_libreoffice_and_gnumeric_agree_with_the_cached_values_and_the_core(
    billed: Billed, tmp_path: Path, soffice: str, ssconvert: str
) -> None:
    path, _, comparison = billed
    cached = formula_values(path)
    office = recalculated([path], tmp_path / "lo")[path.stem]
    gnumeric = openpyxl.load_workbook(gnumeric_recalculated(path, tmp_path / "gn"), data_only=True)
    for wb in (office, gnumeric):
        assert error_cells(wb) == []
        assert differences(cached, wb) == []
        assert mismatches(wb, comparison) == []
        assert wb["Checks"]["B2"].value == 0


def test_the_audit_of_the_untouched_workbook_finds_no_error(billed: Billed) -> None:
    path, catalog, _ = billed
    result = audit(path, baseline=catalog, as_of=dt.date(2026, 6, 15))
    assert [f.message for f in result.findings if f.severity >= Severity.ERROR] == []


def test_batch_share_edited_in_the_workbook_moves_the_tco_as_the_core_does(
    billed: Billed, tmp_path: Path, soffice: str
) -> None:
    path, catalog, comparison = billed
    wb = openpyxl.load_workbook(path)
    cell_of(wb, "batch_share").value = 0.9
    edited = tmp_path / "edited.xlsx"
    wb.save(edited)
    saved = recalculate(edited, tmp_path / "lo")
    office = openpyxl.load_workbook(saved, data_only=True)
    moved = compare(_scenario(WORKLOAD.model_copy(update={"batch_share": 0.9})), catalog)
    assert mismatches(office, moved) == []
    assert number(named(office, "tco_1")) < comparison.results[0].tco  # batch is half price
    result = audit(saved, baseline=catalog, as_of=dt.date(2026, 6, 15))
    assert [f.message for f in result.findings if f.severity >= Severity.ERROR] == []
    assert [(f.kind, f.new) for f in result.findings if f.cell == cell_of(wb, "batch_share").coordinate] == [
        ("changed-input", 0.9)
    ]
    assert result.answer and not [line for line in result.answer if line.differs]  # recomputed with 0.9: agrees


def test_the_sensitivity_sheet_moves_each_rule_as_the_core_tornado_does(billed: Billed) -> None:
    path, catalog, _ = billed
    wb = openpyxl.load_workbook(path, data_only=True)
    ws = wb[SHEET]
    scenario = _scenario()
    held, _ = hold_units(scenario, catalog)
    by_label = {row.input.label: row for row in sensitivity(held, catalog).rows}
    r, moved = TABLE_HEADER + 1, set()
    while ws[f"A{r}"].value in by_label:
        row = by_label[ws[f"A{r}"].value]
        for i in range(len(scenario.options)):
            low = ws.cell(r, layout.sensitivity_col(i + 1, "TCO low")).value
            high = ws.cell(r, layout.sensitivity_col(i + 1, "TCO high")).value
            assert low == pytest.approx(row.tco_low[i], rel=1e-9), (row.input.key, i)
            assert high == pytest.approx(row.tco_high[i], rel=1e-9), (row.input.key, i)
        moved.add(row.input.key.rpartition(":")[2])
        r += 1
    assert {"batch_input_per_mtok", "long_context_output_per_mtok", "per_request", "input_per_mtok"} <= moved


def test_a_hand_priced_batch_bill(catalog_copy: Path, tmp_path: Path) -> None:
    """Half the requests at batch prices half the list: 100 users x 30 days x (1,000 x 2.25 + 500 x 11.25) / 1M."""
    add_api_row(catalog_copy, "halved", batch_input_per_mtok=1.5, batch_output_per_mtok=7.5)
    scenario = Scenario.model_validate(
        {
            "options": ["api:halved"],
            "currency": "USD",
            "workload": Workload(users_per_day=100, input_tokens_per_user_day=1000, output_tokens_per_user_day=500,
                                 batch_share=0.5),
        }
    )  # fmt: skip
    wb, _ = build_workbook(scenario, load_catalog(catalog_copy))
    path = tmp_path / "halved.xlsx"
    path.write_bytes(workbook_bytes(wb))
    assert named(openpyxl.load_workbook(path, data_only=True), "month1_running_1") == pytest.approx(23.625, rel=1e-12)


def test_the_api_sheet_shows_the_rule_columns_its_rows_fill(billed: Billed) -> None:
    path, _, _ = billed
    headers = {c.value for c in openpyxl.load_workbook(path)["API"][layout.TABLE_HEADER_ROW]}
    assert headers & set(BILLING_FIELDS) == (set(RULES) | set(SHORT)) & set(BILLING_FIELDS)


def test_a_workload_rule_no_row_prices_bills_at_list_prices_without_rule_columns(tmp_path: Path) -> None:
    """Batch traffic, a tier and cache writes on rows listing none of their prices: the list prices, as the core
    bills them; the reasoning tokens are still billed as output."""
    workload = WORKLOAD.model_copy(update={"input_tokens_per_user_day": 800})
    scenario = Scenario.model_validate({"options": ["api:qwen-plus", "api:deepseek-v4-flash"], "workload": workload})
    catalog = load_catalog()
    path = tmp_path / "plain.xlsx"
    plan = write(scenario, catalog, path)
    wb = openpyxl.load_workbook(path, data_only=True)
    assert mismatches(wb, plan.comparison) == []
    headers = {c.value for c in openpyxl.load_workbook(path)["API"][layout.TABLE_HEADER_ROW]}
    assert not headers & set(BILLING_FIELDS)
    assert named(wb, "reasoning_tokens_per_user_day") == 900


def test_blank_rule_columns_leave_the_workbook_as_a_catalog_without_them(catalog_copy: Path, tmp_path: Path) -> None:
    """A scenario no rule bills: the rule columns (blank on every row) change no byte of its workbook."""
    scenario = Scenario.model_validate({"options": ["api:qwen-plus", "rent:a100-80g"]})
    with_columns = workbook_bytes(build_workbook(scenario, load_catalog(catalog_copy))[0])
    api = catalog_copy / "api.csv"
    with api.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        columns, rows = [c for c in reader.fieldnames or [] if c not in BILLING_FIELDS], list(reader)
    with api.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    without = workbook_bytes(build_workbook(scenario, load_catalog(catalog_copy))[0])
    assert with_columns == without
    headers = [c.value for c in openpyxl.load_workbook(_saved(tmp_path, without))["API"][layout.TABLE_HEADER_ROW]]
    assert not set(headers) & set(BILLING_FIELDS)


def _saved(folder: Path, data: bytes) -> Path:
    path = folder / "plain.xlsx"
    path.write_bytes(data)
    return path
