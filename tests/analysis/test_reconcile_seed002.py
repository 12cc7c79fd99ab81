"""Seed 002's published tables against the core: which figures hold, and what the others imply.

Expected values are worked out here from the seed's own price lines (§2 API prices, §4 tier lines),
not taken from the code under test.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook

from tests.support.typed import present
from xlcost.analysis.reconcile import Claim, ClaimResult, read_claims, reconcile
from xlcost.cli.app import main
from xlcost.core.catalog import default_catalog_dir
from xlcost.io.xlsx_report import first_sheet

SEED_CLAIMS = default_catalog_dir() / "claims" / "seed-002.csv"
MONTH_DAYS = 30  # seed 002 §2 estimates a month as 30 days


@pytest.fixture(scope="module")
def results() -> dict[str, ClaimResult]:
    return {r.claim.label: r for r in reconcile(read_claims(SEED_CLAIMS))}


def seed_api_yearly(users: float, input_price: float, output_price: float) -> float:
    """Seed 002 §2: 800 input + 400 output tokens per user per day, price per 1M tokens."""
    return users * MONTH_DAYS * 12 * (800 * input_price + 400 * output_price) / 1e6


def test_sections_2_and_4_hold_except_the_standard_opex_sum(results: dict[str, ClaimResult]) -> None:
    failing = sorted(label for label, r in results.items() if label.startswith(("§2", "§4")) and not r.holds)
    # §4 states the standard tier's yearly opex as 43~58万, but its lines add to 8+30+5 ~ 15+30+8 = 43~53万.
    assert failing == ["§4 standard yearly opex (high)"]
    assert results["§4 standard yearly opex (high)"].computed == pytest.approx((15 + 30 + 8) * 10_000)
    assert sum(label.startswith("§2") for label in results) == 7
    assert sum(label.startswith("§4") and "breakeven" in label for label in results) == 3


@pytest.mark.parametrize(
    ("prefix", "users", "input_price", "output_price"),
    [("§5 B API (DeepSeek-V3)", 30_000, 2, 8), ("§5 C API (DeepSeek-V4-Pro)", 100_000, 3, 6)],
)
def test_scenario_api_lines_imply_other_users(
    results: dict[str, ClaimResult], prefix: str, users: int, input_price: int, output_price: int
) -> None:
    yearly = seed_api_yearly(users, input_price, output_price)
    claimed = {"§5 B": 170_000, "§5 C": 1_730_000}[prefix[:4]]
    for year in (1, 2, 3):
        r = results[f"{prefix} year {year}"]
        assert not r.holds
        assert r.computed == pytest.approx(yearly)
        assert r.implied_users == pytest.approx(users * claimed / yearly, rel=1e-9)
    # ~98,000 users for B (stated 30,000), ~1,000,000 for C (stated 100,000)
    implied = results[f"{prefix} year 1"].implied_users
    assert round(present(implied), -3) == {"§5 B": 98_000, "§5 C": 1_001_000}[prefix[:4]]


def test_light_tier_three_year_high_does_not_add_up(results: dict[str, ClaimResult]) -> None:
    r = results["§5 A on-prem 3-year total (high)"]
    assert not r.holds
    assert r.computed == pytest.approx((30 + 3 * 28) * 10_000)  # build ¥30万 + 3 years of ¥28万 opex
    assert r.claim.claimed == 1_080_000
    assert results["§5 A on-prem 3-year total (low)"].holds  # 16 + 3 x 25 = 91


@pytest.mark.parametrize(
    "label",
    [
        "§5 B on-prem (standard) year 1 (low)",
        "§5 B on-prem (standard) year 1 (high)",
        "§5 B on-prem (standard) 3-year total (low)",
        "§5 B on-prem (standard) 3-year total (high)",
        "§5 C on-prem (enterprise) year 1 (low)",
        "§5 C on-prem (enterprise) year 1 (high)",
        "§5 C on-prem (enterprise) 3-year total (low)",
        "§5 C on-prem (enterprise) 3-year total (high)",
    ],
)
def test_scenario_b_c_onprem_match_no_tier(results: dict[str, ClaimResult], label: str) -> None:
    claim = results[label].claim
    assert not results[label].holds
    for tier in ("light", "standard", "enterprise"):
        for case in ("low", "mid", "high"):
            other = claim.model_copy(update={"option": f"onprem:{tier}", "case": case})
            assert not reconcile([(0, other)])[0].holds, (tier, case)


def test_rentals_and_section_5_a_api_hold(results: dict[str, ClaimResult]) -> None:
    holding = [label for label, r in results.items() if ("GPU rental" in label or "§5 A API" in label)]
    assert holding and all(results[label].holds for label in holding)


def test_cli_exit_code_json_and_safe_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text(
        "label,option,months,users_per_day,claimed,currency\n"
        '"=HYPERLINK(""http://x"")",api:qwen-plus,1,10000,432,CNY\n'
        "@SUM(A1),api:qwen-plus,12,10000,9999,CNY\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.xlsx"
    monkeypatch.setattr(sys, "argv", ["xlcost", "reconcile", str(claims), "--json", "-o", str(out)])
    with pytest.raises(SystemExit) as exc:
        main()
    assert exc.value.code == 1
    data = json.loads(capsys.readouterr().out)
    assert [d["holds"] for d in data] == [True, False]
    ws = first_sheet(load_workbook(out))
    labels = [c.value for c in ws["B"][1:]]
    assert labels == ['=HYPERLINK("http://x")', "@SUM(A1)"]
    assert all(c.data_type == "s" for c in ws["B"][1:])


def test_bad_claims_file_names_line_and_column(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = tmp_path / "claims.csv"
    claims.write_text("label,option,months,claimed\nx,api:qwen-plus,13-2,abc\n", encoding="utf-8")
    monkeypatch.setattr(sys, "argv", ["xlcost", "reconcile", str(claims)])
    with pytest.raises(SystemExit) as exc:
        main()
    err = capsys.readouterr().err
    assert exc.value.code == 2
    assert "line 2" in err and "months" in err and "claimed" in err


def test_unknown_option_is_a_result_not_a_crash() -> None:
    claim = Claim(label="typo", option="api:deepseek-v9", claimed=1)
    result = reconcile([(2, claim)])[0]
    assert not result.holds and "deepseek-v9" in result.basis


def test_seed_claims_file_ships_in_templates() -> None:
    assert Path(SEED_CLAIMS).is_file()
