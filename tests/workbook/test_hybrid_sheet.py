"""The Hybrid sheet recalculated by LibreOffice equals the core, and moves its optimum when finance edits a price."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests.support import usage_exports as F
from tests.support.cli import xlcost
from tests.support.pdf import overlapping, pdf_pages
from tests.support.workbooks import recalculated
from xlcost.analysis.traffic.hybrid import HybridCurve, OverflowApi, hybrid_curve
from xlcost.analysis.traffic.study import HybridStudy, hybrid_context, hybrid_study
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook.hybrid_sheet import CELL, FIRST, SHEET
from xlcost.workbook.recalc import export_pdf

OWN, OVERFLOW = "rent:a100-80g", "api:gpt-4o"
# API prices per 1M (input, output) finance might type in: the catalog's, a cheap API, a dear one.
PRICES = {"catalog": (18, 72), "cheap": (2, 8), "dear": (40, 150)}


@pytest.fixture(scope="module")
def study_and_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[HybridStudy, Path]:
    folder = tmp_path_factory.mktemp("hybrid")
    usage = F.write_plain_csv(folder / "usage.csv", F.hours())
    book = folder / "catalog.xlsx"
    # seed 002's scenario A keeps the seed's 180 tok/s per GPU, which the expected optimum below is worked from
    done = xlcost(
        "hybrid", "-s", "seed-002-a", "--usage", str(usage), "--own", OWN, "--overflow", OVERFLOW, "-o", str(book)
    )
    assert done.returncode == 0, done.stderr
    catalog = load_catalog()
    context = hybrid_context(load_scenario("seed-002-a"), catalog)
    return hybrid_study(context, catalog, own=OWN, overflow=OVERFLOW, usage=[usage]), book


@pytest.fixture(scope="module")
def recalculated_books(
    study_and_book: tuple[HybridStudy, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, openpyxl.Workbook]:
    _, book = study_and_book
    paths = [book]
    for name in ("cheap", "dear"):
        wb = openpyxl.load_workbook(book)
        ws = wb[SHEET]
        ws[f"B{CELL['price_in']}"], ws[f"B{CELL['price_cached']}"] = PRICES[name][0], PRICES[name][0]
        ws[f"B{CELL['price_out']}"] = PRICES[name][1]
        paths.append(book.with_name(f"{name}.xlsx"))
        wb.save(paths[-1])
    return recalculated(paths, tmp_path_factory.mktemp("recalc"))


def _core_curve(study: HybridStudy, name: str) -> HybridCurve:
    row = study.api.row.model_copy(update={"input_per_mtok": PRICES[name][0], "output_per_mtok": PRICES[name][1]})
    api = OverflowApi(OVERFLOW, row, study.api.fx, study.api.cached_share)
    unit = study.unit
    return hybrid_curve(
        study.demand, unit.monthly_cost, study.capacity_per_unit, unit.min_units, api.bill, unit.gpus_per_replica
    )


@pytest.mark.libreoffice
@pytest.mark.parametrize("name", list(PRICES))
def test_libreoffice_cost_curve_equals_the_core(
    study_and_book: tuple[HybridStudy, Path], recalculated_books: dict[str, openpyxl.Workbook], name: str
) -> None:
    study, _ = study_and_book
    curve = study.curve if name == "catalog" else _core_curve(study, name)
    ws = recalculated_books[name][SHEET]
    for n in curve.units:
        r = FIRST + int(n)
        assert ws[f"G{r}"].value == pytest.approx(curve.monthly_cost[n], rel=1e-9), f"cost({n})"
        assert ws[f"H{r}"].value == pytest.approx(curve.local_share[n], rel=1e-9, abs=1e-12), f"local share({n})"
        assert ws[f"I{r}"].value == pytest.approx(curve.overflow_hours[n], rel=1e-9), f"overflow hours({n})"
    assert ws[f"B{CELL['best_units']}"].value == curve.best
    assert ws[f"B{CELL['best_cost']}"].value == pytest.approx(curve.monthly_cost[curve.best], rel=1e-9)


@pytest.mark.libreoffice
def test_the_optimum_moves_with_the_price(recalculated_books: dict[str, openpyxl.Workbook]) -> None:
    best = {name: book[SHEET][f"B{CELL['best_units']}"].value for name, book in recalculated_books.items()}
    # catalog prices: own the base unit; a cheap API: own nothing; a dear API: own for the peak (5 units)
    assert best == {"catalog": 1, "cheap": 0, "dear": 5}


def test_sheet_has_live_formulas_and_editable_prices(study_and_book: tuple[HybridStudy, Path]) -> None:
    _, book = study_and_book
    ws = openpyxl.load_workbook(book)[SHEET]
    assert ws[f"G{FIRST + 1}"].value == f"=E{FIRST + 1}+F{FIRST + 1}"
    assert ws[f"C{FIRST + 1}"].value.startswith("=SUMPRODUCT(")
    for name in ("unit_cost", "price_in", "price_out", "headroom"):
        assert ws[f"B{CELL[name]}"].protection.locked is False
    assert ws[f"B{CELL['best_units']}"].value.startswith("=INDEX(")
    assert len(ws._charts) == 2  # type: ignore[attr-defined]  # openpyxl keeps the charts private


def test_the_workbook_is_not_overwritten_without_force(study_and_book: tuple[HybridStudy, Path]) -> None:
    _, book = study_and_book
    before = book.read_bytes()
    done = xlcost("hybrid", "-s", "default", "--own", OWN, "--overflow", OVERFLOW, "-o", str(book))
    assert done.returncode == 2 and "--force" in done.stderr and book.read_bytes() == before


@pytest.mark.libreoffice
def test_libreoffice_counts_whole_replicas_of_an_engine_sized_70b_model(tmp_path: Path) -> None:
    scenario = tmp_path / "rag.yaml"
    scenario.write_text(
        "name: rag\nworkload: {users_per_day: 300000}\nmodel_size: 32b-70b\noptions: [rent:a100-80g]\n",
        encoding="utf-8",
    )
    book = tmp_path / "rag.xlsx"
    done = xlcost("hybrid", "-s", str(scenario), "--own", OWN, "--overflow", "api:deepseek-v3", "-o", str(book))
    assert done.returncode == 0, done.stderr
    catalog = load_catalog()
    study = hybrid_study(
        hybrid_context(load_scenario(str(scenario)), catalog), catalog, own=OWN, overflow="api:deepseek-v3"
    )
    assert study.unit.gpus_per_replica > 1
    ws = recalculated([book], tmp_path / "recalc")["rag"][SHEET]
    assert ws[f"B{CELL['per_replica']}"].value == study.unit.gpus_per_replica
    for n in study.curve.units:
        r = FIRST + int(n)
        assert ws[f"B{r}"].value == pytest.approx(study.curve.capacity_per_hour[n], rel=1e-9), f"capacity({n})"
        assert ws[f"G{r}"].value == pytest.approx(study.curve.monthly_cost[n], rel=1e-9), f"cost({n})"
    assert ws[f"B{CELL['best_units']}"].value == study.curve.best


def test_the_printed_sheet_has_no_heading_over_its_first_row(
    study_and_book: tuple[HybridStudy, Path], tmp_path: Path
) -> None:
    """Wrapped headings ("Capacity (output tokens/h)") get their lines; chart labels do not run together."""
    _, book = study_and_book
    pages = pdf_pages(export_pdf(book, tmp_path))
    assert [f"page {n}: {pair}" for n, page in enumerate(pages, 1) for pair in overlapping(page)] == []
    assert "Overflow output tokens (period)" in pages[0].text
