"""``xlcost workload``: measure the workload from a usage export and optionally write it as a scenario."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from xlcost.analysis.traffic.bill import ModelBill, reconcile_bill
from xlcost.analysis.traffic.profile import WEEKDAYS, TrafficProfile, traffic_profile
from xlcost.analysis.traffic.read import FORMATS, UsageFormat, read_usage
from xlcost.analysis.traffic.scenario_out import scenario_yaml
from xlcost.cli.options import catalog_option, force_option, json_option, output_option
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import load_scenario
from xlcost.errors import XlcostError
from xlcost.io.atomic import check_output, write_atomic
from xlcost.io.plain_text import plain

USAGE_HELP = (
    "Usage export: OpenAI usage pages (JSON), LiteLLM spend logs (JSON or CSV) or a plain CSV; repeat for pages."
)
FORMAT_HELP = f"Format of the usage files ({', '.join(FORMATS)}); default: detected."
CURRENCY = "CNY"


def workload_command(
    usage: list[Path] = typer.Option(..., "--usage", help=USAGE_HELP),
    fmt: str = typer.Option(None, "--format", help=FORMAT_HELP),
    output: Path = output_option("Write the workload as a scenario YAML file."),
    catalog: Path = catalog_option(),
    option: list[str] = typer.Option(
        None,
        "--option",
        help="Option key for the written scenario (repeat); default: the export's catalog models "
        "and the default scenario's options.",
    ),
    model_size: str = typer.Option("7b-14b", "--model-size", help="Model size class the written scenario serves."),
    force: bool = force_option(),
    as_json: bool = json_option(),
) -> None:
    """Measure tokens a day, the hourly peak, growth and the bill from a usage export."""
    if output is not None:
        check_output(output, force, (".yaml", ".yml"))
    cat = load_catalog(catalog)
    days_per_month = cat.assumption("days_per_month")
    records = read_usage(usage, usage_format(fmt))
    profile = traffic_profile(records, days_per_month)
    bills = reconcile_bill(records, cat, CURRENCY)
    if output is not None:
        keys = option or default_options(bills)
        write_atomic(
            output, scenario_yaml(profile, keys, cat.model_size(model_size).id, days_per_month).encode(), force=force
        )
    if as_json:
        typer.echo(json.dumps(workload_json(profile, bills), indent=2, ensure_ascii=False))
    else:
        for line in workload_lines(profile, bills):
            typer.echo(plain(line, keep_lines=True))
    if output is not None:
        typer.echo(f"wrote {output}", err=as_json)


def usage_format(fmt: str | None) -> UsageFormat | None:
    if fmt is not None and fmt not in FORMATS:
        raise XlcostError(f"--format must be one of {', '.join(FORMATS)} (got '{fmt}')")
    return fmt


def default_options(bills: list[ModelBill]) -> list[str]:
    """The catalog's rows for the export's models, then the default scenario's options."""
    keys = [b.option for b in bills if b.option] + [o.key for o in load_scenario().options]
    return list(dict.fromkeys(keys))


def workload_json(profile: TrafficProfile, bills: list[ModelBill]) -> dict:
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
        "currency": CURRENCY,
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


def workload_lines(profile: TrafficProfile, bills: list[ModelBill]) -> list[str]:
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
        export = "no spend column" if b.export_spend is None else f"{b.export_spend:,.2f} {CURRENCY}"
        catalog = "no catalog row" if b.catalog_cost is None else f"{b.catalog_cost:,.2f} {CURRENCY} ({b.option})"
        gap = ""
        if b.export_spend and b.catalog_cost is not None:
            gap = f", catalog {b.catalog_cost / b.export_spend - 1:+.1%} vs export"
        lines.append(f"bill {b.model}\texport {export}; catalog {catalog}{gap}")
    return lines
