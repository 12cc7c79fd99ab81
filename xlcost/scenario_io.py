"""Read scenario files (YAML or JSON) into the validated Scenario model."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

from xlcost.catalog import default_catalog_dir
from xlcost.errors import ScenarioError
from xlcost.workload import Scenario


def scenarios_dir() -> Path:
    return default_catalog_dir() / "scenarios"


def builtin_scenarios() -> list[str]:
    """Names of the scenarios shipped with xlcost (usable in place of a file path)."""
    return sorted(path.stem for path in scenarios_dir().glob("*.yaml"))


def load_scenario(source: Path | str | None = None) -> Scenario:
    """A scenario from a YAML/JSON file, a built-in name such as ``seed-002-b``, or the default."""
    path = _locate(source)
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read scenario ({exc.strerror})") from None
    except (yaml.YAMLError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        first_line = str(exc).splitlines()[0]
        raise ScenarioError(
            f"{path.name}: not valid {'JSON' if path.suffix == '.json' else 'YAML'}: {first_line}"
        ) from None
    if not isinstance(data, dict):
        raise ScenarioError(f"{path.name}: a scenario must be a mapping with 'workload' and 'options'")
    try:
        return Scenario.model_validate(data)
    except ScenarioError as exc:
        raise ScenarioError(f"{path.name}: {exc}") from None


def _locate(source: Path | str | None) -> Path:
    if source is None:
        return scenarios_dir() / "default.yaml"
    path = Path(source)
    if path.exists():
        return path
    builtin = scenarios_dir() / f"{source}.yaml"
    if builtin.exists():
        return builtin
    raise ScenarioError(
        f"scenario '{source}' not found: no such file, and not a built-in ({', '.join(builtin_scenarios())})"
    )
