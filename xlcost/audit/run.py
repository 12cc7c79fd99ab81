"""Run every check family over one workbook, in the order a reviewer reads the result."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from xlcost.audit.findings import AuditResult
from xlcost.audit.integrity import check_integrity
from xlcost.audit.prices import check_prices, missing_tables
from xlcost.audit.safe_open import read_workbook
from xlcost.audit.tables import find_tables
from xlcost.catalog import Catalog, load_catalog

DEFAULT_MAX_AGE_DAYS = 180


def audit(
    path: Path | str,
    *,
    baseline: Catalog | None = None,
    as_of: dt.date | None = None,
    max_age_days: int = DEFAULT_MAX_AGE_DAYS,
) -> AuditResult:
    """Audit a workbook read-only; raises UnsafeWorkbookError when it cannot be read safely."""
    book = read_workbook(path)
    audit_date = as_of or dt.date.today()
    result = AuditResult(file=Path(path).name, audit_date=audit_date.isoformat())
    tables = find_tables(book)
    prices = check_prices(tables, baseline or load_catalog(), audit_date, max_age_days)
    result.findings.extend(missing_tables(tables))
    result.findings.extend(prices.findings)
    result.findings.extend(check_integrity(book))
    return result
