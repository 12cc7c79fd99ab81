"""`xlcost workload` as a user runs it: the report, the JSON, the scenario it writes, and bad files."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.support import usage_exports as F
from tests.support.cli import xlcost
from tests.support.usage_exports import INPUT_PER_DAY, OUTPUT_PER_DAY, PEAK_TO_AVERAGE
from xlcost.cli.app import app
from xlcost.core.scenario_io import load_scenario

runner = CliRunner()
CNY_PER_USD = 7.2


@pytest.fixture
def logs(tmp_path: Path) -> Path:
    return F.write_json(tmp_path / "spend_logs.json", F.spend_logs(F.hours()))


def test_json_report_has_the_hand_worked_figures(logs: Path) -> None:
    result = runner.invoke(app, ["workload", "--usage", str(logs), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["days"] == 30 and data["format"] == "litellm"
    assert data["input_tokens_per_day"] == pytest.approx(INPUT_PER_DAY, rel=1e-12)
    assert data["output_tokens_per_day"] == pytest.approx(OUTPUT_PER_DAY, rel=1e-12)
    assert data["peak_to_average"] == pytest.approx(PEAK_TO_AVERAGE, rel=1e-12)
    assert data["users_per_day"] == 3 and data["cached_share"] == pytest.approx(0.1)
    assert "monthly_growth" in data and "monthly_growth_stderr" in data


def test_bill_reconcile_sets_the_exports_spend_beside_the_catalog_price(logs: Path) -> None:
    data = json.loads(runner.invoke(app, ["workload", "--usage", str(logs), "--json"]).output)
    (bill,) = data["bill"]
    tokens_in, tokens_out = INPUT_PER_DAY * 30, OUTPUT_PER_DAY * 30
    usd = (tokens_in * F.USD_PER_MTOK[0] + tokens_out * F.USD_PER_MTOK[1]) / 1e6
    assert bill["option"] == "api:gpt-4o" and bill["model"] == "openai/gpt-4o"
    assert bill["export_spend"] == pytest.approx(usd * CNY_PER_USD, rel=1e-9)
    # api.csv prices gpt-4o at 18 / 72 CNY per 1M tokens, with no cached price (so cached input costs the same)
    assert bill["catalog_cost"] == pytest.approx((tokens_in * 18 + tokens_out * 72) / 1e6, rel=1e-12)


def test_text_report_names_every_figure(tmp_path: Path) -> None:
    path = F.write_plain_csv(tmp_path / "usage.csv", F.hours())
    result = runner.invoke(app, ["workload", "--usage", str(path)])
    assert result.exit_code == 0, result.output
    for words in (
        "period\t2026-03-02 00:00 to 2026-04-01 00:00 UTC (30 days)",
        "peak_to_average\t3.947",
        "users/day\t3.0 (3 distinct)",
        "monthly growth",
        "day of week\tMon:1.42",
        "bill gpt-4o",
    ):
        assert words in result.output


def test_scenario_written_from_usage_runs_in_tco_and_generate(tmp_path: Path, logs: Path) -> None:
    scenario = tmp_path / "measured.yaml"
    done = xlcost("workload", "--usage", str(logs), "-o", str(scenario))
    assert done.returncode == 0, done.stderr
    text = scenario.read_text(encoding="utf-8")
    for field in (
        "users_per_day",
        "input_tokens_per_user_day",
        "output_tokens_per_user_day",
        "peak_to_average",
        "monthly_growth",
        "cached_input_share",
    ):
        line = next(line for line in text.splitlines() if line.strip().startswith(field))
        assert "# spend_logs.json:" in line, line
    loaded = load_scenario(scenario)
    assert loaded.workload.users_per_day * loaded.workload.output_tokens_per_user_day == pytest.approx(OUTPUT_PER_DAY)
    assert loaded.workload.peak_to_average == pytest.approx(PEAK_TO_AVERAGE, rel=1e-12)
    assert loaded.options[0].key == "api:gpt-4o"
    tco = json.loads(xlcost("tco", "-s", str(scenario), "--json").stdout)
    month1 = next(o["monthly_month1"] for o in tco["options"] if o["option"] == "api:gpt-4o")
    report = json.loads(runner.invoke(app, ["workload", "--usage", str(logs), "--json"]).output)
    assert month1 == pytest.approx(report["bill"][0]["catalog_cost"], rel=1e-9)  # 30 days measured = one month
    book = tmp_path / "measured.xlsx"
    done = xlcost("generate", "-s", str(scenario), "-o", str(book))
    assert done.returncode == 0, done.stderr
    assert book.stat().st_size > 0


def test_an_existing_scenario_is_kept_without_force(tmp_path: Path, logs: Path) -> None:
    scenario = tmp_path / "measured.yaml"
    scenario.write_text("keep me\n", encoding="utf-8")
    done = xlcost("workload", "--usage", str(logs), "-o", str(scenario))
    assert done.returncode == 2 and "--force" in done.stderr
    assert scenario.read_text(encoding="utf-8") == "keep me\n"
    assert xlcost("workload", "--usage", str(logs), "-o", str(scenario), "--force").returncode == 0
    assert "workload:" in scenario.read_text(encoding="utf-8")


BAD_FILES = [
    (
        "bad.csv",
        "timestamp,input_tokens,output_tokens\n2026-03-02T00:00:00Z,1,2\n2026-03-02T01:00:00Z,1,abc\n",
        "bad.csv row 3: field 'output_tokens': not a whole number from 0 to 1e+12 (got 'abc')",
    ),
    (
        "bad.csv",
        "timestamp,input_tokens,output_tokens\nyesterday,1,2\n",
        "bad.csv row 2: field 'timestamp': not a timestamp",
    ),
    (
        "bad.csv",
        "when,prompt,completion\n1,2,3\n",
        "bad.csv: the header needs the columns timestamp, input_tokens, output_tokens",
    ),
    (
        "bad.json",
        '{"object": "page", "data": [{"object": "bucket", "end_time": 3600, "results": []}]}',
        "bad.json page 1 data[0]: field 'start_time': not a timestamp",
    ),
    (
        "bad.json",
        '{"object": "page", "data": [{"object": "bucket", "start_time": 0, "end_time": 3600, "results": '
        '[{"input_tokens": 5, "output_tokens": 1, "input_cached_tokens": 9}]}]}',
        "bad.json page 1 data[0].results[0]: cached input tokens (9) exceed input tokens (5)",
    ),
    (
        "bad.json",
        '[{"startTime": "2026-03-02T00:00:00Z", "prompt_tokens": 1, "completion_tokens": 2},'
        ' {"startTime": "2026-03-02T00:00:00Z", "prompt_tokens": 1}]',
        "bad.json record 2: missing field 'completion_tokens'",
    ),
    (
        "bad.json",
        '[{"startTime": "2026-03-02T00:00:00Z", "prompt_tokens": -4, "completion_tokens": 2}]',
        "bad.json record 1: field 'prompt_tokens': not a whole number from 0 to 1e+12 (got -4)",
    ),
    ("bad.json", '{"object": "page", "data": [', "bad.json: not valid JSON"),
    ("bad.json", '{"hello": "world"}', "bad.json: not a usage export xlcost reads"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_FILES)
def test_a_malformed_file_is_one_line_exit_2_and_nothing_written(
    tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "scenario.yaml"
    done = xlcost("workload", "--usage", str(path), "-o", str(out))
    assert done.returncode == 2
    assert done.stderr.startswith("error: ") and message in done.stderr, done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
    assert not out.exists() and list(tmp_path.iterdir()) == [path]


def test_help_and_usage_format_flag(tmp_path: Path, logs: Path) -> None:
    assert "--usage" in runner.invoke(app, ["workload", "-h"]).output
    done = xlcost("workload", "--usage", str(logs), "--usage-format", "openai")
    assert done.returncode == 2 and "not an OpenAI usage page" in done.stderr
    assert xlcost("workload", "--usage", str(logs), "--usage-format", "excel").stderr.startswith(
        "error: --usage-format must be one of"
    )


TERMINAL = {"TTY_COMPATIBLE": "1", "COLUMNS": "100", "NO_COLOR": "1", "TERM": "xterm"}
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


@pytest.mark.parametrize(
    "args",
    [
        ["workload", "--usage", "{usage}"],
        ["hybrid", "--usage", "{usage}", "--own", "rent:a100-80g", "--overflow", "api:gpt-4o"],
    ],
    ids=lambda args: args[0],
)
def test_workload_and_hybrid_draw_tables_in_a_terminal_and_tab_separated_lines_when_piped(
    tmp_path: Path, args: list[str]
) -> None:
    usage = F.write_plain_csv(tmp_path / "usage.csv", F.hours())
    args = [a.format(usage=usage) for a in args]
    shown = ANSI.sub("", runner.invoke(app, args, env=TERMINAL).stdout)
    assert "\t" not in shown and "─" in shown  # a ruled table, as tco draws
    assert max(len(line) for line in shown.splitlines()) <= 100
    piped = runner.invoke(app, args, env={"TTY_COMPATIBLE": None, "COLUMNS": None}).stdout
    asked = runner.invoke(app, [*args, "--format", "tsv"], env=TERMINAL).stdout
    assert piped == asked and all("\t" in line for line in piped.splitlines())
    first = piped.splitlines()[0].split("\t")
    assert first[0] in shown and first[1].split()[0] in shown  # the same figures, in a table


def test_growth_is_written_only_when_it_stands_out_from_the_noise(tmp_path: Path, logs: Path) -> None:
    # The burst month fits a negative slope (bursts in its second week) with a wide error: 0 is written.
    noisy = tmp_path / "noisy.yaml"
    assert xlcost("workload", "--usage", str(logs), "-o", str(noisy)).returncode == 0
    assert load_scenario(noisy).workload.monthly_growth == 0
    assert "within 2 standard errors of 0: none written" in noisy.read_text(encoding="utf-8")
    # Steady growth of 10% a month over 60 days is written as fitted.
    path = tmp_path / "growing.csv"
    rows = ["timestamp,input_tokens,output_tokens"] + [
        f"{(F.START + dt.timedelta(hours=h)).isoformat()},{2 * round(1e8 * 1.1 ** (h // 24 / 30))},"
        f"{round(1e8 * 1.1 ** (h // 24 / 30))}"
        for h in range(60 * 24)
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    steady = tmp_path / "steady.yaml"
    assert xlcost("workload", "--usage", str(path), "-o", str(steady)).returncode == 0
    assert load_scenario(steady).workload.monthly_growth == pytest.approx(0.10, abs=1e-8)
