"""The audit along the path finance takes: generate, open and save in a spreadsheet, edit, audit.

Every generated workbook (default, seed 002 A/B/C, one from a custom catalog) is saved unchanged by
LibreOffice, Gnumeric and openpyxl. Each saved copy audits with nothing above ``info``; then each copy
is tampered one way at a time, and the tamper is named at its cell with at most a handful of
findings that follow from it (the moved answer, the input hash), never a flood.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from tests.audit.roundtrip_corpus import Package, save_with_openpyxl
from tests.support.catalogs import copy_catalog
from tests.support.typed import text
from tests.support.workbooks import save_with_gnumeric
from xlcost.audit import AuditResult, Severity, audit
from xlcost.core.catalog import Catalog, default_catalog_dir, load_catalog, split_key
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.scenario import OptionSpec
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import generate
from xlcost.workbook import layout as L
from xlcost.workbook.build_plan import make_build_plan
from xlcost.workbook.recalc import recalculate_all

pytestmark = pytest.mark.libreoffice

AS_OF = dt.date(2026, 6, 30)  # every catalog row is under 180 days old then
UNREAD_STALE = dt.date(2026, 11, 25)  # 180 days past 2026-01-01 (seed 003 rows), not past 2026-06-01
SCENARIOS = {"default": "default", "seed-002-a": "seed-002-a", "seed-002-b": "seed-002-b", "seed-002-c": "seed-002-c"}
WORKBOOKS = (*SCENARIOS, "custom")
APPS = ("libreoffice", "gnumeric", "openpyxl")
HANDFUL = 3  # findings above info that one tamper may cause besides itself (the moved answer)
CUSTOM_SCENARIO = load_scenario().model_copy(
    update={"options": [*load_scenario().options, OptionSpec(key="api:acme-mini")]}
)  # the default plus the added row, which the workbook then holds
EXTRA_ROW = "acme-mini,api,Acme Mini,Acme,0.5,1.5,,,USD,per 1M tokens,https://example.com/acme/pricing,2026-06-01,"


@dataclass(frozen=True)
class Corpus:
    custom_catalog: Catalog
    saved: dict[tuple[str, str], Path]  # (workbook, app) -> the unchanged saved copy

    def catalog(self, workbook: str) -> Catalog:
        return self.custom_catalog if workbook == "custom" else load_catalog()


def custom_catalog_dir(folder: Path) -> Path:
    """The embedded catalog plus one API row early in api.csv, as `xlcost prices import --write` adds one."""
    copy_catalog(folder)
    lines = (folder / "api.csv").read_text(encoding="utf-8").splitlines()
    lines.insert(2, EXTRA_ROW)  # after the first row: every reference below it moves
    (folder / "api.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory, soffice: str, ssconvert: str) -> Corpus:
    root = tmp_path_factory.mktemp("roundtrip")
    catalog_dir = custom_catalog_dir(root / "catalog")
    (root / "generated").mkdir()
    generated = [generate(root / "generated" / f"{name}.xlsx", scenario) for name, scenario in SCENARIOS.items()]
    generated.append(generate(root / "generated" / "custom.xlsx", CUSTOM_SCENARIO, catalog_dir))
    saved: dict[tuple[str, str], Path] = {}
    for path in recalculate_all(generated, root / "libreoffice"):  # one LibreOffice start for all of them
        saved[(path.stem, "libreoffice")] = path
    for app, save in (("gnumeric", save_with_gnumeric), ("openpyxl", save_with_openpyxl)):
        (root / app).mkdir()
        for path in generated:
            saved[(path.stem, app)] = save(path, root / app / path.name)
    return Corpus(load_catalog(catalog_dir), saved)


def above_info(result: AuditResult) -> list[str]:
    return [f"{f.location} {f.kind}: {f.message}" for f in result.findings if f.severity > Severity.INFO]


@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_saved_unchanged_audits_clean(corpus: Corpus, workbook: str, app: str) -> None:
    result = audit(corpus.saved[(workbook, app)], baseline=corpus.catalog(workbook), as_of=AS_OF)
    assert above_info(result) == []
    assert result.exit_code == 0
    if app != "openpyxl":  # the application calculated every figure, and they are the core's
        shown = [a for a in result.answer if a.metric in ("tco", "npv", "upfront")]
        assert shown and all(a.workbook == pytest.approx(a.core, rel=1e-9, abs=1e-9) for a in shown)
        assert any("agree with xlcost" in note for note in result.notes)


def test_cli_on_the_libreoffice_saved_default_exits_zero(corpus: Corpus) -> None:
    """The issue's own reproduction: generate, save unchanged in LibreOffice, `xlcost audit --as-of`."""
    path = corpus.saved[("default", "libreoffice")]
    done = subprocess.run(
        [sys.executable, "-m", "xlcost", "audit", str(path), "--as-of", AS_OF.isoformat(), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["counts"] == {"error": 0, "warning": 0, "info": 0}


@pytest.mark.parametrize("app", APPS)
def test_saved_default_is_clean_when_only_rows_it_does_not_depend_on_are_stale(corpus: Corpus, app: str) -> None:
    """The default as a user audits it on 2026-11-25: seed 003's rows (as of 2026-01-01) are stale by then,
    the rows its options price (2026-06-01) are not. The workbook holds only the price rows its options read,
    so no price is stale; the stale assumptions are ones its answer does not depend on."""
    result = audit(corpus.saved[("default", app)], as_of=UNREAD_STALE)
    assert above_info(result) == [] and result.exit_code == 0
    assert not [f for f in result.findings if f.kind == "stale-price"]
    stale = [f for f in result.findings if f.kind == "stale-input"]
    assert stale and all("The answer does not depend on it" in f.message for f in stale)


def test_cli_on_the_libreoffice_saved_default_exits_zero_on_2026_11_25(corpus: Corpus) -> None:
    path = corpus.saved[("default", "libreoffice")]
    done = subprocess.run(
        [sys.executable, "-m", "xlcost", "audit", str(path), "--as-of", UNREAD_STALE.isoformat(), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    counts = json.loads(done.stdout)["counts"]
    assert counts["error"] == counts["warning"] == 0 and counts["info"] > 0


def test_custom_catalog_against_the_embedded_one_names_only_the_added_row(corpus: Corpus) -> None:
    """The reference is the workbook's own price rows: the added row is one finding, not every row below it,
    and nothing is said of the embedded rows the workbook never held."""
    result = audit(corpus.saved[("custom", "libreoffice")], as_of=AS_OF)
    row = L.TABLE_FIRST_ROW + 1
    assert [(f.location, f.kind, str(f.severity)) for f in result.findings] == [
        (f"API!A{row}", "changed-input", "info")
    ]
    assert "acme-mini" in result.findings[0].message


# ---------------------------------------------------------------- tampering


@dataclass(frozen=True)
class Tamper:
    """One edit of a saved copy and where the audit must name it."""

    edit: Callable[[Package, Catalog, int], tuple[str, set[str]]]  # -> location, acceptable kinds


def _api_price_cell(catalog: Catalog, scenario_name: str) -> str:
    """The input price of the scenario's first option (an API model in every scenario here)."""
    kind, ident = split_key(load_scenario(scenario_name).options[0].key)
    assert kind == "api"
    plan = make_build_plan(load_scenario(scenario_name), catalog)
    row = L.TABLE_FIRST_ROW + list(plan.catalog.rows("api.csv", ApiPrice)).index(ident)
    return f"{get_column_letter(plan.price_column('api.csv', 'input_per_mtok'))}{row}"


def _calc_cell(options: int, option: int, month: int) -> str:
    return f"{get_column_letter(L.month_col(month))}{L.CalcLayout(options).option_block.row(option, 'running')}"


def change_price(scenario: str) -> Callable[[Package, Catalog, int], tuple[str, set[str]]]:
    def edit(package: Package, catalog: Catalog, options: int) -> tuple[str, set[str]]:
        cell = _api_price_cell(catalog, scenario)
        package.put("API", cell, number=99.5)
        return f"API!{cell}", {"changed-input"}

    return edit


def overwrite_formula(package: Package, catalog: Catalog, options: int) -> tuple[str, set[str]]:
    cell = _calc_cell(options, 1, 3)
    package.put(L.CALC, cell, number=123.0)
    return f"{L.CALC}!{cell}", {"overwritten-formula"}


def point_elsewhere(package: Package, catalog: Catalog, options: int) -> tuple[str, set[str]]:
    """An OptionPrices price formula edited to read the row below on its price sheet."""
    col = get_column_letter(L.OPTION_PRICE_COLS["input"])
    cell = f"{col}{L.TABLE_FIRST_ROW}"
    formula = package.formula(L.OPTION_PRICES, cell)
    moved = formula.replace(str(L.TABLE_FIRST_ROW), str(L.TABLE_FIRST_ROW + 1))
    assert moved != formula
    package.put(L.OPTION_PRICES, cell, formula=moved)
    return f"{L.OPTION_PRICES}!{cell}", {"changed-formula", "inconsistent-formula"}


def timeline_inconsistent(package: Package, catalog: Catalog, options: int) -> tuple[str, set[str]]:
    """Month 5 of option 2's running cost gets month 4's formula text pasted in: it now reads a month back."""
    package.put(L.CALC, _calc_cell(options, 2, 5), formula=package.formula(L.CALC, _calc_cell(options, 2, 4)))
    return f"{L.CALC}!{_calc_cell(options, 2, 5)}", {"inconsistent-formula"}


def hide_sheet(package: Package, catalog: Catalog, options: int) -> tuple[str, set[str]]:
    package.hide(L.LISTS)
    return L.LISTS, {"hidden-sheet"}


def link_external(package: Package, catalog: Catalog, options: int) -> tuple[str, set[str]]:
    cell = _calc_cell(options, 1, 6)
    package.link_external(L.CALC, cell)
    return f"{L.CALC}!{cell}", {"external-link"}


TAMPERS = {
    "price": None,  # depends on the scenario: change_price(scenario)
    "overwritten": overwrite_formula,
    "elsewhere": point_elsewhere,
    "timeline": timeline_inconsistent,
    "hidden": hide_sheet,
    "external": link_external,
}


@pytest.mark.parametrize("tamper", TAMPERS)
@pytest.mark.parametrize("app", APPS)
@pytest.mark.parametrize("workbook", WORKBOOKS)
def test_tamper_is_named_at_its_cell(corpus: Corpus, tmp_path: Path, workbook: str, app: str, tamper: str) -> None:
    catalog = corpus.catalog(workbook)
    options = len(load_scenario(SCENARIOS.get(workbook, "default")).options)
    edit = TAMPERS[tamper] or change_price(SCENARIOS.get(workbook, "default"))
    package = Package.read(corpus.saved[(workbook, app)])
    where, kinds = edit(package, catalog, options)
    result = audit(package.write(tmp_path / f"{workbook}.xlsx"), baseline=catalog, as_of=AS_OF)
    found = [f for f in result.findings if f.location == where and f.kind in kinds and f.severity > Severity.INFO]
    assert found, f"{tamper} at {where} not found; findings: {above_info(result)}"
    assert len(above_info(result)) <= 1 + HANDFUL, above_info(result)
    assert result.exit_code == 1


def insert_price_row(path: Path, target: Path, cells: dict[str, Any]) -> Path:
    """Insert a row into the API sheet below its first row, moving references as spreadsheet applications do."""
    book = load_workbook(path)
    at = L.TABLE_FIRST_ROW + 1
    sheet = book["API"]
    header = [c.value for c in sheet[L.TABLE_HEADER_ROW]]
    sheet.insert_rows(at)
    for col, name in enumerate(header, start=1):
        sheet.cell(at, col).value = cells.get(text(name))
    reference = re.compile(r"((?:'API'|API)!\$?[A-Z]{1,3}\$?)(\d+)")
    for ws in book.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    cell.value = reference.sub(
                        lambda m: m.group(1) + str(int(m.group(2)) + (int(m.group(2)) >= at)), str(cell.value)
                    )
    book.save(target)
    return target


def test_row_added_in_the_spreadsheet_is_one_finding(corpus: Corpus, tmp_path: Path) -> None:
    """A price row typed in after generation: named once, with no finding about the formulas below it."""
    header = (default_catalog_dir() / "api.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    cells: dict[str, object] = dict(zip(header, EXTRA_ROW.split(","), strict=True))
    cells.update(input_per_mtok=0.5, output_per_mtok=1.5, cached_input_per_mtok=None, as_of=dt.datetime(2026, 6, 1))
    edited = insert_price_row(corpus.saved[("default", "libreoffice")], tmp_path / "added.xlsx", cells)
    result = audit(edited, as_of=AS_OF)
    assert above_info(result) == []
    row = L.TABLE_FIRST_ROW + 1
    assert [(f.location, f.kind) for f in result.findings if f.kind == "changed-input"] == [
        (f"API!A{row}", "changed-input")
    ]
