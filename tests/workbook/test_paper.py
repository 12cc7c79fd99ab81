"""On paper, as LibreOffice exports the workbook to PDF and poppler reads it back: every sentence whole,
no page wider than its paper, no sheet shrunk below a readable size, TRUE/FALSE printed as words, and
one number format per measure."""

from __future__ import annotations

import re
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.programs import require_program
from tests.support.workbooks import write
from xlcost.analysis.recommend import recommend_scenario
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout as L
from xlcost.workbook.build import build_workbook
from xlcost.workbook.recalc import export_pdf

pytestmark = pytest.mark.libreoffice

A4 = {(595, 842), (842, 595)}
SOURCE_COLUMNS = (
    4,
    5,
    10,
)  # Inputs: source, comments; where an option's units come from  # points, portrait and landscape
#: the height of a word's box when 11-point text prints at 40% of its size or more (the line box is ~14 points)
SMALLEST_WORD = 5.0
_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


def _long_sentence() -> Scenario:
    """The default scenario with sensitive data at 100,000 users: the longest sentence the Summary shows
    (a rule's reason, then the cheapest option on cost alone)."""
    scenario = load_scenario("default")
    workload = scenario.workload.model_copy(update={"users_per_day": 100_000})
    situation = scenario.situation.model_copy(update={"sensitive_data": True})
    return scenario.model_copy(update={"name": "long-sentence", "workload": workload, "situation": situation})


@dataclass(frozen=True)
class Page:
    sheet: str
    text: str  # words in reading order, one space between them (a wrapped cell's lines joined)
    lines: list[str]  # the page's lines as laid out, with a row's cells side by side
    width: float
    height: float
    words: list[tuple[float, float, float, float]]  # each word's box: x min, y min, x max, y max


def _pages(pdf: Path) -> list[Page]:
    pdftotext = require_program("pdftotext", "Debian package poppler-utils")

    def run(*options: str) -> str:
        return subprocess.run([pdftotext, *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout

    texts, laid_out, boxes = run(), run("-layout"), run("-bbox")
    pages = []
    for text, lines, box in zip(texts.split("\f"), laid_out.split("\f"), boxes.split("<page ")[1:], strict=False):
        width, height = map(float, _PAGE.match("<page " + box).groups())  # type: ignore[union-attr]
        words = [tuple(map(float, w[:4])) for w in _WORD.findall(box)]
        sheet = lines.strip().splitlines()[-1].split()[0]  # the footer: "<sheet>  Page n of N"
        page = Page(sheet, " ".join(text.split()), lines.splitlines(), width, height, words)  # type: ignore[arg-type]
        pages.append(page)
    return pages


@pytest.fixture(scope="module")
def printed(tmp_path_factory, soffice) -> dict[str, tuple[list[Page], object]]:
    """The default workbook and the long-sentence one as printed, with their build plans."""
    folder = tmp_path_factory.mktemp("paper")
    out = {}
    for scenario in (load_scenario("default"), _long_sentence()):
        plan = write(scenario, load_catalog(), folder / f"{scenario.name}.xlsx")
        out[scenario.name] = (_pages(export_pdf(folder / f"{scenario.name}.xlsx", folder / "pdf")), plan)
    return out


def _sheet_text(pages: list[Page], sheet: str) -> str:
    return " ".join(page.text for page in pages if page.sheet == sheet)


@pytest.mark.parametrize("name", ["default", "long-sentence"])
def test_the_recommendation_sentence_prints_whole_on_the_summary_page(printed, name):
    pages, _ = printed[name]
    scenario = load_scenario("default") if name == "default" else _long_sentence()
    sentence = recommend_scenario(scenario, load_catalog()).sentence
    assert len(sentence) > 150 or name == "default"
    assert sentence in _sheet_text(pages, L.SUMMARY)


def test_every_source_and_comment_on_inputs_prints_whole(printed):
    pages, _ = printed["default"]
    wb, _ = build_workbook(load_scenario("default"))
    ws = wb[L.INPUTS]
    texts = [
        " ".join(cell.value.split())
        for row in ws.iter_rows(min_row=L.TABLE_FIRST_ROW)
        for cell in row
        if cell.column in SOURCE_COLUMNS and isinstance(cell.value, str) and not cell.value.startswith("=")
    ]
    assert any(text.startswith("sized by xlcost") and len(text) > 200 for text in texts)  # the longest one
    printed_text = _sheet_text(pages, L.INPUTS)
    assert [text for text in texts if text not in printed_text] == []


@pytest.mark.parametrize("name", ["default", "long-sentence"])
def test_no_page_is_wider_than_its_paper(printed, name):
    for number, page in enumerate(printed[name][0], start=1):
        assert (round(page.width), round(page.height)) in A4, f"page {number} ({page.sheet})"
        assert all(x_max <= page.width and y_max <= page.height for _, _, x_max, y_max in page.words)


def test_no_sheet_is_shrunk_below_a_readable_size(printed):
    """Calc is left out: it prints a year of months a page across (see test_print.py)."""
    small = [
        f"page {number} ({page.sheet}): {statistics.median(y1 - y0 for _, y0, _, y1 in page.words):.1f} pt"
        for number, page in enumerate(printed["default"][0], start=1)
        if page.sheet != L.CALC and statistics.median(y1 - y0 for _, y0, _, y1 in page.words) < SMALLEST_WORD
    ]
    assert small == []


def test_decision_questions_print_true_or_false(printed):
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


def test_cost_per_million_tokens_prints_with_one_number_of_decimals(printed):
    pages, plan = printed["default"]
    summary = _sheet_text(pages, L.SUMMARY)
    for result in plan.comparison.results:
        assert f"{result.cost_per_mtok:,.4f}" in summary, result.profile.name


def test_the_cover_prints_the_scenario_as_a_table_not_json(printed):
    pages, _ = printed["default"]
    cover = _sheet_text(pages, L.COVER)
    assert '{"' not in cover and '": ' not in cover
    lines = [" ".join(line.split()) for page in pages if page.sheet == L.COVER for line in page.lines]
    assert any(line.endswith("workload: users per day 10,000") for line in lines)
    assert any("option 3 rent:a100-80g, Rent 1x A100 80GB (reserved); units 1" in line for line in lines)
    assert any(line.endswith("situation: sensitive data FALSE") for line in lines)
