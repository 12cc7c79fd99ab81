"""Each pricing rule is written once: the sheet modules build formulas from ``workbook.rules`` and never spell
the growth factor or discounting (a power), a yearly amount per month (/ 12), the TCO closed form (a cost times
the horizon) or an on-prem cost line themselves; and the growth sum stays exact for tiny rates."""

from __future__ import annotations

import ast
import io
import re
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
HORIZON = "horizon_months"
PER_MONTH_TEXT = re.compile(r"/12(?!\d)")  # formula text dividing by 12; prose says "/ 12"


def _is_horizon(node: ast.AST, bound: set[str]) -> bool:
    """``Name("horizon_months")``, or a local name bound to it."""
    if isinstance(node, ast.Name):
        return node.id in bound
    return (
        isinstance(node, ast.Call)
        and [a.value for a in node.args if isinstance(a, ast.Constant)] == [HORIZON]
        and getattr(node.func, "id", None) == "Name"
    )


def _is_horizon_factor(node: ast.BinOp, bound: set[str]) -> bool:
    return _is_horizon(node.left, bound) or _is_horizon(node.right, bound)


def _months_per_year(node: ast.AST) -> bool:
    return (isinstance(node, ast.Constant) and node.value == 12) or getattr(node, "id", None) == "MONTHS_PER_YEAR"


def _spelled_outside_rules() -> list[str]:
    """Powers (the growth factor, discounting) and on-prem line names written in a workbook module other than rules."""
    found = []
    for path in sorted(WORKBOOK.glob("*.py")):
        if path == RULES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        horizon = {
            t.id
            for n in ast.walk(tree)
            if isinstance(n, ast.Assign) and _is_horizon(n.value, set())
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for node in ast.walk(tree):
            where = f"{path.name}:{getattr(node, 'lineno', '?')}"
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Pow):
                found.append(f"{where}: a power (growth factor or discounting) outside rules.py")
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _months_per_year(node.right):
                found.append(f"{where}: a yearly amount per month (/ 12) outside rules.py")
            if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult) and _is_horizon_factor(node, horizon):
                found.append(f"{where}: a cost times the horizon (the TCO closed form) outside rules.py")
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if "^" in node.value and path.name != LANGUAGE:
                    found.append(f"{where}: formula text with a power {node.value!r}")
                if PER_MONTH_TEXT.search(node.value):
                    found.append(f"{where}: formula text per month {node.value!r}")
                if not any(c.isspace() for c in node.value):  # identifiers and field names, not prose
                    found += [f"{where}: on-prem line {line!r}" for line in ONPREM_LINES if line in node.value]
    return found


def test_growth_factor_and_onprem_lines_are_spelled_only_in_rules() -> None:
    assert _spelled_outside_rules() == []


def _found_with(module: str, added: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What the check finds in a copy of the workbook package where ``module`` ends with ``added``."""
    copy = tmp_path / "workbook"
    copy.mkdir()
    for path in WORKBOOK.glob("*.py"):
        (copy / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    (copy / module).write_text((copy / module).read_text(encoding="utf-8") + added)
    monkeypatch.setattr(f"{__name__}.WORKBOOK", copy)
    monkeypatch.setattr(f"{__name__}.RULES", copy / "rules.py")
    return _spelled_outside_rules()


def test_the_check_finds_a_rule_spelled_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check above is not vacuous: a module that retypes a rule is caught."""
    added = '\nGROWTH = "(1+monthly_growth)^(F3-1)"\nLINE = "staff_year"\n'
    found = _found_with("calc_sheet.py", added, tmp_path, monkeypatch)
    assert len(found) == 2 and "power" in found[0] and "staff_year" in found[1]


def test_the_check_finds_a_tco_or_a_per_month_spelled_twice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A TCO closed form, a / 12 (in code or in formula text) and a discount retyped in a sheet writer are caught,
    however the horizon is named."""
    added = (
        "\n\ndef _again(up, flat, usage, growth, yearly, rate):\n"
        '    months = Name("horizon_months")\n'
        "    tco = up + flat * months + usage * growth\n"
        '    return tco, up + Name("horizon_months") * flat, yearly / 12, "=B4/12", 1 / (1 + rate) ** 3\n'
    )
    found = _found_with("checks_sheet.py", added, tmp_path, monkeypatch)
    assert sum("horizon" in f for f in found) == 2
    assert sum("per month" in f for f in found) == 2
    assert sum("power" in f for f in found) == 1


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
