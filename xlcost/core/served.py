"""Which model an option serves, so a comparison says when it sets a small self-hosted model against a
large hosted one: cheaper tokens from a smaller model are not the same answer."""

from __future__ import annotations

from xlcost.core.catalog import Catalog
from xlcost.core.catalog.rows import ApiPrice


def api_model(row: ApiPrice, catalog: Catalog) -> str:
    """The API's model: its models.csv architecture when the row names one (``model``), else the product."""
    if row.model is None:
        return f"{row.name} (size not published)"
    return _shown(row.model, catalog)


def self_hosted_model(model: str | None, model_size: str, catalog: Catalog) -> str:
    """The model the self-hosted options are sized for: the serving block's, else the band's stand-in."""
    return _shown(model or model_size, catalog)


def _shown(reference: str, catalog: Catalog) -> str:
    from xlcost.core.capacity.models import resolve_model  # the capacity tables load only when asked

    arch = resolve_model(reference, catalog.directory)
    return f"{arch.name} ({arch.params_total_b:g}B)"


def like_for_like(served: dict[str, set[str]]) -> str | None:
    """A note when the API options and the self-hosted ones serve different models (None: the same or
    only one side compared); ``served`` maps "api" and "self-hosted" to the models shown."""
    api, own = sorted(served.get("api", set())), sorted(served.get("self-hosted", set()))
    if not api or not own or set(api) == set(own):
        return None
    return (
        f"not like for like: the API options serve {', '.join(api)}; the self-hosted options serve "
        f"{', '.join(own)}: cheaper tokens from another model are not the same answer"
    )
