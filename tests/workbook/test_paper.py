"""On paper, as LibreOffice exports the workbook to PDF and poppler reads it back: every sentence whole,
no page wider than its paper, no sheet shrunk below a readable size, TRUE/FALSE printed as words, and
one number format per measure."""

from __future__ import annotations

import re
import statistics

import pytest

from tests.support.pdf import Page, overlapping, pdf_pages
from tests.support.workbooks import write
from xlcost.analysis.recommend import recommend_scenario
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout as L
from xlcost.workbook.build import build_workbook
from xlcost.workbook.build_plan import BuildPlan
from xlcost.workbook.recalc import export_pdf

pytestmark = pytest.mark.libreoffice

A4 = {(595, 842), (842, 595)}  # points, portrait and landscape
SOURCE_COLUMNS = (4, 5, 10)  # Inputs: source, comments; where an option's units come from
#: the height of a word's box when 11-point text prints at 40% of its size or more (the line box is ~14 points)
SMALLEST_WORD = 5.0


def _long_sentence() -> Scenario:
    """The default scenario with sensitive data at 100,000 users: the longest sentence the Summary shows
    (a rule's reason, then the cheapest option on cost alone)."""
    scenario = load_scenario("default")
    workload = scenario.workload.model_copy(update={"users_per_day": 100_000})
    situation = scenario.situation.model_copy(update={"sensitive_data": True})
    return scenario.model_copy(update={"name": "long-sentence", "workload": workload, "situation": situation})


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory, soffice: str) -> dict[str, tuple[list[Page], BuildPlan]]:
    """The default workbook and the long-sentence one as printed, with their build plans."""
    folder = tmp_path_factory.mktemp("paper")
    out = {}
    for scenario in (load_scenario("default"), _long_sentence()):
        plan = write(scenario, load_catalog(), folder / f"{scenario.name}.xlsx")
        out[scenario.name] = (pdf_pages(export_pdf(folder / f"{scenario.name}.xlsx", folder / "pdf")), plan)
    return out


def _sheet_text(pages: list[Page], sheet: str) -> str:
    return " ".join(page.text for page in pages if page.sheet == sheet)


@pytest.mark.parametrize("name", ["default", "long-sentence"])
def test_the_recommendation_sentence_prints_whole_on_the_summary_page(
    printed: dict[str, tuple[list[Page], BuildPlan]], name: str
) -> None:
    pages, _ = printed[name]
    scenario = load_scenario("default") if name == "default" else _long_sentence()
    sentence = recommend_scenario(scenario, load_catalog()).sentence
    assert len(sentence) > 150 or name == "default"
    assert sentence in _sheet_text(pages, L.SUMMARY)


def test_every_source_and_comment_on_inputs_prints_whole(printed: dict[str, tuple[list[Page], BuildPlan]]) -> None:
    pages, _ = printed["default"]
    wb, _ = build_workbook(load_scenario("default"))
    ws = wb[L.INPUTS]
    texts = [
        " ".join(cell.value.split())
        for row in ws.iter_rows(min_row=L.TABLE_FIRST_ROW)
        for cell in row
        if cell.column in SOURCE_COLUMNS and isinstance(cell.value, str) and not cell.value.startswith("=")
    ]
    assert max(map(len, texts)) > 200  # where a sized option's units come from, the longest
    printed_text = _sheet_text(pages, L.INPUTS)
    assert [text for text in texts if text not in printed_text] == []


@pytest.mark.parametrize("name", ["default", "long-sentence"])
def test_no_words_print_over_one_another(printed: dict[str, tuple[list[Page], BuildPlan]], name: str) -> None:
    found = [
        f"page {n} ({page.sheet}): {pair}" for n, page in enumerate(printed[name][0], 1) for pair in overlapping(page)
    ]
    assert found == []


@pytest.mark.parametrize("name", ["default", "long-sentence"])
def test_no_page_is_wider_than_its_paper(printed: dict[str, tuple[list[Page], BuildPlan]], name: str) -> None:
    for number, page in enumerate(printed[name][0], start=1):
        assert (round(page.width), round(page.height)) in A4, f"page {number} ({page.sheet})"
        assert all(word.x1 <= page.width and word.y1 <= page.height for word in page.words)


def test_no_sheet_is_shrunk_below_a_readable_size(printed: dict[str, tuple[list[Page], BuildPlan]]) -> None:
    """Calc is left out: it prints a year of months a page across (see test_print.py)."""
    heights = {
        f"page {number} ({page.sheet})": statistics.median(word.y1 - word.y0 for word in page.words)
        for number, page in enumerate(printed["default"][0], start=1)
        if page.sheet != L.CALC
    }
    small = [f"{page}: {height:.1f} pt" for page, height in heights.items() if height < SMALLEST_WORD]
    assert small == []


def test_decision_questions_print_true_or_false(printed: dict[str, tuple[list[Page], BuildPlan]]) -> None:
    """Each question's row reads: the question, its answer, its unit (TRUE / FALSE)."""
    lines = [line for page in printed["long-sentence"][0] if page.sheet == L.INPUTS for line in page.lines]
    answers = {}
    for line in lines:
        found = re.match(r"\s*(.+?)\s{2,}(\S+)\s*TRUE / FALSE", line)
        if found:
            answers[found.group(1)] = found.group(2)
    assert answers["Sensitive data that must not leave the company"] == "TRUE"
    assert answers["Response time matters"] == "FALSE"
    assert set(answers.values()) == {"TRUE", "FALSE"} and len(answers) == 4


def test_cost_per_million_tokens_prints_with_one_number_of_decimals(
    printed: dict[str, tuple[list[Page], BuildPlan]],
) -> None:
    pages, plan = printed["default"]
    summary = _sheet_text(pages, L.SUMMARY)
    for result in plan.comparison.results:
        assert f"{result.cost_per_mtok:,.4f}" in summary, result.profile.name


def test_the_cover_prints_the_scenario_as_a_table_not_json(printed: dict[str, tuple[list[Page], BuildPlan]]) -> None:
    pages, _ = printed["default"]
    cover = _sheet_text(pages, L.COVER)
    assert '{"' not in cover and '": ' not in cover
    lines = [" ".join(line.split()) for page in pages if page.sheet == L.COVER for line in page.lines]
    assert any(line.endswith("workload: users per day 10,000") for line in lines)
    assert any("option 3 rent:a100-80g, Rent 1x A100 80GB (reserved); units 1" in line for line in lines)
    assert any(line.endswith("situation: sensitive data FALSE") for line in lines)
