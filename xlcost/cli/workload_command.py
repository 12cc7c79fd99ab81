"""``xlcost workload``: measure the workload from a usage export and optionally write it as a scenario."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from xlcost.analysis.traffic.bill import ModelBill, reconcile_bill
from xlcost.analysis.traffic.profile import traffic_profile
from xlcost.analysis.traffic.read import FORMATS, UsageFormat, read_usage
from xlcost.analysis.traffic.scenario_out import scenario_yaml
from xlcost.cli.options import catalog_option, force_option, format_option, json_option, output_option
from xlcost.cli.render.traffic import print_report, workload_json, workload_lines
from xlcost.core.catalog import load_catalog
from xlcost.core.scenario import DEFAULT_CURRENCY, DEFAULT_MODEL_SIZE
from xlcost.core.scenario_io import load_scenario
from xlcost.errors import XlcostError
from xlcost.io.atomic import check_output, write_atomic
from xlcost.io.plain_text import json_text
from xlcost.io.table import TableFormat

USAGE_HELP = (
    "Usage export: OpenAI usage pages (JSON), LiteLLM spend logs (JSON or CSV) or a plain CSV; repeat for pages."
)
USAGE_FORMAT_HELP = f"Format of the usage files ({', '.join(FORMATS)}); default: detected."


def usage_format_option() -> Any:
    return typer.Option(None, "--usage-format", help=USAGE_FORMAT_HELP)


CURRENCY = DEFAULT_CURRENCY


def workload_command(
    usage: list[Path] = typer.Option(..., "--usage", help=USAGE_HELP),
    usage_fmt: str = usage_format_option(),
    output: Path = output_option("Write the workload as a scenario YAML file."),
    catalog: Path = catalog_option(),
    option: list[str] = typer.Option(
        None,
        "--option",
        help="Option key for the written scenario (repeat); default: the export's catalog models "
        "and the default scenario's options.",
    ),
    model_size: str = typer.Option(
        DEFAULT_MODEL_SIZE, "--model-size", help="Model size class the written scenario serves."
    ),
    force: bool = force_option(),
    as_json: bool = json_option(),
    fmt: TableFormat = format_option(),
) -> None:
    """Measure tokens a day, the hourly peak, growth and the bill from a usage export."""
    if output is not None:
        check_output(output, force, (".yaml", ".yml"))
    cat = load_catalog(catalog)
    days_per_month = cat.assumption("days_per_month")
    records = read_usage(usage, usage_format(usage_fmt))
    for warning in records.warnings:
        typer.echo(f"warning: {warning}", err=True)
    profile = traffic_profile(records, days_per_month)
    bills = reconcile_bill(records, cat, CURRENCY)
    if output is not None:
        keys = option or default_options(bills)
        write_atomic(
            output, scenario_yaml(profile, keys, cat.model_size(model_size).id, days_per_month).encode(), force=force
        )
    if as_json:
        typer.echo(json_text(workload_json(profile, bills, CURRENCY)))
    else:
        print_report(workload_lines(profile, bills, CURRENCY), fmt)
    if output is not None:
        typer.echo(f"wrote {output}", err=as_json)


def usage_format(fmt: str | None) -> UsageFormat | None:
    if fmt is not None and fmt not in FORMATS:
        raise XlcostError(f"--usage-format must be one of {', '.join(FORMATS)} (got '{fmt}')")
    return fmt


def default_options(bills: list[ModelBill]) -> list[str]:
    """The catalog's rows for the export's models, then the default scenario's options."""
    keys = [b.option for b in bills if b.option] + [o.key for o in load_scenario().options]
    return list(dict.fromkeys(keys))
