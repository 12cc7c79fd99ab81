"""What is being served and what is compared: the validated inputs of every calculation."""

from __future__ import annotations

import math
import types
import typing
import unicodedata
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, Literal, overload

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from xlcost.core.capacity.serving import DEFAULT_TPOT_MS, DEFAULT_TTFT_MS, DEFAULT_UTILISATION, Engine, Precision
from xlcost.core.catalog.rows import Case, Currency
from xlcost.errors import ScenarioError, describe_validation_error
from xlcost.limits import MAX_AMOUNT, MAX_CELL_TEXT, MAX_COUNT, MAX_GROWTH_FACTOR, MAX_MONTHS, MAX_OPTIONS

#: What a scenario, a pricing context, a command or an Excel function assumes when it is given none.
DEFAULT_MODEL_SIZE = "7b-14b"  # the model size class self-hosted options serve
DEFAULT_GPU = "a100-80g"  # the GPU a training estimate or an Excel sizing call prices
DEFAULT_CURRENCY = "CNY"  # the currency results are given in

if TYPE_CHECKING:
    from typing_extensions import Self  # typing.Self is Python 3.11+

Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
ServiceTier = Literal["standard", "priority", "flex"]
DEFAULT_REQUESTS = 1.0  # requests a user makes a day, unless the scenario's serving says
# Upper bounds keep every product the core forms (users x tokens x price x months) finite.
NonNegative = Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)]
Money = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]


def _no_control_characters(value: str) -> str:
    """Names are shown in terminals and cells, where ESC and friends do harm; a description may have line breaks."""
    bad = next((c for c in value if unicodedata.category(c) == "Cc" and c not in "\n\t"), None)
    if bad is not None:
        raise ValueError(f"must not contain control characters (found {bad!r})")
    return value


Name = Annotated[str, Field(max_length=200), AfterValidator(_no_control_characters)]


@overload
def growth_sum(growth: float, months: float) -> float: ...
@overload
def growth_sum(growth: float | np.ndarray, months: float | np.ndarray) -> float | np.ndarray: ...
def growth_sum(growth: float | np.ndarray, months: float | np.ndarray) -> float | np.ndarray:
    """Sum over months 1..n of (1+g)^(m-1), for numbers or arrays of either; n where g is 0.

    expm1/log1p keep tiny rates exact, where ((1+g)^n - 1) / g would cancel to 0. Two numbers take
    plain float arithmetic: numpy's per-call overhead would be most of an Excel function's time.
    """
    if isinstance(growth, int | float) and isinstance(months, int | float):
        return float(months) if growth == 0 else math.expm1(months * math.log1p(growth)) / growth
    g = np.asarray(growth, dtype=float)
    n = np.asarray(months, dtype=float)
    total: np.ndarray = np.where(g == 0, n, np.expm1(n * np.log1p(g)) / np.where(g == 0, 1.0, g))
    return float(total) if total.ndim == 0 else total


class InputModel(BaseModel):
    """Validated user input that fails with ``ScenarioError`` (ours) naming each bad field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as exc:
            raise ScenarioError(describe_validation_error(exc, where=type(self).__name__), exc.errors()) from None

    # Tell pydantic this __init__ only translates errors, so nested models validate natively
    # and a scenario's errors keep their full path (workload.users_per_day, options.0.units).
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]  # a flag pydantic reads off the function

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError as exc:
            raise ScenarioError(describe_validation_error(exc, where=cls.__name__), exc.errors()) from None

    @field_validator("*", mode="before")
    @classmethod
    def _booleans_are_not_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        """``users_per_day: true`` is a slip, not 1 user: pydantic would read true as 1 in a number field."""
        annotation = cls.model_fields[info.field_name].annotation if info.field_name else None
        values = value.values() if isinstance(value, dict) and typing.get_origin(annotation) is dict else [value]
        kind = typing.get_args(annotation)[1] if typing.get_origin(annotation) is dict else annotation
        if any(isinstance(v, bool) for v in values) and _numeric(kind):
            raise ValueError("must be a number, not true or false")
        return value


def _numeric(annotation: Any) -> bool:
    """Whether a field holds a number (int or float, optionally None or constrained), not a flag."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _numeric(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        kinds = typing.get_args(annotation)
        return bool not in kinds and any(_numeric(kind) for kind in kinds)
    return annotation in (int, float)


#: the workload fields only the vendor billing rules read (``core.billing``); left at their defaults, an API
#: row without rules bills at its list prices
BILLING_WORKLOAD_FIELDS = ("cache_write_share", "batch_share", "service_tier", "reasoning_tokens_per_user_day")


class Workload(InputModel):
    """Daily usage in month 1; later months grow by ``monthly_growth`` (compound)."""

    users_per_day: NonNegative = Field(10_000, description="daily active users in month 1")
    input_tokens_per_user_day: NonNegative = Field(800, description="input (prompt) tokens per user per day")
    output_tokens_per_user_day: NonNegative = Field(400, description="output (generated) tokens per user per day")
    cached_input_share: Share = Field(0.0, description="share of input tokens billed at the cached-input price")
    cache_write_share: Share = Field(0.0, description="share of input tokens written to the cache (cache-write price)")
    batch_share: Share = Field(0.0, description="share of requests sent through the batch API (batch prices)")
    service_tier: ServiceTier = Field("standard", description="API service tier: standard, priority or flex")
    reasoning_tokens_per_user_day: NonNegative = Field(
        0, description="reasoning (thinking) tokens per user per day: billed and generated as output"
    )
    days_per_month: Annotated[float, Field(gt=0, le=31)] = Field(30, description="billing days in a month")
    monthly_growth: Annotated[float, Field(gt=-1, le=10, allow_inf_nan=False)] = Field(
        0.0, description="compound growth of users per month (0.05 = 5%)"
    )
    peak_to_average: Annotated[float, Field(ge=1, le=1000, allow_inf_nan=False)] = Field(
        2.0, description="peak-hour token rate over the 24-hour average; sizes GPUs"
    )
    horizon_months: Annotated[int, Field(ge=1, le=MAX_MONTHS)] = Field(36, description="months costed")

    @model_validator(mode="after")
    def _growth_finite(self) -> Workload:
        """Growth compounds: 10 a month over 600 months is 11^599, past any double."""
        if self.monthly_growth > 0:
            exponent = (self.horizon_months - 1) * math.log10(1 + self.monthly_growth)
            if exponent > math.log10(MAX_GROWTH_FACTOR):
                raise ValueError(
                    f"users grow by (1 + monthly_growth)^(horizon_months - 1), about 1e{exponent:.0f} here; "
                    f"the limit is {MAX_GROWTH_FACTOR:.0e}"
                )
        return self

    @model_validator(mode="after")
    def _input_shares(self) -> Workload:
        """An input token is read from the cache, written to it, or neither: the two shares cannot pass 1."""
        if self.cached_input_share + self.cache_write_share > 1:
            raise ValueError(
                f"cached_input_share ({self.cached_input_share:g}) + cache_write_share ({self.cache_write_share:g}) "
                "is above 1: they are shares of the same input tokens"
            )
        return self

    @property
    def generated_tokens_per_user_day(self) -> float:
        """Output tokens a model generates a day: the visible ones and the reasoning ones, billed alike."""
        return self.output_tokens_per_user_day + self.reasoning_tokens_per_user_day

    @property
    def tokens_per_user_day(self) -> float:
        return self.input_tokens_per_user_day + self.output_tokens_per_user_day

    def users_in_month(self, month: int) -> float:
        """Daily users in a 1-based month."""
        return self.users_per_day * (1 + self.monthly_growth) ** (month - 1)

    @overload
    def growth_sum(self, months: int) -> float: ...
    @overload
    def growth_sum(self, months: int | np.ndarray) -> float | np.ndarray: ...
    def growth_sum(self, months: int | np.ndarray) -> float | np.ndarray:
        """Sum over months 1..n of the growth factor (1+g)^(m-1): n when there is no growth.

        ``months`` may be a numpy array (vectorised TCO): the answer is then an array.
        """
        return growth_sum(self.monthly_growth, months)


class OptionSpec(InputModel):
    """One option to compare: a catalog key plus what the scenario says about it."""

    key: Name = Field(description="catalog key kind:id, e.g. api:deepseek-v3, rent:a100-80g, onprem:light")
    label: Name | None = Field(None, description="name shown in reports (default: the key)")
    units: Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)] | None = Field(
        None, description="GPUs, machines or seats (0: none, as sized for no users); blank sizes it from the workload"
    )
    case: Case | None = Field(None, description="low, mid or high for ranged prices (default: the scenario's)")
    gpu: Name | None = Field(None, description="GPU for sizing an on-prem tier (default: the model size's)")
    hours_per_month: Annotated[float, Field(ge=0, le=744)] | None = Field(
        None, description="hours an on-demand or spot GPU is billed per month (default: always on)"
    )
    include_power: bool = Field(False, description="add electricity to bought hardware")
    extra_per_year: Money = Field(0.0, description="other yearly running cost in the scenario currency")
    extra_label: Name = Field("", description="what extra_per_year pays for")
    overrides: dict[Name, Annotated[float, Field(allow_inf_nan=False)]] = Field(
        default_factory=dict, max_length=50, description="catalog fields replaced, e.g. a quote"
    )
    currency: Currency | None = Field(None, description="currency of the overrides (default: the scenario's)")

    @field_validator("key")
    @classmethod
    def _normalise_key(cls, value: str) -> str:
        return value.strip().lower()

    @property
    def name(self) -> str:
        return self.label or self.key


class FxEntry(InputModel):
    """An exchange rate the scenario brings (a treasury rate, a currency the catalog lacks): like an fx.csv
    row, with its source and date, and it wins over the catalog's rate for that currency."""

    currency: Currency
    rate_to_cny: Annotated[float, Field(ge=1e-6, le=1e6, allow_inf_nan=False)] = Field(
        description="CNY one unit of the currency buys"
    )
    source: Annotated[str, Field(min_length=1, max_length=MAX_CELL_TEXT)]
    as_of: date


class Situation(InputModel):
    """What the decision matrix (seed 002 §6) asks beside the load: answers that can outweigh cost."""

    sensitive_data: bool = Field(False, description="data must not leave the company (compliance)")
    volatile: bool = Field(False, description="demand swings or is still unknown (trial phase)")
    latency_sensitive: bool = Field(False, description="response time matters")
    fine_tune: bool = Field(False, description="a custom fine-tuned model will be served")


class Serving(InputModel):
    """What the self-hosted options serve and how fast, when the capacity engine sizes their GPUs.

    Each user's daily tokens come as ``requests_per_user_day`` equal requests; the busiest hour is the
    workload's ``peak_to_average`` over the day's average hour (``peak_to_average`` / 24 of the day).
    """

    model: Name | None = Field(
        None, description="model id from models.csv or a config.json path; blank: the model_size band's model"
    )
    precision: Precision | None = Field(None, description="weights' precision (default: the model's own)")
    engine: Engine = Field("vllm", description="serving engine whose fitted efficiency sizes the GPUs")
    requests_per_user_day: Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)] = Field(
        DEFAULT_REQUESTS,
        description="requests a user makes a day; a request carries the day's tokens divided by this (it sizes "
        "replicas, and decides an API's long-context tier and per-request fees)",
    )
    tpot_ms: Annotated[float, Field(gt=0, le=1e6, allow_inf_nan=False)] = Field(
        DEFAULT_TPOT_MS, description="latency target: time per output token, ms"
    )
    ttft_ms: Annotated[float, Field(gt=0, le=1e7, allow_inf_nan=False)] = Field(
        DEFAULT_TTFT_MS, description="latency target: time to first token, ms"
    )
    utilisation: Annotated[float, Field(gt=0, le=1, allow_inf_nan=False)] = Field(
        DEFAULT_UTILISATION, description="share of a replica's capacity within the target that is planned"
    )
    throughput_scale: Annotated[float, Field(gt=0, le=100, allow_inf_nan=False)] = Field(
        1.0,
        description="what a replica really serves over the engine's estimate (0.8: a benchmark of this deployment "
        "served 20% less); sensitivity and simulate move it over the engine's measured error",
    )


class Scenario(InputModel):
    """A workload, the options to compare, and the money settings: what a comparison needs."""

    name: Name = "default"
    description: Annotated[str, Field(max_length=MAX_CELL_TEXT), AfterValidator(_no_control_characters)] = ""
    workload: Workload = Field(default_factory=Workload)
    options: list[OptionSpec] = Field(min_length=1, max_length=MAX_OPTIONS)
    model_size: Name = Field(DEFAULT_MODEL_SIZE, description="model size class served by self-hosted options")
    throughput_basis: Literal["engine", "seed", "measured"] = Field(
        "engine",
        description="what sizes GPUs: the capacity engine (serving), or throughput.csv's seed or measured rows",
    )
    serving: Serving = Field(default_factory=Serving, description="what self-hosted options serve (engine sizing)")
    discount_rate: Annotated[float, Field(ge=0, le=1)] | None = Field(
        None, description="yearly discount rate for NPV (default: the catalog assumption)"
    )
    currency: Currency = DEFAULT_CURRENCY
    case: Case = "mid"
    hidden_costs: list[Name] = Field(
        default_factory=list,
        max_length=100,
        description="ids from hidden_costs.csv to add to the options they apply to, or ['all']; off by default",
    )
    situation: Situation = Field(default_factory=Situation, description="decision-matrix answers (all FALSE)")
    fx: list[FxEntry] = Field(
        default_factory=list, max_length=50, description="exchange rates with source and date; win over fx.csv"
    )
    catalog: Name | None = Field(
        None,
        description="price catalog: a built-in name (seed, international) or a directory, relative to the scenario "
        "file; a command's -c wins (default: the seed catalog)",
    )

    @field_validator("options", mode="before")
    @classmethod
    def _keys_as_options(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"key": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def months(self) -> int:
        return self.workload.horizon_months
