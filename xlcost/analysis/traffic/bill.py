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
    """Per model in the export (largest first), both bills in ``currency``: one pass over the records,
    however many models they name."""
    names, which = np.unique(usage.models.astype(str), return_inverse=True)
    per_model = len(names)

    def total(values: np.ndarray) -> np.ndarray:
        return np.bincount(which, weights=values, minlength=per_model)

    tokens_in, tokens_out, cached = total(usage.input_tokens), total(usage.output_tokens), total(usage.cached_tokens)
    priced = ~np.isnan(usage.spend)
    spend = np.bincount(which[priced], weights=usage.spend[priced], minlength=per_model)
    spend_records = np.bincount(which[priced], minlength=per_model)
    bills = []
    for i, model in enumerate(names.tolist()):
        row = catalog_model(model, catalog)
        cost = None
        if row is not None:
            share = cached[i] / tokens_in[i] if tokens_in[i] else 0.0
            cost = float(api_token_cost(row, tokens_in[i], tokens_out[i], share)) * catalog.fx_rate(
                row.currency, currency
            )
        bills.append(
            ModelBill(
                model=model or "(not given)",
                option=f"api:{row.id}" if row is not None else None,
                input_tokens=float(tokens_in[i]),
                output_tokens=float(tokens_out[i]),
                cached_tokens=float(cached[i]),
                export_spend=float(spend[i]) * catalog.fx_rate(usage.spend_currency, currency)
                if spend_records[i]
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
