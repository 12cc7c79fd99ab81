"""Formulas are compared by meaning: the spellings applications write on save are equal, real edits are not."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl.utils import get_column_letter

from tests.audit.roundtrip_corpus import Package
from xlcost.audit import Severity, audit
from xlcost.audit.formula_text import shape_at
from xlcost.audit.integrity import same_formula
from xlcost.workbook import layout as L

AS_OF = dt.date(2026, 6, 30)

SAME = [
    ("='API'!H5", "=API!H5"),  # sheet-name quotes dropped where legal
    ("=IF(ISBLANK('API'!L5),'API'!J5,'API'!L5)", "=if(isblank(API!L5), API!J5, API!L5)"),  # case, spaces
    ("=RANK(G7,$G$7:$G$10,1)", "=_xlfn.RANK.EQ(G7,$G$7:$G$10,1)"),  # Gnumeric's spelling of RANK
    ("=SUM(F10:AO10)", "=_xlws.SUM( F10:AO10 )"),
    ("=users_per_day*0.5", "=USERS_PER_DAY*.5"),  # defined names ignore case; one spelling per number
    ("=users_per_day*0.000001", "=users_per_day*1E-6"),
    ("='It''s'!A1", "='It''s'!A1"),
    ("=SUM($F$49:$F$49)", "=SUM($F$49)"),  # Gnumeric writes a one-cell range as its cell
]
DIFFERENT = [
    ("=API!H5", "=API!H6"),  # another cell
    ("=API!H5", "=Rental!H5"),  # another sheet
    ("=F10+G10", "=F10-G10"),  # another operator
    ("=F10*12", "=F10*13"),  # another constant
    ("=MIN(F10,G10)", "=MAX(F10,G10)"),  # another function
    ("=F10", "=$F$10"),  # the same cell here, another one once filled across
    ('="A1"', '="A2"'),  # text that only looks like a reference
    ("=SUM($F$49:$F$50)", "=SUM($F$49)"),  # two cells are not one
]


@pytest.mark.parametrize(("written", "saved"), SAME)
def test_spellings_applications_write_mean_the_same(written: str, saved: str) -> None:
    assert same_formula(saved, written, 5, 13)


@pytest.mark.parametrize(("written", "edited"), DIFFERENT)
def test_real_edits_differ(written: str, edited: str) -> None:
    assert not same_formula(edited, written, 5, 13)


def test_a_row_filled_across_the_timeline_is_one_shape() -> None:
    row = [shape_at(f"={get_column_letter(c - 1)}10*(1+growth)+$D$5", 10, c) for c in range(6, 42)]
    assert len({s.normal for s in row}) == 1
    assert shape_at("=F10*(1+growth)+$D$5", 10, 8).normal != row[0].normal  # month 3 reading month 1


def test_reference_only_tested_for_blank_is_guarded() -> None:
    refs = shape_at("=IF(ISBLANK(API!L5),API!J5,API!L5)", 5, 13).refs
    assert [r.guarded for r in refs] == [True, False, False]


def excel_spelling(formula: str) -> str:
    """Lower-case functions, spaces after commas, _xlfn. on RANK: what other writers produce."""
    parts = re.split(r'("(?:[^"]|"")*")', formula)  # text literals ("...") stay as typed
    for i in range(0, len(parts), 2):
        spelled = re.sub(r"\b([A-Z]+)\(", lambda m: m.group(1).lower() + "(", parts[i]).replace(",", ", ")
        parts[i] = spelled.replace("rank(", "_xlfn.RANK.EQ(")
    return "".join(parts)


def test_excel_style_save_audits_clean(default_workbook: Path, tmp_path: Path) -> None:
    """Shared formulas (a timeline row stored once), other function spellings and spacing: nothing to report."""
    package = Package.read(default_workbook)
    row = L.CalcLayout(4).option_block.row(1, "running")
    package.share(L.CALC, row, get_column_letter(L.month_col(1)), get_column_letter(L.month_col(36)))
    for sheet in (L.CALC, L.SUMMARY, L.OPTION_PRICES):
        package.rewrite_formulas(sheet, excel_spelling)
    result = audit(package.write(tmp_path / "excel.xlsx"), as_of=AS_OF)
    assert [f.as_dict() for f in result.findings] == []


def test_edit_inside_a_shared_formula_row_is_named_old_to_new(default_workbook: Path, tmp_path: Path) -> None:
    package = Package.read(default_workbook)
    row = L.CalcLayout(4).option_block.row(1, "running")
    month = get_column_letter(L.month_col(7))
    before = package.formula(L.CALC, f"{month}{row}")
    after = re.sub(rf"{month}(\d+)$", lambda m: f"{month}{int(m.group(1)) + 1}", before)  # last reference: next row
    assert after != before
    package.share(L.CALC, row, get_column_letter(L.month_col(1)), get_column_letter(L.month_col(36)))
    package.put(L.CALC, f"{month}{row}", formula=after)
    result = audit(package.write(tmp_path / "edited.xlsx"), as_of=AS_OF)
    found = [f for f in result.findings if f.severity > Severity.INFO]
    assert [(f.location, f.kind) for f in found] == [(f"Calc!{month}{row}", "inconsistent-formula")]
    assert f"from ={before} to ={after}" in found[0].message


@pytest.mark.parametrize(
    ("formula", "external"),
    [
        ("=[1]Sheet1!A1", True),
        ("='[prices.xlsx]Sheet1'!A1*2", True),
        ("=[1]!rate", True),
        ("=SUM(Table1[Cost])", False),
    ],
)
def test_links_to_other_workbooks_are_told_from_table_columns(formula: str, external: bool) -> None:
    assert shape_at(formula, 1, 1).external is external
