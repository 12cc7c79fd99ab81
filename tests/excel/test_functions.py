"""The Excel functions called directly with what Excel passes: scalars, blanks (None), rows of cells."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from tests.support.excel_context import excel_context
from xlcost import udfs
from xlcost.analysis.recommend import recommend
from xlcost.core import money
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.loader import columns_for
from xlcost.core.catalog.rows import Case, GpuRental
from xlcost.core.pricing import Context, CostProfile, resolve
from xlcost.core.scenario import OptionSpec, Serving, Workload

_: None = None  # a skipped argument, as in =TCO("rent:a100-80g",12,,,,1)


def core(
    key: str,
    months: int = 36,
    users: float = 10_000,
    units: int | None = None,
    case: Case = "mid",
    tokens: tuple[int, int] = (800, 400),
) -> tuple[CostProfile, Workload]:
    workload = Workload(users_per_day=users, input_tokens_per_user_day=tokens[0], output_tokens_per_user_day=tokens[1])
    spec = OptionSpec(key=key, units=units, case=case)
    return resolve(spec, excel_context(workload, case=case), load_catalog()), workload


# Seed 002 figures for 10,000 users/day x (800 in + 400 out) x 30 days.
@pytest.mark.parametrize(
    ("args", "seed"),
    [
        (("api:deepseek-v4-flash", 1), 98.4),
        (("api:qwen-plus", 36), 15552),
        (("rent:a100-80g", 12, _, _, _, 1), 78000),
        (([["api:qwen-plus"]], [[36]], [[None]]), 15552),  # xlwings passes 1x1 ranges with ndim=2
        (("onprem:light", 36, _, _, _, _, "low"), 910_000),  # seed 002 §4 light tier, low end
        (("seat:coding-assistant-enterprise", 12, 30), 360_000),  # seed 003 §6: 30 developers
    ],
)
def test_tco_seed_figures(args: tuple[Any, ...], seed: float) -> None:
    assert udfs.TCO(*args) == pytest.approx(seed)


@pytest.mark.parametrize(("gpu", "seed"), [("a100-80g", 15.38), ("h100-80g", 19.13), ("h200-141g", 20.00)])
def test_breakeven_seed_figures(gpu: str, seed: float) -> None:
    assert round(udfs.BREAKEVEN(f"buy:{gpu}", f"rent:{gpu}", _, _, _, 1), 2) == seed


def test_breakeven_over_a_column_of_users() -> None:
    users = [[1000], [20000], [100000]]
    column = udfs.BREAKEVEN("buy:a100-80g", "rent:a100-80g", users)
    assert column == [[udfs.BREAKEVEN("buy:a100-80g", "rent:a100-80g", u)] for [u] in users]


def test_breakeven_never_is_na() -> None:
    assert udfs.BREAKEVEN("api:qwen-plus", "rent:a100-80g") == "#N/A"
    assert udfs.BREAKEVEN("buy:h100-80g", "rent:h100-80g", _, _, _, 1, _, 12) == "#N/A"


@pytest.mark.parametrize(
    ("args", "approach"),
    [
        ((3000,), "API"),
        ((100000, 36, True, False), "Cloud GPU rental"),  # seed 002 C: rental is cheapest over three years
        ((20000, 36, False, False, True), "Cloud GPU rental"),
    ],
)
def test_recommend_seed_cases(
    args: tuple[int, int, bool, bool, bool] | tuple[int, int, bool, bool] | tuple[int], approach: str
) -> None:
    assert udfs.RECOMMEND(*args) == approach


def test_recommend_detail_is_the_core_ranking() -> None:
    table = udfs.RECOMMEND(30000, 24, _, _, _, _, True)
    rec = recommend(Workload(users_per_day=30000, horizon_months=24))
    assert table[0] == ["approach", "option", "TCO", "rank", "reason", "recommended"]
    assert [row[:4] for row in table[1:]] == [[r.approach, r.option, r.tco, r.rank] for r in rec.ranking]
    marked = [row for row in table[1:] if row[5] is True]
    assert rec.chosen is not None
    assert len(marked) == 1 and marked[0][1] == rec.chosen.option and marked[0][4] == rec.reason


@pytest.mark.parametrize(
    "key",
    [
        "api:deepseek-v3",
        "rent:h100-80g",
        "rent-hourly:a100-80g",
        "buy:a100-80g",
        "onprem:light",
        "seat:coding-assistant-basic",
    ],
)
@pytest.mark.parametrize(("users", "months", "case"), [(10_000, 36, "mid"), (250, 12, "low"), (120_000, 60, "high")])
def test_tco_and_unitcost_match_the_core(key: str, users: int, months: int, case: Case) -> None:
    profile, workload = core(key, months, users, case=case)
    assert udfs.TCO(key, months, users, _, _, _, case) == pytest.approx(money.tco(profile, workload, months))
    assert udfs.UNITCOST(key, months, users, _, _, _, case) == pytest.approx(
        money.cost_per_mtok(profile, workload, months)
    )


def test_columns_return_columns_equal_to_scalar_calls() -> None:
    users = [[100], [5000], [38880], [38881], [200000]]
    for key in ("api:qwen-plus", "rent:a100-80g", "buy:h100-80g", "seat:coding-assistant-basic"):
        column = udfs.TCO(key, 24, users)
        assert column == [[pytest.approx(udfs.TCO(key, 24, u))] for [u] in users]
        assert udfs.UNITCOST(key, [[12], [36]]) == [[pytest.approx(udfs.UNITCOST(key, n))] for n in (12, 36)]


def test_users_column_and_months_row_give_a_table() -> None:
    table = udfs.TCO("rent:a100-80g", [[12, 36]], [[1000], [100000]])
    assert table == [[pytest.approx(udfs.TCO("rent:a100-80g", n, u)) for n in (12, 36)] for u in (1000, 100000)]
    assert udfs.RECOMMEND([[3000], [100000]], 36, True) == [[udfs.RECOMMEND(u, 36, True)] for u in (3000, 100000)]
    assert udfs.GPUS("a100-80g", [[1000], [100000]]) == [[udfs.GPUS("a100-80g", u)] for u in (1000, 100000)]


def test_gpus_detail_gives_the_reason() -> None:
    count, reason = udfs.GPUS("rent:h100-80g", 100000, _, _, _, _, True)[0]
    assert count == udfs.GPUS("h100-80g", 100000) and "h100-80g" in reason and "replica" in reason


def _rental_range(**changes: object) -> list[list[Any]]:
    row = load_catalog().rows("gpu_rental.csv", GpuRental)["a100-80g"].model_dump()
    row.update(changes)
    header = columns_for(GpuRental)
    return [header, [str(row[c]) if c == "as_of" else row[c] for c in header]]


def test_price_row_range_prices_like_the_catalog() -> None:
    assert udfs.TCO(_rental_range(), 12, _, _, _, 1) == pytest.approx(udfs.TCO("rent:a100-80g", 12, _, _, _, 1))
    assert udfs.TCO(_rental_range(reserved_monthly=7000), 12, _, _, _, 2) == pytest.approx(7000 * 2 * 12)


def test_key_value_range_and_excel_date_serial() -> None:
    quote = [["kind", "rent"], ["reserved_monthly", 6000], ["currency", "CNY"], ["as_of", 46174], [None, None]]
    assert udfs.TCO(quote, 12, _, _, _, 1) == pytest.approx(6000 * 12)
    assert udfs.BREAKEVEN("buy:a100-80g", quote, _, _, _, 1) == pytest.approx(100000 / 6000)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: udfs.TCO("api:gpt-9"), "TCO: opt: unknown option 'api:gpt-9'"),
        (lambda: udfs.TCO("gpt"), "TCO: opt: option 'gpt' must be written kind:id"),
        (lambda: udfs.TCO("api:qwen-plus", "abc"), "TCO: months must be a number (got 'abc')"),
        (lambda: udfs.TCO("api:qwen-plus", -3), "TCO: months must be 1 or more (got -3)"),
        (lambda: udfs.TCO("api:qwen-plus", 2.5), "TCO: months must be a whole number"),
        (lambda: udfs.TCO("api:qwen-plus", [[12], ["x"]]), "TCO: months row 2 must be a number (got 'x')"),
        (lambda: udfs.TCO("api:qwen-plus", 12, -5), "TCO: users must be 0 or more"),
        (lambda: udfs.TCO("rent:a100-80g", 12, _, _, _, 0), "TCO: units must be more than 0"),
        (lambda: udfs.GPUS("a100-80g", [[1], [2]], _, _, _, _, True), "GPUS: detail needs a single users value"),
        (lambda: udfs.TCO("api:qwen-plus", 12, _, _, _, _, "worst"), "TCO: price_case must be one of low, mid, high"),
        (lambda: udfs.TCO([]), "TCO: opt is an empty range"),
        (lambda: udfs.TCO([["kind", "rent"], ["currency"]]), "TCO: opt is a ragged range"),
        (lambda: udfs.TCO([["kind", "rent"], ["price", 3]]), "TCO: opt range: unknown field(s) price"),
        (lambda: udfs.TCO([["kind", "lease"]]), "TCO: opt range: 'kind' must be one of"),
        (
            lambda: udfs.TCO([["kind", "rent"], ["reserved_monthly", "x"], ["currency", "CNY"]]),
            "field 'reserved_monthly'",
        ),
        (lambda: udfs.UNITCOST(None), "UNITCOST: opt is required"),
        (lambda: udfs.BREAKEVEN("api:qwen-plus", "rent:a9"), "BREAKEVEN: option_b: unknown option 'rent:a9'"),
        (lambda: udfs.BREAKEVEN("api:qwen-plus", "rent:a100-80g", _, _, _, _, _, 0), "max_months must be 1 or more"),
        (lambda: udfs.RECOMMEND("many"), "RECOMMEND: users must be a number"),
        (lambda: udfs.RECOMMEND(100, [[1], [2]]), "RECOMMEND: months must be a number (got a range of cells)"),
        (lambda: udfs.RECOMMEND(100, 36, "maybe"), "RECOMMEND: sensitive_data must be TRUE or FALSE"),
        (lambda: udfs.RECOMMEND([[1], [2]], 36, _, _, _, _, True), "RECOMMEND: detail needs a single users value"),
        (lambda: udfs.GPUS("b200"), "GPUS: unknown GPU 'b200'"),
        (lambda: udfs.GPUS("a100-80g", 10, _, _, "9000b"), "GPUS:"),
    ],
)
def test_bad_input_gives_a_short_message_naming_the_argument(call: Callable[[], object], message: str) -> None:
    result = call()
    assert isinstance(result, str) and message in result
    assert "Traceback" not in result and "\n" not in result


def test_empty_text_cells_count_as_blank() -> None:
    assert udfs.TCO("rent:a100-80g", "", "", "", "", "", "") == udfs.TCO("rent:a100-80g")


def test_nothing_served_is_div0() -> None:
    assert udfs.UNITCOST("api:qwen-plus", 12, 0) == "#DIV/0!"
    assert np.asarray(udfs.UNITCOST("api:qwen-plus", [[12], [24]], 0)).ravel().tolist() == ["#DIV/0!"] * 2


@pytest.mark.parametrize(("tokens_in", "tokens_out"), [(800, 400), (20_000, 50), (100, 6_000)])
def test_new_token_counts_on_an_engine_sized_option_equal_the_core(tokens_in: int, tokens_out: int) -> None:
    # the capacity engine sizes replicas for the request's shape, not only its output rate
    workload = Workload(users_per_day=3_000, input_tokens_per_user_day=tokens_in, output_tokens_per_user_day=tokens_out)
    context = Context(
        workload=workload, throughput_basis="engine", serving=Serving(model="llama-3.3-70b"), model_size="7b-14b"
    )
    profile = resolve(OptionSpec(key="rent:h100-80g"), context, load_catalog())
    got = udfs.TCO("rent:h100-80g", 36, 3_000, tokens_in, tokens_out, _, _, "llama-3.3-70b")
    assert got == pytest.approx(money.tco(profile, workload, 36), rel=1e-12)
