"""Each pricing rule is written once: the sheet modules build formulas from ``workbook.rules`` and never spell
the growth factor, a power or an on-prem cost line themselves; and the growth sum stays exact for tiny rates."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import openpyxl
import pytest

from tests.support.paths import ROOT
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import OnPremTier
from xlcost.core.scenario import Scenario, growth_sum
from xlcost.workbook import layout as L
from xlcost.workbook.build import build_workbook, workbook_bytes

WORKBOOK = ROOT / "xlcost" / "workbook"
RULES = WORKBOOK / "rules.py"
LANGUAGE = "expr.py"  # the formula printer itself writes '^' for any power
ONPREM_LINES = OnPremTier.CAPEX_LINES + OnPremTier.OPEX_LINES


def _spelled_outside_rules() -> list[str]:
    """Powers (the growth factor, discounting) and on-prem line names written in a workbook module other than rules."""
    found = []
    for path in sorted(WORKBOOK.glob("*.py")):
        if path == RULES:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
                found.append(f"{where}: a power (growth factor or discounting) outside rules.py")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if "^" in node.value and path.name != LANGUAGE:
                    found.append(f"{where}: formula text with a power {node.value!r}")
                if not any(c.isspace() for c in node.value):  # identifiers and field names, not prose
                    found += [f"{where}: on-prem line {line!r}" for line in ONPREM_LINES if line in node.value]
    return found


def test_growth_factor_and_onprem_lines_are_spelled_only_in_rules() -> None:
    assert _spelled_outside_rules() == []


def test_the_check_finds_a_rule_spelled_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above is not vacuous: a module that retypes a rule is caught."""
    copy = tmp_path / "workbook"
    copy.mkdir()
    for path in WORKBOOK.glob("*.py"):
        (copy / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (copy / "calc_sheet.py").write_text(
        (copy / "calc_sheet.py").read_text(encoding="utf-8")
        + '\nGROWTH = "(1+monthly_growth)^(F3-1)"\nLINE = "staff_year"\n'
    )
    monkeypatch.setattr(f"{__name__}.WORKBOOK", copy)
    monkeypatch.setattr(f"{__name__}.RULES", copy / "rules.py")
    found = _spelled_outside_rules()
    assert len(found) == 2 and "power" in found[0] and "staff_year" in found[1]


@pytest.mark.parametrize("rate", [1e-13, 1e-9, 0.0, 0.05])
def test_growth_sum_is_exact_for_tiny_rates(rate: float) -> None:
    """((1+g)^n-1)/g cancels for tiny g (1e-13 gives an error near 1e-3); the workbook's sum does not."""
    scenario = Scenario.model_validate(
        {
            "name": "tiny",
            "workload": {"monthly_growth": rate, "horizon_months": 60},
            "options": ["api:qwen-plus", "rent:a100-80g"],
        }
    )
    wb, _ = build_workbook(scenario, load_catalog())
    values = openpyxl.load_workbook(io.BytesIO(workbook_bytes(wb)), data_only=True)
    ws = values[L.SENSITIVITY]
    (base,) = [row[3].value for row in ws.iter_rows() if row[0].value == "Base case (as on Inputs)"]
    assert base == pytest.approx(float(growth_sum(rate, 60)), rel=1e-14)
    assert values[L.CHECKS]["B2"].value == 0
