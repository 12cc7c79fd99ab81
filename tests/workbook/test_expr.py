"""The formula language: each expression's printed text, recalculated by LibreOffice, gives the value its
evaluator computed (operator precedence, blanks, text, errors, ranges, the LOOKUP idiom)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from openpyxl.workbook.defined_name import DefinedName

from tests.support.workbooks import differences, formula_values
from xlcost.io.xlsx_report import first_sheet
from xlcost.workbook.build import workbook_bytes
from xlcost.workbook.cells import Book
from xlcost.workbook.expr import Cell, CellRange, Expr, LastWhere, Name, Num, Text, call
from xlcost.workbook.recalc import recalculate_all

A, B, C, BLANK, WORD = (Cell("S", 1, col) for col in (1, 2, 3, 4, 5))  # 7, 2, 3, (blank), "Word"
ROW = CellRange("S", 2, 1, 2, 6)  # 5, -1, 0, 4, -2, -3
MONTHS = CellRange("S", 3, 1, 3, 6)  # 1..6

EXPRESSIONS: dict[str, Expr] = {
    "minus of a difference": A - (B - C),
    "difference minus": A - B - C,
    "divided by a product": A / (B * C),
    "quotient times": A / B * C,
    "power of a sum": (A + B) ** (C - 1),
    "reciprocal of a power": 1 / (1 + B) ** C,
    "power of a power": (B**C) ** B,
    "comparison of sums": call("IF", (A + B).gt(C * B), 1, 0),
    "blank in arithmetic": BLANK + A,
    "blank tested": call("ISBLANK", BLANK),
    "text compared case-insensitively": WORD.eq(call("INDEX", CellRange("S", 1, 5, 1, 5), 1, 1)),
    "text in arithmetic": WORD + 1,
    "division by zero": A / (B - B),
    "error caught": call("IFERROR", A / (C - C), 12),
    "match not found": call("ISNA", call("MATCH", Num(100), ROW, 0)),
    "index with two indexes": call("INDEX", ROW, 1, 4),
    "sum, max, min of a row": call("SUM", ROW) + call("MAX", ROW) * 100 + call("MIN", ROW),
    "sumproduct of an expression": call("SUMPRODUCT", (1 + B / 100) ** (MONTHS - 1), ROW.gt(0) + 0),
    "last positive month": LastWhere(ROW.gt(0), MONTHS),
    "no positive month": call("IFERROR", LastWhere(ROW.gt(100), MONTHS), 0),
    "and, or, int, abs": call(
        "IF", call("AND", call("OR", A.lt(0), B.gt(1)), call("INT", C / B).eq(1)), call("ABS", B - A), 0
    ),
    "rank ascending": call("RANK", Cell("S", 2, 4), ROW, 1),
    "columns": call("COLUMNS", ROW),
    "text of a month, rounded half up": call("TEXT", A / 8 + 0.0025, Text("0.00")),  # 0.8775 shows 0.88
    "text of money past 28 digits": call("TEXT", A * Num(1e30), Text("#,##0")),  # growth typed as 5, not 0.05
    "min over a name of one text cell": call("MIN", Name("word")) + call("MAX", Name("word"), A),
    "index of one cell": call("INDEX", CellRange("S", 1, 1, 1, 1), 1, C - B).cat(call("INDEX", Name("word"), 1, 1)),
    "index of one cell, out of it": call("ISNA", call("INDEX", CellRange("S", 1, 1, 1, 1), 1, C)),
    "last positive of one month": LastWhere(CellRange("S", 2, 1, 2, 1).gt(0), CellRange("S", 3, 1, 3, 1)),
}


@pytest.mark.libreoffice
def test_printed_formulas_compute_what_the_evaluator_computed(tmp_path: Path, soffice: str) -> None:
    wb = openpyxl.Workbook()
    ws = first_sheet(wb)
    ws.title = "S"
    book = Book(wb)
    book.define("word", "S!$E$1")
    wb.defined_names["word"] = DefinedName("word", attr_text="S!$E$1")
    ws["A1"], ws["B1"], ws["C1"], ws["E1"] = 7, 2, 3, "Word"
    for col, (number, month) in enumerate(zip((5, -1, 0, 4, -2, -3), range(1, 7), strict=True), start=1):
        ws.cell(row=2, column=col, value=number)
        ws.cell(row=3, column=col, value=month)
    for row, expression in enumerate(EXPRESSIONS.values(), start=5):
        book.put(ws, (row, 1), expression)
    path = tmp_path / "expressions.xlsx"
    path.write_bytes(workbook_bytes(wb))
    cached = formula_values(path)
    (again,) = recalculate_all([path], tmp_path / "libreoffice")
    labels = {f"S!A{row}": words for row, words in enumerate(EXPRESSIONS, start=5)}
    bad = differences(cached, openpyxl.load_workbook(again, data_only=True))
    assert [f"{labels[line.split(':')[0]]}: {line}" for line in bad] == []
    assert cached["S!A5"] == 8 and cached["S!A17"] == "#DIV/0!" and cached["S!A23"] == 4
    at = {words: cached[where] for where, words in labels.items()}
    assert at["text of a month, rounded half up"] == "0.88"
    assert at["text of money past 28 digits"] == "7,000,000,000,000,000,000,000,000,000,000"
    assert at["min over a name of one text cell"] == 7  # text in a reference is skipped: MIN 0, MAX 7
    assert at["index of one cell"] == "7Word" and at["index of one cell, out of it"] is True
    assert at["last positive of one month"] == 1
