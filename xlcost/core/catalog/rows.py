"""Typed rows of the price catalog: one pydantic model per file in ``templates/``.

Every row carries its currency, unit, source and as-of date so a reviewer can trace
each number to where it came from.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, ClassVar, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)

from xlcost.core.catalog import rental_rules
from xlcost.limits import MAX_AMOUNT, MAX_MONTHS

Case = Literal["low", "mid", "high"]
CASES: tuple[Case, ...] = ("low", "mid", "high")

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._\-]*$")


def _slug(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError("must be a lowercase slug (letters, digits, ., _, -)")
    return value


def currency_code(value: str) -> str:
    """A currency as the catalog spells it: ``usd`` and `` USD `` are USD; anything else raises ValueError."""
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError("must be a three-letter ISO currency code such as CNY or USD")
    return code


def _currency(value: object) -> object:
    return currency_code(value) if isinstance(value, str) else value


Slug = Annotated[str, AfterValidator(_slug)]
Currency = Annotated[str, BeforeValidator(_currency)]
Amount = Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)]


class Ranged(BaseModel):
    """A figure the source gives as a range (¥16~30万); a point value has low == high."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    low: Amount
    high: Amount

    @model_validator(mode="after")
    def _ordered(self) -> Ranged:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self

    @property
    def mid(self) -> float:
        return (self.low + self.high) / 2

    def at(self, case: Case) -> float:
        return self.mid if case == "mid" else getattr(self, case)

    @classmethod
    def point(cls, value: float) -> Ranged:
        return cls(low=value, high=value)


class Row(BaseModel):
    """Columns every catalog row has."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Slug
    kind: str
    source: str = Field(min_length=1)
    as_of: date
    unit: str = ""
    notes: str = ""

    #: optional columns a workbook's price sheet shows only where a row it holds fills one, so a workbook of
    #: rows without them reads as before the columns existed
    SHOWN_WHEN_FILLED: ClassVar[tuple[str, ...]] = ()

    def fills(self, field: str) -> bool:
        """Whether the row gives a value for an optional column (blank text is no value)."""
        return getattr(self, field, None) not in (None, "")


PricedT = TypeVar("PricedT", bound="PricedRow")


class PricedRow(Row):
    currency: Currency

    #: the fields holding money in ``currency`` (the rest are counts, powers, lives ...)
    MONEY: ClassVar[tuple[str, ...]] = ()

    def in_currency(self: PricedT, currency: str, rate: float) -> PricedT:
        """The row with its money fields times ``rate``, stated in ``currency`` (a quote's currency)."""
        data = self.model_dump()
        for name in self.MONEY:
            value = data[name]
            if isinstance(value, dict):
                data[name] = {end: amount * rate for end, amount in value.items()}
            elif value is not None:
                data[name] = value * rate
        return type(self).model_validate(data | {"currency": currency})


#: The vendor billing rules an API row may carry (``xlcost.core.billing`` prices them), all per 1M tokens but
#: ``long_context_above`` (input tokens of one request) and ``per_request``; blank: the rule does not apply.
BILLING_FIELDS = (
    "cache_write_per_mtok",
    "long_context_above",
    "long_context_input_per_mtok",
    "long_context_output_per_mtok",
    "long_context_cached_input_per_mtok",
    "long_context_cache_write_per_mtok",
    "batch_input_per_mtok",
    "batch_output_per_mtok",
    "batch_cached_input_per_mtok",
    "priority_input_per_mtok",
    "priority_output_per_mtok",
    "priority_cached_input_per_mtok",
    "flex_input_per_mtok",
    "flex_output_per_mtok",
    "flex_cached_input_per_mtok",
    "per_request",
)


class ApiPrice(PricedRow):
    """Hosted model API, priced per 1M tokens, with the billing rules its vendor applies (blank: none)."""

    kind: Literal["api"]
    MONEY = ("input_per_mtok", "output_per_mtok", "cached_input_per_mtok", *BILLING_FIELDS[:1], *BILLING_FIELDS[2:])
    SHOWN_WHEN_FILLED = BILLING_FIELDS
    name: str
    vendor: str = ""
    input_per_mtok: Amount
    output_per_mtok: Amount
    cached_input_per_mtok: Amount | None = None  # blank: cached input billed as input
    model: Slug | None = None  # the models.csv id of the open model it serves (blank: closed or not listed)
    cache_write_per_mtok: Amount | None = None  # input written to the cache (Anthropic); blank: billed as input
    long_context_above: Annotated[int, Field(ge=1, le=100_000_000)] | None = None  # a request's input tokens
    long_context_input_per_mtok: Amount | None = None  # every token of a request past long_context_above
    long_context_output_per_mtok: Amount | None = None
    long_context_cached_input_per_mtok: Amount | None = None
    long_context_cache_write_per_mtok: Amount | None = None
    batch_input_per_mtok: Amount | None = None  # traffic sent through the batch API (often half)
    batch_output_per_mtok: Amount | None = None
    batch_cached_input_per_mtok: Amount | None = None
    priority_input_per_mtok: Amount | None = None  # the priority service tier
    priority_output_per_mtok: Amount | None = None
    priority_cached_input_per_mtok: Amount | None = None
    flex_input_per_mtok: Amount | None = None  # the flex service tier
    flex_output_per_mtok: Amount | None = None
    flex_cached_input_per_mtok: Amount | None = None
    per_request: Amount | None = None  # a fee per request, in the row's currency

    @property
    def cached_rate(self) -> float:
        return self.input_per_mtok if self.cached_input_per_mtok is None else self.cached_input_per_mtok

    @model_validator(mode="after")
    def _long_context_complete(self) -> ApiPrice:
        """A threshold without a price above it, or a price without the threshold, is half a rule."""
        priced = [name for name in BILLING_FIELDS if name.startswith("long_context_") and name != "long_context_above"]
        given = [name for name in priced if getattr(self, name) is not None]
        if self.long_context_above is None and given:
            raise ValueError(f"{', '.join(given)} given without long_context_above (the input tokens they start above)")
        if self.long_context_above is not None and not given:
            raise ValueError(f"long_context_above given without a price above it ({', '.join(priced)})")
        return self


Positive = Annotated[float, Field(gt=0, le=MAX_AMOUNT, allow_inf_nan=False)]


class Gpu(Row):
    """A GPU's datasheet figures: memory and power for pricing, bandwidth and tensor throughput for sizing.

    Tensor figures are dense (datasheets print FP8 and below with sparsity, twice the dense figure);
    blank where the chip has no such precision.
    """

    kind: Literal["gpu"]
    name: str
    vram_gb: Positive
    power_kw: Amount | None = None
    memory_bandwidth_gbs: Positive | None = None
    bf16_tflops: Positive | None = None
    fp8_tflops: Positive | None = None
    int8_tops: Positive | None = None
    fp4_tflops: Positive | None = None
    interconnect: Literal["nvlink", "pcie", "infinity-fabric", "hccs"] | None = None
    interconnect_gbs: Positive | None = None  # GPU-to-GPU, both directions together, as datasheets print it


def _rental_id(value: str) -> str:
    gpu, at, provider = value.partition("@")
    _slug(gpu)
    if at:
        _slug(provider)
    return value


#: a rental row's id: its GPU (``h100-80g``, the generic row), or ``<gpu>@<provider>`` (``h100-80g@aws``).
RentalId = Annotated[str, AfterValidator(_rental_id)]


class GpuRental(PricedRow):
    """Cloud rental of one GPU: on-demand and spot per hour, reserved (a one-year commitment) per month.

    A provider's offer is the row ``<gpu>@<provider>``, so one comparison can price the same GPU at two
    clouds (``rent:h100-80g@aws`` beside ``rent:h100-80g@lambda``); its ``gpu`` sizes it. Prices are per
    GPU, the host machine included (GCP bills it apart; the row adds its share).
    """

    kind: Literal["rent"]
    MONEY = ("on_demand_hourly", "reserved_monthly", "spot_hourly")
    #: a cloud's offer; blank on the seed's generic rows
    SHOWN_WHEN_FILLED = ("gpu", "provider", "region", "instance_type", "gpus_per_instance", "spot_hourly")
    id: RentalId
    gpu: Slug | None = None  # the gpus.csv id; blank: the id before any @provider
    provider: Slug | None = Field(None, validate_default=True)  # blank: a generic row (the seed's), not a cloud's
    region: str = ""
    instance_type: str = ""
    gpus_per_instance: Annotated[int, Field(ge=1)] | None = None
    on_demand_hourly: Amount | None = None
    reserved_monthly: Amount | None = None
    spot_hourly: Amount | None = None  # can be taken back at short notice (rent-spot warns of it)

    @property
    def sized_gpu(self) -> str:
        """The GPU the capacity engine sizes this row with (never the id, which may name a provider)."""
        return rental_rules.gpu_of(self.id, self.gpu)

    @field_validator("provider")
    @classmethod
    def _provider_in_id(cls, value: str | None, info: ValidationInfo) -> str | None:
        if "id" in info.data:
            rental_rules.check_provider(info.data["id"], info.data.get("gpu"), value)
        return value

    @field_validator("gpus_per_instance")
    @classmethod
    def _machine_holds(cls, value: int | None, info: ValidationInfo) -> int | None:
        if value is not None and "id" in info.data:
            rental_rules.check_gpus_per_instance(value, rental_rules.gpu_of(info.data["id"], info.data.get("gpu")))
        return value

    @field_validator("on_demand_hourly", "reserved_monthly", "spot_hourly")
    @classmethod
    def _priced(cls, value: float | None) -> float | None:
        rental_rules.check_price(value)
        return value


class Purchase(PricedRow):
    """Hardware bought outright: a bare GPU (its id a gpus.csv id) or a whole machine.

    A machine that names its GPU and how many it holds is sized from the load in whole machines, as an
    on-prem build is; one that does not is priced as one machine unless the scenario gives ``units``.
    """

    kind: Literal["buy"]
    MONEY = ("purchase_price",)
    SHOWN_WHEN_FILLED = ("gpu", "gpus")
    name: str
    purchase_price: Amount
    power_kw: Amount | None = None
    useful_life_months: Annotated[int, Field(ge=1, le=MAX_MONTHS)] = 36
    gpu: Slug | None = None  # a machine's GPU (gpus.csv id)
    gpus: Annotated[int, Field(ge=1)] | None = None  # how many of them the machine holds

    @field_validator("gpus")
    @classmethod
    def _machine_holds(cls, value: int | None, info: ValidationInfo) -> int | None:
        gpu = info.data.get("gpu")
        if value is not None and gpu is not None:
            rental_rules.check_gpus_per_instance(value, gpu)
        return value


class OnPremTier(PricedRow):
    """A full on-premises build: one-off capex lines plus yearly opex lines, each a range."""

    kind: Literal["onprem"]
    name: str
    gpu_config: str = ""
    gpu: Slug | None = None  # the GPU a build of this tier holds (gpus.csv id): sizes it from the load
    gpus: Ranged | None = None  # how many of them a build of this tier holds, fewest to most
    hardware: Ranged
    infrastructure: Ranged
    software: Ranged
    power_year: Ranged | None = None
    staff_year: Ranged | None = None
    maintenance_year: Ranged | None = None

    CAPEX_LINES: ClassVar[tuple[str, ...]] = ("hardware", "infrastructure", "software")
    OPEX_LINES: ClassVar[tuple[str, ...]] = ("power_year", "staff_year", "maintenance_year")
    MONEY = CAPEX_LINES + OPEX_LINES


class SeatProduct(PricedRow):
    """Per-seat subscription (a cloud coding assistant, for example)."""

    kind: Literal["seat"]
    MONEY = ("price_per_seat_year",)
    name: str
    price_per_seat_year: Ranged


class HiddenCost(PricedRow):
    """A cost the price lists leave out (compliance review, staff time lost to latency): off unless asked for."""

    kind: Literal["hidden"]
    MONEY = ("amount",)
    name: str
    applies_to: str = Field(min_length=1)  # option kinds, separated by ';' (api;rent;seat)
    amount: Ranged
    per: Literal["year", "user-year"]  # user-year: times the workload's daily users

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(part.strip() for part in self.applies_to.split(";") if part.strip())

    @model_validator(mode="after")
    def _known_kinds(self) -> HiddenCost:
        from xlcost.core.option_kinds import HIDDEN_COST_KINDS  # the registry imports these row models

        unknown = [kind for kind in self.kinds if kind not in HIDDEN_COST_KINDS]
        if unknown:
            raise ValueError(
                f"applies_to: unknown option kind(s) {', '.join(unknown)} (kinds: {'; '.join(HIDDEN_COST_KINDS)})"
            )
        return self


class ModelSize(PricedRow):
    """What a model size class needs: minimum VRAM and the seed's recommended GPU count."""

    kind: Literal["model-size"]
    MONEY = ("hardware",)
    name: str
    examples: str = ""
    min_vram_gb: Ranged
    gpus: Ranged
    recommended_gpu: Slug
    hardware: Ranged


class Throughput(Row):
    """Generation throughput of one GPU for a model size; 'seed' rows are conservative planning figures."""

    kind: Literal["throughput"]
    model_size: Slug
    gpu: Slug
    precision: str = "unspecified"
    concurrency: Annotated[int, Field(ge=1, le=1_000_000)] | None = None
    tokens_per_s_per_gpu: Annotated[float, Field(ge=1e-3, le=MAX_AMOUNT, allow_inf_nan=False)]
    basis: Literal["seed", "measured"]


class FxRate(Row):
    """How many CNY one unit of a currency buys: the single conversion table."""

    kind: Literal["fx"]
    currency: Currency
    rate_to_cny: Annotated[float, Field(ge=1e-6, le=1e6, allow_inf_nan=False)]


class Assumption(Row):
    """A scalar modelling assumption (days per month, tariff, discount rate...)."""

    kind: Literal["assumption"]
    value: Ranged
