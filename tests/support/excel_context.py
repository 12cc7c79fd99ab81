"""The context the Excel functions price in, for tests that compare a cell with the core."""

from __future__ import annotations

from xlcost.core.catalog import Case
from xlcost.core.pricing import Context
from xlcost.core.scenario import Serving, Workload


def excel_context(workload: Workload, case: Case = "mid", currency: str = "CNY") -> Context:
    """Sized by the capacity engine for the 7b-14b class's model, as `xlcost tco` sizes by default."""
    return Context(workload=workload, case=case, currency=currency, throughput_basis="engine", serving=Serving())
