"""The catalogs xlcost ships, chosen by name, and the one overlay rule that builds them.

``seed`` is ``templates/``: the seed reports' prices, what the seed reproductions use and the default.
Every other built-in catalog is a folder ``templates/<name>/`` holding only the files whose rows differ
from the seed catalog's (``international``: USD list prices); each file it lacks is the seed catalog's
file of that name. A user's catalog directory is never overlaid: ``xlcost prices init DIR --from NAME``
writes every file out, so what a directory holds is what it prices.

Where a catalog is taken (``-c``, ``XLCOST_CATALOG``), a directory of that name wins (so a copy written by
``xlcost prices init international`` is the one read), else a bare built-in name means that catalog.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from xlcost.errors import CatalogError

SEED = "seed"
#: built-in catalogs other than the seed one, each a folder of templates/ overlaying it.
OVERLAYS = ("international",)


def default_catalog_dir() -> Path:
    """The seed catalog shipped with xlcost (``templates/`` in the source tree)."""
    return Path(str(resources.files("xlcost"))) / "templates"


def builtin_names() -> tuple[str, ...]:
    return (SEED, *OVERLAYS)


def builtin_dir(name: str) -> Path:
    """The folder of a built-in catalog, raising with the names there are for any other name."""
    if name == SEED:
        return default_catalog_dir()
    if name in OVERLAYS:
        return default_catalog_dir() / name
    raise CatalogError(f"no built-in catalog '{name[:40]}' (built-in: {', '.join(builtin_names())})")


def builtin_name(reference: Path | str) -> str | None:
    """The built-in catalog a ``-c`` value names (a bare name, and no directory of that name), else None."""
    text = str(reference).strip()
    return text if text in builtin_names() and text == Path(text).name and not Path(text).is_dir() else None


def catalog_path(reference: Path | str) -> Path:
    """The directory a ``-c`` value means: a built-in catalog's folder, or the directory as given."""
    name = builtin_name(reference)
    path = builtin_dir(name) if name is not None else Path(reference)
    if not path.is_dir():
        raise CatalogError(
            f"catalog '{reference}' not found: neither a directory nor a built-in catalog "
            f"({', '.join(builtin_names())}); 'xlcost prices init DIR' writes a directory to start from"
        )
    return path


def catalog_file(directory: Path, file: str) -> Path:
    """Where a catalog's ``file`` is read from: the directory's own, or for a built-in overlay lacking it the
    seed catalog's (the overlay rule)."""
    path = directory / file
    if not path.is_file() and is_overlay(directory):
        return default_catalog_dir() / file
    return path


def is_overlay(directory: Path) -> bool:
    """True for a built-in catalog's folder other than the seed one."""
    return directory.name in OVERLAYS and directory.parent.resolve() == default_catalog_dir().resolve()
