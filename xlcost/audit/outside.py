"""Whether a formula reaches outside the workbook: another file, a network share, the web, a program.

A defined name holds a formula Excel evaluates whenever a cell uses the name, so a name can pull
numbers from another workbook (on a disk or a ``\\\\server\\share``), fetch a URL (``WEBSERVICE``),
or start a program through DDE (``cmd|'/c calc'!A0``) without any part of the package saying so.
"""

from __future__ import annotations

import re

_STRING = re.compile(r'"(?:[^"]|"")*"')
#: A URL counts wherever it is, strings included: it is what WEBSERVICE or HYPERLINK is given.
_URL = re.compile(r"\b(?:https?|ftp|file)://", re.IGNORECASE)
#: (what it reaches, pattern), first match wins, on the text outside string literals (a path in a quoted
#: sheet name, 'C:\dir\[book.xlsx]Sheet'!A1, is outside them; a label "see C:\ notes" is inside)
_OUTSIDE_FORMULA: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("a network share", re.compile(r"\\\\[^\\\s]+\\")),
    ("a file path", re.compile(r"(?<![A-Za-z])[A-Za-z]:[\\/]")),
    ("a web service", re.compile(r"\b(?:_xlfn\.)?(?:WEBSERVICE|FILTERXML)\s*\(", re.IGNORECASE)),
    (
        "a program (CALL, REGISTER, EXEC or RTD)",
        re.compile(r"\b(?:CALL|REGISTER(?:\.ID)?|EXEC|RTD)\s*\(", re.IGNORECASE),
    ),
    ("a program (a DDE link)", re.compile(r"(?<![\w'.\]])[A-Za-z_][\w.]*\|")),
    ("another workbook", re.compile(r"\[[^\]]*\][^!\[\]]*!")),  # [book]sheet! or [1]! (not Table[Column])
)


#: What every pattern above needs somewhere: one search clears the usual formula (the audit reads ~100,000).
_SUSPECT = re.compile(r"[|\\\[]|:/|webservice|filterxml|call|register|exec|rtd", re.IGNORECASE)


def reaches_outside(formula: str) -> str | None:
    """What ``formula`` reaches outside the workbook, in words ("a web address", ...), or None."""
    if not _SUSPECT.search(formula):
        return None
    if _URL.search(formula):
        return "a web address"
    bare = _STRING.sub('""', formula)
    for what, pattern in _OUTSIDE_FORMULA:
        if pattern.search(bare):
            return what
    return None
