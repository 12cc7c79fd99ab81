"""Legal but huge inputs are refused quickly, naming the part or field and the limit, or answered within
bounds: each case runs the real CLI in a subprocess under 2 GB and 10 s, on files built here."""

from __future__ import annotations

import json
import resource
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile import hostile_files as H
from tests.hostile import huge_packages as P
from xlcost import udfs
from xlcost.core.catalog import load_catalog
from xlcost.limits import (
    MAX_AUDIT_CELLS,
    MAX_AUDIT_STYLES,
    MAX_COUNT,
    MAX_HYBRID_SHEET_HOURS,
    MAX_OPTION_DRAWS,
    MAX_RANGE_CELLS,
    MAX_USAGE_SPAN_DAYS,
    MAX_WORKBOOK_OPTION_MONTHS,
    MAX_WORKBOOK_OPTIONS,
)

# --- xlsx packages: counted before they are parsed ---------------------------------------------


@pytest.mark.parametrize(
    ("build", "count", "words"),
    [
        (P.shared_strings, 10_000_000, (f"more than {MAX_AUDIT_CELLS:,} shared strings", "xl/sharedStrings.xml")),
        (P.cell_formats, 1_000_000, (f"more than {MAX_AUDIT_STYLES:,} cell formats", "xl/styles.xml")),
        (P.empty_rows, 1_000_000, (f"more than {MAX_AUDIT_CELLS:,} rows", "xl/worksheets/sheet1.xml")),
    ],
    ids=["shared-strings", "cell-formats", "rows"],
)
def test_a_package_holding_more_than_an_audit_reads_is_refused_naming_the_part(
    tmp_path: Path, build: Callable[[Path, int], Path], count: int, words: tuple[str, str]
) -> None:
    book = build(tmp_path / "huge.xlsx", count)
    assert book.stat().st_size < 5 * 1024**2  # small on disk: only its contents are huge
    line = H.refused(H.xlcost("audit", book), "huge.xlsx", *words)
    assert "nothing was parsed" in line


def test_a_package_just_within_the_budgets_is_audited(tmp_path: Path) -> None:
    book = P.cell_formats(tmp_path / "styled.xlsx", 1_000)
    run = H.xlcost("audit", book)
    assert run.code in (0, 1) and "error:" not in run.err


# --- usage exports: streamed, bounded in span and in every count ----------------------------------

HEADER = "timestamp,input_tokens,output_tokens"


def test_two_usage_rows_centuries_apart_are_refused_naming_the_span(tmp_path: Path) -> None:
    path = H.write(tmp_path / "span.csv", f"{HEADER}\n1900-01-01T00:00:00,100,100\n2024-01-01T00:00:00,100,100\n")
    assert path.stat().st_size < 100
    for args in (
        ("workload",),
        ("hybrid", "--own", "rent:a100-80g", "--overflow", "api:deepseek-v3", "-o", tmp_path / "h.xlsx"),
    ):
        H.refused(
            H.xlcost(*args, "--usage", path),
            "span.csv",
            "from 1900-01-01 00:00 to 2024-01-01 00:00",
            f"limit {MAX_USAGE_SPAN_DAYS:,} days",
        )
    assert not (tmp_path / "h.xlsx").exists()


def test_unix_seconds_past_year_9999_are_refused(tmp_path: Path) -> None:
    path = H.write(tmp_path / "far.csv", f"{HEADER}\n{10**20},100,100\n")
    H.refused(H.xlcost("workload", "--usage", path), "far.csv row 2", "'timestamp'", "9999")


def test_a_hybrid_workbook_over_three_years_is_refused_but_its_table_is_answered(tmp_path: Path) -> None:
    path = H.write(tmp_path / "years.csv", f"{HEADER}\n2021-01-01T00:00:00,100,100\n2024-01-01T00:00:00,100,100\n")
    hybrid = ("hybrid", "--usage", path, "--own", "rent:a100-80g", "--overflow", "api:deepseek-v3")
    H.refused(H.xlcost(*hybrid, "-o", tmp_path / "h.xlsx"), f"limit of {MAX_HYBRID_SHEET_HOURS:,}", "26,281 hours")
    answered = H.xlcost(*hybrid)
    assert answered.code == 0 and "best" in answered.out


@pytest.mark.parametrize("count", ["1.8e308", "1e13", "inf", "nan"])
def test_token_counts_past_the_count_limit_are_refused(tmp_path: Path, count: str) -> None:
    path = H.write(tmp_path / "big.csv", f"{HEADER}\n2024-01-01T00:00:00,{count},100\n")
    H.refused(H.xlcost("workload", "--usage", path), "big.csv row 2", "'input_tokens'", f"0 to {MAX_COUNT:g}")


def test_a_boolean_token_count_is_refused_not_read_as_one(tmp_path: Path) -> None:
    record = {"startTime": "2024-01-01T00:00:00", "prompt_tokens": True, "completion_tokens": 1}
    path = H.write(tmp_path / "logs.json", json.dumps([record]))
    H.refused(H.xlcost("workload", "--usage", path), "logs.json record 1", "'prompt_tokens'", "True")


def test_a_repeated_usage_column_is_refused_naming_it(tmp_path: Path) -> None:
    path = H.write(tmp_path / "dup.csv", f"{HEADER},input_tokens\n2024-01-01T00:00:00,100,100,0\n")
    H.refused(H.xlcost("workload", "--usage", path), "dup.csv", "repeats the column input_tokens")


def test_a_repeated_key_in_a_usage_record_is_refused_naming_it(tmp_path: Path) -> None:
    text = '[{"startTime": "2024-01-01T00:00:00", "prompt_tokens": 5, "completion_tokens": 1, "prompt_tokens": 0}]'
    H.refused(H.xlcost("workload", "--usage", H.write(tmp_path / "dup.json", text)), "dup.json", "'prompt_tokens'")


def test_a_misspelt_optional_column_is_named_in_a_warning(tmp_path: Path) -> None:
    path = H.write(tmp_path / "typo.csv", f"{HEADER},modle\n2024-01-01T00:00:00,100,100,gpt-4o\n")
    for args in (("workload",), ("hybrid", "--own", "rent:a100-80g", "--overflow", "api:deepseek-v3")):
        run = H.xlcost(*args, "--usage", path)
        assert run.code == 0
        assert "warning: typo.csv: column 'modle' is not read; did you mean 'model'?" in run.err.splitlines()


def test_an_array_of_empty_objects_is_refused_at_its_first_element(tmp_path: Path) -> None:
    path = tmp_path / "empty.json"
    path.write_text("[" + ",".join(["{}"] * 5_000_000) + "]")  # 15 MB that would be 5 million dicts
    H.refused(H.xlcost("workload", "--usage", path), "empty.json", "not a usage export")


def test_a_hundred_thousand_usage_rows_naming_ten_thousand_models_are_billed_per_model(tmp_path: Path) -> None:
    rows = [(1_700_000_000 + i * 36, 1_000 + i % 97, 200 + i % 13, f"model-{i % 10_000}") for i in range(100_000)]
    path = tmp_path / "bill.csv"
    path.write_text(f"{HEADER},model\n" + "".join(f"{t},{a},{b},{m}\n" for t, a, b, m in rows))
    run = H.xlcost("workload", "--usage", path, "--json")
    bill = {line["model"]: line for line in json.loads(run.out)["bill"]}
    assert len(bill) == 10_000
    for model in ("model-0", "model-4321", "model-9999"):
        mine = [r for r in rows if r[3] == model]
        assert bill[model]["input_tokens"] == sum(r[1] for r in mine)
        assert bill[model]["output_tokens"] == sum(r[2] for r in mine)


# --- Excel functions and simulations: bounded shapes, one pricing per range --------------------------


def _excel(code: str) -> str:
    """``code`` run against ``xlcost.udfs`` in a subprocess under 2 GB and 10 s; what it prints."""
    done = subprocess.run(
        [sys.executable, "-c", f"from xlcost import udfs\n{code}"],
        capture_output=True,
        text=True,
        timeout=H.SECONDS,
        preexec_fn=H._bounded,
        check=True,
    )
    return done.stdout.strip()


def test_a_months_column_times_a_users_row_past_the_cell_limit_is_refused_naming_it() -> None:
    shown = _excel(
        "months = [[float(m % 600 + 1)] for m in range(7_000)]\n"
        "print(udfs.TCO('api:qwen-plus', months, [[float(u) for u in range(1, 7_001)]]))"
    )
    assert shown == (
        f"TCO: users and months spill 7,000 x 7,000 = 49,000,000 cells (the limit is {MAX_RANGE_CELLS:,}); "
        "give a shorter column or row"
    )


def test_recommend_with_a_scenario_over_a_hundred_thousand_users_prices_it_once() -> None:
    shown = _excel(
        "found = udfs.RECOMMEND([[float(1_000 + 10 * i)] for i in range(100_000)], None, None, None, None, None, None,"
        " 'seed-002-a')\n"
        "print(len(found), sorted({row[0] for row in found}))"
    )
    count, approaches = shown.split(" ", 1)
    assert count == "100000" and "API" in approaches


@pytest.mark.parametrize("scenario", ["default", "seed-002-a", "seed-002-c", "seed-003-team30"])
@pytest.mark.parametrize("flags", [(None,) * 4, (True, None, None, None), (None, None, True, None)])
def test_recommend_with_a_scenario_over_a_range_agrees_with_one_call_per_cell(
    scenario: str, flags: tuple[bool | None, ...]
) -> None:
    users = [[1.0], [60.0], [99.0], [100.0], [500.0], [2_000.0], [20_000.0], [150_000.0], [1e6], [5e7]]
    over_range = udfs.RECOMMEND(users, None, *flags, None, scenario)
    per_cell = [[udfs.RECOMMEND(row[0], None, *flags, None, scenario)] for row in users]
    assert over_range == per_cell


def test_a_simulation_past_the_option_draws_limit_is_refused_before_drawing(tmp_path: Path) -> None:
    keys = [k for k in load_catalog().option_keys() if k != "onprem:cluster"]
    options = [{"key": keys[i % len(keys)], "label": f"option {i}"} for i in range(50)]
    path = H.write(tmp_path / "fifty.json", json.dumps({"workload": {"horizon_months": 600}, "options": options}))
    H.refused(
        H.xlcost("simulate", "-s", path, "--draws", 1_000_000),
        f"50,000,000 priced futures (limit {MAX_OPTION_DRAWS:,})",
        f"at most {MAX_OPTION_DRAWS // 50:,} draws",
    )


def test_the_generators_largest_workbook_audits_within_ten_seconds_of_cpu(tmp_path: Path) -> None:
    """Timed in CPU seconds of the child, not wall time, so a busy machine does not fail it."""
    keys = [k for k in load_catalog().option_keys() if k != "onprem:cluster"]
    options = [{"key": keys[i % len(keys)], "label": f"option {i + 1}"} for i in range(MAX_WORKBOOK_OPTIONS)]
    months = MAX_WORKBOOK_OPTION_MONTHS // MAX_WORKBOOK_OPTIONS
    scenario = H.write(
        tmp_path / "largest.json", json.dumps({"workload": {"horizon_months": months}, "options": options})
    )
    book = tmp_path / "largest.xlsx"
    subprocess.run(
        [sys.executable, "-m", "xlcost", "generate", "-s", scenario, "-o", book], check=True, capture_output=True
    )
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run(
        [sys.executable, "-m", "xlcost", "audit", book, "--json"],
        capture_output=True,
        text=True,
        timeout=10 * H.SECONDS,
        preexec_fn=H._bounded,
        check=False,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["answer"]  # audited to the end: the answer recomputed
    assert cpu < H.SECONDS, cpu
