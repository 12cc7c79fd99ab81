"""``xlcost simulate``: Monte Carlo over every uncertain input; P10/P50/P90 and chance of being cheapest."""

from __future__ import annotations

from pathlib import Path

import typer

from xlcost.analysis.uncertainty.montecarlo import Simulation, simulate
from xlcost.cli.options import (
    catalog_option,
    force_option,
    format_option,
    json_option,
    output_option,
    scenario_option,
)
from xlcost.cli.render.progress import progress_bar
from xlcost.cli.render.uncertainty import print_simulation, simulation_json
from xlcost.cli.sensitivity_command import GROWTH_SPREAD_HELP, SPREAD_HELP, WORKLOAD_SPREAD_HELP
from xlcost.core.catalog import Catalog, load_catalog
from xlcost.core.scenario_io import catalog_choice, load_scenario
from xlcost.io.atomic import check_output, write_atomic
from xlcost.io.plain_text import DataConsole, json_text
from xlcost.io.table import TableFormat
from xlcost.workbook.build import build_workbook, workbook_bytes
from xlcost.workbook.fit import fit_columns
from xlcost.workbook.printing import set_print
from xlcost.workbook.simulation_sheet import SHEET as SIMULATION
from xlcost.workbook.simulation_sheet import write_simulation


def simulate_command(
    scenario: str = scenario_option(),
    catalog: Path = catalog_option(),
    draws: int = typer.Option(10_000, "--draws", "-n", min=1, help="Number of simulated futures."),
    seed: int = typer.Option(None, "--seed", help="Random seed: the same seed gives the same figures."),
    distribution: str = typer.Option("triangular", "--distribution", help="triangular or pert (low/base/high)."),
    spread: float = typer.Option(0.20, "--spread", help=SPREAD_HELP),
    workload_spread: float = typer.Option(None, "--workload-spread", help=WORKLOAD_SPREAD_HELP),
    growth_spread: float = typer.Option(0.01, "--growth-spread", help=GROWTH_SPREAD_HELP),
    as_json: bool = json_option(),
    fmt: TableFormat = format_option(),
    workbook: Path = output_option("Also write the comparison workbook with a Simulation sheet of these results."),
    force: bool = force_option(),
) -> None:
    """P10/P50/P90 TCO of every option and the probability that each is cheapest over the horizon."""
    chosen = load_scenario(scenario)
    prices = load_catalog(catalog_choice(catalog, chosen))
    if workbook is not None:
        check_output(workbook, force, flag="--output")
    with progress_bar("pricing corners") as report:
        result = simulate(
            chosen,
            prices,
            draws=draws,
            seed=seed,
            distribution=distribution,
            spread=spread,
            workload_spread=workload_spread,
            growth_spread=growth_spread,
            progress=report,
        )
    if workbook is not None:
        _write_workbook(workbook, result, prices, force)
    if as_json:
        typer.echo(json_text(simulation_json(result)))
    else:
        print_simulation(result, fmt)


def _write_workbook(path: Path, result: Simulation, catalog: Catalog, force: bool) -> None:
    """The scenario's comparison workbook plus the Simulation sheet, written atomically."""
    wb, plan = build_workbook(result.scenario, catalog)
    write_simulation(wb, result)
    fit_columns(wb, plan, [SIMULATION])
    set_print(wb, [SIMULATION])
    write_atomic(path, workbook_bytes(wb), force=force)
    DataConsole(stderr=True).print(f"wrote {path} (Simulation sheet: seed {result.seed}, {result.draws:,} draws)")
