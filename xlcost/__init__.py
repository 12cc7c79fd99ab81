"""xlcost: what running large language models really costs, API vs rented GPUs vs on-premises.

The public names load on first use (PEP 562), so ``xlcost --version`` and ``import xlcost.udfs``
do not pay for what they do not call.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

_EXPORTS = {
    "Catalog": "xlcost.core.catalog",
    "load_catalog": "xlcost.core.catalog",
    "Comparison": "xlcost.core.compare",
    "compare": "xlcost.core.compare",
    "CatalogError": "xlcost.errors",
    "ScenarioError": "xlcost.errors",
    "UnknownOptionError": "xlcost.errors",
    "XlcostError": "xlcost.errors",
    "OptionSpec": "xlcost.core.scenario",
    "Scenario": "xlcost.core.scenario",
    "Workload": "xlcost.core.scenario",
}

__all__ = [
    "Catalog",
    "CatalogError",
    "Comparison",
    "OptionSpec",
    "Scenario",
    "ScenarioError",
    "UnknownOptionError",
    "Workload",
    "XlcostError",
    "__version__",
    "compare",
    "load_catalog",
]

if TYPE_CHECKING:
    from xlcost.core.catalog import Catalog, load_catalog
    from xlcost.core.compare import Comparison, compare
    from xlcost.core.scenario import OptionSpec, Scenario, Workload
    from xlcost.errors import CatalogError, ScenarioError, UnknownOptionError, XlcostError


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'xlcost' has no attribute {name!r}")
    value = globals()[name] = getattr(importlib.import_module(_EXPORTS[name]), name)
    return value
