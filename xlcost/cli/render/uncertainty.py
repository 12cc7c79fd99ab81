"""``xlcost sensitivity`` and ``xlcost simulate``: the tornado and the Monte Carlo percentiles as tables and JSON."""

from __future__ import annotations

from typing import Any

from xlcost.analysis.uncertainty.montecarlo import Simulation
from xlcost.analysis.uncertainty.sensitivity import Sensitivity
from xlcost.io.plain_text import DataConsole
from xlcost.io.table import Column, TableFormat, number, plain, print_table

PERCENTILES = (10, 50, 90)
SIMULATION_COLUMNS = (
    Column("option"),
    Column("label", "text", drop_order=1),
    *(Column(f"P{q}", "number", places=0) for q in PERCENTILES),
    Column("cheapest in"),
)


def sensitivity_json(result: Sensitivity) -> dict[str, Any]:
    """Figures per option by option key (the label beside it in ``options``)."""
    i, j = result.pair
    keys = [spec.key for spec in result.scenario.options]
    return {
        "scenario": result.scenario.name,
        "currency": result.scenario.currency,
        "months": result.scenario.months,
        "options": [
            {"option": key, "label": name, "base_tco": tco}
            for key, name, tco in zip(keys, result.options, result.base_tco, strict=True)
        ],
        "breakeven_pair": [{"option": keys[k], "label": result.options[k]} for k in (i, j)],
        "base_breakeven_month": result.base_breakeven.month,
        "inputs": [
            {
                "input": r.input.key,
                "label": r.input.label,
                "basis": r.input.basis,
                **dict(zip(("low", "base", "high"), r.input.shown, strict=True)),
                "tco_low": dict(zip(keys, r.tco_low, strict=True)),
                "tco_high": dict(zip(keys, r.tco_high, strict=True)),
                "swing": {key: r.swing(k) for k, key in enumerate(keys)},
                "breakeven_low": r.breakeven_low,
                "breakeven_high": r.breakeven_high,
            }
            for r in result.rows
        ],
    }


def print_sensitivity(result: Sensitivity, top: int, fmt: TableFormat) -> None:
    """The tornado table on stdout; with ``--format tsv`` the notes under it go to stderr."""
    s, cur = result.scenario, result.scenario.currency
    i, j = result.pair
    columns = (
        Column("input", "text"),
        Column("basis", drop_order=1),
        Column("low .. high", drop_order=3),
        *(  # on a narrow terminal the last options give way first; the footnote names them
            Column(f"{spec.key}\nswing", "number", places=0, drop_order=10 + len(s.options) - k)
            for k, spec in enumerate(s.options)
        ),
        Column("breakeven\nlow -> high", drop_order=2),
    )
    rows = [
        (
            row.input.label,
            row.input.basis,
            f"{number(row.input.shown[0])} .. {number(row.input.shown[2])}",
            *(row.swing(k) for k in range(len(result.options))),
            f"{_month(row.breakeven_low)} -> {_month(row.breakeven_high)}",
        )
        for row in result.rows[:top]
    ]
    rows.append(("base case: TCO", "", "", *result.base_tco, _month(result.base_breakeven.month)))
    title = f"{s.name}: TCO swing over {s.months} months ({cur}), largest first"
    print_table(columns, rows, title=title, fmt=fmt)
    notes = DataConsole(stderr=fmt is TableFormat.tsv)
    for spec, name in zip(s.options, result.options, strict=True):
        if spec.label:
            notes.print(plain(f"{spec.key}: {name}"))
    notes.print(
        plain(f"breakeven tracked: {result.options[i]} vs {result.options[j]} ({result.base_breakeven.reason})")
    )
    if s.hidden_costs:
        notes.print(plain(f"hidden costs switched ON: {', '.join(s.hidden_costs)}"))
    if len(result.rows) > top:
        notes.print(plain(f"{len(result.rows) - top} smaller inputs not shown (--top)"))


def _month(month: float | None) -> str:
    return "never" if month is None else f"{month:.2f}"


def simulation_json(result: Simulation) -> dict[str, Any]:
    percentiles = {q: result.percentile(q) for q in PERCENTILES}
    return {
        "scenario": result.scenario.name,
        "currency": result.scenario.currency,
        "months": result.scenario.months,
        "draws": result.draws,
        "seed": result.seed,
        "distribution": result.distribution,
        "options": [
            {
                "option": spec.key,
                "label": name,
                **{f"p{q}": float(percentiles[q][k]) for q in PERCENTILES},
                "mean": float(result.tco[:, k].mean()),
                "p_cheapest": float(result.p_cheapest[k]),
            }
            for k, (spec, name) in enumerate(zip(result.scenario.options, result.options, strict=True))
        ],
        "inputs": [
            {"input": i.key, **dict(zip(("low", "base", "high"), i.shown, strict=True)), "basis": i.basis}
            for i in result.inputs
        ],
        "notes": list(result.notes),
    }


def print_simulation(result: Simulation, fmt: TableFormat) -> None:
    """The percentile table on stdout; with ``--format tsv`` the notes under it go to stderr."""
    s = result.scenario
    p = {q: result.percentile(q) for q in PERCENTILES}
    rows = [
        (
            spec.key,
            "" if name == spec.key else name,
            *(float(p[q][k]) for q in PERCENTILES),
            f"{result.p_cheapest[k]:.1%}",
        )
        for k, (spec, name) in enumerate(zip(s.options, result.options, strict=True))
    ]
    title = f"{s.name}: TCO over {s.months} months ({s.currency}) in {result.draws:,} simulated futures"
    print_table(SIMULATION_COLUMNS, rows, title=title, fmt=fmt)
    notes = DataConsole(stderr=fmt is TableFormat.tsv)
    seed = "none (not reproducible)" if result.seed is None else result.seed
    notes.print(
        plain(f"simulation output: {result.distribution} draws of {len(result.inputs)} uncertain inputs, seed {seed}")
    )
    for note in result.notes:
        notes.print(plain(f"note: {note}"))
