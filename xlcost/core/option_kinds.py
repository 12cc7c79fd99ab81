"""Every option kind in one record: where its prices are, how it is priced, and what it can be.

A kind (the part of an option key before the colon, ``rent:a100-80g``) is one ``OptionKind`` in
``KINDS``. Every table that used to list kinds by hand derives from it: the catalog's file per kind
(``OPTION_KINDS``), the keys a catalog prices, the cost builders ``pricing.resolve`` calls, the
approach the recommendation ranks, the stages of a staged plan, the owned part of a hybrid, the
kinds a hidden cost may name, the kinds ``xlcost prices list --kind`` offers and the workbook's
OptionPrices formulas. Adding a kind is one record here, its CSV and its tests.

The per-unit price rule (OptionPrices' columns) is written once as a function of the *terms* it is
handed (``PriceTerms``: a row's field, the first non-blank of two fields, a sum, a yearly amount per
month), generic in what an amount is. The workbook hands it expressions over a price sheet's cells
(``workbook/rules.py``), so the rule prints as formulas, and the Sensitivity sheet hands it one moved
field to learn which column that field changes; handed a catalog row's numbers it gives the same
prices as floats, which is how the tests hold it to the cost builder. The core cannot
import the workbook (the import contracts), so the rule cannot take expressions directly.

The builders live in ``core/pricing.py`` beside the helpers they share; this module imports them,
so ``pricing.resolve`` and the catalog's lookups read the registry through a deferred import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar, cast, get_args

from xlcost.core import pricing
from xlcost.core.catalog.catalog import FILES
from xlcost.core.catalog.rows import OnPremTier, PricedRow

#: The approaches the recommendation ranks, in its tie order; each kind belongs to one.
API, RENTAL, ONPREM = "API", "Cloud GPU rental", "On-premises"
APPROACHES = (API, RENTAL, ONPREM)
#: The stages of a staged plan, in order; a kind that can be one names its index.
STAGES = ("API", "Rented GPUs", "Owned GPUs")
STAGE_API, STAGE_RENTED, STAGE_OWNED = range(len(STAGES))

T = TypeVar("T")

#: How an option's units follow the load: none (priced per token), the GPUs it needs, GPUs when the row
#: is a GPU (else one machine), builds of a tier holding those GPUs, or one seat per daily user.
Units = Literal["per token", "gpus", "gpus or one", "builds", "seats"]


class PriceTerms(Protocol[T]):
    """What a price rule may do with a row: read a field, take the first non-blank, sum, spread a year."""

    def field(self, name: str) -> T: ...
    def first_nonblank(self, name: str, fallback: str) -> T: ...
    def total(self, terms: Iterable[T]) -> T: ...
    def per_month(self, yearly: T) -> T: ...


class PriceRule(Protocol):
    """Per-unit prices of one row, by OptionPrices column (``input``, ``monthly_low``, ...)."""

    def __call__(self, terms: PriceTerms[T]) -> dict[str, T]: ...


@dataclass(frozen=True, slots=True)
class OptionKind:
    """One kind of option, everything a table of kinds needs to know about it."""

    name: str
    file: str  # the catalog file holding its rows
    builder: Callable[..., pricing.Built]  # its cost lines, units, sizing and life (``pricing.resolve``)
    approach: str  # one of APPROACHES
    units: Units
    prices: PriceRule  # per-unit prices in OptionPrices' columns
    needs: str | None = None  # a field a row must fill for this kind to price it
    stage: int | None = None  # the staged-plan stage it can be (an index into STAGES)
    own: bool = False  # it can be the owned part of a hybrid (a GPU rented or bought)
    hidden_costs: bool = True  # a hidden cost may name it in applies_to
    caveat: str | None = None  # what every option of this kind warns of, however it is priced

    @property
    def row_model(self) -> type[PricedRow]:
        """The model its catalog file's rows are validated with (``FILES``)."""
        return cast("type[PricedRow]", FILES[self.file])

    @property
    def row_kind(self) -> str:
        """The ``kind`` its catalog rows carry (``rent-hourly`` prices ``rent`` rows): the label
        ``xlcost prices list --kind`` shows them under."""
        return str(get_args(self.row_model.model_fields["kind"].annotation)[0])


def _api_prices(terms: PriceTerms[T]) -> dict[str, T]:
    return {
        "input": terms.field("input_per_mtok"),
        "cached": terms.first_nonblank("cached_input_per_mtok", "input_per_mtok"),
        "output": terms.field("output_per_mtok"),
    }


def _rent_prices(terms: PriceTerms[T]) -> dict[str, T]:
    return {"monthly_low": terms.field("reserved_monthly"), "monthly_high": terms.field("reserved_monthly")}


def _rent_hourly_prices(terms: PriceTerms[T]) -> dict[str, T]:
    return {"hourly": terms.field("on_demand_hourly")}


def _rent_spot_prices(terms: PriceTerms[T]) -> dict[str, T]:
    return {"hourly": terms.field("spot_hourly")}


def _buy_prices(terms: PriceTerms[T]) -> dict[str, T]:
    return {
        "upfront_low": terms.field("purchase_price"),
        "upfront_high": terms.field("purchase_price"),
        "power_kw": terms.field("power_kw"),
    }


def _onprem_prices(terms: PriceTerms[T]) -> dict[str, T]:
    """A build's capex lines summed, and its yearly opex lines summed per month, at each bound of their ranges."""
    out: dict[str, T] = {}
    for bound in ("low", "high"):
        out[f"upfront_{bound}"] = terms.total(terms.field(f"{line}_{bound}") for line in OnPremTier.CAPEX_LINES)
        opex = terms.total(terms.field(f"{line}_{bound}") for line in OnPremTier.OPEX_LINES)
        out[f"monthly_{bound}"] = terms.per_month(opex)
    return out


def _seat_prices(terms: PriceTerms[T]) -> dict[str, T]:
    return {f"monthly_{b}": terms.per_month(terms.field(f"price_per_seat_year_{b}")) for b in ("low", "high")}


#: every option kind, in the order kinds are listed (the catalog's order of files).
KINDS: tuple[OptionKind, ...] = (
    OptionKind(
        name="api",
        file="api.csv",
        builder=pricing.build_api,
        approach=API,
        units="per token",
        prices=_api_prices,
        stage=STAGE_API,
    ),
    OptionKind(
        name="rent",
        file="gpu_rental.csv",
        builder=pricing.build_rent,
        approach=RENTAL,
        units="gpus",
        prices=_rent_prices,
        needs="reserved_monthly",
        stage=STAGE_RENTED,
        own=True,
    ),
    OptionKind(
        name="rent-hourly",
        file="gpu_rental.csv",
        builder=pricing.build_rent_hourly,
        approach=RENTAL,
        units="gpus",
        prices=_rent_hourly_prices,
        needs="on_demand_hourly",
        stage=STAGE_RENTED,
        own=True,
    ),
    OptionKind(
        name="rent-spot",
        file="gpu_rental.csv",
        builder=pricing.build_rent_spot,
        approach=RENTAL,
        units="gpus",
        prices=_rent_spot_prices,
        needs="spot_hourly",
        # not a stage: a staged plan moves the whole load onto a stage for months, which GPUs the cloud can take
        # back at any time cannot promise
        caveat=(
            "a spot GPU can be reclaimed by the cloud at any time, at short notice, and its price changes often: "
            "this cost holds only for a load that can stop or move elsewhere when it is"
        ),
    ),
    OptionKind(
        name="buy",
        file="purchase.csv",
        builder=pricing.build_buy,
        approach=ONPREM,
        units="gpus or one",
        prices=_buy_prices,
        stage=STAGE_OWNED,
        own=True,
    ),
    OptionKind(
        name="onprem",
        file="onprem.csv",
        builder=pricing.build_onprem,
        approach=ONPREM,
        units="builds",
        prices=_onprem_prices,
        stage=STAGE_OWNED,
    ),
    OptionKind(
        name="seat",
        file="seats.csv",
        builder=pricing.build_seat,
        approach=API,  # a seat subscription is a hosted service, like the API
        units="seats",
        prices=_seat_prices,
    ),
)

KIND: dict[str, OptionKind] = {kind.name: kind for kind in KINDS}
#: option kind -> catalog file holding its prices.
OPTION_KINDS: dict[str, str] = {kind.name: kind.file for kind in KINDS}
#: option kind -> the approach it belongs to, grouped by approach in APPROACHES' order (the Decision sheet's list).
APPROACH_OF_KIND: dict[str, str] = {
    kind.name: approach for approach in APPROACHES for kind in KINDS if kind.approach == approach
}
#: the kinds each staged-plan stage may use, in stage order.
STAGE_KINDS: tuple[tuple[str, ...], ...] = tuple(
    tuple(kind.name for kind in KINDS if kind.stage == stage) for stage in range(len(STAGES))
)
#: the kinds that can be the owned (self-hosted) part of a hybrid.
OWN_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.own)
#: the kinds that rent or buy GPUs: a unit is one GPU, or a bought machine of them (``pricing.unit_gpus``).
GPU_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.units in ("gpus", "gpus or one"))
#: the kinds that serve the model on GPUs of their own, sized by the load: a comparison's self-hosted side.
SELF_HOSTED_KINDS: tuple[str, ...] = tuple(
    kind.name for kind in KINDS if kind.units in ("gpus", "gpus or one", "builds")
)
#: the kinds a hidden cost's applies_to may name.
HIDDEN_COST_KINDS: tuple[str, ...] = tuple(kind.name for kind in KINDS if kind.hidden_costs)
#: the kinds ``xlcost prices list --kind`` offers: one per catalog file of options, its rows' own kind.
LISTED_KINDS: tuple[str, ...] = tuple(dict.fromkeys(kind.row_kind for kind in KINDS))
