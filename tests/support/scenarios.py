"""Scenarios shared by the tests of the uncertainty analyses and of the workbook."""

from __future__ import annotations

from pathlib import Path

from xlcost.core.scenario import OptionSpec, Scenario, Workload

#: one option of every kind, a quote override, a price case, growth and cached input
MIXED = Scenario(
    name="mixed",
    workload=Workload(users_per_day=2_000, cached_input_share=0.3, monthly_growth=0.02, horizon_months=24),
    options=[
        OptionSpec(key="api:qwen-plus"),
        OptionSpec(key="rent-hourly:h100-80g", units=2),
        OptionSpec(key="buy:a100-80g", units=2, include_power=True, case="low"),
        OptionSpec(key="seat:coding-assistant-basic"),
        OptionSpec(key="onprem:standard"),
        OptionSpec(key="rent:a100-80g", units=1, overrides={"reserved_monthly": 6000}),
    ],
)

#: every option kind with its switches, in USD at the high case, a label that looks like a formula
EVERY_KIND = Scenario.model_validate(
    {
        "name": "every-kind",
        "workload": {
            "users_per_day": 12_345,
            "cached_input_share": 0.2,
            "monthly_growth": 0.03,
            "horizon_months": 24,
        },
        "currency": "USD",
        "case": "high",
        "discount_rate": 0.1,
        "model_size": "32b-70b",
        "options": [
            {"key": "api:gpt-4o", "label": '=HYPERLINK("x") looks like a formula'},
            {"key": "api:qwen-plus", "overrides": {"output_per_mtok": 1.5}, "label": "Qwen-Plus at a quoted price"},
            {"key": "rent-hourly:l40s-48g", "hours_per_month": 200},
            {"key": "buy:a100-80g", "include_power": True, "extra_per_year": 5000, "extra_label": "rack space"},
            {"key": "seat:coding-assistant-basic", "case": "low"},
            {"key": "onprem:standard", "case": "mid"},
            {"key": "rent:h100-80g"},
        ],
    }
)

#: the edges of the workbook's ranges: one option (one-cell columns), one month (one-cell timelines), no users
EDGES = {
    "one-option": Scenario(
        name="one option",
        workload=Workload(horizon_months=12),
        options=[OptionSpec(key="rent:a100-80g", units=1)],
    ),
    "one-month": Scenario(
        name="one month",
        workload=Workload(users_per_day=500, horizon_months=1),
        options=[OptionSpec(key="api:qwen-plus"), OptionSpec(key="rent:a100-80g", units=1)],
    ),
    "no-users": Scenario(
        name="no users",
        workload=Workload(users_per_day=0, horizon_months=12),
        options=[
            OptionSpec(key="api:qwen-plus"),
            OptionSpec(key="rent-hourly:h100-80g"),
            OptionSpec(key="seat:coding-assistant-basic"),
            OptionSpec(key="onprem:standard"),
        ],
    ),
}


#: self-hosted Llama-3.3-70B beside the same model bought by the token, in dollars (the international catalog)
LLAMA_70B_USD = """\
name: llama-70b
currency: USD
workload: {users_per_day: 20000, input_tokens_per_user_day: 800, output_tokens_per_user_day: 400, horizon_months: 36}
model_size: 32b-70b
serving: {model: llama-3.3-70b}
options:
  - key: rent:h100-80g
  - key: api:groq-llama-3.3-70b
  - key: api:together-llama-3.3-70b
"""


#: spot rental beside on-demand at the same cloud, and a spot rental billed part of the month (the international catalog)
SPOT_USD = """\
name: spot beside on-demand
currency: USD
workload: {users_per_day: 2000, horizon_months: 24, monthly_growth: 0.02}
options:
  - {key: rent-spot:h100-80g@gcp, units: 8}
  - {key: rent-hourly:h100-80g@gcp, units: 8}
  - {key: rent-spot:a100-80g@azure, hours_per_month: 300}
"""


def scenario_file(folder: Path, stem: str, text: str) -> Path:
    """A scenario's YAML written where a user would keep it, for ``-s``."""
    path = folder / f"{stem}.yaml"
    path.write_text(text, encoding="utf-8")
    return path
