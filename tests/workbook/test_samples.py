"""Generation is deterministic: the committed samples regenerate byte for byte, and the Cover's
input hash and scenario JSON read back without executing anything."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from tests.support.paths import ROOT
from xlcost import __version__
from xlcost.core.scenario import Scenario
from xlcost.core.scenario_io import load_scenario
from xlcost.workbook.build import build_workbook, workbook_bytes
from xlcost.workbook.fingerprint import input_hash

SAMPLES = ROOT / "workbooks"
SEEDS = ("seed-002-a", "seed-002-b", "seed-002-c")


def _bytes(name: str) -> bytes:
    wb, _ = build_workbook(load_scenario(name))
    return workbook_bytes(wb)


@pytest.mark.parametrize("name", SEEDS)
def test_committed_sample_regenerates_identically(name: str) -> None:
    assert (SAMPLES / f"{name}.xlsx").read_bytes() == _bytes(name)


def test_same_inputs_same_bytes() -> None:
    assert _bytes("default") == _bytes("default")


def test_cover_carries_hash_version_and_scenario() -> None:
    scenario = load_scenario("seed-002-b")
    wb = openpyxl.load_workbook(io.BytesIO(_bytes("seed-002-b")))
    stored = {p.name: p.value for p in wb.custom_doc_props}  # type: ignore[attr-defined]  # not in types-openpyxl
    cover_hash = wb["Cover"]["B9"].value
    assert cover_hash == stored["xlcost_input_hash"] == input_hash(wb)
    assert stored["xlcost_version"] == __version__
    assert Scenario.model_validate(json.loads(wb["Cover"]["B11"].value)) == scenario


def test_changing_an_input_changes_the_hash() -> None:
    wb = openpyxl.load_workbook(io.BytesIO(_bytes("default")))
    before = input_hash(wb)
    wb["Inputs"]["B7"].value = 20_000  # users per day
    assert input_hash(wb) != before
