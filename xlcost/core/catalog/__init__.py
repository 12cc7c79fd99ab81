"""The price catalog: CSV files in ``templates/`` (or a built-in overlay, or a directory) validated into typed rows."""

from xlcost.core.catalog.builtin import builtin_names, default_catalog_dir
from xlcost.core.catalog.catalog import (
    FILES,
    Catalog,
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
    "builtin_names",
    "default_catalog_dir",
    "load_catalog",
    "optional_table",
    "split_key",
]
