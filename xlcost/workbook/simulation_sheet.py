"""Simulation sheet: Monte Carlo results written as values, stating that they are simulation output and how
to reproduce them (draws, seed, distribution). Nothing on it recalculates."""

from __future__ import annotations

from openpyxl import Workbook

from xlcost.analysis.uncertainty.montecarlo import Simulation
from xlcost.workbook import layout, styles

SHEET = "Simulation"
PERCENTILES = (10, 50, 90)
HEADER_ROW = 6


def write_simulation(wb: Workbook, result: Simulation) -> None:
    """Add the Simulation sheet (values only) for a finished simulation of the workbook's scenario."""
    ws = wb.create_sheet(SHEET)
    seed = "none (not reproducible)" if result.seed is None else str(result.seed)
    title = "Simulation output: values written by xlcost simulate, not live formulas"
    styles.label(ws, layout.TITLE_CELL, title, styles.TITLE)
    facts = (
        f"{result.draws:,} simulated futures, {result.distribution} distributions from low/base/high, seed {seed}.",
        f"Reproduce: xlcost simulate --scenario <this scenario> --draws {result.draws} --seed {seed} "
        f"--distribution {result.distribution}",
        "Changing inputs elsewhere in this workbook does not change these figures.",
    )
    for row, fact in enumerate(facts, start=2):
        styles.text(ws, (row, 1), fact, styles.GENERATED)
    styles.header_row(ws, HEADER_ROW, ["Option", "P10 TCO", "P50 TCO", "P90 TCO", "Mean TCO", "Cheapest in"])
    p = {q: result.percentile(q) for q in PERCENTILES}
    for k, name in enumerate(result.options):
        r = HEADER_ROW + 1 + k
        styles.text(ws, (r, 1), name, styles.GENERATED)
        figures = [*(float(p[q][k]) for q in PERCENTILES), float(result.tco[:, k].mean())]
        for col, figure in enumerate(figures, start=2):
            styles.value(ws, (r, col), figure, styles.GENERATED, styles.MONEY)
        styles.value(ws, (r, len(figures) + 2), float(result.p_cheapest[k]), styles.GENERATED, styles.SHARE)
    r = HEADER_ROW + len(result.options) + 2
    styles.header_row(ws, r, ["Uncertain input", "Range from", "Low", "Base (mode)", "High"])
    for offset, item in enumerate(result.inputs, start=1):
        styles.text(ws, (r + offset, 1), item.label, styles.GENERATED)
        styles.text(ws, (r + offset, 2), item.basis, styles.GENERATED)
        shown = styles.SHARE if item.is_share else styles.NUMBER
        for col, number in enumerate((item.low, item.base, item.high), start=3):
            styles.value(ws, (r + offset, col), number, styles.GENERATED, shown)
    r += len(result.inputs) + 2
    for offset, note in enumerate(result.notes):
        styles.text(ws, (r + offset, 1), f"note: {note}", styles.GENERATED)
    styles.widths(ws, {1: 44, 2: 16, 3: 16, 4: 16, 5: 16, 6: 14})
    styles.protect(ws)
