"""``xlcost train``: what a training or fine-tuning job costs on cloud GPUs and on owned ones (seed 001)."""

from __future__ import annotations

from pathlib import Path

import typer

from xlcost.analysis.training import FLOPS_PER_PARAM_TOKEN, gpu_hours_for, training_cost
from xlcost.cli.options import SCENARIO_HELP, catalog_option, json_option, scenario_option
from xlcost.cli.render.plans import print_training, training_json
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import currency_code
from xlcost.core.scenario import DEFAULT_CURRENCY, DEFAULT_GPU
from xlcost.core.scenario_io import load_scenario
from xlcost.errors import ScenarioError
from xlcost.io.plain_text import json_text


def train_command(
    gpu_hours: float = typer.Option(None, "--gpu-hours", help="GPU-hours of the job, if known."),
    params: float = typer.Option(None, "--params", help="Model parameters N (7e9 for 7B), with --tokens."),
    tokens: float = typer.Option(None, "--tokens", help="Training tokens D, with --params."),
    tflops: float = typer.Option(None, "--tflops", help="Peak TFLOPS of one GPU at the training precision."),
    utilisation: float = typer.Option(0.4, "--utilisation", help="Share of peak TFLOPS sustained (MFU)."),
    gpu: str = typer.Option(DEFAULT_GPU, "--gpu", help="GPU id priced in gpu_rental.csv and purchase.csv."),
    gpus: int = typer.Option(1, "--gpus", min=1, help="GPUs bought if the job gets its own hardware."),
    currency: str = typer.Option(None, "--currency", help="Currency of the costs (default: the scenario's, CNY)."),
    scenario: str = scenario_option(SCENARIO_HELP + " Gives the currency and the price case."),
    catalog: Path = catalog_option(),
    as_json: bool = json_option("Print machine-readable JSON."),
) -> None:
    """Cloud on-demand against owned GPUs for one training job, given as GPU-hours or as 6·N·D FLOPs."""
    if gpu_hours is None:
        if None in (params, tokens, tflops):
            raise typer.BadParameter("give --gpu-hours, or --params, --tokens and --tflops", param_hint="--gpu-hours")
        gpu_hours = gpu_hours_for(params, tokens, tflops, utilisation)
        rule = f"{FLOPS_PER_PARAM_TOKEN}·N·D = {FLOPS_PER_PARAM_TOKEN * params * tokens:.3g} FLOPs at {tflops:g} TFLOPS x {utilisation:.0%}"
    else:
        rule = "given"
    spec = load_scenario(scenario) if scenario is not None else None
    chosen = spec.currency if spec else DEFAULT_CURRENCY
    if currency is not None:
        try:
            chosen = currency_code(currency)
        except ValueError as exc:
            raise ScenarioError(f"--currency '{currency}': {exc}") from None
    case = spec.case if spec else "mid"
    cost = training_cost(gpu_hours, load_catalog(catalog), gpu=gpu, gpus=gpus, currency=chosen, case=case)
    if as_json:
        typer.echo(json_text(training_json(cost, rule)))
    else:
        print_training(cost, rule)
