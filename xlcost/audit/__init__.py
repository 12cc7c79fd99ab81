"""``xlcost audit``: read an edited workbook without changing it and say what changed, is stale, broken, and the answer now."""

from xlcost.audit.findings import AnswerLine, AuditResult, Finding, Severity
from xlcost.audit.run import audit
from xlcost.core.catalog.age import DEFAULT_MAX_AGE_DAYS
from xlcost.io.safe_open import UnsafeWorkbookError

__all__ = ["DEFAULT_MAX_AGE_DAYS", "AnswerLine", "AuditResult", "Finding", "Severity", "UnsafeWorkbookError", "audit"]
