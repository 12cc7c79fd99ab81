"""Fuzz the scenario and price-file loaders: any text or data either loads or fails as an XlcostError.

Nothing else may escape (TypeError, RecursionError, OverflowError...): those become tracebacks
in the CLI and crashes elsewhere.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Callable
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlcost.core.catalog import load_catalog
from xlcost.core.scenario_io import load_scenario
from xlcost.errors import XlcostError
from xlcost.prices import import_prices

CATALOG = load_catalog()
fuzz = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=12)
    | st.sampled_from(["api:deepseek-v3", "rent:a100-80g", "onprem:light", "low", "high", "1e400", "-1", "[/x]"])
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=25,
)
scenario_keys = st.sampled_from(
    ["name", "workload", "options", "model_size", "currency", "case", "discount_rate", "hidden_costs", "description"]
)
workload_keys = st.sampled_from(
    ["users_per_day", "monthly_growth", "horizon_months", "days_per_month", "peak_to_average"]
)
option = st.one_of(
    st.sampled_from(["api:deepseek-v3", "rent:a100-80g", "buy:h100-80g", "onprem:light", "seat:x"]),
    st.fixed_dictionaries({"key": st.sampled_from(["api:deepseek-v3", "rent:a100-80g"])}, optional={
        "units": values, "label": values, "overrides": values, "case": values, "hours_per_month": values,
    }),
    values,
)  # fmt: skip
scenarios = st.fixed_dictionaries(
    {"options": st.lists(option, max_size=4)},
    optional={"workload": st.dictionaries(workload_keys, values, max_size=4)},
).flatmap(lambda base: st.dictionaries(scenario_keys, values, max_size=3).map(lambda extra: {**extra, **base}))


def _loads_or_refuses(name: str, text: str, load: Callable[[Path], object]) -> None:
    """Write ``text`` as a file called ``name`` and load it: success, or one XlcostError with a message."""
    with tempfile.TemporaryDirectory(prefix="xlcost-fuzz-") as folder:
        path = Path(folder) / name
        path.write_text(text, encoding="utf-8")
        try:
            load(path)
        except XlcostError as exc:
            assert str(exc).strip()
            assert len(str(exc).splitlines()[0]) < 2000


def _imports(fmt: str) -> Callable[[Path], object]:
    return lambda path: import_prices([path], fmt, CATALOG)


def _nested(text: str, depth: int, fmt: str) -> str:
    """``text`` as the value of ``options``, wrapped in ``depth`` lists (json.dumps itself stops at ~1000)."""
    return (
        ('{"options": ' if fmt == "json" else "options: ")
        + "[" * depth
        + text
        + "]" * depth
        + ("}" if fmt == "json" else "")
    )


@fuzz
@given(st.integers(0, 5000), st.sampled_from(["json", "yaml"]), st.sampled_from(["", "1", '"api:deepseek-v3"']))
def test_deeply_nested_scenarios_are_refused(depth: int, fmt: str, inner: str) -> None:
    _loads_or_refuses(f"s.{fmt}", _nested(inner, depth, fmt), load_scenario)


@fuzz
@given(scenarios, st.sampled_from(["json", "yaml"]))
def test_scenario_data_loads_or_is_refused(data: object, fmt: str) -> None:
    text = json.dumps(data) if fmt == "json" else yaml.safe_dump(data, allow_unicode=True)
    _loads_or_refuses(f"s.{fmt}", text, load_scenario)


@fuzz
@given(st.text(alphabet=st.sampled_from(list("{}[]:,&*!-?|>'\"\n #abc01.e\\")), max_size=200))
def test_scenario_text_loads_or_is_refused(text: str) -> None:
    _loads_or_refuses("s.yaml", text, load_scenario)
    _loads_or_refuses("s.json", text, load_scenario)


texts = st.text(min_size=1, max_size=6)
models = st.fixed_dictionaries({"id": texts | values}, optional={"prices": values, "prices_checked": values})
providers = st.fixed_dictionaries({"id": texts | values, "models": st.lists(models, max_size=4)})


@fuzz
@given(st.one_of(providers, st.lists(providers, max_size=3), values), st.sampled_from(["json", "yml"]))
def test_genai_prices_data_imports_or_is_refused(data: object, suffix: str) -> None:
    text = json.dumps(data) if suffix == "json" else yaml.safe_dump(data, allow_unicode=True)
    _loads_or_refuses(f"acme.{suffix}", text, _imports("genai-prices"))


@fuzz
@given(st.dictionaries(st.text(max_size=10), values | st.dictionaries(st.sampled_from(
    ["mode", "litellm_provider", "input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost",
     "input_cost_per_token_above_200k_tokens"]), values, max_size=6), max_size=4))  # fmt: skip
def test_litellm_data_imports_or_is_refused(data: dict[str, object]) -> None:
    _loads_or_refuses("prices.json", json.dumps(data), _imports("litellm"))


@fuzz
@given(st.text(alphabet=st.sampled_from(list(',"\n\rAacceleratorNmeCountPrRgion0123456789.-e x')), max_size=300))
def test_skypilot_text_imports_or_is_refused(text: str) -> None:
    header = "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,GpuInfo,Region,AvailabilityZone,Price,SpotPrice\n"
    _loads_or_refuses("vms.csv", header + text, _imports("skypilot"))
