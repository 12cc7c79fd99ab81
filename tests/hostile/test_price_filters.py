"""A misspelt --provider or --region is an error naming what the files hold, not an import of nothing."""

from __future__ import annotations

import json
from pathlib import Path

from tests.hostile import hostile_files as H
from xlcost.core.catalog import load_catalog
from xlcost.core.catalog.rows import ApiPrice

CHAT = {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "mode": "chat"}
SKYPILOT = (
    "InstanceType,AcceleratorName,AcceleratorCount,vCPUs,MemoryGiB,Price,SpotPrice,Region,AvailabilityZone\n"
    "a2-ultragpu-1g,A100-80GB,1,12,170,3.67,1.1,us-east-1,us-east-1a\n"
    "a2-ultragpu-1g,A100-80GB,1,12,170,3.60,1.1,europe-west4,europe-west4-a\n"
    "n1-standard-4,,,4,15,0.19,0.04,asia-east1,asia-east1-a\n"
)


def litellm(tmp_path: Path) -> Path:
    entries = {"gpt-x": {**CHAT, "litellm_provider": "openai"}, "claude-y": {**CHAT, "litellm_provider": "anthropic"}}
    entries["embed-z"] = {**CHAT, "mode": "embedding", "litellm_provider": "cohere"}
    return H.write(tmp_path / "prices.json", json.dumps(entries))


def test_a_misspelt_provider_names_the_providers_and_writes_nothing(tmp_path: Path, catalog_copy: Path) -> None:
    run = H.xlcost("prices", "import", litellm(tmp_path), "--format", "litellm", "--provider", "opneai",
                   "-c", catalog_copy, "--write")  # fmt: skip
    line = H.refused(run, "--provider 'opneai' matches no provider in the file(s); did you mean openai?")
    assert line.endswith("(known: anthropic, cohere, openai)")
    assert "gpt-x" not in load_catalog(catalog_copy).rows("api.csv", ApiPrice)


def test_a_provider_the_files_hold_imports_its_models(tmp_path: Path, catalog_copy: Path) -> None:
    run = H.xlcost("prices", "import", litellm(tmp_path), "--format", "litellm", "--provider", "OpenAI",
                   "-c", catalog_copy, "--write")  # fmt: skip
    assert run.code == 0, run.err
    api = load_catalog(catalog_copy).rows("api.csv", ApiPrice)
    assert "gpt-x" in api and "claude-y" not in api


def test_one_unknown_provider_among_known_ones_is_still_refused(tmp_path: Path) -> None:
    run = H.xlcost("prices", "import", litellm(tmp_path), "--format", "litellm", "-p", "openai", "-p", "anthropc")
    H.refused(run, "--provider 'anthropc' matches no provider", "did you mean anthropic?")


def test_a_misspelt_region_names_the_regions(tmp_path: Path) -> None:
    path = H.write(tmp_path / "gcp" / "vms.csv", SKYPILOT)
    run = H.xlcost("prices", "import", path, "--format", "skypilot", "--region", "us-esat-1")
    line = H.refused(run, "--region 'us-esat-1' matches no region in the file(s); did you mean us-east-1?")
    assert line.endswith("(known: asia-east1, europe-west4, us-east-1)")


def test_a_filter_that_does_not_apply_to_the_format_is_refused(tmp_path: Path) -> None:
    path = H.write(tmp_path / "gcp" / "vms.csv", SKYPILOT)
    H.refused(H.xlcost("prices", "import", path, "--format", "skypilot", "--provider", "gcp"),
              "--provider does not apply to SkyPilot files")  # fmt: skip
    H.refused(H.xlcost("prices", "import", litellm(tmp_path), "--format", "litellm", "--region", "us-east-1"),
              "--region applies to SkyPilot files only")  # fmt: skip
