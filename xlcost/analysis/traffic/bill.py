"""Reconcile the bill: the spend an export reports for each model beside what the catalog price gives."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from xlcost.analysis.traffic.usage import Usage
from xlcost.core.catalog import Catalog
from xlcost.core.catalog.rows import ApiPrice
from xlcost.core.pricing import api_token_cost

_DATE_SUFFIX = re.compile(r"-(\d{4}-\d{2}-\d{2}|\d{4,8})$")  # gpt-4o-2024-08-06, claude-...-20250514


@dataclass(frozen=True)
class ModelBill:
    """One model's tokens over the period, its spend in the export, and the catalog's price for them."""

    model: str
    option: str | None  # the catalog key that priced it; None when the catalog has no such model
    input_tokens: float
    output_tokens: float
    cached_tokens: float
    export_spend: float | None  # in the report currency; None when the export reports no spend
    catalog_cost: float | None


def reconcile_bill(usage: Usage, catalog: Catalog, currency: str) -> list[ModelBill]:
    """Per model in the export (largest first), both bills in ``currency``."""
    bills = []
    for model in sorted(set(usage.models.tolist())):
        mask = usage.models == model
        tokens_in, tokens_out = float(usage.input_tokens[mask].sum()), float(usage.output_tokens[mask].sum())
        cached = float(usage.cached_tokens[mask].sum())
        spend = usage.spend[mask]
        reported = spend[~np.isnan(spend)]
        row = catalog_model(model, catalog)
        cost = None
        if row is not None:
            share = cached / tokens_in if tokens_in else 0.0
            cost = float(api_token_cost(row, tokens_in, tokens_out, share)) * catalog.fx_rate(row.currency, currency)
        bills.append(
            ModelBill(
                model=model or "(not given)",
                option=f"api:{row.id}" if row is not None else None,
                input_tokens=tokens_in,
                output_tokens=tokens_out,
                cached_tokens=cached,
                export_spend=float(reported.sum()) * catalog.fx_rate(usage.spend_currency, currency)
                if len(reported)
                else None,
                catalog_cost=cost,
            )
        )
    return sorted(bills, key=lambda b: -(b.input_tokens + b.output_tokens))


def catalog_model(model: str, catalog: Catalog) -> ApiPrice | None:
    """The api.csv row for an export's model name: without provider prefix, then without a date suffix."""
    rows = catalog.rows("api.csv", ApiPrice)
    name = model.strip().lower().rsplit("/", 1)[-1]
    for candidate in (name, _DATE_SUFFIX.sub("", name)):
        if candidate in rows:
            return rows[candidate]
    return None
