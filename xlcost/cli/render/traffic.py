"""``xlcost workload`` and ``xlcost hybrid``: the measured traffic and bill, and the own-or-overflow curve,
as JSON, as tables in a terminal, and as tab-separated lines when piped or with ``--format tsv`` (one
figure per line, so the report greps and pipes).

The figures come from ``analysis.traffic``, which stays pure; how they read on a terminal is decided here.
"""

from __future__ import annotations

from typing import Any

import typer

from xlcost.analysis.traffic.bill import ModelBill
from xlcost.analysis.traffic.profile import WEEKDAYS, TrafficProfile
from xlcost.analysis.traffic.study import HybridStudy
from xlcost.io.plain_text import DataConsole, plain
from xlcost.io.table import Column, TableFormat, print_table


def print_report(lines: list[str], fmt: TableFormat) -> None:
    """Tables in a terminal, as every command draws them; the tab-separated lines when piped or asked for."""
    console = DataConsole()
    if fmt is TableFormat.tsv or not console.is_terminal:
        for line in lines:
            typer.echo(plain(line, keep_lines=True))
        return
    for block in _blocks([line.split("\t") for line in lines]):
        if len(block[0]) == 2:  # figure, value
            print_table((Column("figure"), Column("value", "text")), block, console=console)
        else:  # a table of its own: a heading row, then a row per unit count
            heading, *rows = block
            columns = [Column(heading[0]), *(Column(h, "number") for h in heading[1:])]
            print_table(columns, rows, console=console)


def _blocks(rows: list[list[str]]) -> list[list[list[str]]]:
    """Runs of consecutive rows with the same number of fields."""
    blocks: list[list[list[str]]] = []
    for row in rows:
        if blocks and len(blocks[-1][0]) == len(row):
            blocks[-1].append(row)
        else:
            blocks.append([row])
    return blocks


def workload_json(profile: TrafficProfile, bills: list[ModelBill], currency: str) -> dict[str, Any]:
    growth = profile.growth
    return {
        "source": profile.source,
        "format": profile.format,
        "start": profile.start.isoformat(),
        "end": profile.end.isoformat(),
        "days": profile.days,
        "input_tokens_per_day": profile.input_tokens_per_day,
        "output_tokens_per_day": profile.output_tokens_per_day,
        "cached_share": profile.cached_share,
        "requests_per_day": profile.requests_per_day,
        "users_per_day": profile.users_per_day,
        "distinct_users": profile.distinct_users,
        "peak_to_average": profile.peak_to_average,
        "peak_hour": profile.peak_hour.isoformat() if profile.peak_hour else None,
        "hour_of_day_shape": profile.hour_of_day_shape,
        "day_of_week_shape": dict(zip(WEEKDAYS, profile.day_of_week_shape, strict=True)),
        "monthly_growth": growth.monthly if growth else None,
        "monthly_growth_stderr": growth.stderr if growth else None,
        "growth_days_fitted": growth.days_fitted if growth else 0,
        "currency": currency,
        "bill": [
            {
                "model": b.model,
                "option": b.option,
                "input_tokens": b.input_tokens,
                "output_tokens": b.output_tokens,
                "cached_tokens": b.cached_tokens,
                "export_spend": b.export_spend,
                "catalog_cost": b.catalog_cost,
            }
            for b in bills
        ],
    }


def workload_lines(profile: TrafficProfile, bills: list[ModelBill], currency: str) -> list[str]:
    """The report as plain lines: one figure per line, so it greps and pipes."""
    p, growth = profile, profile.growth
    lines = [
        f"source\t{p.source} ({p.format})",
        f"period\t{p.start:%Y-%m-%d %H:%M} to {p.end:%Y-%m-%d %H:%M} UTC ({p.days:g} days)",
        f"input tokens/day\t{p.input_tokens_per_day:,.0f}",
        f"output tokens/day\t{p.output_tokens_per_day:,.0f}",
        f"cached input share\t{p.cached_share:.2%}",
        f"requests/day\t{p.requests_per_day:,.1f}",
        "users/day\t"
        + (f"{p.users_per_day:,.1f} ({p.distinct_users:,} distinct)" if p.users_per_day else "not in the export"),
    ]
    if p.peak_to_average is None:
        lines.append("peak_to_average\tnot measured: buckets wider than an hour")
    else:
        lines.append(f"peak_to_average\t{p.peak_to_average:.3f} (busiest hour {p.peak_hour:%Y-%m-%d %H:00} UTC)")
        lines.append(
            "hour of day (UTC)\t" + " ".join(f"{h:02d}:{x:.2f}" for h, x in enumerate(p.hour_of_day_shape or ()))
        )
    lines.append(
        "day of week\t"
        + " ".join(
            f"{d}:{'-' if x is None else f'{x:.2f}'}" for d, x in zip(WEEKDAYS, p.day_of_week_shape, strict=True)
        )
    )
    lines.append(
        f"monthly growth\t{growth.monthly:+.2%} ± {growth.stderr:.2%} (one standard error, {growth.days_fitted} days)"
        if growth
        else "monthly growth\tnot fitted: fewer than 14 days with traffic"
    )
    for b in bills:
        export = "no spend column" if b.export_spend is None else f"{b.export_spend:,.2f} {currency}"
        catalog = "no catalog row" if b.catalog_cost is None else f"{b.catalog_cost:,.2f} {currency} ({b.option})"
        gap = ""
        if b.export_spend and b.catalog_cost is not None:
            gap = f", catalog {b.catalog_cost / b.export_spend - 1:+.1%} vs export"
        lines.append(f"bill {b.model}\texport {export}; catalog {catalog}{gap}")
    return lines


def _point(study: HybridStudy, n: int) -> dict[str, Any]:
    c = study.curve
    return {
        "units": int(c.units[n]),
        "monthly_cost": float(c.monthly_cost[n]),
        "local_share": float(c.local_share[n]),
        "own_cost": float(c.own_cost[n]),
        "overflow_cost": float(c.overflow_cost[n]),
        "overflow_hours_per_month": float(c.overflow_hours[n]),
    }


def hybrid_json(study: HybridStudy) -> dict[str, Any]:
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
            "gpus_per_replica": unit.gpus_per_replica,
            "sizing": unit.sizing,
            "warnings": list(unit.warnings),
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
        f"at least {unit.min_units} unit(s) to hold the model"
        + (f", in whole replicas of {unit.gpus_per_replica}" if unit.gpus_per_replica > 1 else ""),
        f"sizing\t{unit.sizing}",
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
