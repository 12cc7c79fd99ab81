"""``xlcost size``: what a deployment of a model on GPUs serves, and the fleet a workload needs."""

from __future__ import annotations

from pathlib import Path

import typer

from xlcost.cli.options import catalog_option, format_option, json_option, scenario_option
from xlcost.cli.render.sizing import estimate_json, fleet_json, print_estimate, print_fleet
from xlcost.core.capacity.anchor import with_measurement
from xlcost.core.capacity.engines import engine_profile
from xlcost.core.capacity.estimate import REPLICA_SIZES, Deployment, estimate
from xlcost.core.capacity.fleet import size_fleet
from xlcost.core.capacity.models import resolve_model
from xlcost.core.capacity.serving import (
    DEFAULT_BUSY_HOUR_SHARE,
    DEFAULT_TPOT_MS,
    DEFAULT_TTFT_MS,
    DEFAULT_UTILISATION,
    ENGINES,
    PRECISIONS,
)
from xlcost.core.catalog import Catalog, load_catalog
from xlcost.core.catalog.rows import Gpu
from xlcost.core.option_kinds import GPU_KINDS
from xlcost.core.pricing import unit_gpus
from xlcost.core.scenario import OptionSpec
from xlcost.core.scenario_io import load_scenario
from xlcost.errors import UnknownOptionError, XlcostError
from xlcost.io.plain_text import json_text
from xlcost.io.table import TableFormat
from xlcost.limits import MAX_COUNT

HOURS_PER_DAY = 24
#: Bounds on the flags: past them an answer is noise (a 10M-token request, a week to the first token).
MAX_GPUS = 100_000
MAX_REQUEST_TOKENS = 10_000_000
MAX_IN_FLIGHT = 10_000_000
MAX_TARGET_MS = 600_000
MAX_REQUESTS_PER_USER_DAY = 1_000_000


def size_command(
    model: str = typer.Option(
        None, "--model", help="Model id from models.csv, a seed band (32b-70b) or a config.json path."
    ),
    gpu: str = typer.Option(None, "--gpu", help="GPU id from gpus.csv (h100-80g, l40s-48g, mi300x-192g ...)."),
    gpus: int = typer.Option(
        None,
        "--gpus",
        min=1,
        max=MAX_GPUS,
        help="GPUs in the deployment; default: the smallest replica that holds the model.",
    ),
    tp: int = typer.Option(
        None,
        "--tp",
        min=1,
        max=REPLICA_SIZES[-1],
        help="GPUs per replica (tensor parallel); default: the split that serves most.",
    ),
    precision: str = typer.Option(
        None, "--precision", help=f"Weights' precision ({', '.join(PRECISIONS)}); default: the model's own."
    ),
    engine: str = typer.Option("vllm", "--engine", help=f"Serving engine ({', '.join(ENGINES)})."),
    input_tokens: int = typer.Option(
        None, "--input-tokens", min=1, max=MAX_REQUEST_TOKENS, help="Prompt tokens per request."
    ),
    output_tokens: int = typer.Option(
        None, "--output-tokens", min=1, max=MAX_REQUEST_TOKENS, help="Output tokens per request."
    ),
    concurrency: float = typer.Option(
        None, "--concurrency", min=1, max=MAX_IN_FLIGHT, help="Requests in flight over the deployment."
    ),
    offline: bool = typer.Option(False, "--offline", help="As many requests as fit (batch jobs): the most it serves."),
    tpot_ms: float = typer.Option(
        None, "--tpot-ms", min=0.001, max=MAX_TARGET_MS, help="Latency target: time per output token, ms."
    ),
    ttft_ms: float = typer.Option(
        None, "--ttft-ms", min=0.001, max=MAX_TARGET_MS, help="Latency target: time to first token, ms."
    ),
    users: float = typer.Option(None, "--users", min=0, max=MAX_COUNT, help="Daily users: size the fleet for them."),
    requests_per_user_day: float = typer.Option(
        None,
        "--requests-per-user-day",
        min=0.001,
        max=MAX_REQUESTS_PER_USER_DAY,
        help="Requests a user makes a day (fleet; default 1 with -s, else required).",
    ),
    busy_hour_share: float = typer.Option(
        None,
        "--busy-hour-share",
        min=0,
        max=1,
        help=f"Share of a day's requests in its busiest hour (fleet; default: the scenario's peak_to_average / 24, else {DEFAULT_BUSY_HOUR_SHARE:.3f}).",
    ),
    utilisation: float = typer.Option(
        DEFAULT_UTILISATION,
        "--utilisation",
        min=0.01,
        max=1,
        help="Share of a replica's capacity the fleet plans to use.",
    ),
    scenario: str = scenario_option("Scenario whose workload sizes a fleet (its model size, users and tokens)."),
    catalog: Path = catalog_option(),
    fmt: TableFormat = format_option(),
    anchor: bool = typer.Option(
        False, "--anchor", help="Scale the estimate to a published measurement of this deployment, if one matches."
    ),
    as_json: bool = json_option(),
) -> None:
    """Output tokens/s, latency and memory of a model on GPUs; with a workload, the fleet it needs."""
    if sum((concurrency is not None, offline, tpot_ms is not None or ttft_ms is not None)) > 1:
        raise XlcostError("give one of --concurrency, --offline, or a latency target (--tpot-ms/--ttft-ms)")
    fleet_wanted = scenario is not None or users is not None
    loaded = load_scenario(scenario) if scenario is not None else None
    if loaded is not None:
        workload = loaded.workload
        requests = requests_per_user_day or 1.0
        model = model or loaded.model_size
        input_tokens = input_tokens or max(1, round(workload.input_tokens_per_user_day / requests))
        output_tokens = output_tokens or max(1, round(workload.output_tokens_per_user_day / requests))
        users = (
            users
            if users is not None
            else max(workload.users_in_month(1), workload.users_in_month(workload.horizon_months))
        )
        busy_hour_share = busy_hour_share or workload.peak_to_average / HOURS_PER_DAY
        gpu = gpu or _scenario_gpu(loaded.options, catalog)
    for flag, value in (
        ("--model", model),
        ("--gpu", gpu),
        ("--input-tokens", input_tokens),
        ("--output-tokens", output_tokens),
    ):
        if value is None:
            raise XlcostError(f"{flag} is required (or -s SCENARIO to take it from a scenario)")
    arch = resolve_model(model, catalog)
    gpu_row = _gpu(gpu, catalog)
    if precision is not None and precision not in PRECISIONS:
        raise XlcostError(f"--precision must be one of {', '.join(PRECISIONS)} (got '{precision}')")
    deployment = Deployment(
        model=arch,
        gpu=gpu_row,
        precision=precision or arch.default_precision,  # checked against PRECISIONS above
        engine=engine_profile(engine, catalog),
        input_tokens=input_tokens,
        output_tokens=output_tokens,
    )
    for warning in deployment.warnings:
        typer.echo(f"warning: {warning}", err=True)
    if fleet_wanted:
        if requests_per_user_day is None and loaded is None:
            raise XlcostError("--requests-per-user-day is required with --users")
        fleet = size_fleet(
            deployment,
            daily_users=users or 0.0,
            requests_per_user_day=requests_per_user_day or 1.0,
            busy_hour_share=busy_hour_share or DEFAULT_BUSY_HOUR_SHARE,
            tpot_ms=tpot_ms or DEFAULT_TPOT_MS,
            ttft_ms=ttft_ms or DEFAULT_TTFT_MS,
            utilisation=utilisation,
            tp=tp,
        )
        if as_json:
            typer.echo(json_text(fleet_json(fleet)))
        else:
            print_fleet(fleet, fmt)
        return
    answer = estimate(
        deployment,
        gpus=gpus,
        tp=tp,
        concurrency=concurrency,
        tpot_ms=tpot_ms,
        ttft_ms=ttft_ms,
    )
    answer = with_measurement(answer, catalog, anchor=anchor)
    if as_json:
        typer.echo(json_text(estimate_json(answer)))
    else:
        print_estimate(answer, fmt)


def _gpu(ident: str, catalog: Path | None) -> Gpu:
    return load_catalog(catalog).gpu(ident.strip().lower())


def _scenario_gpu(options: list[OptionSpec], catalog: Path | None) -> str:
    """The GPU of the scenario's first rented or bought GPU option, or of an on-prem option's ``gpu``."""
    loaded = load_catalog(catalog)
    gpus = loaded.table("gpus.csv")
    for option in options:
        for gpu in (_rented_or_bought(option, loaded), option.gpu):
            if gpu is not None and gpu in gpus:
                return gpu
    raise UnknownOptionError("the scenario has no rented or bought GPU option: give --gpu")


def _rented_or_bought(option: OptionSpec, catalog: Catalog) -> str | None:
    """The GPU a rented or bought GPU option's unit holds, as pricing sizes it (rent:h100-80g@aws rents an
    h100-80g; a bought server holds its row's ``gpu``); None for another kind or a key the catalog lacks."""
    try:
        kind, row = catalog.option_row(option.key)
    except UnknownOptionError:
        return None
    return unit_gpus(option, row)[0] if kind in GPU_KINDS else None
