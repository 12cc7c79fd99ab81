"""A workbook's PDF as a reader sees it, through poppler's pdftotext: each page's sheet, its words in
reading order and as laid out, and where each word sits, so tests can find a sentence whole, words
printed over one another, or a page wider than its paper."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.programs import require_program

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>')
_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')
#: boxes are the font's full height, so the lines of one wrapped cell touch: they overlap by less than this
TOUCHING = 2.0


@dataclass(frozen=True)
class Word:
    x0: float
    y0: float
    x1: float
    y1: float
    text: str


@dataclass(frozen=True)
class Page:
    sheet: str  # from the footer: "<sheet>  Page n of N"
    text: str  # words in reading order, one space between them (a wrapped cell's lines joined)
    lines: list[str]  # the page's lines as laid out, with a row's cells side by side
    width: float
    height: float
    words: list[Word]


def pdf_pages(pdf: Path) -> list[Page]:
    pdftotext = require_program("pdftotext", "Debian package poppler-utils")

    def run(*options: str) -> str:
        return subprocess.run([pdftotext, *options, str(pdf), "-"], capture_output=True, text=True, check=True).stdout

    texts, laid_out, boxes = run(), run("-layout"), run("-bbox")
    pages = []
    for text, lines, box in zip(texts.split("\f"), laid_out.split("\f"), boxes.split("<page ")[1:], strict=False):
        found = _PAGE.match("<page " + box)
        assert found is not None, "pdftotext -bbox gave a page without its size"
        words = [Word(float(x0), float(y0), float(x1), float(y1), text) for x0, y0, x1, y1, text in _WORD.findall(box)]
        sheet = lines.strip().splitlines()[-1].split()[0]
        width, height = map(float, found.groups())
        pages.append(Page(sheet, " ".join(text.split()), lines.splitlines(), width, height, words))
    return pages


def overlapping(page: Page) -> list[str]:
    """Pairs of words printed over one another (a heading over the row under it, a label over a figure)."""
    found = []
    words = sorted(page.words, key=lambda w: w.y0)
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            if b.y0 >= a.y1 - TOUCHING:
                break
            if a.x0 < b.x1 - TOUCHING and b.x0 < a.x1 - TOUCHING:
                found.append(f"{a.text!r} over {b.text!r}")
    return found
