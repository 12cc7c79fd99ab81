"""The workbook prints as a pack finance can take to a meeting: LibreOffice's PDF export is short,
opens with the Cover and the Summary, and no column is too narrow for what it shows."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.support.programs import require_program
from tests.support.typed import present, text
from tests.support.workbooks import write
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout as L
from xlcost.workbook.build import build_workbook
from xlcost.workbook.recalc import export_pdf

MAX_PAGES = 45  # wide sheets print across pages at half size rather than shrink onto one


def _pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (poppler's pdftotext; pages are separated by form feeds)."""
    pdftotext = require_program("pdftotext", "Debian package poppler-utils")
    text = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return text.split("\f")[:-1]


@pytest.fixture(scope="module")
def default_pdf(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> list[str]:
    folder = tmp_path_factory.mktemp("print")
    write(load_scenario("default"), load_catalog(), folder / "default.xlsx")
    return _pdf_pages(export_pdf(folder / "default.xlsx", folder / "pdf"))


def test_default_workbook_prints_in_at_most_45_pages(default_pdf: list[str]) -> None:
    assert 0 < len(default_pdf) <= MAX_PAGES


def test_cover_and_summary_are_the_first_two_pages(default_pdf: list[str]) -> None:
    footers = [page.strip().splitlines()[-1].split() for page in default_pdf]
    assert footers[0][0] == L.COVER and footers[1][0] == L.SUMMARY
    assert "Breakeven between each pair" in default_pdf[1]  # the whole Summary fits its page
    assert footers[-1][-4:] == ["Page", str(len(default_pdf)), "of", str(len(default_pdf))]


def test_calc_prints_a_year_of_months_a_page_with_its_labels_repeated(default_pdf: list[str]) -> None:
    calc = [page for page in default_pdf if page.strip().splitlines()[-1].startswith(L.CALC)]
    month_rows = {
        next(
            tuple(map(int, w[1:])) for w in map(str.split, page.splitlines()) if w[:1] == ["Month"] and w[1:2] != ["k"]
        )
        for page in calc
    }
    assert month_rows == {tuple(range(1, 13)), tuple(range(13, 25)), tuple(range(25, 37))}
    assert all("Cash cost (total = TCO)" in page or "pair" in page for page in calc)


@pytest.mark.parametrize("name", ["default", "seed-002-c"])
def test_every_sheet_has_a_print_setup(name: str) -> None:
    wb, _ = build_workbook(load_scenario(name))
    for ws in wb.worksheets:
        assert ws.print_area, ws.title
        assert ws.oddFooter is not None
        assert "&A" in text(ws.oddFooter.left.text) and "&P" in text(ws.oddFooter.right.text), ws.title
        assert ws.page_setup.paperSize is not None and int(ws.page_setup.paperSize) == int(ws.PAPERSIZE_A4)
        if ws.title == L.CALC:
            assert ws.print_title_rows == f"${L.MONTH_ROW}:${L.CALC_HEADER_ROW}"
            assert ws.page_setup.fitToWidth == -(-wb[L.CALC].max_column + L.FIRST_MONTH_COL - 1) // 12
        elif present(ws.sheet_properties.pageSetUpPr).fitToPage:
            assert ws.page_setup.fitToWidth == 1, ws.title
        else:  # too wide to shrink onto one page: split across pages, the first column on each
            assert ws.page_setup.scale == 50 and ws.print_title_cols == "$A:$A", ws.title
    assert wb[L.SUMMARY].page_setup.fitToHeight == 1 and wb[L.COVER].page_setup.fitToHeight == 1
    assert not present(wb[L.SENSITIVITY].sheet_properties.pageSetUpPr).fitToPage  # about 30 columns: never on one width


def test_summary_columns_fit_what_they_show() -> None:
    wb, plan = build_workbook(load_scenario("seed-002-b"))
    ws = wb[L.SUMMARY]
    width = {col: ws.column_dimensions[col].width for col in "ABCDEFGHIJ"}
    longest_name = max(len(o.name) for o in plan.options)
    assert width["B"] >= longest_name and width["C"] >= max(len(o.key) for o in plan.options)
    assert width["E"] >= len(wb[L.LISTS]["B10"].value)  # "none within horizon" in the breakeven column
    largest = max(r.tco for r in plan.comparison.results)
    assert width["G"] >= len(f"{largest:,.2f}")


def test_summary_page_shows_names_keys_and_texts_uncut(default_pdf: list[str]) -> None:
    plan = build_workbook(load_scenario("default"))[1]
    summary = " ".join(default_pdf[1].split())  # words as printed, wrapped lines joined
    for option in plan.options:
        assert option.name in summary and option.key in summary
    assert "none within horizon" in summary  # the default's breakevens: none within 36 months
    assert plan.comparison.cheapest.profile.name in summary


@pytest.mark.parametrize("name", ["default", "seed-002-c", "seed-003-team30"])
def test_text_beside_a_filled_cell_fits_its_column_or_wraps(name: str) -> None:
    """What the eye checks on screen: no label is cut by the next column."""
    wb, _ = build_workbook(load_scenario(name))
    cut = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                right = ws._cells.get((present(cell.row), present(cell.column) + 1))
                if (
                    not isinstance(cell.value, str)
                    or cell.value.startswith("=")
                    or right is None
                    or right.value is None
                ):
                    continue
                width = ws.column_dimensions[cell.column_letter].width
                wraps = cell.alignment is not None and cell.alignment.wrap_text
                if len(cell.value) > width and not wraps:
                    cut.append(f"{ws.title}!{cell.coordinate} ({len(cell.value)} > {width:g}): {cell.value[:40]}")
    assert cut == []


def test_a_summary_of_many_options_prints_one_page_wide_and_as_many_tall() -> None:
    """Sixteen options have 120 breakeven pairs: on one page they would print too small to read."""
    many = Scenario.model_validate({"options": [{"key": "rent:a100-80g", "units": n} for n in range(1, 17)]})
    wb, _ = build_workbook(many)
    ws = wb[L.SUMMARY]
    assert ws.page_setup.fitToWidth == 1 and ws.page_setup.fitToHeight == 0
    assert wb[L.COVER].page_setup.fitToHeight == 1  # the Cover counts the options rather than list them
