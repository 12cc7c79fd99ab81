"""What is being served and what is compared: the validated inputs of every calculation."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from xlcost.catalog.rows import Case, Currency

Share = Annotated[float, Field(ge=0, le=1, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class Workload(BaseModel):
    """Daily usage in month 1; later months grow by ``monthly_growth`` (compound)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    users_per_day: NonNegative = Field(10_000, description="daily active users in month 1")
    input_tokens_per_user_day: NonNegative = Field(800, description="input (prompt) tokens per user per day")
    output_tokens_per_user_day: NonNegative = Field(400, description="output (generated) tokens per user per day")
    cached_input_share: Share = Field(0.0, description="share of input tokens billed at the cached-input price")
    days_per_month: Annotated[float, Field(gt=0, le=31)] = Field(30, description="billing days in a month")
    monthly_growth: Annotated[float, Field(gt=-1, le=10, allow_inf_nan=False)] = Field(
        0.0, description="compound growth of users per month (0.05 = 5%)"
    )
    peak_to_average: Annotated[float, Field(ge=1, allow_inf_nan=False)] = Field(
        2.0, description="peak-hour token rate over the 24-hour average; sizes GPUs"
    )
    horizon_months: Annotated[int, Field(ge=1, le=600)] = Field(36, description="months costed")

    @property
    def tokens_per_user_day(self) -> float:
        return self.input_tokens_per_user_day + self.output_tokens_per_user_day

    def users_in_month(self, month: int) -> float:
        """Daily users in a 1-based month."""
        return self.users_per_day * (1 + self.monthly_growth) ** (month - 1)

    def growth_sum(self, months: int) -> float:
        """Sum over months 1..n of the growth factor (1+g)^(m-1): n when there is no growth.

        ``months`` may be a numpy array (vectorised TCO): the answer is then an array.
        """
        g = self.monthly_growth
        return months * 1.0 if g == 0 else ((1 + g) ** months - 1) / g


class OptionSpec(BaseModel):
    """One option to compare: a catalog key plus what the scenario says about it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    key: str = Field(description="catalog key kind:id, e.g. api:deepseek-v3, rent:a100-80g, onprem:light")
    label: str | None = Field(None, description="name shown in reports (default: the key)")
    units: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = Field(
        None, description="GPUs, machines or seats; blank sizes it from the workload"
    )
    case: Case | None = Field(None, description="low, mid or high for ranged prices (default: the scenario's)")
    gpu: str | None = Field(None, description="GPU for sizing an on-prem tier (default: the model size's)")
    hours_per_month: Annotated[float, Field(ge=0, le=744)] | None = Field(
        None, description="hours an on-demand GPU is billed per month (default: always on)"
    )
    include_power: bool = Field(False, description="add electricity to bought hardware")
    extra_per_year: NonNegative = Field(0.0, description="other yearly running cost in the scenario currency")
    extra_label: str = Field("", description="what extra_per_year pays for")
    overrides: dict[str, float] = Field(default_factory=dict, description="catalog fields replaced, e.g. a quote")

    @field_validator("key")
    @classmethod
    def _normalise_key(cls, value: str) -> str:
        return value.strip().lower()

    @property
    def name(self) -> str:
        return self.label or self.key


class Scenario(BaseModel):
    """A workload, the options to compare, and the money settings: what a comparison needs."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = "default"
    description: str = ""
    workload: Workload = Field(default_factory=Workload)
    options: list[OptionSpec] = Field(min_length=1)
    model_size: str = Field("7b-14b", description="model size class served by self-hosted options")
    throughput_basis: Literal["seed", "measured"] = Field("seed", description="which throughput rows size GPUs")
    discount_rate: Annotated[float, Field(ge=0, le=1)] | None = Field(
        None, description="yearly discount rate for NPV (default: the catalog assumption)"
    )
    currency: Currency = "CNY"
    case: Case = "mid"

    @field_validator("options", mode="before")
    @classmethod
    def _keys_as_options(cls, value: object) -> object:
        if isinstance(value, list):
            return [{"key": item} if isinstance(item, str) else item for item in value]
        return value

    @property
    def months(self) -> int:
        return self.workload.horizon_months
