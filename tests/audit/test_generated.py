"""Audit of a workbook written by ``xlcost generate`` and then edited the way finance teams edit it."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

from tests.audit.roundtrip_corpus import Package
from xlcost.audit import Severity, audit
from xlcost.audit.findings import AuditResult, Finding
from xlcost.audit.report_file import write_audit_report
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.loader import columns_for
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.compare import compare
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout as L

AS_OF = dt.date(2026, 6, 30)  # every catalog row is under 180 days old then


def edited(pristine: Path, tmp_path: Path, edit: Callable[[Workbook], None]) -> Path:
    wb = load_workbook(pristine)
    edit(wb)
    out = tmp_path / "edited.xlsx"
    wb.save(out)
    return out


def test_fresh_workbook_is_clean(default_workbook: Path) -> None:
    result = audit(default_workbook, as_of=AS_OF)
    assert [f.as_dict() for f in result.findings] == []
    assert result.exit_code == 0
    core = compare(load_scenario(None), load_catalog())
    tcos = [a.core for a in result.answer if a.metric == "tco"]
    assert tcos == pytest.approx([r.tco for r in core.results])


def test_a_discount_rate_typed_on_inputs_no_longer_depends_on_the_catalogs(
    default_workbook: Path, tmp_path: Path
) -> None:
    """Left as generated, the Inputs discount rate is the catalog's (stale a year later: a warning); typed over,
    the catalog row no longer moves the answer (information), and the typed value is a changed input."""
    later = dt.date(2027, 6, 30)
    row, col = L.input_row("discount_rate"), L.INPUT_COLS["value"]

    def typed(wb: Workbook) -> None:
        wb[L.INPUTS].cell(row, col).value = 0.1

    def discount_row(result: AuditResult) -> Finding:
        return next(f for f in result.findings if f.kind == "stale-input" and "'discount_rate'" in f.message)

    assert discount_row(audit(default_workbook, as_of=later)).severity == Severity.WARNING
    result = audit(edited(default_workbook, tmp_path, typed), as_of=later)
    assert discount_row(result).severity == Severity.INFO
    typed_at = f"{L.INPUTS}!{get_column_letter(col)}{row}"
    assert [f.location for f in result.findings if f.kind == "changed-input"] == [typed_at]


def test_edits_are_named_by_cell(default_workbook: Path, tmp_path: Path) -> None:
    price_col = columns_for(ApiPrice).index("input_per_mtok") + 1
    price_row = L.TABLE_FIRST_ROW + list(load_catalog().rows("api.csv", ApiPrice)).index("deepseek-v4-flash")
    calc_cell = (L.CalcLayout(4).option_block.row(1, "running"), L.month_col(3))
    users_row = L.input_row("users_per_day")

    def edit(wb: Workbook) -> None:
        wb[L.PRICE_SHEETS["api.csv"]].cell(price_row, price_col).value = 0.5
        wb[L.CALC].cell(*calc_cell).value = 123.0
        wb[L.INPUTS].cell(users_row, L.INPUT_COLS["value"]).value = 20_000

    path = edited(default_workbook, tmp_path, edit)
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    result = audit(path, as_of=AS_OF)
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before  # read only
    by_kind = {(f.kind, f.location) for f in result.findings}
    price_at = f"API!{load_workbook(path)['API'].cell(price_row, price_col).coordinate}"
    assert ("changed-input", price_at) in by_kind
    price = next(f for f in result.findings if f.location == price_at)
    assert "0.2 → 0.5" in price.message and "NOT updated" in price.message
    calc_at = f"Calc!{load_workbook(path)['Calc'].cell(*calc_cell).coordinate}"
    assert ("overwritten-formula", calc_at) in by_kind
    assert ("changed-input", f"Inputs!B{users_row}") in by_kind
    assert any(f.kind == "hash-mismatch" for f in result.findings)
    # the answer is recomputed from the edited inputs and prices
    scenario = load_scenario(None)
    scenario = scenario.model_copy(update={"workload": scenario.workload.model_copy(update={"users_per_day": 20_000})})
    catalog = load_catalog()
    api = catalog.tables["api.csv"]["deepseek-v4-flash"].model_copy(update={"input_per_mtok": 0.5})
    tables = {**catalog.tables, "api.csv": {**catalog.tables["api.csv"], "deepseek-v4-flash": api}}
    expected = compare(scenario, type(catalog)(tables=tables))
    assert [a.core for a in result.answer if a.metric == "tco"] == pytest.approx([r.tco for r in expected.results])
    assert result.exit_code == 1

    report = tmp_path / "audit.xlsx"
    write_audit_report(result, path, report)
    ws = load_workbook(report)["Findings"]
    links = [c.hyperlink.target for c in ws["B"][1:] if c.hyperlink]
    assert f"edited.xlsx#'Calc'!{calc_at.split('!')[1]}" in links


def test_invalid_inputs_and_unknown_option(default_workbook: Path, tmp_path: Path) -> None:
    users_row = L.input_row("users_per_day")

    def edit(wb: Workbook) -> None:
        wb[L.INPUTS].cell(users_row, L.INPUT_COLS["value"]).value = "lots"
        wb[L.INPUTS].cell(L.option_input_row(2), L.OPTION_COLS["key"]).value = "api:deepseek-v9"

    result = audit(edited(default_workbook, tmp_path, edit), as_of=AS_OF)
    invalid = {f.location: f.message for f in result.findings if f.kind == "invalid-input"}
    assert f"Inputs!B{users_row}" in invalid and "lots" in invalid[f"Inputs!B{users_row}"]
    assert not result.answer and result.notes


def test_unknown_option_named(default_workbook: Path, tmp_path: Path) -> None:
    def edit(wb: Workbook) -> None:
        wb[L.INPUTS].cell(L.option_input_row(2), L.OPTION_COLS["key"]).value = "api:deepseek-v9"

    result = audit(edited(default_workbook, tmp_path, edit), as_of=AS_OF)
    key_cell = f"Inputs!B{L.option_input_row(2)}"
    assert any(f.kind == "invalid-input" and f.location == key_cell for f in result.findings)


def test_the_note_never_says_agree_beside_a_recommendation_that_differs(default_workbook: Path, tmp_path: Path) -> None:
    """A cached recommendation no spreadsheet would compute (as a one-option workbook once cached #VALUE!)."""
    package = Package.read(default_workbook)
    part = package.sheet_parts[L.SUMMARY]
    row = L.SummaryLayout(len(load_scenario(None).options)).recommendation_row
    cell = re.compile(rf'(<c r="D{row}"[^>]*><f>[^<]*</f><v>)[^<]*(</v>)')
    text, count = cell.subn(r"\1#VALUE!\2", package.parts[part].decode())
    assert count == 1
    package.parts[part] = text.encode()
    result = audit(package.write(tmp_path / "cached.xlsx"), as_of=AS_OF)
    (line,) = [a for a in result.answer if a.metric == "recommendation"]
    assert line.workbook == "#VALUE!" and line.differs
    assert not any("agree" in note for note in result.notes)
    assert any(f"1 of {len(result.answer)} differ from xlcost's" in note for note in result.notes)
