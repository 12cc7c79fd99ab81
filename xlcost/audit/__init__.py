"""``xlcost audit``: read an edited workbook without changing it and say what changed, is stale, broken, and the answer now."""

from xlcost.audit.findings import AnswerLine, AuditResult, Finding, Severity
from xlcost.audit.run import DEFAULT_MAX_AGE_DAYS, audit
from xlcost.io.safe_open import UnsafeWorkbookError

__all__ = ["DEFAULT_MAX_AGE_DAYS", "AnswerLine", "AuditResult", "Finding", "Severity", "UnsafeWorkbookError", "audit"]
