"""The defaults a scenario, a pricing context, a command or an Excel function assume are named once."""

from __future__ import annotations

import ast

from tests.support.paths import ROOT
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.catalog import TARIFF_CURRENCY
from xlcost.core.pricing import Context
from xlcost.core.scenario import DEFAULT_CURRENCY, DEFAULT_GPU, DEFAULT_MODEL_SIZE, Scenario, Workload

PACKAGE = ROOT / "xlcost"
#: where the literal may stand: its definition, and tables keyed by every GPU id (a vendor's GPU names mapped
#: to the catalog's ids, the GPUs one rented machine holds)
ALLOWED = {"core/scenario.py", "prices/skypilot.py", "core/catalog/machines.py"}


def _spelled(value: str) -> list[str]:
    """Modules other than ``ALLOWED`` holding ``value`` as a whole string literal."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        hits = [n.lineno for n in ast.walk(tree) if isinstance(n, ast.Constant) and n.value == value]
        if hits and where not in ALLOWED:
            found += [f"{where}:{line}" for line in hits]
    return found


def test_the_default_model_size_and_gpu_are_spelled_once() -> None:
    assert _spelled(DEFAULT_MODEL_SIZE) == []
    assert _spelled(DEFAULT_GPU) == []


def test_the_scenario_and_the_pricing_context_share_the_defaults() -> None:
    scenario = Scenario.model_validate({"options": ["api:qwen-plus"]})
    context = Context(workload=Workload())
    assert (scenario.model_size, scenario.currency) == (DEFAULT_MODEL_SIZE, DEFAULT_CURRENCY)
    assert (context.model_size, context.currency) == (DEFAULT_MODEL_SIZE, DEFAULT_CURRENCY)


def test_the_tariff_currency_is_one_the_catalog_converts() -> None:
    """The tariff is converted from its currency through fx.csv, so that currency needs a rate there."""
    assert TARIFF_CURRENCY in load_catalog().currencies
