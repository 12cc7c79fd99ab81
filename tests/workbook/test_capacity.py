"""The GPU count on Calc follows the workload on Inputs by the core's sizing rule, the Checks sheet flags a unit
count fixed below the load, the audit names it, and Inputs shows what the sizing assumed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import openpyxl
import pytest

from tests.support.cli import xlcost
from tests.support.scenarios import EVERY_KIND, MIXED
from tests.support.typed import present, text
from tests.support.workbooks import cell_of, named, recalculated, write
from xlcost.audit import audit
from xlcost.core.catalog import load_catalog
from xlcost.core.compare import compare
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook import layout as L
from xlcost.workbook.build import build_workbook
from xlcost.workbook.build_plan import BuildPlan

AS_OF = dt.date(2026, 6, 30)  # every catalog row is under 180 days old then
#: a 70B model, one GPU count fixed by the scenario (enough today), the others sized from the load
SEVENTY_B = Scenario.model_validate(
    {
        "name": "seventy-b",
        "workload": {"users_per_day": 3_000, "input_tokens_per_user_day": 2_000, "output_tokens_per_user_day": 1_000},
        "serving": {"model": "llama-3.3-70b", "tpot_ms": 60},
        "options": [
            "api:deepseek-v4-flash",
            {"key": "rent:h100-80g", "units": 4},
            "rent:a100-80g",
            "onprem:standard",
        ],
    }
)
#: the fixed count is below the load already when generated
SHORT = SEVENTY_B.model_copy(
    update={"name": "short", "workload": SEVENTY_B.workload.model_copy(update={"users_per_day": 30_000})}
)
SCENARIOS = {
    "default": load_scenario(),
    "seed-002-a": load_scenario("seed-002-a"),
    "mixed": MIXED,
    "every-kind": EVERY_KIND,
    "seventy-b": SEVENTY_B,
}


def _calc(plan: BuildPlan, option: int, field: str) -> object:
    return plan.book.cell(L.CALC, plan.calc_layout.option_block.row(option, field), L.CALC_COLS["value"])


def _check(wb: openpyxl.Workbook, words: str) -> object:
    ws = wb[L.CHECKS]
    (row,) = [r for r in range(L.TABLE_FIRST_ROW, ws.max_row + 1) if ws.cell(r, 1).value == words]
    return ws.cell(row, 2).value


def _capacity_line(option: int) -> str:
    return f"Option {option}: GPUs priced (units x GPUs per unit) cover the GPUs the workload needs (Calc)"


@pytest.mark.parametrize("name", SCENARIOS)
def test_calc_sizes_every_gpu_option_as_the_core_does(name: str) -> None:
    """Units the core priced (sized, or fixed by the scenario) and the GPUs the core says the load needs."""
    scenario = SCENARIOS[name]
    _, plan = build_workbook(scenario, load_catalog())
    sized = 0
    for option, result in zip(plan.options, compare(scenario, load_catalog()).results, strict=True):
        if result.profile.units is not None:
            assert _calc(plan, option.number, "units") == result.profile.units, option.key
        if option.sizing is None:
            assert _calc(plan, option.number, "gpus_needed") == 0, option.key
            continue
        sized += 1
        assert _calc(plan, option.number, "gpus_needed") == option.sizing.gpus, option.key
        if result.profile.sizing is not None:  # sized: its units hold what it needs, and are blank on Inputs
            assert option.units is None
            assert present(result.profile.units) * option.sizing.gpus_per_unit >= option.sizing.gpus
    assert sized, "a scenario with no GPU option tests nothing here"


def test_inputs_show_the_serving_the_sizing_used_with_its_source() -> None:
    wb, plan = build_workbook(SEVENTY_B, load_catalog())

    def row(name: str) -> tuple[object, object]:
        r = L.input_row(name)
        return wb[L.INPUTS].cell(r, L.INPUT_COLS["value"]).value, wb[L.INPUTS].cell(r, L.INPUT_COLS["source"]).value

    assert row("serving_model") == ("llama-3.3-70b", "scenario file")
    assert row("tpot_ms") == (60, "scenario file")
    for name, field in (("ttft_ms", "ttft_ms"), ("utilisation", "utilisation"), ("serving_engine", "engine")):
        value, source = row(name)
        assert value == getattr(SEVENTY_B.serving, field)
        assert text(source).startswith("xlcost default: ") and len(text(source)) > len("xlcost default: ")
    assert row("peak_to_average") == (SEVENTY_B.workload.peak_to_average, "xlcost default")
    precision, _ = row("serving_precision")  # the model's own, as the sizing used it
    assert plan.comparison.results[2].profile.sizing is not None
    assert f"llama-3.3-70b ({precision}, vllm, " in plan.comparison.results[2].profile.sizing.reason


def test_on_the_seed_basis_inputs_say_the_serving_rows_are_not_used() -> None:
    wb, _ = build_workbook(load_scenario("seed-002-a"), load_catalog())
    source = wb[L.INPUTS].cell(L.input_row("serving_model"), L.INPUT_COLS["source"]).value
    assert "not used" in text(source)
    assert named(wb, "utilisation") == 1  # throughput.csv's figure is the planned rate


def test_a_fixed_count_short_at_generation_fails_the_master_check_and_the_audit(tmp_path: Path) -> None:
    path = tmp_path / "short.xlsx"
    plan = write(SHORT, load_catalog(), path)
    wb = openpyxl.load_workbook(path, data_only=True)
    assert _check(wb, _capacity_line(2)) == 1
    assert named(wb, L.MASTER_CHECK) == 1
    assert [_check(wb, _capacity_line(i)) for i in (3, 4)] == [0, 0]  # sized: they hold what they need
    (found,) = [f for f in audit(path, as_of=AS_OF).findings if f.kind == "capacity-short"]
    need = plan.options[1].sizing
    assert found.location == f"{L.INPUTS}!D{L.option_input_row(2)}"
    assert need is not None
    assert "rent:h100-80g" in found.message and f"needs {need.gpus} x h100-80g" in found.message
    assert need is not None
    assert need.gpus > 4 and "(4 GPUs)" in found.message


def test_an_untouched_workbook_whose_counts_hold_the_load_has_no_capacity_finding(tmp_path: Path) -> None:
    path = tmp_path / "seventy-b.xlsx"
    write(SEVENTY_B, load_catalog(), path)
    assert named(openpyxl.load_workbook(path, data_only=True), L.MASTER_CHECK) == 0
    assert [f for f in audit(path, as_of=AS_OF).findings if f.kind == "capacity-short"] == []


@pytest.mark.libreoffice
def test_users_raised_tenfold_resize_the_gpus_and_flag_the_fixed_count(tmp_path: Path) -> None:
    """Typed on Inputs and recalculated by LibreOffice: the sized counts are the core's for ten times the users,
    the fixed count is flagged on Checks (and so in the master check), and ``xlcost audit`` names it."""
    original = tmp_path / "seventy-b.xlsx"
    write(SEVENTY_B, load_catalog(), original)
    wb = openpyxl.load_workbook(original)
    cell_of(wb, "users_per_day").value = 30_000
    wb.save(tmp_path / "tenfold.xlsx")
    after = recalculated([tmp_path / "tenfold.xlsx"], tmp_path / "out")["tenfold"]
    before = compare(SEVENTY_B, load_catalog())
    expected = compare(SHORT, load_catalog())
    for i, (old, new) in enumerate(zip(before.results, expected.results, strict=True), start=1):
        if new.profile.sizing is not None:
            assert named(after, f"option_units_{i}") is None
            assert present(new.profile.units) > present(old.profile.units)  # the count follows the load
        shown = after[L.SUMMARY].cell(L.summary_option_row(i), L.SUMMARY_COLS["units"]).value
        assert shown == (new.profile.units if new.profile.units is not None else named(after, "text_na"))
        assert named(after, f"tco_{i}") == pytest.approx(new.tco, rel=1e-9)
    assert [_check(after, _capacity_line(i)) for i in (2, 3, 4)] == [1, 0, 0]
    assert named(after, L.MASTER_CHECK) == 1
    run = xlcost("audit", str(tmp_path / "out" / "tenfold.xlsx"), "--as-of", AS_OF.isoformat(), "--json")
    assert run.returncode == 1, run.stderr
    (found,) = [f for f in json.loads(run.stdout)["findings"] if f["kind"] == "capacity-short"]
    assert expected.results[1].profile.shortfall is not None
    need = expected.results[1].profile.shortfall.need.gpus
    assert "rent:h100-80g" in found["message"] and f"needs {need} x h100-80g" in found["message"]
