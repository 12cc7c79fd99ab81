"""What the audit reports: findings with a place, a kind, a severity and a sentence a controller reads."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

from openpyxl.utils import get_column_letter

from xlcost.errors import XlcostError


class Severity(IntEnum):
    """Ordered so that ``max()`` gives the worst; findings at or above ``--fail-on`` make the audit exit 1."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def named(cls, name: str, flag: str) -> Severity:
        """The severity called ``name`` (error, warning, info), or a one-line error naming ``flag`` and the choices."""
        try:
            return cls[name.strip().upper()]
        except KeyError:
            raise XlcostError(
                f"{flag}: unknown severity '{name}' (use {', '.join(str(s) for s in sorted(cls, reverse=True))})"
            ) from None


# Finding kinds, one per question a reviewer asks.
CHANGED_INPUT = "changed-input"
STALE_PRICE = "stale-price"
STALE_INPUT = "stale-input"  # an assumption, exchange rate or benchmark row past its age: not a price
INVALID_INPUT = "invalid-input"
OVERWRITTEN_FORMULA = "overwritten-formula"
CHANGED_FORMULA = "changed-formula"
INCONSISTENT_FORMULA = "inconsistent-formula"
EMBEDDED_CONSTANT = "embedded-constant"
EMPTY_REFERENCE = "empty-reference"
ERROR_VALUE = "error-value"
EXTERNAL_LINK = "external-link"
HIDDEN_SHEET = "hidden-sheet"
MACROS = "macros"
ANSWER_DIFFERS = "answer-differs"
CAPACITY_SHORT = "capacity-short"
HASH_MISMATCH = "hash-mismatch"
STRUCTURE = "structure"


def cell_name(row: int, col: int) -> str:
    return f"{get_column_letter(col)}{row}"


@dataclass(frozen=True, slots=True)
class Finding:
    kind: str
    severity: Severity
    message: str
    sheet: str | None = None
    cell: str | None = None
    old: object = None
    new: object = None
    advice: str = ""  # what to do, the same for every finding of its kind: a terminal says it once

    @property
    def text(self) -> str:
        """The finding and what to do about it, as one sentence for a report."""
        return f"{self.message} {self.advice}" if self.advice else self.message

    @property
    def location(self) -> str:
        if self.sheet is None:
            return "(workbook)"
        return f"{self.sheet}!{self.cell}" if self.cell else self.sheet

    def as_dict(self) -> dict[str, object]:
        return {
            "location": self.location,
            "sheet": self.sheet,
            "cell": self.cell,
            "kind": self.kind,
            "severity": str(self.severity),
            "message": self.text,
            "old": _plain(self.old),
            "new": _plain(self.new),
        }


@dataclass(frozen=True, slots=True)
class AnswerLine:
    """One figure recomputed by the core beside what the workbook shows for it."""

    option: str
    metric: str
    core: float | str | None
    workbook: object  # what the cell holds: usually a number or text, whatever the file stored
    location: str | None = None
    differs: bool = False  # the workbook shows another figure than the core recomputed

    def as_dict(self) -> dict[str, object]:
        return {
            "option": self.option,
            "metric": self.metric,
            "core": _plain(self.core),
            "workbook": _plain(self.workbook),
            "location": self.location,
        }


@dataclass
class AuditResult:
    """Everything one audit found, in the order the checks ran."""

    file: str
    audit_date: str
    findings: list[Finding] = field(default_factory=list)
    answer: list[AnswerLine] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    fail_on: Severity = Severity.WARNING  # the exit code is 1 when a finding is this severe or worse

    def counts(self) -> dict[str, int]:
        return {str(s): sum(f.severity == s for f in self.findings) for s in sorted(Severity, reverse=True)}

    @property
    def exit_code(self) -> int:
        return 1 if any(f.severity >= self.fail_on for f in self.findings) else 0

    def sorted_findings(self) -> list[Finding]:
        """Worst first, then in workbook order of the checks."""
        return sorted(self.findings, key=lambda f: -f.severity)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "audit_date": self.audit_date,
            "counts": self.counts(),
            "fail_on": str(self.fail_on),
            "exit_code": self.exit_code,
            "findings": [f.as_dict() for f in self.sorted_findings()],
            "answer": [a.as_dict() for a in self.answer],
            "notes": self.notes,
        }


def _plain(value: object) -> object:
    """JSON-safe form of a cell value (dates as ISO text)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    iso = getattr(value, "isoformat", None)
    return iso() if iso else str(value)
