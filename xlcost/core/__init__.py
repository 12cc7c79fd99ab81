"""The cost core: catalog, scenario, pricing, sizing, money, comparison. Pure Python, no Excel, no CLI.

Every amount the add-in shows is computed here once; the Excel functions, the workbook formulas
and the CLI are checked against it.
"""
