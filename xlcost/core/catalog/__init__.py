"""The price catalog: CSV files in ``templates/`` validated into typed rows."""

from xlcost.core.catalog.catalog import (
    FILES,
    Catalog,
    default_catalog_dir,
    load_catalog,
    optional_table,
    split_key,
)
from xlcost.core.catalog.rows import CASES, Case, Ranged

__all__ = [
    "CASES",
    "FILES",
    "Case",
    "Catalog",
    "Ranged",
    "default_catalog_dir",
    "load_catalog",
    "optional_table",
    "split_key",
]
