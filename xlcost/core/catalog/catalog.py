"""The loaded catalog: lookups by option key, currency conversion, and assumptions."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TypeVar, cast

from xlcost.core.catalog.builtin import SEED, builtin_name, catalog_file, catalog_path, default_catalog_dir
from xlcost.core.catalog.loader import read_rows
from xlcost.core.catalog.rows import (
    ApiPrice,
    Assumption,
    Case,
    FxRate,
    Gpu,
    GpuRental,
    HiddenCost,
    ModelSize,
    OnPremTier,
    PricedRow,
    Purchase,
    Row,
    SeatProduct,
    Throughput,
)
from xlcost.errors import CatalogError, UnknownOptionError

RowT = TypeVar("RowT", bound=Row)

#: the currency of the electricity tariff (assumptions.csv's electricity_price)
TARIFF_CURRENCY = "CNY"

#: catalog file -> row model; the order is the order of the workbook's price sheets.
FILES: dict[str, type[Row]] = {
    "api.csv": ApiPrice,
    "gpus.csv": Gpu,
    "gpu_rental.csv": GpuRental,
    "purchase.csv": Purchase,
    "onprem.csv": OnPremTier,
    "seats.csv": SeatProduct,
    "hidden_costs.csv": HiddenCost,
    "model_sizes.csv": ModelSize,
    "throughput.csv": Throughput,
    "fx.csv": FxRate,
    "assumptions.csv": Assumption,
}


def split_key(key: str) -> tuple[str, str]:
    """``"api:deepseek-v3"`` -> ``("api", "deepseek-v3")``, with a clear error for anything else."""
    from xlcost.core.option_kinds import OPTION_KINDS  # the registry imports pricing, which imports this module

    kind, sep, ident = str(key).strip().partition(":")
    kind, ident = kind.strip().lower(), ident.strip().lower()
    if not sep or not ident:
        raise UnknownOptionError(
            f"option '{key}' must be written kind:id, e.g. api:deepseek-v3 (kinds: {', '.join(OPTION_KINDS)})"
        )
    if kind not in OPTION_KINDS:
        raise UnknownOptionError(f"option '{key}': unknown kind '{kind}' (kinds: {', '.join(OPTION_KINDS)})")
    return kind, ident


@dataclass(frozen=True)
class Catalog:
    """Every table of the catalog, keyed by row id."""

    tables: dict[str, dict[str, Row]]
    directory: Path | None = None
    _fx: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        fx = {row.currency: row.rate_to_cny for row in self.rows("fx.csv", FxRate).values()}
        if "CNY" not in fx:
            raise CatalogError("fx.csv: needs a CNY row (rate_to_cny 1)")
        object.__setattr__(self, "_fx", fx)

    def table(self, file: str) -> dict[str, Row]:
        return self.tables[file]

    def rows(self, file: str, model: type[RowT]) -> dict[str, RowT]:
        """One file's rows typed as ``model``, the row model the loader validated them with (``FILES``)."""
        return cast("dict[str, RowT]", self.tables[file])

    def with_rates(self, rates: Iterable[FxRate]) -> Catalog:
        """The catalog with these exchange rates added, each replacing the row of its currency (itself when it
        holds them already, so a scenario's rates applied twice cost one copy)."""
        fx = {row.currency: row for row in self.rows("fx.csv", FxRate).values()}
        given = {row.currency: row for row in rates}
        if all(fx.get(currency) == row for currency, row in given.items()):
            return self
        fx |= given
        tables = self.tables | {"fx.csv": {row.id: row for row in fx.values()}}
        return Catalog(tables=tables, directory=self.directory)

    @property
    def currencies(self) -> tuple[str, ...]:
        return tuple(self._fx)

    def option_row(self, key: str) -> tuple[str, PricedRow]:
        """The row priced by an option key, raising with close matches when it is unknown."""
        from xlcost.core.option_kinds import OPTION_KINDS  # as in split_key

        kind, ident = split_key(key)
        rows = self.rows(OPTION_KINDS[kind], PricedRow)
        if ident not in rows:
            close = difflib.get_close_matches(ident, rows, n=3)
            hint = f"; did you mean {', '.join(f'{kind}:{c}' for c in close)}?" if close else ""
            raise UnknownOptionError(f"unknown option '{key}': no '{ident}' in {OPTION_KINDS[kind]}{hint}")
        return kind, rows[ident]

    def option_keys(self) -> list[str]:
        """Every option key the catalog can price, in catalog order."""
        from xlcost.core.option_kinds import KINDS  # as in split_key

        return [
            f"{kind.name}:{ident}"
            for kind in KINDS
            for ident, row in self.table(kind.file).items()
            if kind.needs is None or getattr(row, kind.needs, None) is not None
        ]

    def gpu(self, ident: str) -> Gpu:
        gpus = self.rows("gpus.csv", Gpu)
        if ident not in gpus:
            raise UnknownOptionError(f"unknown GPU '{ident}': not in gpus.csv ({', '.join(gpus)})")
        return gpus[ident]

    def model_size(self, ident: str) -> ModelSize:
        sizes = self.rows("model_sizes.csv", ModelSize)
        if ident not in sizes:
            raise UnknownOptionError(f"unknown model size '{ident}': not in model_sizes.csv ({', '.join(sizes)})")
        return sizes[ident]

    def throughput(self, model_size: str, gpu: str, basis: str) -> Throughput | None:
        """The throughput row for a model size on a GPU; falls back to any GPU's row of that basis."""
        table = self.rows("throughput.csv", Throughput)
        rows = [r for r in table.values() if r.model_size == model_size and r.basis == basis]
        exact = [r for r in rows if r.gpu == gpu]
        chosen = exact or rows
        return chosen[0] if chosen else None

    def assumption(self, ident: str, case: Case = "mid") -> float:
        rows = self.rows("assumptions.csv", Assumption)
        if ident not in rows:
            raise CatalogError(f"assumptions.csv: missing assumption '{ident}'")
        return rows[ident].value.at(case)

    def fx_rate(self, from_currency: str, to_currency: str) -> float:
        """Multiply an amount in ``from_currency`` by this to express it in ``to_currency``."""
        for cur in (from_currency, to_currency):
            if cur not in self._fx:
                raise CatalogError(
                    f"fx.csv: no rate for currency '{cur}' (have {', '.join(self._fx)}): add a row to fx.csv, or "
                    f"to the scenario: fx: [{{currency: {cur}, rate_to_cny: ..., source: ..., as_of: YYYY-MM-DD}}]"
                )
        return self._fx[from_currency] / self._fx[to_currency]


def optional_table(directory: Path | str | None, file: str, model: type[RowT]) -> dict[str, RowT]:
    """A file a catalog directory may lack (sizing data a price import does not write): read from the
    directory when it has one, else the embedded catalog's, so a user's price catalog sizes as the default does."""
    path = None if directory is None else Path(directory) / file
    if path is None or not path.is_file():
        path = default_catalog_dir() / file
    stat = path.stat()  # read again only when the file changes: sizing asks on every estimate
    return cast("dict[str, RowT]", _table_as_of(str(path.resolve()), stat.st_mtime_ns, stat.st_size, model))


@lru_cache(maxsize=32)
def _table_as_of(path: str, mtime_ns: int, size: int, model: type[Row]) -> dict[str, Row]:
    return {row.id: row for row in read_rows(Path(path), model)}


def load_catalog(directory: Path | str | None = None) -> Catalog:
    """Load and validate every catalog file: a directory, or a built-in catalog by name (``builtin``);
    ``None`` means the seed catalog."""
    if directory is None:
        return _builtin_catalog(SEED)
    name = builtin_name(directory)
    return _builtin_catalog(name) if name is not None else _load(catalog_path(directory))


@lru_cache(maxsize=4)
def _builtin_catalog(name: str) -> Catalog:
    return _load(catalog_path(name))


def _load(directory: Path) -> Catalog:
    tables = {
        file: {row.id: row for row in read_rows(catalog_file(directory, file), model)} for file, model in FILES.items()
    }
    return Catalog(tables=tables, directory=directory)
