"""Hostile and broken workbooks for the audit tests, built on the fly (nothing binary is committed)."""

from __future__ import annotations

import zipfile
from pathlib import Path

from openpyxl import Workbook

from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.loader import columns_for
from xlcost.core.catalog.rows import Ranged, Row
from xlcost.io.xlsx_report import first_sheet


def plain_workbook(path: Path) -> Path:
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = "Calc"
    ws["A1"] = 5
    ws["B1"] = "=A1"
    wb.save(path)
    return path


def add_parts(source: Path, target: Path, parts: dict[str, bytes], replace: dict[str, bytes] | None = None) -> Path:
    """Copy a package, replacing some parts and adding others."""
    replace = replace or {}
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item.filename, replace.get(item.filename, src.read(item.filename)))
        for name, data in parts.items():
            dst.writestr(name, data)
    return target


def zip_bomb(path: Path) -> Path:
    """A valid-looking package whose one sheet part inflates a thousandfold."""
    base = plain_workbook(path.with_name("bomb-base.xlsx"))
    return add_parts(base, path, {"xl/worksheets/padding.xml": b"<x>" + b"0" * 20_000_000 + b"</x>"})


def billion_laughs(path: Path) -> Path:
    """Shared strings declaring nested entities (the 'billion laughs' expansion)."""
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE sst [{entities}]>'
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
        "<si><t>&lol9;</t></si></sst>"
    ).encode()
    wb = Workbook()
    first_sheet(wb)["A1"] = "text"
    base = path.with_name("laughs-base.xlsx")
    wb.save(base)
    return add_parts(base, path, {"xl/sharedStrings.xml": xml})


def external_link(path: Path) -> Path:
    """A formula reading another workbook, and the external-link part Excel writes for it."""
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = "Calc"
    ws["A1"] = "='[prices.xlsx]Sheet1'!A1*2"
    base = path.with_name("link-base.xlsx")
    wb.save(base)
    link = (
        b'<?xml version="1.0"?><externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<externalBook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" r:id="rId1"/>'
        b"</externalLink>"
    )
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'externalLinkPath" Target="file:///C:/finance/prices.xlsx" TargetMode="External"/></Relationships>'
    )
    return add_parts(
        base, path, {"xl/externalLinks/externalLink1.xml": link, "xl/externalLinks/_rels/externalLink1.xml.rels": rels}
    )


def macro_workbook(path: Path) -> Path:
    base = plain_workbook(path.with_name("macro-base.xlsx"))
    return add_parts(base, path, {"xl/vbaProject.bin": b'\xd0\xcf\x11\xe0 Attribute VB_Name = "Module1"'})


def catalog_sheet(path: Path, edits: dict[tuple[str, str], object] | None = None, file: str = "api.csv") -> Path:
    """One catalog table written the way a price sheet lays it out, with some cells edited."""
    catalog = load_catalog()
    model_rows = catalog.table(file)
    columns = columns_for(type(next(iter(model_rows.values()))))
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = "Prices"
    ws.append(columns)
    for ident, row in model_rows.items():
        values = []
        for column in columns:
            value = _column_value(row, column)
            values.append((edits or {}).get((ident, column), value))
        ws.append(values)
    wb.save(path)
    return path


def _column_value(row: Row, column: str) -> object:
    for part in ("_low", "_high"):
        field = column.removesuffix(part)
        if column.endswith(part) and isinstance(getattr(row, field, None), Ranged):
            return getattr(getattr(row, field), part[1:])
    value = getattr(row, column, None)
    return value


def deleted_sheet(path: Path) -> Path:
    """Formulas left pointing at a sheet that was deleted: Excel rewrites them to #REF!."""
    wb = Workbook()
    ws = first_sheet(wb)
    ws.title = "Summary"
    ws["A1"] = "total"
    ws["B1"] = "=#REF!B2+#REF!B3"
    ws["B2"] = "=SUM(#REF!)"
    wb.save(path)
    return path
