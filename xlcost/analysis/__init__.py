"""Questions asked of the core: which option to choose, how sure we are, staged and hybrid plans.

Built on ``xlcost.core`` only; no adapter (Excel, workbook, audit, prices, CLI) is imported here.
"""
