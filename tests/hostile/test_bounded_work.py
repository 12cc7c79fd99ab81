"""Legal but huge inputs are refused quickly, naming the part or field and the limit, or answered within
bounds: each case runs the real CLI in a subprocess under 2 GB and 10 s, on files built here."""

from __future__ import annotations

import pytest

from tests.hostile import hostile_files as H
from tests.hostile import huge_packages as P
from xlcost.limits import MAX_AUDIT_CELLS, MAX_AUDIT_STYLES

# --- xlsx packages: counted before they are parsed ---------------------------------------------


@pytest.mark.parametrize(
    ("build", "count", "words"),
    [
        (P.shared_strings, 10_000_000, (f"more than {MAX_AUDIT_CELLS:,} shared strings", "xl/sharedStrings.xml")),
        (P.cell_formats, 1_000_000, (f"more than {MAX_AUDIT_STYLES:,} cell formats", "xl/styles.xml")),
        (P.empty_rows, 1_000_000, (f"more than {MAX_AUDIT_CELLS:,} rows", "xl/worksheets/sheet1.xml")),
    ],
    ids=["shared-strings", "cell-formats", "rows"],
)
def test_a_package_holding_more_than_an_audit_reads_is_refused_naming_the_part(tmp_path, build, count, words):
    book = build(tmp_path / "huge.xlsx", count)
    assert book.stat().st_size < 5 * 1024**2  # small on disk: only its contents are huge
    line = H.refused(H.xlcost("audit", book), "huge.xlsx", *words)
    assert "nothing was parsed" in line


def test_a_package_just_within_the_budgets_is_audited(tmp_path):
    book = P.cell_formats(tmp_path / "styled.xlsx", 1_000)
    run = H.xlcost("audit", book)
    assert run.code in (0, 1) and "error:" not in run.err
