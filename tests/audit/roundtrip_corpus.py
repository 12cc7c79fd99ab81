"""Generated workbooks saved unchanged by real spreadsheet applications, and tampered afterwards.

Tampering edits the saved package's XML directly, the way an edit in the application changes one
cell, so everything else the application wrote (its formula spelling, its cached values) is kept.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, unescape

import openpyxl
from openpyxl.utils import column_index_from_string, get_column_letter

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_PACKAGE_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_FORMULA = re.compile(r"(<f>|<f\s[^>]*?[^/]>)(.*?)(</f>)", re.DOTALL)  # not the empty <f .../> of a shared formula


def save_with_openpyxl(source: Path, target: Path) -> Path:
    book = openpyxl.load_workbook(source)
    book.save(target)
    return target


@dataclass(frozen=True)
class Package:
    """A saved .xlsx as its parts, with the sheet part behind each sheet name."""

    parts: dict[str, bytes]
    sheet_parts: dict[str, str]

    @classmethod
    def read(cls, path: Path) -> Package:
        with zipfile.ZipFile(path) as archive:
            parts = {name: archive.read(name) for name in archive.namelist()}
        rels = ET.fromstring(parts["xl/_rels/workbook.xml.rels"])
        targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(_PACKAGE_RELS)}
        sheets = ET.fromstring(parts["xl/workbook.xml"]).iter(f"{_MAIN}sheet")
        sheet_parts = {
            s.get("name", ""): "xl/" + targets[s.get(_REL_ID)].lstrip("/").removeprefix("xl/") for s in sheets
        }
        return cls(parts, sheet_parts)

    def write(self, path: Path) -> Path:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in self.parts.items():
                archive.writestr(name, data)
        return path

    def _cell(self, sheet: str, coord: str) -> tuple[str, re.Match[str]]:
        part = self.sheet_parts[sheet]
        found = re.search(rf'<c r="{coord}"(?=[\s/>])([^>]*?)(?:/>|>.*?</c>)', self.parts[part].decode(), re.DOTALL)
        assert found, f"{sheet}!{coord} not in {part}"
        return part, found

    def formula(self, sheet: str, coord: str) -> str:
        _, cell = self._cell(sheet, coord)
        found = _FORMULA.search(cell.group())
        assert found, f"{sheet}!{coord} holds no formula"
        return unescape(found.group(2))

    def put(self, sheet: str, coord: str, *, number: float | None = None, formula: str | None = None) -> None:
        """Replace one cell's content with a number or a formula (without a cached value), keeping its style."""
        self.replace(sheet, coord, f"<v>{number!r}</v>" if formula is None else f"<f>{escape(formula)}</f>")

    def replace(self, sheet: str, coord: str, body: str) -> None:
        """Replace one cell's XML content with ``body``, keeping its address and style."""
        part, cell = self._cell(sheet, coord)
        style = re.search(r'\ss="\d+"', cell.group(1))
        new = f'<c r="{coord}"{style.group() if style else ""}>{body}</c>'
        text = self.parts[part].decode()
        self.parts[part] = (text[: cell.start()] + new + text[cell.end() :]).encode()

    def share(self, sheet: str, row: int, first_col: str, last_col: str) -> None:
        """Write a row of formulas as one shared formula, as Excel saves a row filled across."""
        first, last = column_index_from_string(first_col), column_index_from_string(last_col)
        master = escape(self.formula(sheet, f"{first_col}{row}"))
        self.replace(
            sheet, f"{first_col}{row}", f'<f t="shared" ref="{first_col}{row}:{last_col}{row}" si="0">{master}</f>'
        )
        for col in range(first + 1, last + 1):
            self.replace(sheet, f"{get_column_letter(col)}{row}", '<f t="shared" si="0"/>')

    def rewrite_formulas(self, sheet: str, rewrite: Callable[[str], str]) -> None:
        """Apply ``rewrite`` to the text of every formula on a sheet (as another application might spell it)."""
        part = self.sheet_parts[sheet]
        text = re.sub(
            _FORMULA,
            lambda m: m.group(1) + escape(rewrite(unescape(m.group(2)))) + m.group(3),
            self.parts[part].decode(),
        )
        self.parts[part] = text.encode()

    def hide(self, sheet: str) -> None:
        text = self.parts["xl/workbook.xml"].decode()
        found = re.search(rf'<sheet [^>]*name="{sheet}"[^>]*>', text)
        assert found, sheet
        tag = re.sub(r'\sstate="\w+"', "", found.group()).replace("<sheet ", '<sheet state="hidden" ', 1)
        self.parts["xl/workbook.xml"] = (text[: found.start()] + tag + text[found.end() :]).encode()

    def link_external(self, sheet: str, coord: str) -> None:
        """A formula reading another workbook, and the external-link parts Excel writes for it."""
        self.put(sheet, coord, formula="[1]Sheet1!A1")
        self.parts["xl/externalLinks/externalLink1.xml"] = (
            b'<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>'
            b"</externalLink>"
        )
        self.parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
            b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            b'externalLinkPath" Target="file:///C:/finance/prices.xlsx" TargetMode="External"/></Relationships>'
        )
