"""The scenario as a reader's table for the Cover: one row per setting, in the scenario file's words.

The Cover also keeps the scenario as JSON, which is what ``xlcost audit`` reads back; this table is
what a printout shows. Settings are read from the scenario itself, so a new field appears without a
change here.
"""

from __future__ import annotations

from typing import Any

from xlcost.core.scenario import BILLING_WORKLOAD_FIELDS, Scenario, Workload

#: shown elsewhere on the Cover (its own rows), not repeated in the table
SHOWN_ABOVE = ("name", "description")
UNSET = "not set (xlcost default)"
LISTED_OPTIONS = 12  # more options than this are counted, not listed: Inputs and Summary list them
OPTION_FIRST = ("key", "label")  # an option's row starts with these, the settings it changes follow


def as_written(scenario: Scenario) -> dict[str, Any]:
    """The scenario as the Cover keeps it (JSON-ready), without the billing rules' workload fields left at their
    defaults nor an unset catalog: a scenario that uses neither reads as before they existed (reading it back
    restores the defaults)."""
    data = scenario.model_dump(mode="json")
    if scenario.catalog is None:
        del data["catalog"]
    workload = scenario.workload
    for name in BILLING_WORKLOAD_FIELDS:
        if getattr(workload, name) == Workload.model_fields[name].default:
            del data["workload"][name]
    return data


def scenario_rows(scenario: Scenario) -> list[tuple[str, str]]:
    """(setting, value) pairs: nested settings as ``workload: users per day``, one row per option."""
    rows: list[tuple[str, str]] = []
    for field, value in as_written(scenario).items():
        if field in SHOWN_ABOVE:
            continue
        if field == "options" and len(value) > LISTED_OPTIONS:
            rows.append(("options", f"{len(value)} (listed on Inputs and Summary)"))
        elif field == "options":
            rows += [(f"option {n}", _option(option)) for n, option in enumerate(value, start=1)]
        elif isinstance(value, dict):
            rows += [(f"{_words(field)}: {_words(key)}", _shown(item)) for key, item in value.items()]
        else:
            rows.append((_words(field), _shown(value)))
    return rows


def _option(option: dict[str, object]) -> str:
    """``key, label``, then only the settings that differ from an option's defaults."""
    changed = [
        f"{_words(field)} {_shown(value)}"
        for field, value in option.items()
        if field not in OPTION_FIRST and value not in (None, "", {}, False, 0)
    ]
    return "; ".join([", ".join(str(option[field]) for field in OPTION_FIRST if option.get(field)), *changed])


def _words(identifier: str) -> str:
    return identifier.replace("_", " ")


def _shown(value: object) -> str:
    """A value as a reader expects it: TRUE/FALSE, thousands separators, lists joined, unset said so."""
    if value is None:
        return UNSET
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.6g}"
    if isinstance(value, list):
        return ", ".join(_shown(item) for item in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{_words(str(key))} {_shown(item)}" for key, item in value.items()) or "none"
    return str(value)
