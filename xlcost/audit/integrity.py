"""Formula integrity: what any reviewer checks in a model, with or without knowing who generated it.

When the formulas the generator writes for this workbook's shape are known (``Expected``), a cell is
judged against them; otherwise against its own row (one formula per row across the timeline).
"""

from __future__ import annotations

import itertools
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field

from xlcost.audit import formula_text
from xlcost.audit.findings import (
    CHANGED_FORMULA,
    EMBEDDED_CONSTANT,
    EMPTY_REFERENCE,
    ERROR_VALUE,
    EXTERNAL_LINK,
    HIDDEN_SHEET,
    INCONSISTENT_FORMULA,
    MACROS,
    OVERWRITTEN_FORMULA,
    Finding,
    Severity,
    cell_name,
)
from xlcost.audit.outside import reaches_outside
from xlcost.io.plain_text import plain
from xlcost.io.safe_open import SheetData, WorkbookData

MIN_ROW_FORMULAS = 3  # a row needs this many formulas before its odd one out is called inconsistent
MAX_RANGE_CELLS = 10_000  # larger ranges are not scanned for emptiness


@dataclass
class Expected:
    """What the generator writes: formulas per sheet and cell, and the sheets it hides on purpose."""

    formulas: dict[str, dict[tuple[int, int], str]] = field(default_factory=dict)
    hidden_sheets: frozenset[str] = frozenset()


def check_integrity(book: WorkbookData, expected: Expected | None = None) -> list[Finding]:
    findings = list(_package(book, expected))
    for sheet in book.sheets.values():
        reference = expected.formulas.get(sheet.name) if expected else None
        shapes = {key: formula_text.shape_at(sheet.formulas[key], *key) for key in _to_analyse(sheet, reference)}
        findings.extend(_cells(book, sheet, shapes, reference))
        findings.extend(_rows(sheet, shapes, reference))
    return findings


def _to_analyse(sheet: SheetData, reference: dict[tuple[int, int], str] | None) -> list[tuple[int, int]]:
    """The formulas whose shape a check needs: every one in the rows holding a formula other than the
    generator's (a row's majority decides which is odd), none where the whole row is as generated: the
    generator writes no error, link or typed-in number, so such a formula can only show a cached error."""
    if reference is None:
        return list(sheet.formulas)
    edited = {key[0] for key, formula in sheet.formulas.items() if reference.get(key) != formula.removeprefix("=")}
    return [key for key in sheet.formulas if key[0] in edited]


def same_formula(written: str, expected: str, row: int, col: int) -> bool:
    """Whether two formulas in cell (row, col) mean the same, however an application spelled them."""
    return (
        written == expected
        or formula_text.shape_at(written, row, col).normal == formula_text.shape_at(expected, row, col).normal
    )


def _package(book: WorkbookData, expected: Expected | None) -> Iterator[Finding]:
    if book.has_macros:
        yield Finding(
            MACROS,
            Severity.ERROR,
            "The file contains macros (a VBA project). xlcost never runs them, but a generated workbook has none: "
            "someone added code that Excel may run when the file is opened.",
        )
    for target in book.external_links:
        yield Finding(
            EXTERNAL_LINK,
            Severity.ERROR,
            f"The workbook links to another file ({target}); its numbers can change when that file changes. "
            "The link was not followed.",
        )
    for name, formula in book.defined_names.items():
        reached = reaches_outside(formula)
        if reached is not None:
            yield Finding(
                EXTERNAL_LINK,
                Severity.ERROR,
                f"The defined name {name} refers to {reached} ({_cut(plain(formula))}); a cell using it takes "
                "numbers, or runs something, from outside the workbook. The link was not followed.",
            )
    allowed = expected.hidden_sheets if expected else frozenset()
    for sheet in book.sheets.values():
        if sheet.state != "visible" and sheet.name not in allowed:
            very = sheet.state == "veryHidden"
            yield Finding(
                HIDDEN_SHEET,
                Severity.ERROR if very else Severity.WARNING,
                f"Sheet '{sheet.name}' is {'very hidden (only code can show it)' if very else 'hidden'}; "
                "numbers on it feed the model without being seen.",
                sheet=sheet.name,
            )


def _cut(text: str, limit: int = 120) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _cells(
    book: WorkbookData,
    sheet: SheetData,
    shapes: dict[tuple[int, int], formula_text.Shape],
    reference: dict[tuple[int, int], str] | None,
) -> Iterator[Finding]:
    name = sheet.name
    for key, value in sheet.values.items():
        if isinstance(value, str) and value in formula_text.ERRORS:
            yield Finding(ERROR_VALUE, Severity.ERROR, f"The cell holds the error {value}.", name, cell_name(*key))
        elif reference is not None and key in reference:
            yield Finding(
                OVERWRITTEN_FORMULA,
                Severity.ERROR,
                f"The formula here was overwritten by the value {value!r}; the generator writes ={reference[key]}.",
                name,
                cell_name(*key),
                old=f"={reference[key]}",
                new=value,
            )
    for key in sheet.formulas:
        shape = shapes.get(key)
        if shape is not None:
            yield from _formula(book, sheet, key, shape, reference.get(key) if reference else None)
        elif (shown := _shown_error(sheet, key)) is not None:
            yield shown


def _formula(
    book: WorkbookData, sheet: SheetData, key: tuple[int, int], shape: formula_text.Shape, expected: str | None
) -> Iterator[Finding]:
    name = sheet.name
    where = cell_name(*key)
    body = sheet.formulas[key].removeprefix("=")
    reached = None if shape.external else reaches_outside(body)
    if reached is not None:  # a DDE command or WEBSERVICE call typed into a cell, as into a defined name
        yield Finding(
            EXTERNAL_LINK,
            Severity.ERROR,
            f"The formula ={body} reaches {reached} outside the workbook; xlcost did not follow it.",
            name,
            where,
        )
        return
    if not (shape.errors or shape.constants or shape.external or shape.refs) and key not in sheet.cached:
        return
    if shape.errors:
        yield Finding(
            ERROR_VALUE,
            Severity.ERROR,
            f"The formula ={body} contains {', '.join(shape.errors)}: a reference it needs was deleted.",
            name,
            where,
        )
    elif (shown := _shown_error(sheet, key)) is not None:
        yield shown
    if shape.external:
        yield Finding(
            EXTERNAL_LINK,
            Severity.ERROR,
            f"The formula ={body} reads another workbook; xlcost did not follow the link.",
            name,
            where,
        )
        return
    embedded = shape.constants
    if embedded and expected:
        allowed = set(formula_text.shape_at(expected, *key).constants)
        embedded = tuple(c for c in embedded if c not in allowed)
    if embedded:
        yield Finding(
            EMBEDDED_CONSTANT,
            Severity.WARNING,
            f"The formula ={body} has the number(s) {', '.join(embedded)} typed into it; "
            "put assumptions in input cells so they can be seen and changed.",
            name,
            where,
        )
    if expected is not None and same_formula(body, expected, *key):
        return  # the generator writes this formula: what it reads is by design
    for rel in {formula_text.absolute(rel, *key) for rel in shape.refs if not rel.guarded}:
        yield from _reference(book, sheet, where, body, rel)


def _shown_error(sheet: SheetData, key: tuple[int, int]) -> Finding | None:
    """The error value a formula's cached result shows (#DIV/0! ...), if any."""
    cached = sheet.cached.get(key)
    if not (isinstance(cached, str) and cached in formula_text.ERRORS):
        return None
    body = sheet.formulas[key].removeprefix("=")
    return Finding(
        ERROR_VALUE, Severity.ERROR, f"The formula ={body} shows the error {cached}.", sheet.name, cell_name(*key)
    )


def _reference(
    book: WorkbookData, sheet: SheetData, where: str, body: str, ref: formula_text.ReferencedRange
) -> Iterator[Finding]:
    target = sheet if ref.sheet is None else book.sheet(ref.sheet)
    if target is None:
        yield Finding(
            ERROR_VALUE,
            Severity.ERROR,
            f"The formula ={body} refers to sheet '{ref.sheet}', which is not in the workbook.",
            sheet.name,
            where,
        )
        return
    if ref.cells() > MAX_RANGE_CELLS:
        return
    for row in range(ref.first[0], ref.last[0] + 1):
        for col in range(ref.first[1], ref.last[1] + 1):
            if (row, col) in target.formulas or (row, col) in target.values:
                return
    shown = cell_name(*ref.first) + ("" if ref.first == ref.last else ":" + cell_name(*ref.last))
    prefix = "" if ref.sheet is None else f"{ref.sheet}!"
    yield Finding(
        EMPTY_REFERENCE,
        Severity.WARNING,
        f"The formula ={body} reads {prefix}{shown}, which is empty (counts as 0).",
        sheet.name,
        where,
    )


def _rows(
    sheet: SheetData, shapes: dict[tuple[int, int], formula_text.Shape], reference: dict[tuple[int, int], str] | None
) -> Iterator[Finding]:
    """Timeline rows: one formula per row; an odd cell out is either edited or overwritten."""
    by_row: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for (row, col), shape in shapes.items():
        by_row[row].append((col, shape.normal))
    for row, cells in by_row.items():
        forms = Counter(form for _, form in cells)
        majority, count = forms.most_common(1)[0]
        for col, form in cells:
            key = (row, col)
            where = cell_name(row, col)
            if reference is not None and key in reference:
                written = sheet.formulas[key].removeprefix("=")
                if same_formula(written, reference[key], row, col):
                    continue
                odd = len(cells) >= MIN_ROW_FORMULAS and form != majority
                yield Finding(
                    INCONSISTENT_FORMULA if odd else CHANGED_FORMULA,
                    Severity.ERROR if odd else Severity.WARNING,
                    f"The formula was changed from ={reference[key]} to ={written}"
                    + (f"; it no longer matches the rest of row {row}." if odd else "."),
                    sheet.name,
                    where,
                    old=f"={reference[key]}",
                    new=f"={written}",
                )
            elif reference is None and form != majority and count >= MIN_ROW_FORMULAS and forms[form] == 1:
                yield Finding(
                    INCONSISTENT_FORMULA,
                    Severity.WARNING,
                    f"The formula {sheet.formulas[key]} differs from the other {count} formulas "
                    f"of row {row}; a timeline row should use one formula throughout.",
                    sheet.name,
                    where,
                )
        if reference is None and count >= MIN_ROW_FORMULAS - 1:
            yield from _overwritten_in_row(sheet, row, sorted(col for col, _ in cells))


def _overwritten_in_row(sheet: SheetData, row: int, cols: list[int]) -> Iterator[Finding]:
    """A number sitting between formulas of the same row was most likely typed over one."""
    for left, right in itertools.pairwise(cols):
        for col in range(left + 1, right):
            value = sheet.values.get((row, col))
            if isinstance(value, int | float) and not isinstance(value, bool):
                yield Finding(
                    OVERWRITTEN_FORMULA,
                    Severity.WARNING,
                    f"The number {value!r} sits between formulas in row {row}: probably a formula typed over.",
                    sheet.name,
                    cell_name(row, col),
                    new=value,
                )
