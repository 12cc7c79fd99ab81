"""Scenarios shared by the uncertainty tests."""

from __future__ import annotations

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
