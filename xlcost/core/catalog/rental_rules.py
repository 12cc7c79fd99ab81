"""What makes a GPU rental row possible: its id names its provider, its machine holds its GPUs, and a
price per GPU is above zero (a blank says "not offered"; a 0 would make that cloud win every comparison).

Pure checks on values, raising ``ValueError`` with the reason; ``rows.GpuRental`` calls them per column,
so a refused row names its file, row and column.
"""

from __future__ import annotations

from xlcost.core.catalog.machines import most_per_machine


def gpu_of(ident: str, gpu: str | None) -> str:
    """The GPU a rental row rents: its ``gpu`` column, else its id before any ``@provider``."""
    return gpu or ident.partition("@")[0]


def check_provider(ident: str, gpu: str | None, provider: str | None) -> None:
    """A provider's row is ``<gpu>@<provider>``; a row without a provider has no ``@`` in its id."""
    named = ident.partition("@")[2]
    if provider is None:
        if named:
            raise ValueError(f"blank, but the id '{ident}' names provider '{named}': fill provider with {named}")
        return
    expected = f"{gpu_of(ident, gpu)}@{provider}"
    if ident != expected:
        raise ValueError(f"'{provider}' needs the id {expected} (<gpu>@<provider>), not '{ident}'")


def check_gpus_per_instance(count: int, gpu: str) -> None:
    most = most_per_machine(gpu)
    if count > most:
        raise ValueError(f"{count} x {gpu} in one machine; no machine holds more than {most}")


def check_price(value: float | None) -> None:
    if value is not None and value == 0:
        raise ValueError("a price per GPU of 0; leave it blank where the provider does not offer it")
