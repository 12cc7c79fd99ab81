"""Read scenario files (YAML or JSON) into the validated Scenario model."""

from __future__ import annotations

from pathlib import Path

from xlcost.core.catalog import default_catalog_dir
from xlcost.core.scenario import Scenario, Serving, Workload
from xlcost.errors import ScenarioError
from xlcost.io.structured import load_json, load_yaml
from xlcost.limits import MAX_SCENARIO_BYTES, check_file_size, shown


def scenarios_dir() -> Path:
    return default_catalog_dir() / "scenarios"


def builtin_scenarios() -> list[str]:
    """Names of the scenarios shipped with xlcost (usable in place of a file path)."""
    return sorted(path.stem for path in scenarios_dir().glob("*.yaml"))


def load_scenario(source: Path | str | None = None) -> Scenario:
    """A scenario from a YAML/JSON file, a built-in name such as ``seed-002-b``, or the default."""
    path = _locate(source)
    check_file_size(path, MAX_SCENARIO_BYTES, "scenario file")
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read scenario ({exc.strerror})") from None
    except UnicodeDecodeError as exc:
        raise ScenarioError(f"{path.name}: not UTF-8 text ({exc.reason})") from None
    return _catalog_beside(parse_scenario(text, path.name), path.parent)


def catalog_choice(flag: Path | str | None, scenario: Scenario) -> Path | str | None:
    """The catalog a command prices ``scenario`` with: its ``-c`` when given, else the scenario's own
    ``catalog``, else None (the seed catalog)."""
    return flag if flag is not None else scenario.catalog


def _catalog_beside(scenario: Scenario, folder: Path) -> Scenario:
    """A scenario whose ``catalog`` names a directory beside its file, with that directory's path, so the
    file prices the same from any working directory (a directory wins over a built-in name, as for ``-c``);
    any other value is kept as written."""
    if not scenario.catalog or not _is_dir(folder / scenario.catalog):
        return scenario
    return scenario.model_copy(update={"catalog": str(folder / scenario.catalog)})


def parse_scenario(text: str, name: str) -> Scenario:
    """A scenario from the text of a file called ``name`` (JSON if it ends in .json, YAML otherwise)."""
    # A scenario is short: YAML anchors there could only hide its size.
    data = load_json(text, name) if name.lower().endswith(".json") else load_yaml(text, name, aliases=False)
    if not isinstance(data, dict):
        raise ScenarioError(f"{name}: a scenario must be a mapping with 'workload' and 'options'")
    try:
        return Scenario.model_validate(data)
    except ScenarioError as exc:
        raise ScenarioError(f"{name}: {exc}") from None


def with_workload(scenario: Scenario, field: str, value: float | None, flag: str) -> Scenario:
    """``scenario`` with one workload field replaced from a command-line flag, validated like the file was."""
    if value is None:
        return scenario
    try:
        workload = Workload.model_validate(scenario.workload.model_dump() | {field: value})
    except ScenarioError as exc:
        raise ScenarioError(f"{flag} {value:g}: {exc}") from None
    old = getattr(scenario.workload, field)
    if old == value:
        return scenario
    said = f"{flag} {value:,.15g} in place of the file's {old:,.15g}"  # the file's description no longer says it all
    description = f"{scenario.description}; {said}" if scenario.description else said
    return scenario.model_copy(update={"workload": workload, "description": description})


def with_model(scenario: Scenario, model: str | None) -> Scenario:
    """``scenario`` serving another model (a ``--model`` flag), sized by the capacity engine."""
    if model is None:
        return scenario
    serving = Serving.model_validate(scenario.serving.model_dump() | {"model": model})
    return scenario.model_copy(update={"serving": serving, "throughput_basis": "engine"})


def with_currency(scenario: Scenario, currency: str | None) -> Scenario:
    """``scenario`` with its results in another currency (a ``--currency`` flag).

    A quote in an option's ``overrides`` stays in the currency the file meant (the scenario's, unless the
    option names its own); an ``extra_per_year`` is a bare amount in the scenario currency, so a scenario
    with one is refused rather than read in the new currency.
    """
    if currency is None:
        return scenario
    wanted = Scenario.model_validate(scenario.model_dump() | {"currency": currency}).currency
    if wanted == scenario.currency:
        return scenario
    extra = [spec.key for spec in scenario.options if spec.extra_per_year]
    if extra:
        raise ScenarioError(
            f"--currency {wanted}: extra_per_year of {', '.join(extra)} is in the scenario currency "
            f"({scenario.currency}); set currency: {wanted} in the scenario file and restate it there"
        )
    options = [
        spec.model_copy(update={"currency": scenario.currency}) if spec.overrides and spec.currency is None else spec
        for spec in scenario.options
    ]
    return scenario.model_copy(update={"currency": wanted, "options": options})


def starter_text() -> str:
    """The commented starter scenario ``xlcost init`` writes (the built-in ``starter``)."""
    return (scenarios_dir() / "starter.yaml").read_text(encoding="utf-8")


def _locate(source: Path | str | None) -> Path:
    if source is None:
        return scenarios_dir() / "default.yaml"
    path = Path(source)
    if _exists(path):
        return path
    builtin = scenarios_dir() / f"{source}.yaml"
    if _exists(builtin):
        return builtin
    raise ScenarioError(
        f"scenario {shown(str(source))} not found: no such file, and not a built-in ({', '.join(builtin_scenarios())})"
    )


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except (OSError, ValueError):
        return False


def _exists(path: Path) -> bool:
    """Whether a path names a file; a name the OS cannot even look up (too long, NUL) names none."""
    try:
        return path.exists()
    except (OSError, ValueError):
        return False
