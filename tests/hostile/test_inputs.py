"""Hostile and extreme inputs stay bounded: a one-line error or a finding, never a traceback,
within 10 s and 2 GB. A representative case per family runs the real CLI in a subprocess under
RLIMIT_AS; the rest run in-process through the same entry point."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import openpyxl
import pytest

from tests.hostile import hostile_files as H
from xlcost import udfs
from xlcost.cli.app import main
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import ApiPrice
from xlcost.limits import MAX_AUDIT_CELLS, MAX_CLAIMS
from xlcost.prices import lock
from xlcost.workbook import layout as L


def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: object) -> H.Run:
    """The CLI in this process (same entry point as the console script): exit code, output, time."""
    monkeypatch.setattr(sys, "argv", ["xlcost", *map(str, args)])
    start = time.perf_counter()
    with pytest.raises(SystemExit) as exc:
        main()
    seconds = time.perf_counter() - start
    captured = capsys.readouterr()
    assert not isinstance(exc.value.code, str), exc.value.code
    run = H.Run(exc.value.code or 0, captured.out, captured.err, seconds)
    assert "Traceback" not in run.out + run.err
    assert seconds < H.SECONDS
    return run


# --- alias bombs -----------------------------------------------------------------------------


def test_alias_bomb_scenario_is_refused_without_expanding(tmp_path: Path) -> None:
    path = H.write(tmp_path / "bomb.yaml", H.yaml_alias_bomb() + "options: *a9\n")
    assert path.stat().st_size < 2000
    H.refused(H.xlcost("tco", "-s", path), "bomb.yaml", "aliases")


def test_alias_bomb_price_file_is_refused_by_its_expanded_size(tmp_path: Path) -> None:
    path = H.write(tmp_path / "acme.yml", H.genai_alias_bomb())
    H.refused(H.xlcost("prices", "import", path, "--format", "genai-prices"), "acme.yml", "aliases are expanded")


def test_recursive_alias_in_a_price_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = H.write(tmp_path / "loop.yml", "id: acme\nmodels: &m [*m]\n")
    H.refused(cli(monkeypatch, capsys, "prices", "import", path, "--format", "genai-prices"), "refers to itself")


def test_error_messages_quote_a_short_prefix_of_a_huge_value(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = H.write(
        tmp_path / "long.yaml",
        json.dumps({"workload": {"users_per_day": "9" * 100_000}, "options": ["api:deepseek-v3"]}),
    )
    line = H.refused(cli(monkeypatch, capsys, "tco", "-s", path), "users_per_day")
    assert len(line) < 400


# --- markup and terminal escapes in data -----------------------------------------------------


def test_markup_in_a_scenario_name_and_label_is_printed_as_text(tmp_path: Path) -> None:
    scenario = {"name": "[/x] [bold]team", "options": [{"key": "api:deepseek-v3", "label": "[/x]closing"}]}
    run = H.xlcost("tco", "-s", H.write(tmp_path / "markup.json", json.dumps(scenario)))
    assert run.code == 0 and "[/x]closing" in run.out


def test_escape_characters_in_a_scenario_name_are_refused_and_shown_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = H.write(tmp_path / "esc.json", json.dumps({"name": "a\x1b[2Jb", "options": ["api:deepseek-v3"]}))
    line = H.refused(cli(monkeypatch, capsys, "tco", "-s", path), "name", "control characters")
    assert "\\x1b" in line


def test_claim_labels_with_markup_and_escapes_print_and_report_as_text(tmp_path: Path) -> None:
    claims = H.write(tmp_path / "claims.csv", H.claims_csv(["[/x]\x1b[31mred,api:deepseek-v3,1000,12"]))
    report = tmp_path / "claims.xlsx"
    run = H.xlcost("reconcile", claims, "--output", report)
    assert run.code in (0, 1)
    assert "\x1b" not in run.out and "[/x]\\x1b[31mred" in run.out
    assert openpyxl.load_workbook(report)["Claims"]["B2"].value == "[/x]\\x1b[31mred"


def test_workbook_text_with_markup_prints_and_reports_as_text(tmp_path: Path, default_workbook: Path) -> None:
    book = openpyxl.load_workbook(default_workbook)
    book[L.INPUTS].cell(L.option_input_row(1), L.OPTION_COLS["label"]).value = "[/x] edited [bold]"
    edited = tmp_path / "edited.xlsx"
    book.save(edited)
    report = tmp_path / "audit.xlsx"
    run = H.xlcost("audit", edited, "--output", report)
    assert run.code == 1 and "[/x] edited [bold]" in run.out
    cells = [c.value for row in openpyxl.load_workbook(report)["Findings"].iter_rows() for c in row]
    assert any(isinstance(v, str) and "[/x] edited [bold]" in v for v in cells)


def test_an_escape_in_the_cover_scenario_never_reaches_the_terminal(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], default_workbook: Path
) -> None:
    scenario = {"name": "x\x1b]0;pwned\x07", "options": ["api:deepseek-v3"]}
    forged = H.with_cover_scenario(default_workbook, tmp_path / "forged.xlsx", scenario)
    run = cli(monkeypatch, capsys, "audit", forged, "--output", tmp_path / "r.xlsx")
    assert run.code == 1 and "\x1b" not in run.out and "\x07" not in run.out
    assert "cannot be read" in run.out


# --- parser limits ---------------------------------------------------------------------------


def test_json_nested_a_hundred_thousand_deep_is_refused(tmp_path: Path) -> None:
    H.refused(H.xlcost("tco", "-s", H.write(tmp_path / "deep.json", H.nested_json(100_000))), "nested")


@pytest.mark.parametrize("depth", [40, 20_000])
def test_yaml_nested_deep_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], depth: int
) -> None:
    path = H.write(tmp_path / "deep.yaml", H.nested_yaml(depth))
    H.refused(cli(monkeypatch, capsys, "tco", "-s", path), "deep.yaml", "nested more than 32 levels")


@pytest.mark.parametrize(
    ("name", "text", "fmt"),
    [
        ("users.yaml", "workload: {users_per_day: " + "9" * 500 + "}\noptions: [api:deepseek-v3]\n", None),
        ("prices.json", '{"m": {"input_cost_per_token": ' + "1" * 5000 + "}}", "litellm"),
        ("acme.yml", "id: acme\nmodels: [{id: m, prices: {input_mtok: " + "7" * 400 + ", output_mtok: 1}}]\n",
         "genai-prices"),
    ],
)  # fmt: skip
def test_integers_of_hundreds_of_digits_are_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    name: str,
    text: str,
    fmt: str | None,
) -> None:
    path = H.write(tmp_path / name, text)
    args = ("tco", "-s", path) if fmt is None else ("prices", "import", path, "--format", fmt)
    H.refused(cli(monkeypatch, capsys, *args), name)


def test_a_list_where_a_model_id_belongs_rejects_that_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    models = [{"id": ["a", "b"], "prices": {"input_mtok": 1, "output_mtok": 2}}, *H.genai_models(1)]
    path = H.write(tmp_path / "acme.json", H.genai_provider(models))
    run = cli(monkeypatch, capsys, "prices", "import", path, "--format", "genai-prices", "--json")
    report = json.loads(run.out)["import"]
    assert run.code == 0 and report["accepted"] == 1
    assert report["rejected"] == [{"entry": "acme/?", "reason": "model has no text 'id'"}]


def test_zip_whose_local_and_central_names_differ_is_refused(tmp_path: Path, default_workbook: Path) -> None:
    forged = H.renamed_local_header(default_workbook, tmp_path / "forged.xlsx", "xl/workbook.xml", "xl/workbook.xmx")
    H.refused(H.xlcost("audit", forged), "forged.xlsx", "damaged zip")


def test_duplicate_yaml_keys_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = H.write(tmp_path / "dup.yaml", "name: a\noptions: [api:deepseek-v3]\nname: b\n")
    H.refused(cli(monkeypatch, capsys, "tco", "-s", path), "dup.yaml", "duplicate key 'name'", "line 3")


# --- values the schema allowed but the arithmetic could not ----------------------------------


@pytest.mark.parametrize(
    ("workload", "words"),
    [
        ({"monthly_growth": 10, "horizon_months": 600}, ("users grow", "limit")),
        ({"users_per_day": 1e308}, ("users_per_day", "less than or equal to 1000000000000")),
        ({"peak_to_average": 1e300}, ("peak_to_average",)),
    ],
)
@pytest.mark.parametrize("options", [["api:deepseek-v3"], ["rent:a100-80g", "onprem:light"]])
def test_workloads_past_what_a_double_holds_are_refused(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    workload: dict[str, float],
    words: tuple[str, str] | tuple[str],
    options: list[str],
) -> None:
    path = H.write(tmp_path / "big.json", json.dumps({"workload": workload, "options": options}))
    H.refused(cli(monkeypatch, capsys, "tco", "-s", path), *words)


def test_training_hours_of_infinity_are_refused() -> None:
    H.refused(H.xlcost("train", "--gpu-hours", "inf"), "gpu_hours", "finite")


@pytest.mark.parametrize(
    ("args", "word"),
    [
        (("simulate", "--seed", "-1"), "seed"),
        (("simulate", "--draws", "1000000000"), "draws"),
        (("plan", "--switch-to-own", "nan"), "switch_to_own"),
        (("plan", "--switch-to-rent", "1e300"), "switch_to_rent"),
    ],
)
def test_out_of_range_arguments_are_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], args: tuple[str, str, str], word: str
) -> None:
    H.refused(cli(monkeypatch, capsys, *args), word)


def test_excel_functions_cap_months_and_ranges_with_a_message() -> None:
    start = time.perf_counter()
    assert udfs.BREAKEVEN("buy:h100-80g", "rent:h100-80g", None, None, None, 1, None, 1e9) == (
        "BREAKEVEN: max_months must be at most 600 (got 1e+09)"
    )
    assert udfs.TCO("api:qwen-plus", 1e9) == "TCO: months must be at most 600 (got 1e+09)"
    assert udfs.TCO("api:qwen-plus", 36, 1e300) == "TCO: users must be at most 1e+12 (got 1e+300)"
    assert udfs.RECOMMEND([[1000.0]] * 1_000_001) == "RECOMMEND: users: more than 1,000,000 cells (the limit)"
    assert udfs.TCO("api:qwen-plus", 36, [[1.0]] * 1_000_001) == "TCO: users: more than 1,000,000 cells (the limit)"
    assert time.perf_counter() - start < 2


def test_breakeven_over_a_hundred_thousand_users_is_one_vectorised_call() -> None:
    users = [[10.0 * i] for i in range(100_000)]
    start = time.perf_counter()
    months = udfs.BREAKEVEN("onprem:standard", "api:gpt-4o", users)
    assert time.perf_counter() - start < H.SECONDS / 2
    for i in (0, 1_000, 5_000, 99_999):  # #N/A at first, then a breakeven once the API bill outgrows a build
        one = udfs.BREAKEVEN("onprem:standard", "api:gpt-4o", users[i][0])
        assert months[i][0] == one if one == "#N/A" else months[i][0] == pytest.approx(one, rel=1e-12)
    assert {type(m[0]) for m in months} == {str, float}
    assert udfs.BREAKEVEN("onprem:light", "rent:a100-80g", [[1.0]] * 200_001).endswith("(the limit)")


def test_recommend_over_a_hundred_thousand_users_is_one_vectorised_call() -> None:
    users = [[3.0 * i] for i in range(100_000)]
    udfs.RECOMMEND([[1.0], [2.0]])  # the first call loads the analysis modules: time the range, not the imports
    start = time.perf_counter()
    approaches = udfs.RECOMMEND(users)
    assert time.perf_counter() - start < 2
    assert len(approaches) == 100_000
    for i in range(0, 100_000, 997):
        assert approaches[i] == [udfs.RECOMMEND(3.0 * i)]


@pytest.mark.parametrize("flags", [(36, False, False, False, False), (12, True, False, False, False),
                                   (36, False, False, True, False), (120, False, True, False, True)])  # fmt: skip
def test_recommend_over_a_range_agrees_with_one_call_per_cell(flags: tuple[int, bool, bool, bool, bool]) -> None:
    users = [0.0, 1.0, 4_999.0, 5_000.0, 20_000.0, 49_999.0, 50_000.0, 50_001.0, 99_000.0, 180_000.0, 1e6, 5e6]
    assert udfs.RECOMMEND([[u] for u in users], *flags) == [[udfs.RECOMMEND(u, *flags)] for u in users]


# --- work that would explode from a small file -----------------------------------------------


def test_audit_refuses_to_rebuild_a_cover_scenario_past_the_generator_limit(
    tmp_path: Path, default_workbook: Path
) -> None:
    keys = [f"api:{k}" for k in load_catalog().rows("api.csv", ApiPrice)][:20]
    scenario = {"name": "huge", "workload": {"horizon_months": 600}, "options": keys}
    forged = H.with_cover_scenario(default_workbook, tmp_path / "huge.xlsx", scenario)
    run = H.xlcost("audit", forged)
    assert run.code == 1 and "cannot rebuild" in run.out and "limit" in run.out


def test_audit_of_a_cover_scenario_with_sixty_options_is_a_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], default_workbook: Path
) -> None:
    scenario = {"workload": {"horizon_months": 600}, "options": [f"api:m{i}" for i in range(60)]}
    forged = H.with_cover_scenario(default_workbook, tmp_path / "sixty.xlsx", scenario)
    run = cli(monkeypatch, capsys, "audit", forged)
    assert run.code == 1 and "cannot be read" in run.out


def test_generate_refuses_a_workbook_past_its_size_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    keys = [f"api:{k}" for k in load_catalog().rows("api.csv", ApiPrice)][:20]
    path = H.write(tmp_path / "wide.json", json.dumps({"workload": {"horizon_months": 600}, "options": keys[:10]}))
    H.refused(cli(monkeypatch, capsys, "generate", "-s", path, "-o", tmp_path / "w.xlsx"), "too large a workbook")


def test_audit_stops_reading_past_the_cell_limit(tmp_path: Path) -> None:
    book = H.many_cells(tmp_path / "cells.xlsx", MAX_AUDIT_CELLS)
    assert book.stat().st_size < 2 * 1024**2  # under the size and zip-bomb limits
    H.refused(H.xlcost("audit", book), f"more than {MAX_AUDIT_CELLS:,} cells")


def test_claims_past_the_row_limit_are_refused_before_any_is_priced(tmp_path: Path) -> None:
    rows = [f"c{i},api:deepseek-v3,{1000 + i},12" for i in range(MAX_CLAIMS + 1)]
    H.refused(H.xlcost("reconcile", H.write(tmp_path / "many.csv", H.claims_csv(rows))), f"more than {MAX_CLAIMS:,}")


def test_claims_file_past_the_size_limit_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = H.write(tmp_path / "huge.csv", H.claims_csv(["x" * 1000 + ",api:deepseek-v3,1,12"] * 5000))
    H.refused(cli(monkeypatch, capsys, "reconcile", path), "huge.csv", "MB limit")


def test_a_price_file_of_fifty_thousand_models_imports_in_linear_time(tmp_path: Path) -> None:
    path = H.write(tmp_path / "acme.json", H.genai_provider(H.genai_models(50_000)))
    run = H.xlcost("prices", "import", path, "--format", "genai-prices")
    assert run.code == 0 and "50,000 entries read" in run.out


# --- lost update and leftovers ---------------------------------------------------------------


def test_five_rounds_of_concurrent_imports_keep_both_imports_rows(tmp_path: Path, catalog_copy: Path) -> None:
    for round_ in range(5):
        # Enough models that both imports are still merging when the other writes: the race is real.
        files = [H.litellm_file(tmp_path / f"{side}{round_}.json", f"model-{side}-{round_}", 1_000) for side in "ab"]
        commands = [["prices", "import", f, "--format", "litellm", "-c", catalog_copy, "--write"] for f in files]
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "xlcost", *map(str, command)],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                preexec_fn=H._bounded,
            )
            for command in commands
        ]
        for proc in procs:
            _, err = proc.communicate(timeout=2 * H.SECONDS)
            assert proc.returncode == 0 and "Traceback" not in err, err
        ids = set(load_catalog(catalog_copy).rows("api.csv", ApiPrice))
        assert {f"model-{side}-{r}-{i}" for side in "ab" for r in range(round_ + 1) for i in (0, 999)} <= ids
    assert not list(catalog_copy.glob(".xlcost-import-*"))


def test_a_held_catalog_lock_times_out_with_a_clear_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], catalog_copy: Path
) -> None:
    monkeypatch.setattr(lock, "LOCK_TIMEOUT_S", 0.3)
    held, release = threading.Event(), threading.Event()

    def other_writer() -> None:
        with lock.catalog_lock(catalog_copy):
            held.set()
            release.wait(5)

    thread = threading.Thread(target=other_writer)
    thread.start()
    held.wait(5)
    try:
        run = cli(monkeypatch, capsys, "prices", "import", H.litellm_file(tmp_path / "a.json", "model-a"),
                  "--format", "litellm", "-c", catalog_copy, "--write")  # fmt: skip
    finally:
        release.set()
        thread.join()
    H.refused(run, "catalog is being written by another process")
    assert "model-a" not in load_catalog(catalog_copy).rows("api.csv", ApiPrice)


_KILLED_WRITER = """
import os, sys, time
os.replace = os.link = lambda *a, **k: time.sleep(60)  # stop between writing the temporary and putting it in place
from xlcost.cli.app import main
sys.argv = ["xlcost", *sys.argv[1:]]
main()
"""


def _killed_mid_write(tmp_path: Path, leftovers: str, *args: object) -> None:
    """Run the CLI until it has written its temporary, then SIGKILL it, as a crash or power cut would."""
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, *map(str, args)], preexec_fn=H._bounded)
    deadline = time.monotonic() + H.SECONDS
    while not list(tmp_path.rglob(leftovers)) and time.monotonic() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    assert list(tmp_path.rglob(leftovers)), "the killed run left nothing to clean"


def test_a_killed_generate_leaves_no_temporary_after_the_next_run(tmp_path: Path) -> None:
    out = tmp_path / "out.xlsx"
    _killed_mid_write(tmp_path, ".out.xlsx.*.tmp", "generate", "-o", out)
    assert H.xlcost("generate", "-o", out).code == 0
    assert out.is_file() and not list(tmp_path.glob(".out.xlsx.*"))


def test_a_killed_import_leaves_no_staging_folder_after_the_next_run(tmp_path: Path, catalog_copy: Path) -> None:
    first = H.litellm_file(tmp_path / "a.json", "model-a")
    _killed_mid_write(tmp_path, ".xlcost-import-*", "prices", "import", first, "--format", "litellm", "-c", catalog_copy,
                      "--write")  # fmt: skip
    second = H.litellm_file(tmp_path / "b.json", "model-b")
    assert H.xlcost("prices", "import", second, "--format", "litellm", "-c", catalog_copy, "--write").code == 0
    assert not list(catalog_copy.glob(".xlcost-import-*"))
    assert "model-b" in load_catalog(catalog_copy).rows("api.csv", ApiPrice)


# --- silent truncation and the smaller families ----------------------------------------------


def test_a_forty_thousand_character_name_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = H.write(tmp_path / "long.json", json.dumps({"name": "n" * 40_000, "options": ["api:deepseek-v3"]}))
    H.refused(cli(monkeypatch, capsys, "generate", "-s", path, "-o", tmp_path / "l.xlsx"), "at most 200 characters")


def test_text_past_excels_cell_limit_is_refused_not_cut(tmp_path: Path) -> None:
    options = [{"key": "api:deepseek-v3", "label": f"{i}" + "l" * 190} for i in range(5)]
    scenario = {"description": "d" * 32_000, "options": options}
    out = tmp_path / "cut.xlsx"
    line = H.refused(H.xlcost("generate", "-s", H.write(tmp_path / "cut.json", json.dumps(scenario)), "-o", out))
    assert "Cover!B11" in line and "32,767" in line and not out.exists()


def test_a_report_quoting_a_cell_at_excels_limit_marks_its_cut(tmp_path: Path, default_workbook: Path) -> None:
    book = openpyxl.load_workbook(default_workbook)
    book["Calc"]["D7"] = "y" * 32_767  # a formula overwritten by the longest text a cell holds
    edited = tmp_path / "long.xlsx"
    book.save(edited)
    run = H.xlcost("audit", edited, "--output", tmp_path / "report.xlsx")
    assert run.code == 1
    findings = [row[3].value for row in openpyxl.load_workbook(tmp_path / "report.xlsx")["Findings"].iter_rows()]
    cut = [text for text in findings if isinstance(text, str) and "characters in all]" in text]
    assert len(cut) == 1 and len(cut[0]) == 32_767


def test_generate_accepts_a_one_option_scenario_and_its_audit_rebuilds_it(tmp_path: Path) -> None:
    path = H.write(tmp_path / "one.yaml", "name: one\noptions: [api:deepseek-v3]\n")
    out = tmp_path / "one.xlsx"
    assert H.xlcost("generate", "-s", path, "-o", out).code == 0
    run = H.xlcost("audit", out, "--json")
    assert run.code in (0, 1) and "cannot rebuild" not in run.out and "cannot be read" not in run.out


def test_a_workbook_without_its_cover_part_is_refused(tmp_path: Path, default_workbook: Path) -> None:
    broken = H.without_part(default_workbook, tmp_path / "nocover.xlsx", "xl/worksheets/sheet1.xml")
    H.refused(H.xlcost("audit", broken), "nocover.xlsx", "sheet1.xml", "damaged")


def test_bad_claims_name_their_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = H.write(
        tmp_path / "bad.csv", H.claims_csv(['"two\nlines",api:deepseek-v3,1000,12', "b,api:deepseek-v3,abc,12"])
    )
    H.refused(cli(monkeypatch, capsys, "reconcile", path), "bad.csv line 4", "column 'claimed'", "'abc'")


def test_an_unforeseen_failure_is_one_line_and_exit_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from xlcost.cli import tco_command as tco

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr(tco, "compare", broken)
    line = H.refused(cli(monkeypatch, capsys, "tco"), "cannot process the input (RuntimeError: boom)")
    assert "second line" not in line
