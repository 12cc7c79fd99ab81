"""Legal but huge xlsx packages, written part by part in a few seconds: each is small on disk, under the
size and zip-bomb limits, and holds far more than an audit reads (shared strings, cell formats, rows)."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from pathlib import Path

import openpyxl

from xlcost.io.xlsx_report import first_sheet

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"


def _with_part(source: Path, target: Path, part: str, chunks: Iterator[str]) -> Path:
    """``source``'s package with ``part`` replaced (or added) by the text of ``chunks``, streamed."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as dst:
        for item in src.infolist():
            if item.filename != part:
                dst.writestr(item.filename, src.read(item.filename))
        with dst.open(part, "w") as out:
            for chunk in chunks:
                out.write(chunk.encode())
    return target


def _blank(path: Path) -> Path:
    book = openpyxl.Workbook()
    first_sheet(book)["A1"] = "x"  # a shared string, so the package lists its sharedStrings part
    book.save(path)
    return path


def _repeated(head: str, count: int, item: str, tail: str, batch: int = 100_000) -> Iterator[str]:
    """``head``, then ``item`` ``count`` times (written a batch at a time), then ``tail``."""
    yield head
    for first in range(0, count, batch):
        yield item * min(batch, count - first)
    yield tail


def shared_strings(path: Path, count: int) -> Path:
    """A workbook whose shared-string table holds ``count`` strings (one cell uses the first)."""
    head = f'<sst xmlns="{MAIN}" count="{count}" uniqueCount="{count}">'
    chunks = _repeated(head, count, "<si><t>x</t></si>", "</sst>")
    return _with_part(_blank(path.with_suffix(".src.xlsx")), path, "xl/sharedStrings.xml", chunks)


def cell_formats(path: Path, count: int) -> Path:
    """A workbook whose styles part lists ``count`` cell formats."""
    head = (
        f'<styleSheet xmlns="{MAIN}"><fonts count="1"><font/></fonts>'
        '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
        '<borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs>'
        f'<cellXfs count="{count}">'
    )
    item = '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    chunks = _repeated(head, count, item, "</cellXfs></styleSheet>")
    return _with_part(_blank(path.with_suffix(".src.xlsx")), path, "xl/styles.xml", chunks)


def empty_rows(path: Path, count: int) -> Path:
    """A workbook whose sheet has ``count`` rows, formatted but holding no cell."""

    def chunks() -> Iterator[str]:
        yield f'<worksheet xmlns="{MAIN}"><sheetData>'
        for first in range(1, count + 1, 100_000):
            yield "".join(
                f'<row r="{r}" ht="20" customHeight="1"/>' for r in range(first, min(first + 100_000, count + 1))
            )
        yield "</sheetData></worksheet>"

    return _with_part(_blank(path.with_suffix(".src.xlsx")), path, "xl/worksheets/sheet1.xml", chunks())
