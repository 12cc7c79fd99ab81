"""Training or fine-tuning jobs: cloud on-demand GPUs against owned GPUs (seed 001).

A job is GPU-hours, given directly or from the FLOPs rule 6·N·D (N parameters, D tokens) over
a GPU's sustained throughput. Cloud pays on-demand hours; owned GPUs pay the hours' share of
their depreciation plus electricity, or the whole purchase when bought for this job alone.
Prices come from ``pricing.resolve`` and ``money.depreciation``.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from xlcost.core import money
from xlcost.core.catalog import Case, Catalog
from xlcost.core.option_kinds import OPTION_KINDS
from xlcost.core.pricing import Context, resolve
from xlcost.core.scenario import DEFAULT_CURRENCY, DEFAULT_GPU, OptionSpec, Workload
from xlcost.errors import ScenarioError
from xlcost.limits import MAX_AMOUNT, in_range

FLOPS_PER_PARAM_TOKEN = 6  # forward + backward pass of a dense transformer: 6·N·D


def gpu_hours_for(params: float, tokens: float, tflops_per_gpu: float, utilisation: float = 0.4) -> float:
    """GPU-hours a training run needs by the 6·N·D rule at a sustained share of peak TFLOPS."""
    for name, value in (("params", params), ("tokens", tokens), ("tflops_per_gpu", tflops_per_gpu)):
        if in_range(value, name, 0, MAX_AMOUNT, ScenarioError) == 0:
            raise ScenarioError(f"{name} must be positive (got {value})")
    if not 0 < utilisation <= 1:
        raise ScenarioError(f"utilisation must be a share in (0, 1] (got {utilisation})")
    flops = FLOPS_PER_PARAM_TOKEN * params * tokens
    return flops / (tflops_per_gpu * 1e12 * utilisation) / 3600


def gpu_id(gpu: str, catalog: Catalog) -> str:
    """A GPU both rented by the hour and bought: its catalog id, or the one id it begins (h100 -> h100-80g)."""
    rented, bought = catalog.table(OPTION_KINDS["rent-hourly"]), catalog.table(OPTION_KINDS["buy"])
    ids = [ident for ident in rented if ident in bought]
    if gpu in ids:
        return gpu
    begun = [ident for ident in ids if ident.startswith(f"{gpu}-")]
    if len(begun) == 1:
        return begun[0]
    close = begun or difflib.get_close_matches(gpu, ids, n=3)
    hint = f"did you mean {', '.join(close)}? " if close else ""
    raise ScenarioError(
        f"--gpu '{gpu}' is not a GPU id priced both by the hour and to buy; {hint}GPU ids: {', '.join(ids)}"
    )


@dataclass(frozen=True, slots=True)
class TrainingCost:
    """What one training job costs on each placement, in the context currency."""

    gpu: str
    currency: str
    gpu_hours: float
    cloud: float  # on-demand rental for the job's hours
    owned_share: float  # depreciation + power for the job's hours, on GPUs owned anyway
    owned_dedicated: float  # buying the GPUs for this job: the purchase plus power
    gpus: int

    @property
    def cheaper(self) -> str:
        """Whether buying GPUs for the job beats renting its hours (the share view assumes spare owned GPUs)."""
        return "owned GPUs" if self.owned_dedicated < self.cloud else "cloud GPUs"


def training_cost(
    gpu_hours: float,
    catalog: Catalog,
    *,
    gpu: str = DEFAULT_GPU,
    gpus: int = 1,
    currency: str = DEFAULT_CURRENCY,
    case: Case = "mid",
) -> TrainingCost:
    """Cost of ``gpu_hours`` of training on ``gpus`` GPUs of one type, cloud against owned."""
    if in_range(gpu_hours, "gpu_hours", 0, MAX_AMOUNT, ScenarioError) == 0:
        raise ScenarioError(f"gpu_hours must be positive (got {gpu_hours})")
    if gpus < 1:
        raise ScenarioError(f"gpus must be at least 1 (got {gpus})")
    gpu = gpu_id(gpu, catalog)
    context = Context(workload=Workload(), currency=currency, case=case)
    hourly = resolve(OptionSpec(key=f"rent-hourly:{gpu}", units=1, hours_per_month=1), context, catalog)
    owned = resolve(OptionSpec(key=f"buy:{gpu}", units=1, include_power=True), context, catalog)
    hours_per_month = catalog.assumption("hours_per_month")
    owned_per_hour = (money.depreciation(owned, 1)[0] + owned.fixed_monthly) / hours_per_month
    power_per_hour = owned.fixed_monthly / hours_per_month
    return TrainingCost(
        gpu=gpu,
        currency=currency,
        gpu_hours=gpu_hours,
        cloud=gpu_hours * hourly.fixed_monthly,
        owned_share=float(gpu_hours * owned_per_hour),
        owned_dedicated=gpus * owned.upfront + gpu_hours * power_per_hour,
        gpus=gpus,
    )
