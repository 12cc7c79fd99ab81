"""Find the price data already on this machine, offline and without importing anything.

LiteLLM's wheel ships ``litellm/model_prices_and_context_window_backup.json`` and genai-prices
ships ``genai_prices/data.py``; each is found through the installed distribution
(``importlib.metadata``: the file where the wheel's RECORD puts it, beside the dist-info), which
takes milliseconds where importing litellm takes seconds; reading the RECORD itself (thousands
of lines for litellm) would take a tenth of a second.
SkyPilot keeps the catalogs it downloaded in ``~/.sky/catalogs/<schema version>/<cloud>/vms.csv``;
the newest schema version there is read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

#: price-file format -> (distribution, the files it may ship its prices in, best first, as its RECORD names them).
PACKAGE_FILES = {
    "litellm": (
        "litellm",
        ("litellm/model_prices_and_context_window_backup.json", "litellm/model_prices_and_context_window.json"),
    ),
    "genai-prices": ("genai-prices", ("genai_prices/data.json", "genai_prices/data.py")),
}
SKY_CATALOGS = Path("~/.sky/catalogs")


@dataclass(frozen=True)
class Found:
    """One source's files, and where they came from (``litellm 1.110.2``, ``~/.sky/catalogs/v7``)."""

    fmt: str  # the price-file format that reads them
    paths: tuple[Path, ...]
    origin: str


@dataclass(frozen=True)
class Search:
    """Where to look, and what was not there (said in the report rather than failing)."""

    found: list[Found]
    missing: list[str]


def find_installed(site_dirs: list[Path] | None = None, sky_dir: Path = SKY_CATALOGS) -> Search:
    """The price data of installed packages (in ``site_dirs``, default the running Python's) and SkyPilot's catalogs."""
    found, missing = [], []
    for fmt, (dist_name, inner_files) in PACKAGE_FILES.items():
        hit = _package_file(fmt, dist_name, inner_files, site_dirs)
        if hit is None:
            missing.append(f"{fmt} (package not installed, or without its price file)")
        else:
            found.append(hit)
    sky = _sky_catalogs(sky_dir.expanduser())
    if sky is None:
        missing.append(f"skypilot (no {sky_dir}/v*/<cloud>/vms.csv)")
    else:
        found.append(sky)
    return Search(found, missing)


def _package_file(fmt: str, dist_name: str, inner_files: tuple[str, ...], site_dirs: list[Path] | None) -> Found | None:
    dists = (
        metadata.distributions(name=dist_name, path=[str(p) for p in site_dirs])
        if site_dirs is not None
        else metadata.distributions(name=dist_name)
    )
    for dist in dists:
        origin = f"{dist.metadata['Name']} {dist.version}"
        for inner in inner_files:
            if (path := Path(str(dist.locate_file(inner)))).is_file():
                return Found(fmt, (path,), origin)
    return None


def _sky_catalogs(root: Path) -> Found | None:
    versions = sorted(
        (int(m.group(1)), d) for d in _subdirs(root) if (m := re.fullmatch(r"v(\d+)", d.name)) is not None
    )
    for _, version in reversed(versions):
        files = tuple(sorted(cloud / "vms.csv" for cloud in _subdirs(version) if (cloud / "vms.csv").is_file()))
        if files:
            return Found("skypilot", files, f"SkyPilot catalogs {version}")
    return None


def _subdirs(path: Path) -> list[Path]:
    return [p for p in path.iterdir() if p.is_dir()] if path.is_dir() else []
