"""xlcost: what running large language models really costs, API vs rented GPUs vs on-premises."""

from xlcost.catalog import Catalog, load_catalog
from xlcost.compare import Comparison, compare
from xlcost.errors import CatalogError, ScenarioError, UnknownOptionError, XlcostError
from xlcost.workload import OptionSpec, Scenario, Workload

__version__ = "0.2.0"

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
