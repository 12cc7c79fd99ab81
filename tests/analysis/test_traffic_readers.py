"""Reading usage exports in every format and deriving the workload, with each figure worked out by hand."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from tests.support import usage_exports as F
from tests.support.usage_exports import INPUT_PER_DAY, OUTPUT_PER_DAY, PEAK_TO_AVERAGE
from xlcost.analysis.traffic import usage as usage_module
from xlcost.analysis.traffic.profile import traffic_profile
from xlcost.analysis.traffic.read import read_usage
from xlcost.analysis.traffic.usage import UsageError


def _export(tmp_path: Path, kind: str) -> list[Path]:
    month = F.hours()
    if kind == "csv":
        return [F.write_plain_csv(tmp_path / "usage.csv", month)]
    if kind == "openai-pages":
        pages = F.openai_pages(month, pages=3)
        return [F.write_json(tmp_path / f"page{k}.json", page) for k, page in enumerate(pages)]
    if kind == "openai-list":
        return [F.write_json(tmp_path / "pages.json", F.openai_pages(month))]
    if kind == "openai-jsonl":
        path = tmp_path / "pages.jsonl"
        path.write_text("\n".join(json.dumps(p) for p in F.openai_pages(month)) + "\n", encoding="utf-8")
        return [path]
    if kind == "litellm-json":
        return [F.write_json(tmp_path / "spend_logs.json", F.spend_logs(month))]
    if kind == "litellm-ui-json":
        return [F.write_json(tmp_path / "spend_logs.json", {"data": F.spend_logs(month), "total": 2160})]
    return [F.write_spend_logs_csv(tmp_path / "LiteLLM_SpendLogs.csv", F.spend_logs(month))]


# format name -> (detected format, cached share, requests a day)
CASES = {
    "csv": ("csv", 0.0, 3 * 24),
    "openai-pages": ("openai", F.CACHED_SHARE, 4 * 3 * 24),
    "openai-list": ("openai", F.CACHED_SHARE, 4 * 3 * 24),
    "openai-jsonl": ("openai", F.CACHED_SHARE, 4 * 3 * 24),
    "litellm-json": ("litellm", F.CACHED_SHARE, 3 * 24),
    "litellm-ui-json": ("litellm", F.CACHED_SHARE, 3 * 24),
    "litellm-csv": ("litellm", F.CACHED_SHARE, 3 * 24),
}


@pytest.mark.parametrize("kind", list(CASES))
def test_every_format_gives_the_hand_worked_workload(tmp_path: Path, kind: str) -> None:
    fmt, cached, requests = CASES[kind]
    usage = read_usage(_export(tmp_path, kind))
    profile = traffic_profile(usage, days_per_month=30)
    assert usage.format == fmt
    assert profile.days == 30
    assert profile.start == F.START and profile.end == F.START + dt.timedelta(days=30)
    assert profile.input_tokens_per_day == pytest.approx(INPUT_PER_DAY, rel=1e-12)
    assert profile.output_tokens_per_day == pytest.approx(OUTPUT_PER_DAY, rel=1e-12)
    assert profile.cached_share == pytest.approx(cached, rel=1e-12)
    assert profile.requests_per_day == requests
    assert profile.users_per_day == 3 and profile.distinct_users == 3
    assert profile.peak_to_average == pytest.approx(PEAK_TO_AVERAGE, rel=1e-12)
    assert profile.peak_hour == F.START + dt.timedelta(days=7)  # the first hour of the first burst day
    assert profile.hour_of_day_shape == pytest.approx([1.0] * 24)


def test_the_burst_days_show_in_the_day_of_week_shape(tmp_path: Path) -> None:
    profile = traffic_profile(read_usage(_export(tmp_path, "csv")), days_per_month=30)
    # 2026-03-09 and -10 (the bursts) are a Monday and a Tuesday; the month has 5 Mondays and 5 Tuesdays.
    ordinary, mean_day = 1.0, (28 + 2 * 5) / 30
    burst_weekday = (4 * ordinary + 5) / 5 / mean_day
    expected = [burst_weekday, burst_weekday] + [ordinary / mean_day] * 5
    assert profile.day_of_week_shape == pytest.approx(expected, rel=1e-12)


def test_growth_is_fitted_with_its_uncertainty(tmp_path: Path) -> None:
    path = tmp_path / "growing.csv"
    lines = ["timestamp,input_tokens,output_tokens"]
    for hour in range(60 * 24):
        tokens = round(1e8 * 1.1 ** (hour // 24 / 30))  # 10% a month, day by day
        lines.append(f"{(F.START + dt.timedelta(hours=hour)).isoformat()},{2 * tokens},{tokens}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    growth = traffic_profile(read_usage([path]), days_per_month=30).growth
    assert growth is not None and growth.days_fitted == 60
    assert growth.monthly == pytest.approx(0.10, abs=1e-8)
    assert growth.stderr < 1e-8


def test_a_short_export_fits_no_growth(tmp_path: Path) -> None:
    path = tmp_path / "week.csv"
    path.write_text("timestamp,input_tokens,output_tokens\n2026-03-02T10:00:00Z,10,5\n", encoding="utf-8")
    profile = traffic_profile(read_usage([path]), days_per_month=30)
    assert profile.growth is None and profile.days == 1 / 24 and profile.users_per_day is None


def test_daily_buckets_have_no_hourly_profile(tmp_path: Path) -> None:
    page = F.openai_pages(F.hours(), pages=1)[0]
    for bucket in page["data"]:
        bucket["end_time"] = bucket["start_time"] + 86_400
    profile = traffic_profile(read_usage([F.write_json(tmp_path / "daily.json", page)]), days_per_month=30)
    assert profile.peak_to_average is None and profile.hourly_output is None


def test_the_record_cap_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(usage_module, "MAX_RECORDS", 100)
    with pytest.raises(UsageError, match=r"usage.csv row 102: more than 100 records; aggregate it to hourly rows"):
        read_usage([F.write_plain_csv(tmp_path / "usage.csv", F.hours())])
