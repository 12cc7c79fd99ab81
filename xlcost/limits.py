"""How big an input may be: every limit xlcost enforces on files and arguments, stated once.

A limit is checked before the work it bounds (parsing, building, searching), so a small hostile
file cannot make xlcost run for minutes or exhaust memory; each refusal is one line naming the
limit. The ranges here keep every product the cost core computes well inside a double.
"""

from __future__ import annotations

import math
from pathlib import Path

from xlcost.errors import XlcostError

MiB = 1024**2

#: Largest scenario file (YAML or JSON) read.
MAX_SCENARIO_BYTES = 1 * MiB
#: Largest price file (LiteLLM JSON, genai-prices YAML/JSON, SkyPilot CSV) read; real ones are a few MB.
MAX_PRICE_FILE_BYTES = 64 * MiB
#: Largest YAML price file: YAML is parsed in pure Python, about 1 MB a second.
MAX_YAML_BYTES = 4 * MiB
#: Largest genai-prices data.py read: Python is parsed into a syntax tree about 1 MB a second (the real one is 1.6 MB).
MAX_PYTHON_DATA_BYTES = 16 * MiB
#: Largest claims CSV read.
MAX_CLAIMS_BYTES = 4 * MiB
#: Most nested levels of lists and mappings in a scenario or price file (real files use under 10).
MAX_DEPTH = 32
#: Most values in a YAML/JSON document once its aliases are expanded (a 1 KB alias bomb reaches billions).
MAX_NODES = 5_000_000
#: Largest whole number accepted anywhere in a data file; bigger ones are typos or attacks.
MAX_INTEGER = 10**18
#: Most entries read from price files in one import, and rows in one claims file.
MAX_PRICE_ENTRIES = 200_000
MAX_CLAIMS = 1_000
#: Most options in one scenario, and months in a horizon or breakeven search.
MAX_OPTIONS = 50
MAX_MONTHS = 600
#: Workbook size: Calc holds a block of monthly rows per option (pairs read the options' cumulative rows,
#: one scalar block each), so options x months bounds the build: 40 options x 120 months takes ~3-5 s.
MAX_WORKBOOK_OPTIONS = 40
MAX_WORKBOOK_OPTION_MONTHS = 4_800
#: Excel's limit on the characters in one cell: longer text would be cut, so it is refused.
MAX_CELL_TEXT = 32_767
#: Cells read from a workbook being audited (the largest generated workbook has about 80,000; 250,000 take ~3 s).
MAX_AUDIT_CELLS = 250_000
#: Cell formats (styles) in a workbook being audited: Excel's own limit on the formats of one workbook.
MAX_AUDIT_STYLES = 64_000
#: Largest amount (price, quote, yearly cost) and count (users, tokens, units) the core accepts.
MAX_AMOUNT = 1e15
MAX_COUNT = 1e12
#: Largest growth of users over a horizon, (1 + monthly growth)^(months - 1).
MAX_GROWTH_FACTOR = 1e100
#: Cells in one range passed to an Excel function (each function prices a range in one vectorised pass).
MAX_RANGE_CELLS = 1_000_000
#: BREAKEVEN over a range walks every month for every cell: 200,000 users over 120 months takes ~3 s.
MAX_USER_MONTHS = 24_000_000
#: Days between a usage export's first and last record: each hour between them is a number in the profile.
MAX_USAGE_SPAN_DAYS = 3_660
#: Hours on the Hybrid sheet, one row each (two years: ~5 s to write).
MAX_HYBRID_SHEET_HOURS = 2 * 8_784
#: Monte Carlo draws in one simulation (each draw prices every option).
MAX_DRAWS = 1_000_000
#: Options x draws in one simulation: every draw of every option is a column of numbers kept to the end
#: (10 options x 1,000,000 draws: ~5 s of CPU and 600 MB; 50 x 1,000,000 took 25 s and 1.1 GB).
MAX_OPTION_DRAWS = 10_000_000
#: Characters of an offending value quoted in an error message.
SHOWN_CHARS = 40


class LimitError(XlcostError):
    """An input is larger than xlcost will process, or a number outside what its arithmetic handles."""


def shown(value: object, limit: int = SHOWN_CHARS) -> str:
    """An offending value for an error message: its repr, cut to a short prefix (never a whole document)."""
    if isinstance(value, dict | list | tuple | set):
        return f"a {type(value).__name__} of {len(value):,} items"
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INTEGER:
        return f"a number of about {int(value.bit_length() * math.log10(2)) + 1:,} digits"  # str() of it may fail
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def in_range(value: float, name: str, low: float, high: float, error: type[XlcostError] = LimitError) -> float:
    """``value`` when finite and within [low, high]; otherwise a one-line ``error`` naming it and the range."""
    try:
        usable = math.isfinite(value) and low <= value <= high
    except OverflowError:  # an integer of hundreds of digits
        usable = False
    if not usable:
        raise error(f"{name} must be a finite number from {low:g} to {high:g} (got {shown(value)})")
    return value


def check_workbook_size(options: int, months: int) -> None:
    """Refuse a workbook the generator (and so the audit, which rebuilds it) would take minutes to build."""
    if options > MAX_WORKBOOK_OPTIONS:
        raise LimitError(
            f"a workbook compares at most {MAX_WORKBOOK_OPTIONS} options (this scenario has {options}); "
            "compare fewer, or use 'xlcost tco'"
        )
    size = months * options
    if size > MAX_WORKBOOK_OPTION_MONTHS:
        raise LimitError(
            f"{options} options over {months} months is too large a workbook: options x months = {size:,} "
            f"(limit {MAX_WORKBOOK_OPTION_MONTHS:,}); shorten the horizon or compare fewer options"
        )


def check_file_size(path: Path, limit: int, what: str) -> None:
    """Refuse a file over ``limit`` bytes before reading it."""
    try:
        size = path.stat().st_size
    except OSError:
        return  # the reader reports a missing or unreadable file in its own words
    if size > limit:
        raise LimitError(f"{path.name}: {what} of {size / MiB:,.1f} MB is over the {limit / MiB:,.0f} MB limit")


def check_count(count: int, limit: int, what: str, where: str) -> None:
    """Refuse more than ``limit`` items (rows, entries, cells) before working on them."""
    if count > limit:
        raise LimitError(f"{where}: more than {limit:,} {what} (the limit)")
