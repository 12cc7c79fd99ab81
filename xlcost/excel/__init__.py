"""The Excel functions (=TCO, =BREAKEVEN, =RECOMMEND, ...) and the readers of what Excel passes them.

A thin adapter over the core: cells and ranges in, core calls, values or spills out. Excel knows
the functions as ``xlcost.udfs``.
"""
