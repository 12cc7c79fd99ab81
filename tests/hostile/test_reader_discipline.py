"""Every reader of catalog CSVs, claims, SkyPilot files and scenarios follows one discipline: a repeated
column or key is refused by name, numbers are finite, within bounds and never true/false, and an
unknown column is refused or named in a warning; every refusal is one line naming file, row and field."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.hostile import hostile_files as H


def with_column(path: Path, name: str, value: str) -> Path:
    """Add a column called ``name`` holding ``value`` on every row, after the others (a CSV edited by hand)."""
    rows = list(csv.reader(path.read_text(encoding="utf-8").splitlines()))
    rows = [[*rows[0], name]] + [[*row, value] for row in rows[1:]]
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def set_cell(path: Path, row_id: str, column: str, value: str) -> Path:
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    for row in rows:
        if row["id"] == row_id:
            row[column] = value
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_second_price_column_of_zeros_is_refused_not_made_free(catalog_copy: Path) -> None:
    with_column(catalog_copy / "api.csv", "input_per_mtok", "0")
    run = H.xlcost("tco", "-c", catalog_copy)
    H.refused(run, "api.csv: column(s) 'input_per_mtok' appear more than once in the header")


@pytest.mark.parametrize("value", ["inf", "nan", "-1", "1e308", "true"])
def test_a_catalog_price_that_is_not_a_finite_amount_is_refused_by_row_and_column(
    catalog_copy: Path, value: str
) -> None:
    set_cell(catalog_copy / "api.csv", "deepseek-v4-flash", "input_per_mtok", value)
    line = H.refused(H.xlcost("tco", "-c", catalog_copy), "api.csv row 2", "input_per_mtok")
    assert value in line


def test_a_misspelt_catalog_column_is_refused_with_the_column_it_meant(catalog_copy: Path) -> None:
    with_column(catalog_copy / "api.csv", "ouput_per_mtok", "1")
    H.refused(H.xlcost("tco", "-c", catalog_copy), "unknown column(s) 'ouput_per_mtok' (did you mean output_per_mtok?)")


def test_a_header_holding_a_line_break_gives_one_error_line(catalog_copy: Path) -> None:
    path = catalog_copy / "api.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text('"notes\nerror: forged second line",' + text, encoding="utf-8")
    line = H.refused(H.xlcost("tco", "-c", catalog_copy), "unknown column(s)")
    assert "\\n" in line and "forged" in line


def test_claims_with_a_repeated_column_are_refused(tmp_path: Path) -> None:
    claims = H.write(tmp_path / "claims.csv", "label,option,claimed,months,claimed\nx,api:deepseek-v3,1000,12,0\n")
    H.refused(H.xlcost("reconcile", claims), "claims.csv: column(s) 'claimed' appear more than once")


def test_claims_with_a_figure_past_a_double_are_refused_by_line(tmp_path: Path) -> None:
    claims = H.write(tmp_path / "claims.csv", H.claims_csv(["x,api:deepseek-v3,1e309,12"]))
    H.refused(H.xlcost("reconcile", claims), "claims.csv line 2", "claimed")


SKYPILOT_HEADER = (
    "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region,AvailabilityZone"
)


def test_a_skypilot_file_with_two_price_columns_is_refused(tmp_path: Path) -> None:
    path = H.write(tmp_path / "gcp" / "vms.csv", f"{SKYPILOT_HEADER},Price\nx,A100-80GB,1,12,170,3.6,1.1,r,z,0\n")
    H.refused(H.xlcost("prices", "import", path, "--format", "skypilot"), "column(s) 'Price' appear more than once")


def test_a_misspelt_skypilot_column_is_named_in_a_warning(tmp_path: Path) -> None:
    header = SKYPILOT_HEADER.replace("SpotPrice", "SpotPirce")
    path = H.write(tmp_path / "gcp" / "vms.csv", f"{header}\nx,A100-80GB,1,12,170,3.6,1.1,r,z\n")
    run = H.xlcost("prices", "import", path, "--format", "skypilot", "--json")
    assert run.code == 0, run.err
    (warning,) = json.loads(run.out)["import"]["warnings"]
    assert (
        warning
        == "gcp/vms.csv: column(s) 'SpotPirce' (did you mean SpotPrice?) ignored (not a column this file type has)"
    )


@pytest.mark.parametrize(
    ("workload", "field"),
    [({"users_per_day": True}, "workload.users_per_day"), ({"monthly_growth": False}, "workload.monthly_growth"),
     ({"users_per_day": 1e308}, "workload.users_per_day"), ({"horizon_months": True}, "workload.horizon_months")],
)  # fmt: skip
def test_a_scenario_number_that_is_a_flag_or_past_its_bound_is_refused(
    tmp_path: Path, workload: dict[str, float], field: str
) -> None:
    for name, text in (("s.json", json.dumps({"workload": workload, "options": ["api:qwen-plus"]})),
                       ("s.yaml", f"workload: {json.dumps(workload)}\noptions: [api:qwen-plus]\n")):  # fmt: skip
        run = H.xlcost("tco", "-s", H.write(tmp_path / name, text))
        H.refused(run, f"field '{field}'")


def test_true_as_a_unit_count_or_a_price_override_is_refused(tmp_path: Path) -> None:
    option = {"key": "rent:a100-80g", "units": True, "overrides": {"on_demand_hourly": True}}
    run = H.xlcost("tco", "-s", H.write(tmp_path / "s.json", json.dumps({"options": [option]})))
    assert run.code == 2
    assert run.err.splitlines() == [
        "error: s.json: Scenario: field 'options.1.units': Value error, must be a number, not true or false (got True)",
        "Scenario: field 'options.1.overrides': Value error, must be a number, not true or false",
    ]


def test_a_repeated_key_in_a_json_scenario_is_refused(tmp_path: Path) -> None:
    text = '{"workload": {"users_per_day": 100, "users_per_day": 0}, "options": ["api:qwen-plus"]}'
    H.refused(H.xlcost("tco", "-s", H.write(tmp_path / "dup.json", text)), "duplicate key 'users_per_day'")
