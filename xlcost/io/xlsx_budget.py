"""Count what a package's XML parts hold before any parser reads them, and refuse more than an audit needs.

openpyxl builds every shared string, every cell format and every row in memory; a 26 MB package of
10 million shared strings took it 100 s and 1.6 GB. Counting element starts in the compressed stream
takes a fraction of a second, stops at the first part over its budget, and holds one chunk at a time.
"""

from __future__ import annotations

import re
import zipfile

from xlcost.errors import XlcostError
from xlcost.limits import MAX_AUDIT_CELLS, MAX_AUDIT_STYLES

CHUNK_BYTES = 1024**2
#: element -> (what it is, most allowed in one package). Shared strings, rows and cells are bounded by the
#: cells an audit reads (a string no cell can show is not worth reading); cell formats by Excel's own limit.
BUDGETS: dict[bytes, tuple[str, int]] = {
    b"si": ("shared strings", MAX_AUDIT_CELLS),
    b"xf": ("cell formats", MAX_AUDIT_STYLES),
    b"row": ("rows", MAX_AUDIT_CELLS),
    b"c": ("cells", MAX_AUDIT_CELLS),
}
_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]{0,31}:)?(si|xf|row|c)[\s/>]")
_LONGEST = 40  # bytes of the longest element start the pattern matches


def check_budgets(name: str, archive: zipfile.ZipFile, error: type[XlcostError]) -> None:
    """Raise ``error`` naming the first part whose elements, counted over the package, pass their budget."""
    counts = dict.fromkeys(BUDGETS, 0)
    for member in archive.infolist():
        if member.filename.endswith(".xml"):
            _count(name, archive, member, counts, error)


def _count(
    name: str, archive: zipfile.ZipFile, member: zipfile.ZipInfo, counts: dict[bytes, int], error: type[XlcostError]
) -> None:
    carry = b""
    with archive.open(member) as handle:
        while chunk := handle.read(CHUNK_BYTES):
            data = carry + chunk
            # an element cut at the chunk's end is counted with the next chunk
            cut = data.rfind(b"<", max(0, len(data) - _LONGEST))
            data, carry = (data[:cut], data[cut:]) if cut >= 0 else (data, b"")
            _add(name, member.filename, _ELEMENT.findall(data), counts, error)
        _add(name, member.filename, _ELEMENT.findall(carry), counts, error)


def _add(name: str, part: str, found: list[bytes], counts: dict[bytes, int], error: type[XlcostError]) -> None:
    for element in set(found):
        counts[element] += found.count(element)
        what, limit = BUDGETS[element]
        if counts[element] > limit:
            raise error(
                f"{name}: more than {limit:,} {what} (the limit for audited workbooks), reached in part {part}; "
                "nothing was parsed"
            )
