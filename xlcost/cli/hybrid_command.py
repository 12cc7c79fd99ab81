"""``xlcost hybrid``: how many units to own for the base load, with the peaks sent to an API."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from xlcost.analysis.traffic.study import HybridStudy, hybrid_study
from xlcost.cli.options import SCENARIO_HELP, catalog_option, force_option, json_option, output_option, scenario_option
from xlcost.cli.workload_command import FORMAT_HELP, USAGE_HELP, usage_format
from xlcost.core.catalog import load_catalog
from xlcost.core.pricing import Context
from xlcost.core.scenario import Workload
from xlcost.core.scenario_io import load_scenario
from xlcost.errors import XlcostError
from xlcost.io.atomic import check_output
from xlcost.io.plain_text import plain


def hybrid_command(
    own: str = typer.Option(
        ..., "--own", help="The option owned or rented per GPU: rent:<gpu>, rent-hourly:<gpu>, buy:<gpu>."
    ),
    overflow: str = typer.Option(
        ..., "--overflow", help="The API that takes what the units cannot serve: api:<model>."
    ),
    usage: list[Path] = typer.Option(
        None, "--usage", help=USAGE_HELP + " Without it: a synthetic month of --scenario."
    ),
    fmt: str = typer.Option(None, "--format", help=FORMAT_HELP),
    scenario: str = scenario_option(SCENARIO_HELP + " Gives model size, currency and, without --usage, the workload."),
    burst: str = typer.Option(
        None, "--burst", help="Bursts of a synthetic month, e.g. 5x:2d/month (5 times the traffic on 2 days)."
    ),
    headroom: float = typer.Option(
        0.0, "--headroom", help="Share of each unit's throughput kept free (0.2 = 20%); default none."
    ),
    model_size: str = typer.Option(
        None, "--model-size", help="Model size served (default: the scenario's, else 7b-14b)."
    ),
    measured: bool = typer.Option(
        False, "--measured", help="Use the catalog's measured throughput rows (default: the seed's 180 tok/s)."
    ),
    catalog: Path = catalog_option(),
    output: Path = output_option("Write a workbook with the Hybrid sheet (.xlsx)."),
    force: bool = force_option(),
    as_json: bool = json_option(),
) -> None:
    """Cost of owning 0..peak units with the overflow on an API: the whole curve and the cheapest count."""
    if output is not None:
        check_output(output, force)
    if not usage and scenario is None:
        raise XlcostError("give --usage FILE, or --scenario for a synthetic month (with --burst if it has bursts)")
    cat = load_catalog(catalog)
    spec = load_scenario(scenario) if scenario is not None else None
    workload = spec.workload if spec else Workload(days_per_month=cat.assumption("days_per_month"))
    context = Context(
        workload=workload,
        currency=spec.currency if spec else "CNY",
        case=spec.case if spec else "mid",
        model_size=cat.model_size(model_size or (spec.model_size if spec else "7b-14b")).id,
        throughput_basis="measured" if measured else (spec.throughput_basis if spec else "seed"),
    )
    study = hybrid_study(
        context,
        cat,
        own=own,
        overflow=overflow,
        usage=usage or None,
        fmt=usage_format(fmt),
        burst=burst,
        scenario_name=spec.name if spec else "",
        headroom=headroom,
    )
    if output is not None:
        from xlcost.workbook.hybrid_sheet import write_hybrid_workbook  # openpyxl only when a workbook is asked for

        write_hybrid_workbook(study, output, force=force)
    if as_json:
        typer.echo(json.dumps(hybrid_json(study), indent=2))
    else:
        for line in hybrid_lines(study):
            typer.echo(plain(line, keep_lines=True))
    if output is not None:
        typer.echo(f"wrote {output}", err=as_json)


def _point(study: HybridStudy, n: int) -> dict:
    c = study.curve
    return {
        "units": int(c.units[n]),
        "monthly_cost": float(c.monthly_cost[n]),
        "local_share": float(c.local_share[n]),
        "own_cost": float(c.own_cost[n]),
        "overflow_cost": float(c.overflow_cost[n]),
        "overflow_hours_per_month": float(c.overflow_hours[n]),
    }


def hybrid_json(study: HybridStudy) -> dict:
    c, unit, api = study.curve, study.unit, study.api
    return {
        "source": study.demand.source,
        "currency": study.context.currency,
        "months_in_period": study.demand.months,
        "own": {
            "option": unit.key,
            "monthly_cost_per_unit": unit.monthly_cost,
            "cost_basis": unit.cost_basis,
            "tokens_per_s_per_gpu": unit.tokens_per_s,
            "throughput_row": unit.throughput_row,
            "min_units": unit.min_units,
        },
        "overflow": {"option": api.key, "cached_input_share": api.cached_share},
        "headroom": study.headroom,
        "capacity_per_unit_hour": study.capacity_per_unit,
        "peak_units": c.peak_units,
        "best": _point(study, c.best),
        "all_overflow": _point(study, 0),
        "all_owned_for_peak": _point(study, c.peak_units),
        "curve": [_point(study, n) for n in range(len(c.units))],
    }


def hybrid_lines(study: HybridStudy) -> list[str]:
    c, unit, cur = study.curve, study.unit, study.context.currency
    best = c.best
    lines = [
        f"demand\t{study.demand.source} ({study.demand.months:.4g} months, scaled to one)",
        f"own\t{unit.key}: {unit.monthly_cost:,.2f} {cur} per unit a month ({unit.cost_basis})",
        f"capacity\t{study.capacity_per_unit:,.0f} output tokens per unit-hour "
        f"({unit.tokens_per_s:g} tok/s, {unit.throughput_row}, headroom {study.headroom:.0%}); "
        f"at least {unit.min_units} unit(s) to hold the model",
        f"overflow\t{study.api.key} at catalog prices, cached input share {study.api.cached_share:.2%}",
        "units\tcapacity/h\town\toverflow\tmonthly cost\tlocal share\toverflow h/month",
    ]
    for n in range(len(c.units)):
        lines.append(
            f"{'*' if n == best else ' '}{n}\t{c.capacity_per_hour[n]:,.0f}\t{c.own_cost[n]:,.2f}\t"
            f"{c.overflow_cost[n]:,.2f}\t{c.monthly_cost[n]:,.2f}\t{c.local_share[n]:.2%}\t{c.overflow_hours[n]:,.1f}"
        )
    cheapest = c.monthly_cost[best]
    for label, n in (("all API", 0), ("all owned for peak", c.peak_units)):
        lines.append(
            f"{label}\t{n} units: {c.monthly_cost[n]:,.2f} {cur} a month ({c.monthly_cost[n] - cheapest:+,.2f} vs best)"
        )
    lines.append(
        f"best\t{best} units: {cheapest:,.2f} {cur} a month, {c.local_share[best]:.2%} of tokens served locally, "
        f"{c.overflow_hours[best]:,.1f} overflow hours a month"
    )
    return lines
