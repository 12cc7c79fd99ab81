"""What a price-file reader hands to the merge step: prices in USD, before ids and currency are settled."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, slots=True)
class ApiQuote:
    """One chat model's token prices from a file, in USD per 1M tokens."""

    key: str  # the entry as the file names it, for the report
    origin: str  # the file's format (litellm, genai-prices): with ``key``, how a merged row names its aliases
    provider: str  # provider id from the file (litellm_provider, genai-prices provider id)
    vendor: str  # provider as shown in the catalog's vendor column
    base_id: str  # catalog id before any collision suffix
    name: str
    canonical: bool  # listed under its own name, without a provider prefix
    input_usd: float
    output_usd: float
    cached_usd: float | None
    as_of: date
    source: str
    notes: str
    #: billing rules (``rows.BILLING_FIELDS``): USD per 1M tokens, USD a request, or the long-context threshold
    rules: tuple[tuple[str, float], ...] = ()

    @property
    def prices(self) -> tuple[float, float, float | None]:
        return (self.input_usd, self.output_usd, self.cached_usd)

    @property
    def alias(self) -> str:
        return f"{self.origin} {self.key}"

    @property
    def depth(self) -> int:
        """Path segments of the key: ``azure/gpt-4o`` is 2, its regional ``azure/eu/gpt-4o`` 3."""
        return self.key.count("/") + 1


@dataclass(frozen=True, slots=True)
class GpuQuote:
    """One offer of a GPU for rent on demand, in USD per GPU-hour."""

    key: str  # instance and region, for the report
    gpu: str  # catalog GPU id
    hourly_usd: float  # GPUs plus, where billed apart, their share of the host VM
    as_of: date
    source: str
    host_usd: float | None = None  # the host VM's price per hour when the cloud bills it apart
