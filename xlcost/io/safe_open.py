"""Open an untrusted workbook without trusting it: size and zip-bomb limits, no DTDs, no links, no macros run.

The workbook is read once, in openpyxl's read-only mode, keeping each formula and the value Excel
cached for it; it is never written, and its external links and VBA project are never loaded, only noticed.
"""

from __future__ import annotations

import posixpath
import re
import warnings
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import openpyxl
from defusedxml import DefusedXmlException
from openpyxl.worksheet._reader import (  # type: ignore[attr-defined]  # _cast_number: private, not in types-openpyxl
    VALUE_TAG,
    WorkSheetParser,
    _cast_number,
)

from xlcost.errors import XlcostError
from xlcost.io.plain_text import first_line
from xlcost.io.xlsx_budget import check_budgets
from xlcost.limits import MAX_AUDIT_CELLS, shown

MAX_FILE_BYTES = 50 * 1024**2
MAX_UNCOMPRESSED_BYTES = 300 * 1024**2
MAX_MEMBER_RATIO = 200  # a sheet of repeated formulas compresses ~20:1; bombs reach 1000:1
RATIO_FLOOR_BYTES = 1024**2  # tiny parts may compress well without harm
MAX_MEMBERS = 5_000
PROLOG_BYTES = 64 * 1024
_DTD = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_EXTERNAL_LINK = re.compile(r"^xl/externalLinks/externalLink\d+\.xml$")
_EXTERNAL_TARGET = re.compile(r'Target="([^"]+)"')
_APPLICATION = re.compile(r"<Application>([^<]{1,200})</Application>")
_WORKBOOK_RELS = "xl/_rels/workbook.xml.rels"
_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b[^>]*>")
_TYPE = re.compile(r'\bType="([^"]+)"')
_TARGET = re.compile(r'\bTarget="([^"]+)"')


class UnsafeWorkbookError(XlcostError):
    """The file could be an attack (zip bomb, entity expansion) or is not a workbook we can read safely."""


#: how LibreOffice saves a TRUE or FALSE typed into a cell: as a formula
_SAVED_BOOLEANS = {"=TRUE()": True, "=FALSE()": False}


def as_typed(value: object) -> object:
    """The value a user typed: TRUE for LibreOffice's ``=TRUE()`` (its way of saving a typed TRUE)."""
    if isinstance(value, str) and value.upper() in _SAVED_BOOLEANS:
        return _SAVED_BOOLEANS[value.upper()]
    return value


@dataclass
class SheetData:
    """One worksheet: formulas and constants as written, and the values Excel last cached for formulas."""

    name: str
    state: str
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    values: dict[tuple[int, int], object] = field(default_factory=dict)
    cached: dict[tuple[int, int], object] = field(default_factory=dict)
    unlocked: list[tuple[int, int]] = field(default_factory=list)  # cells holding something that take typing

    def value(self, row: int, col: int) -> object:
        """What the cell shows: its constant, or the cached result of its formula (a TRUE or FALSE that
        LibreOffice saved as ``=TRUE()`` reads as typed, cached or not)."""
        key = (row, col)
        if key not in self.formulas:
            return self.values.get(key)
        typed = as_typed(self.formulas[key])
        return typed if isinstance(typed, bool) else self.cached.get(key)


@dataclass
class WorkbookData:
    """Everything the audit reads from a workbook, detached from openpyxl."""

    path: Path
    sheets: dict[str, SheetData]
    defined_names: dict[str, str]  # name (Sheet!name when scoped to a sheet) -> what it refers to
    external_links: list[str]
    has_macros: bool
    application: str | None = None  # what last saved the file (docProps/app.xml), e.g. "LibreOffice/7.4..."

    def sheet(self, name: str) -> SheetData | None:
        """A sheet by name, ignoring case as spreadsheet applications do."""
        found = self.sheets.get(name)
        if found is None:
            folded = name.casefold()
            found = next((s for title, s in self.sheets.items() if title.casefold() == folded), None)
        return found


def check_archive(path: Path) -> zipfile.ZipFile:
    """Refuse oversized files, zip bombs and XML with DTDs before any parser sees them."""
    if not path.is_file():
        raise UnsafeWorkbookError(f"{path}: no such file")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UnsafeWorkbookError(
            f"{path.name}: {size / 1024**2:.0f} MB is over the {MAX_FILE_BYTES // 1024**2} MB limit for audited files"
        )
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise UnsafeWorkbookError(
            f"{path.name}: not an Excel .xlsx/.xlsm file (not a zip package: {exc}); save it as .xlsx"
        ) from None
    try:
        _check_members(path.name, archive)
        _check_sheet_parts(path.name, archive)
        check_budgets(path.name, archive, UnsafeWorkbookError)
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        archive.close()  # e.g. a part whose local name differs from the central directory's
        raise UnsafeWorkbookError(f"{path.name}: damaged zip package ({first_line(exc)})") from None
    except Exception:
        archive.close()
        raise
    return archive


def _check_members(name: str, archive: zipfile.ZipFile) -> None:
    members = archive.infolist()
    if len(members) > MAX_MEMBERS:
        raise UnsafeWorkbookError(f"{name}: {len(members):,} parts in the package (limit {MAX_MEMBERS:,})")
    total = sum(m.file_size for m in members)
    if total > MAX_UNCOMPRESSED_BYTES:
        raise UnsafeWorkbookError(
            f"{name}: unpacks to {total / 1024**2:,.0f} MB (limit {MAX_UNCOMPRESSED_BYTES // 1024**2} MB): "
            "refused as a possible zip bomb"
        )
    names = {m.filename for m in members}
    if "xl/workbook.xml" not in names:
        raise UnsafeWorkbookError(f"{name}: no xl/workbook.xml in the package: not an Excel workbook")
    for member in members:
        if member.flag_bits & 0x1:
            raise UnsafeWorkbookError(f"{name}: part {member.filename} is encrypted; remove the password first")
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_FLOOR_BYTES and ratio > MAX_MEMBER_RATIO:
            raise UnsafeWorkbookError(
                f"{name}: part {member.filename} expands {ratio:,.0f}-fold "
                f"(limit {MAX_MEMBER_RATIO}): refused as a possible zip bomb"
            )
        if member.filename.endswith((".xml", ".rels", ".vml")):
            with archive.open(member) as handle:
                prolog = handle.read(PROLOG_BYTES)
            if _DTD.search(prolog):
                raise UnsafeWorkbookError(
                    f"{name}: part {member.filename} declares a DTD or entities (possible entity-expansion attack)"
                )


def _check_sheet_parts(name: str, archive: zipfile.ZipFile) -> None:
    """Every worksheet the workbook lists must be in the package: openpyxl would skip a missing one."""
    try:
        rels = archive.read(_WORKBOOK_RELS).decode("utf-8", "replace")
    except KeyError:
        return
    present = set(archive.namelist())
    for tag in _RELATIONSHIP.findall(rels):
        kind, target = _TYPE.search(tag), _TARGET.search(tag)
        if not kind or not target or not kind.group(1).endswith("/worksheet"):
            continue
        part = target.group(1).lstrip("/") if target.group(1).startswith("/") else f"xl/{target.group(1)}"
        if posixpath.normpath(part) not in present:
            raise UnsafeWorkbookError(
                f"{name}: the workbook lists sheet part {shown(part)} but the package has no such part: "
                "the file is damaged"
            )


def read_workbook(path: Path | str) -> WorkbookData:
    """Read a workbook for auditing, or raise UnsafeWorkbookError saying why it cannot be read."""
    path = Path(path)
    if not openpyxl.DEFUSEDXML:
        raise UnsafeWorkbookError("defusedxml is not active in openpyxl (OPENPYXL_DEFUSEDXML is set to False)")
    with check_archive(path) as archive:
        names = set(archive.namelist())
        has_macros = any(n.lower().endswith("vbaproject.bin") for n in names)
        try:
            links = [_link_target(archive, n) for n in sorted(names) if _EXTERNAL_LINK.match(n)]
            application = _application(archive) if "docProps/app.xml" in names else None
        except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
            raise UnsafeWorkbookError(f"{path.name}: damaged zip package ({first_line(exc)})") from None
    try:
        data = _load(path, has_macros, links)
    except DefusedXmlException as exc:
        raise UnsafeWorkbookError(f"{path.name}: refused unsafe XML ({type(exc).__name__})") from None
    except UnsafeWorkbookError:
        raise
    except Exception as exc:  # openpyxl signals a malformed package with many exception types
        raise UnsafeWorkbookError(
            f"{path.name}: cannot read the workbook ({type(exc).__name__}: {first_line(exc)})"
        ) from None
    data.application = application
    return data


def _application(archive: zipfile.ZipFile) -> str | None:
    """The application that last saved the file, as its document properties say (read as text, never parsed)."""
    found = _APPLICATION.search(archive.read("docProps/app.xml")[:PROLOG_BYTES].decode("utf-8", "replace"))
    return found.group(1).strip() if found else None


def _link_target(archive: zipfile.ZipFile, member: str) -> str:
    """Where an external link points, read from its relationships part (never opened)."""
    rels = member.replace("externalLinks/", "externalLinks/_rels/") + ".rels"
    try:
        text = archive.read(rels).decode("utf-8", "replace")
    except KeyError:
        return member
    found = _EXTERNAL_TARGET.search(text)
    return found.group(1) if found else member


class _Parser(WorkSheetParser):
    """openpyxl's sheet parser, also keeping each formula's cached value: one pass reads both."""

    def parse_cell(self, element: Element) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if cell["data_type"] == "f":
            cell["cached"] = self._cached(element)
        return cell

    def _cached(self, element: Element) -> object:
        text = element.findtext(VALUE_TAG)
        if not text:  # openpyxl writes an empty <v/> for formulas it never calculated
            return None
        kind = element.get("t", "n")
        if kind == "n":
            return _cast_number(text)
        if kind == "b":
            return text == "1"
        if kind == "s":
            return self.shared_strings[int(text)]
        return text  # "str" results and "e" errors such as #REF!


def _load(path: Path, has_macros: bool, links: list[str]) -> WorkbookData:
    sheets: dict[str, SheetData] = {}
    read = 0
    with warnings.catch_warnings():  # e.g. "no default style" from Gnumeric files: nothing the auditor can act on
        warnings.simplefilter("ignore", UserWarning)
        book = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False, keep_vba=False)
    try:
        defined = {name: str(dn.attr_text) for name, dn in book.defined_names.items()}
        for ws in book.worksheets:  # names scoped to one sheet, as Excel shows them: Sheet!name
            defined |= {f"{ws.title}!{name}": str(dn.attr_text) for name, dn in ws.defined_names.items()}
        internals: Any = book  # the reader's private state, which types-openpyxl leaves out
        unlocked_styles = {
            i for i, style in enumerate(internals._cell_styles) if not internals._protections[style.protectionId].locked
        }
        for ws in book.worksheets:
            sheet = SheetData(ws.title, ws.sheet_state)
            reader: Any = ws  # as above
            parser = _Parser(
                reader._get_source(),
                reader._shared_strings,
                data_only=False,
                epoch=book.epoch,
                date_formats=internals._date_formats,
                timedelta_formats=internals._timedelta_formats,
            )
            for _, cells in parser.parse():
                read += len(cells)
                if read > MAX_AUDIT_CELLS:
                    raise UnsafeWorkbookError(
                        f"{path.name}: more than {MAX_AUDIT_CELLS:,} cells (the limit for audited workbooks)"
                    )
                for cell in cells:
                    value = cell["value"]
                    if value is None:
                        continue
                    key = (cell["row"], cell["column"])
                    if cell["style_id"] in unlocked_styles:
                        sheet.unlocked.append(key)
                    if cell["data_type"] == "f":
                        sheet.formulas[key] = str(getattr(value, "text", value))
                        sheet.cached[key] = cell["cached"]
                    else:
                        sheet.values[key] = value
            sheets[ws.title] = sheet
    finally:
        book.close()
    return WorkbookData(path, sheets, defined, links, has_macros)
