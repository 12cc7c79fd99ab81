"""A writable copy of the shipped catalog, for tests that edit one (one copy in a test: the ``catalog_copy``
fixture)."""

from __future__ import annotations

import shutil
from pathlib import Path

from xlcost.core.catalog import default_catalog_dir


def copy_catalog(directory: Path) -> Path:
    """A writable copy of the shipped catalog's CSV files."""
    directory.mkdir(parents=True, exist_ok=True)
    for csv_file in default_catalog_dir().glob("*.csv"):
        shutil.copy(csv_file, directory / csv_file.name)
    return directory
