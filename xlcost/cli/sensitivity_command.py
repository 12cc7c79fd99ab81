"""``xlcost sensitivity``: the tornado of a scenario, one uncertain input at a time."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from xlcost.analysis.uncertainty.sensitivity import Sensitivity, sensitivity
from xlcost.cli.options import catalog_option, format_option, json_option, scenario_option
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import load_scenario
from xlcost.io.plain_text import DataConsole
from xlcost.io.table import Column, TableFormat, number, plain, print_table

SPREAD_HELP = "Low/high as ±this share where the catalog gives a single figure."
WORKLOAD_SPREAD_HELP = "±share for users and tokens per user (default: --spread)."
GROWTH_SPREAD_HELP = "± monthly growth, in absolute terms (0.01 = one percentage point)."


def sensitivity_command(
    scenario: str = scenario_option(),
    catalog: Path = catalog_option(),
    pair: str = typer.Option(
        None, "--pair", help="Breakeven tracked, as two option keys or labels: 'rent:a100-80g,buy:a100-80g'."
    ),
    spread: float = typer.Option(0.20, "--spread", help=SPREAD_HELP),
    workload_spread: float = typer.Option(None, "--workload-spread", help=WORKLOAD_SPREAD_HELP),
    growth_spread: float = typer.Option(0.01, "--growth-spread", help=GROWTH_SPREAD_HELP),
    top: int = typer.Option(20, "--top", min=1, help="Show the inputs with the largest swings only."),
    as_json: bool = json_option(),
    fmt: TableFormat = format_option(),
) -> None:
    """Swing of every option's TCO and of a breakeven month as each uncertain input moves to its low and high."""
    pair_keys = _pair(pair)
    result = sensitivity(
        load_scenario(scenario),
        load_catalog(catalog),
        pair=pair_keys,
        spread=spread,
        workload_spread=workload_spread,
        growth_spread=growth_spread,
    )
    if as_json:
        typer.echo(json.dumps(sensitivity_json(result), indent=2, ensure_ascii=False))
    else:
        print_sensitivity(result, top, fmt)


def _pair(text: str | None) -> tuple[str, str] | None:
    if text is None:
        return None
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 2 or not all(parts):
        raise typer.BadParameter(
            "give two options separated by a comma, e.g. rent:a100-80g,buy:a100-80g", param_hint="--pair"
        )
    return parts[0], parts[1]


def sensitivity_json(result: Sensitivity) -> dict:
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
                "low": r.input.low,
                "base": r.input.base,
                "high": r.input.high,
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
            f"{number(row.input.low)} .. {number(row.input.high)}",
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
