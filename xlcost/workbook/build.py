"""Build the comparison workbook and write it deterministically and atomically.

Same inputs, same bytes: document timestamps are fixed and the zip entries carry a fixed date,
so a regenerated sample can be compared byte for byte and the input hash alone tells a change.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.packaging.custom import StringProperty

from xlcost import __version__
from xlcost.core.catalog import Catalog, load_catalog
from xlcost.core.compare import Comparison
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.io.atomic import check_output, write_atomic
from xlcost.limits import check_workbook_size
from xlcost.progress import Progress, silent
from xlcost.workbook import layout
from xlcost.workbook.build_plan import BuildPlan, make_build_plan
from xlcost.workbook.calc_sheet import write_calc
from xlcost.workbook.cells import book_of, with_cached_values
from xlcost.workbook.checks_sheet import write_checks
from xlcost.workbook.cover_sheet import write_cover, write_input_hash
from xlcost.workbook.decision_sheet import write_decision
from xlcost.workbook.expr import Scalar
from xlcost.workbook.fingerprint import input_hash
from xlcost.workbook.fit import fit_columns
from xlcost.workbook.inputs_sheet import write_inputs, write_lists
from xlcost.workbook.price_sheets import write_option_prices, write_price_sheets
from xlcost.workbook.printing import set_print
from xlcost.workbook.sensitivity_sheet import write_sensitivity
from xlcost.workbook.summary_sheet import write_summary

FIXED_TIME = dt.datetime(2026, 1, 1)
ZIP_TIME = (2026, 1, 1, 0, 0, 0)
_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


# Order matters only for defined names: each writer uses names defined by the ones before it.
WRITERS: tuple[tuple[str, Callable[[Workbook, BuildPlan], None]], ...] = (
    ("price sheets", write_price_sheets),
    ("OptionPrices", write_option_prices),
    ("Lists", write_lists),
    ("Inputs", write_inputs),
    ("Calc", write_calc),
    ("Summary", write_summary),
    ("Decision", write_decision),
    ("Checks", write_checks),
    ("Sensitivity", write_sensitivity),
    ("Cover", write_cover),
)


def build_workbook(
    scenario: Scenario, catalog: Catalog | None = None, progress: Progress = silent, *, presentation: bool = True
) -> tuple[Workbook, BuildPlan]:
    """The workbook for a scenario, and the plan it was built from (the core's comparison included);
    ``presentation=False`` leaves out column widths and print setup, which the audit's reference never reads."""
    check_workbook_size(len(scenario.options), scenario.months)
    steps = len(WRITERS) + 1
    progress("pricing the options", 0, steps)
    plan = make_build_plan(scenario, catalog or load_catalog())
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the empty sheet a new workbook starts with
    plan.start(wb)
    for name in layout.sheet_order(bool(plan.hidden_costs)):
        wb.create_sheet(name)
    for done, (sheet, write) in enumerate(WRITERS, start=1):
        progress(f"writing {sheet}", done, steps)
        write(wb, plan)
    digest = input_hash(wb)
    write_input_hash(wb, digest)
    if presentation:
        fit_columns(wb, plan)  # last: widths and print setup see every cell, the hash included
        set_print(wb)
    _properties(wb, plan, digest)
    wb.active = 0
    return wb, plan


def _properties(wb: Workbook, plan: BuildPlan, digest: str) -> None:
    props = wb.properties
    props.creator = props.lastModifiedBy = "xlcost"
    props.created = props.modified = FIXED_TIME
    props.title = f"xlcost comparison: {plan.scenario.name}"
    custom = wb.custom_doc_props  # type: ignore[attr-defined]  # openpyxl 3.1 has it; its stubs do not yet
    custom.append(StringProperty(name="xlcost_version", value=__version__))
    custom.append(StringProperty(name="xlcost_input_hash", value=digest))
    wb.calculation.fullCalcOnLoad = True


def workbook_bytes(wb: Workbook) -> bytes:
    """The .xlsx file as bytes, with every zip entry dated ZIP_TIME so equal workbooks are equal bytes."""
    raw = io.BytesIO()
    wb.save(raw)
    sheets = _cached_values_by_part(wb)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            data = zin.read(info.filename)
            if info.filename == "docProps/core.xml":  # openpyxl stamps the save time here
                data = _MODIFIED.sub(rb"\g<1>" + FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode() + rb"\g<2>", data)
            elif info.filename in sheets:
                data = with_cached_values(data, sheets[info.filename])
            zout.writestr(entry, data)
    return out.getvalue()


def _cached_values_by_part(wb: Workbook) -> dict[str, dict[tuple[int, int], Scalar]]:
    """Formula values of a built workbook by sheet part (openpyxl writes sheet N as xl/worksheets/sheetN.xml)."""
    book = book_of(wb)
    if book is None:
        return {}
    by_sheet = book.cached()
    return {f"xl/worksheets/sheet{n}.xml": by_sheet[ws.title] for n, ws in enumerate(wb.worksheets, start=1)}


def generate(
    output: Path | str = "comparison.xlsx",
    scenario: Scenario | Path | str | None = None,
    catalog: Path | str | None = None,
    *,
    force: bool = False,
    on_warning: Callable[[str], None] | None = None,
    on_comparison: Callable[[Comparison], None] | None = None,
    progress: Progress = silent,
) -> Path:
    """Build the workbook for a scenario (file, built-in name or the default) and write it to ``output``;
    ``on_warning`` hears each caveat (an implausible input, a unit count below the load ...), and
    ``on_comparison`` the core's answer the workbook was written from (its prices' dates, say)."""
    output = Path(output)
    check_output(output, force)
    chosen = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    wb, plan = build_workbook(chosen, load_catalog(catalog), progress)
    progress("saving the workbook", len(WRITERS) + 1, len(WRITERS) + 1)
    write_atomic(output, workbook_bytes(wb), force=force)
    if on_warning is not None:
        for warning in plan.comparison.warnings:
            on_warning(warning)
    if on_comparison is not None:
        on_comparison(plan.comparison)
    return output
