"""The sample workbook evaluated by a Python formula engine with xlcost's functions registered: cells match the core."""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from pathlib import Path

import formulas
import numpy as np
import openpyxl
import pytest
from formulas.tokens.operand import NA, Empty

from tests.support.excel_context import excel_context
from tests.support.paths import ROOT
from xlcost import udfs
from xlcost.analysis.recommend import recommend
from xlcost.core import money
from xlcost.core.catalog import load_catalog
from xlcost.core.pricing import Context, resolve
from xlcost.core.scenario import OptionSpec, Workload
from xlcost.core.sizing import size_gpus
from xlcost.io.xlsx_report import first_sheet

SAMPLE = ROOT / "workbooks" / "functions-sample.xlsx"
NAMES = ("TCO", "UNITCOST", "BREAKEVEN", "RECOMMEND", "GPUS")


def _cell(value: object) -> object:
    if isinstance(value, np.generic):
        value = value.item()
    return None if value is None or value == "" else value


def _as_excel(func: Callable[..., object]) -> Callable[..., object]:
    """What Excel does around a UDF: ranges arrive as rows of cells, #N/A text comes back as the error."""

    def call(*args: object) -> object:
        plain: list[object] = []
        for arg in args:
            arg = getattr(arg, "value", arg)
            plain.append([[_cell(c) for c in row] for row in arg.tolist()] if isinstance(arg, np.ndarray) else arg)
        result = func(*plain)
        if isinstance(result, list):
            return np.array(result, dtype=object)
        return NA if result == udfs.NA else result

    return call


@pytest.fixture(scope="module")
def cells() -> dict[str, np.ndarray]:
    """Every computed cell of the sample, keyed by address such as B5 or B36:B40."""
    with pytest.MonkeyPatch.context() as mp:
        # Excel passes a skipped argument (=TCO("x",12,,,,1)) as missing; the engine's default is 0.
        mp.setattr(Empty, "compile", staticmethod(lambda: None))
        functions = formulas.get_functions()
        for name in NAMES:
            mp.setitem(functions, name, _as_excel(getattr(udfs, name)))
        solution = formulas.ExcelModel().loads(str(SAMPLE)).finish().calculate()
    return {key.split("!")[1]: np.asarray(getattr(v, "value", v)) for key, v in solution.items()}


def core_tco(key: str, months: int, users: float = 10_000, units: int | None = None) -> float:
    workload = Workload(users_per_day=users)
    return money.tco(
        resolve(OptionSpec(key=key, units=units), excel_context(workload), load_catalog()), workload, months
    )


def test_every_function_is_used_in_the_sample() -> None:
    ws = first_sheet(openpyxl.load_workbook(SAMPLE))
    text = " ".join(str(getattr(c.value, "text", c.value)) for row in ws.iter_rows() for c in row)
    assert all(f"{name}(" in text for name in NAMES)


def test_committed_sample_matches_its_generator(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("build_sample", ROOT / "workbooks" / "build_functions_sample.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    fresh = module.build(tmp_path / "sample.xlsx")

    def formulas_of(path: Path) -> dict[str, str]:
        ws = first_sheet(openpyxl.load_workbook(path))
        return {c.coordinate: str(getattr(c.value, "text", c.value)) for row in ws.iter_rows() for c in row}

    assert formulas_of(fresh) == formulas_of(SAMPLE)


def test_seed_checks_all_pass(cells: dict[str, np.ndarray]) -> None:
    checks = {k: v for k, v in cells.items() if k.startswith("D") and ":" not in k and 5 <= int(k[1:]) <= 18}
    assert checks and all(bool(v.item()) for v in checks.values()), checks


def test_scalar_cells_match_the_core(cells: dict[str, np.ndarray]) -> None:
    cat = load_catalog()
    assert cells["B5"].item() == pytest.approx(core_tco("api:deepseek-v4-flash", 1))
    assert cells["B7"].item() == pytest.approx(core_tco("rent:a100-80g", 12, units=1))
    w = Workload()
    buy, rent = (
        resolve(OptionSpec(key=k, units=1), Context(workload=w), cat) for k in ("buy:h100-80g", "rent:h100-80g")
    )
    assert cells["B9"].item() == pytest.approx(money.breakeven(buy, rent, w, 120).month)
    qwen = resolve(OptionSpec(key="api:qwen-plus"), Context(workload=w), cat)
    assert cells["B11"].item() == pytest.approx(money.cost_per_mtok(qwen, w))
    assert cells["B16"].item() == "never"
    assert cells["B17"].item() == pytest.approx(core_tco("rent:a100-80g", 12, units=1))
    assert cells["B18"].item() == pytest.approx(6000 * 12)


def test_sensitivity_columns_match_the_core(cells: dict[str, np.ndarray]) -> None:
    users = cells["A36:A40"].ravel() if "A36:A40" in cells else [cells[f"A{r}"].item() for r in range(36, 41)]
    assert cells["B36:B40"].ravel().tolist() == pytest.approx([core_tco("api:qwen-plus", 36, u) for u in users])
    assert cells["C36:C40"].ravel().tolist() == pytest.approx([core_tco("rent:a100-80g", 36, u) for u in users])
    assert cells["D36:D40"].ravel().tolist() == [recommend(Workload(users_per_day=u)).approach for u in users]


def test_detail_tables_match_the_core(cells: dict[str, np.ndarray]) -> None:
    rec = recommend(Workload(users_per_day=30_000))
    table = cells["A44:F47"]
    assert table[0].tolist() == ["approach", "option", "TCO", "rank", "reason", "recommended"]
    assert rec.chosen is not None
    assert [r[1] for r in table[1:].tolist() if r[5] is True] == [rec.chosen.option]
    assert [(r[0], r[1], r[3]) for r in table[1:].tolist()] == [(r.approach, r.option, r.rank) for r in rec.ranking]
    assert table[1:, 2].astype(float).tolist() == pytest.approx([r.tco for r in rec.ranking])
    gpus = cells["A50:B50"]
    sizing = size_gpus(
        Workload(users_per_day=100_000), load_catalog(), model_size="7b-14b", gpu="h100-80g", basis="engine"
    )
    assert gpus.tolist() == [[sizing.gpus, sizing.reason]]
