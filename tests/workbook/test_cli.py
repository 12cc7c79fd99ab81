"""``xlcost generate`` as a user runs it: default file in the current directory, no silent overwrite,
one-line errors with exit code 2."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from tests.support.paths import ROOT


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "xlcost", "generate", *args], cwd=cwd, env=env, capture_output=True, text=True
    )


def test_no_arguments_writes_comparison_xlsx_here(tmp_path: Path) -> None:
    done = run(cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    wb = openpyxl.load_workbook(tmp_path / "comparison.xlsx")
    assert wb["Cover"]["B5"].value == "default"
    assert [p.name for p in tmp_path.iterdir()] == ["comparison.xlsx"]  # no temporary file left


def test_existing_file_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "comparison.xlsx"
    target.write_bytes(b"keep me")
    done = run(cwd=tmp_path)
    assert done.returncode == 2 and "--force" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert target.read_bytes() == b"keep me"
    assert run("--force", cwd=tmp_path).returncode == 0
    assert target.read_bytes().startswith(b"PK")


@pytest.mark.parametrize(
    ("scenario_text", "message"),
    [
        ("workload: [unclosed", "not valid YAML"),
        ("options: [api:no-such-model]", "unknown option 'api:no-such-model'"),
        ("options: [{key: api:qwen-plus, units: -1}]", "units"),
    ],
)
def test_bad_scenario_is_one_line_exit_2(tmp_path: Path, scenario_text: str, message: str) -> None:
    (tmp_path / "s.yaml").write_text(scenario_text, encoding="utf-8")
    done = run("--scenario", "s.yaml", "-o", "out.xlsx", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("error:") and message in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out.xlsx").exists()


def test_unwritable_path_exit_2(tmp_path: Path) -> None:
    (tmp_path / "taken.xlsx").mkdir()
    done = run("-o", "taken.xlsx", "--force", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("error: cannot write")


def test_missing_directory_exit_2(tmp_path: Path) -> None:
    done = run("-o", str(tmp_path / "nowhere" / "out.xlsx"), cwd=tmp_path)
    assert done.returncode == 2 and "does not exist" in done.stderr


def test_custom_catalog_and_builtin_scenario(tmp_path: Path) -> None:
    done = run("-s", "seed-002-c", "-c", str(ROOT / "templates"), "-o", "c.xlsx", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert openpyxl.load_workbook(tmp_path / "c.xlsx")["Cover"]["B5"].value == "seed-002-c"


def test_hidden_costs_are_generated_and_an_unknown_one_is_refused(tmp_path: Path) -> None:
    def generate(text: str, out: str) -> subprocess.CompletedProcess[str]:
        scenario = tmp_path / f"{out}.yaml"
        scenario.write_text(text, encoding="utf-8")
        return subprocess.run(
            [sys.executable, "-m", "xlcost", "generate", "-s", str(scenario), "-o", str(tmp_path / f"{out}.xlsx")],
            capture_output=True, text=True, timeout=120,
        )  # fmt: skip

    done = generate("hidden_costs: [all]\noptions: [api:qwen-plus]\n", "on")
    assert done.returncode == 0, done.stderr
    assert "HiddenCosts" in openpyxl.load_workbook(tmp_path / "on.xlsx").sheetnames
    done = generate("hidden_costs: [egress-fees]\noptions: [api:qwen-plus]\n", "unknown")
    assert done.returncode == 2 and "hidden_costs: unknown id 'egress-fees'" in done.stderr
    assert not (tmp_path / "unknown.xlsx").exists()
