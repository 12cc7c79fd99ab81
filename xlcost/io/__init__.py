"""Shared input and output: atomic writes, bounded readers, safe workbook opening, data text shown as text.

Every layer may use these; each module imports only what its own job needs, so the core can read a
bounded YAML file without loading openpyxl or rich.
"""
