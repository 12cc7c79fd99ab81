"""``xlcost prices list | import | diff`` driven as a user would, in-process, plus one ``python -m`` run."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.prices.price_files import SKYPILOT_GCP, write_litellm, write_text
from tests.support.catalogs import copy_catalog
from xlcost.cli.app import main
from xlcost.core.catalog import FILES, load_catalog
from xlcost.core.catalog.rows import ApiPrice, GpuRental


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["xlcost", *map(str, args)])
    monkeypatch.setenv("COLUMNS", "200")
    code = 0
    try:
        main()
    except SystemExit as exc:
        assert not isinstance(exc.code, str), exc.code
        code = exc.code or 0
    out = capsys.readouterr()
    return code, out.out, out.err


def test_list_api_as_json_has_source_and_as_of(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(monkeypatch, capsys, "prices", "list", "--kind", "api", "--json")
    rows = json.loads(out)
    assert code == 0
    assert {r["key"] for r in rows} == {f"api:{i}" for i in load_catalog().rows("api.csv", ApiPrice)}
    assert all(r["source"] and r["as_of"] for r in rows)


def test_list_stale_shows_only_old_rows(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, catalog_copy: Path
) -> None:
    write_litellm(
        tmp_path / "p.json",
        {
            "gpt-4o": {
                "litellm_provider": "openai",
                "mode": "chat",
                "input_cost_per_token": 2e-06,
                "output_cost_per_token": 8e-06,
            }
        },
    )
    today = __import__("datetime").date.today().isoformat()
    run(
        monkeypatch,
        capsys,
        "prices",
        "import",
        tmp_path / "p.json",
        "--format",
        "litellm",
        "--catalog",
        catalog_copy,
        "--write",
        "--as-of",
        today,
    )
    code, out, _ = run(
        monkeypatch,
        capsys,
        "prices",
        "list",
        "--stale",
        "--max-age-days",
        "90",
        "--kind",
        "api",
        "--catalog",
        catalog_copy,
        "--json",
    )
    stale = {r["key"] for r in json.loads(out)}
    assert code == 0 and "api:gpt-4o" not in stale and "api:qwen-plus" in stale


def test_import_is_a_dry_run_by_default(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, catalog_copy: Path
) -> None:
    before = {f: (catalog_copy / f).read_bytes() for f in FILES}
    code, out, _ = run(
        monkeypatch,
        capsys,
        "prices",
        "import",
        write_litellm(tmp_path / "p.json"),
        "--format",
        "litellm",
        "-c",
        catalog_copy,
    )
    assert code == 0
    assert "dry run: nothing written" in out
    assert "added" in out and "Rejected entries" in out
    assert {f: (catalog_copy / f).read_bytes() for f in FILES} == before


def test_import_write_updates_the_catalog_and_reports_json(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path, catalog_copy: Path
) -> None:
    path = write_text(tmp_path / "gcp" / "vms.csv", SKYPILOT_GCP)
    code, out, _ = run(
        monkeypatch, capsys, "prices", "import", path, "--format", "skypilot", "-c", catalog_copy, "--write", "--json"
    )
    result = json.loads(out)
    assert code == 0 and "gpu_rental.csv" in result["written"]
    keys = {r["key"]: r for r in result["rows"]}
    assert keys["rent:a100-80g"]["status"] == "changed"
    new_price = load_catalog(catalog_copy).rows("gpu_rental.csv", GpuRental)["a100-80g"].on_demand_hourly
    assert keys["rent:a100-80g"]["new"]["on_demand_hourly"] == pytest.approx(new_price)


def test_write_without_a_catalog_directory_is_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run(
        monkeypatch, capsys, "prices", "import", write_litellm(tmp_path / "p.json"), "--format", "litellm", "--write"
    )
    assert code == 2 and "--catalog" in err and "Traceback" not in err


def test_bad_file_gives_an_error_line_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = write_text(tmp_path / "model_prices.json", '{"gpt-4o": ')
    code, _, err = run(monkeypatch, capsys, "prices", "import", bad, "--format", "litellm")
    assert code == 2 and err.startswith("error: model_prices.json: not valid JSON")


def test_diff_of_two_catalog_directories(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    old, new = copy_catalog(tmp_path / "old"), copy_catalog(tmp_path / "new")
    text = (
        (new / "api.csv")
        .read_text(encoding="utf-8")
        .replace("qwen-plus,api,Qwen-Plus,Alibaba,0.8,2,", "qwen-plus,api,Qwen-Plus,Alibaba,0.4,1,")
    )
    (new / "api.csv").write_text(text, encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, "prices", "diff", old, new)
    assert code == 0
    assert "api:qwen-plus" in out and "-50.0%" in out
    assert "seed-002-a" in out  # the built-in scenario that prices Qwen-Plus moves


def test_diff_of_two_price_files(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    entry = {
        "litellm_provider": "openai",
        "mode": "chat",
        "input_cost_per_token": 2e-06,
        "output_cost_per_token": 8e-06,
    }
    old = write_litellm(tmp_path / "old.json", {"gpt-4.1": entry})
    new = write_litellm(tmp_path / "new.json", {"gpt-4.1": {**entry, "input_cost_per_token": 1e-06}, "gpt-5": entry})
    code, out, _ = run(monkeypatch, capsys, "prices", "diff", old, new, "--format", "litellm", "--json")
    rows = {r["key"]: r for r in json.loads(out)["rows"]}
    assert code == 0 and rows["api:gpt-5"]["status"] == "added"
    field = next(f for f in rows["api:gpt-4.1"]["fields"] if f["field"] == "input_per_mtok")
    assert field["pct"] == pytest.approx(-0.5)


def test_python_dash_m_runs_the_prices_group(root: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "xlcost", "prices", "--help"], cwd=root, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0
    for command in ("list", "import", "diff"):
        assert command in done.stdout


def test_diff_of_price_files_compares_prices_not_where_they_came_from(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Each imported row's source names its file: two files with the same prices are no change."""
    entry = {
        "litellm_provider": "openai",
        "mode": "chat",
        "input_cost_per_token": 2e-06,
        "output_cost_per_token": 8e-06,
    }
    old = write_litellm(tmp_path / "prices-2026-10.json", {"gpt-4.1": entry, "gpt-5": entry})
    new = write_litellm(
        tmp_path / "prices-2026-11.json", {"gpt-4.1": {**entry, "output_cost_per_token": 4e-06}, "gpt-5": entry}
    )
    code, out, _ = run(monkeypatch, capsys, "prices", "diff", old, new, "--format", "litellm", "--json")
    rows = json.loads(out)["rows"]
    assert code == 0 and [r["key"] for r in rows] == ["api:gpt-4.1"]
    assert [f["field"] for f in rows[0]["fields"]] == ["output_per_mtok"]
    assert rows[0]["old"]["source"] != rows[0]["new"]["source"]  # different files, yet only the price is a change
    same = write_litellm(tmp_path / "copy.json", {"gpt-4.1": entry, "gpt-5": entry})
    code, out, _ = run(monkeypatch, capsys, "prices", "diff", old, same, "--format", "litellm")
    assert code == 0 and "no change to the catalog" in out
