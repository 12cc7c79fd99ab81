"""The comparison workbook: an Excel model of a scenario whose formulas reproduce the core's figures."""

from xlcost.workbook.build import build_workbook, generate, workbook_bytes

__all__ = ["build_workbook", "generate", "workbook_bytes"]
