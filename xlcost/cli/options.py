"""The flags every command shares, declared once so each means the same thing everywhere.

``-o/--output`` names any file written, ``-c/--catalog`` any catalog read, ``-s/--scenario`` a
scenario; ``--force``, ``--format`` and ``--json`` are long-only, and ``--json`` is a plain flag.
``tests/cli/test_conventions.py`` walks every command and holds them to this.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import typer

from xlcost.core.catalog.age import DEFAULT_MAX_AGE_DAYS
from xlcost.io.table import TableFormat

SCENARIO_HELP = "Scenario YAML/JSON file or built-in name (seed-002-a, ...); default: the embedded default."
CATALOG_HELP = (
    "Catalog: a directory (CSV files as in templates/) or a built-in name, seed (the default) or international "
    "(USD list prices)."
)


def catalog_option(help_text: str = CATALOG_HELP) -> Any:
    return typer.Option(None, "--catalog", "-c", help=help_text)


def scenario_option(help_text: str = SCENARIO_HELP) -> Any:
    return typer.Option(None, "--scenario", "-s", help=help_text)


def users_option() -> Any:
    return typer.Option(None, "--users", min=0, help="Daily active users in month 1 (default: the scenario's).")


def currency_option() -> Any:
    return typer.Option(
        None,
        "--currency",
        help="Currency of the results, an ISO code the catalog or the scenario's fx has a rate for "
        "(default: the scenario's); quotes in the scenario keep theirs.",
    )


def model_option() -> Any:
    return typer.Option(
        None,
        "--model",
        help="Model the self-hosted options serve: a models.csv id, a seed band or a config.json path "
        "(sized by the capacity engine; default: the scenario's).",
    )


def output_option(help_text: str, default: Path | None = None) -> Any:
    return typer.Option(default, "--output", "-o", help=help_text)


def force_option(what: str = "the --output file") -> Any:
    return typer.Option(False, "--force", help=f"Overwrite {what} if it exists.")


def json_option(help_text: str = "Print machine-readable JSON instead of a table.") -> Any:
    return typer.Option(False, "--json", help=help_text)


def format_option() -> Any:
    return typer.Option(
        TableFormat.table, "--format", help="table (aligned, full width when piped) or tsv (tab-separated)."
    )


def max_age_option(default: int = DEFAULT_MAX_AGE_DAYS) -> Any:
    return typer.Option(default, "--max-age-days", min=0, help="Prices with an older as-of date are stale.")
