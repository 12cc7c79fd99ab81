"""``xlcost prices init``: an editable copy of a built-in catalog, the start of a team's own prices."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from xlcost.core.catalog import default_catalog_dir, load_catalog
from xlcost.core.catalog.builtin import SEED, builtin_dir, catalog_file
from xlcost.errors import CatalogError
from xlcost.io.atomic import staging_directory


def init_catalog(out: Path, source: str = SEED) -> list[str]:
    """Copy every table of the built-in catalog ``source`` (prices and the sizing data, an overlay's files
    completed from the seed catalog) into ``out``, a new or empty directory, all at once: the copy is staged
    beside it, validated by loading it, then moved into place. Returns the files written."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise CatalogError(f"{out}: exists and is not an empty directory; choose a new directory")
    folder = builtin_dir(source)
    out.parent.mkdir(parents=True, exist_ok=True)
    files = sorted(p for p in default_catalog_dir().glob("*.csv") if p.is_file())
    with staging_directory(out.parent, f".{out.name}-") as stage:
        for seed_file in files:
            shutil.copyfile(catalog_file(folder, seed_file.name), stage / seed_file.name)
        load_catalog(stage)  # what every reader of the copy will check
        if out.exists():
            out.rmdir()  # empty, checked above: the staged copy takes its place
        os.replace(stage, out)
    return [p.name for p in files]
