"""Excel functions called as xlwings Server calls them: a range refuses what one cell refuses, and a
scenario argument opens only a built-in scenario or a file in the folder the administrator names."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.excel.test_xlwings import SCRIPT
from tests.hostile import hostile_files as H

SECRET = "sk-live-0123456789abcdef"


def server_calls(root: Path, calls: list[Any], scenario_dir: Path | None = None) -> list[Any]:
    """Each call's answer through ``xlwings.server.custom_functions_call``, in a process under 2 GB and 10 s."""
    env = dict(os.environ, XLWINGS_ON_SERVER="true", XLWINGS_LICENSE_KEY="noncommercial", PYTHONPATH=str(root))
    env.pop("XLCOST_SCENARIO_DIR", None)
    if scenario_dir is not None:
        env["XLCOST_SCENARIO_DIR"] = str(scenario_dir)
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=json.dumps(calls),
        capture_output=True,
        text=True,
        env=env,
        cwd=root,
        timeout=H.SECONDS,
        preexec_fn=H._bounded,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return [
        answer[0][0] if len(answer) == 1 and len(answer[0]) == 1 else answer
        for answer in json.loads(done.stdout)["results"]
    ]


# Each function with the text "nan" as users, as one cell and as one cell of a column of three.
NAN_CALLS = [
    ("TCO", ["api:qwen-plus", 12, "nan"]),
    ("TCO", ["api:qwen-plus", 12, [[100], ["nan"], [300]]]),
    ("TCO", ["api:qwen-plus", [[12], ["nan"], [36]]]),
    ("UNITCOST", ["api:qwen-plus", 12, [[100], ["nan"], [300]]]),
    ("BREAKEVEN", ["buy:h100-80g", "rent:h100-80g", [[100], ["nan"], [300]]]),
    ("RECOMMEND", [[[100], ["nan"], [300]]]),
    ("GPUS", ["a100-80g", [[100], ["nan"], [300]]]),
    ("TCO", ["api:qwen-plus", 12, [[100], ["inf"], [300]]]),
    ("TCO", ["api:qwen-plus", 12, [[100], [True], [300]]]),
    ("TCO", ["api:qwen-plus", 12, [[100], [None], [300]]]),
]


def test_text_nan_in_a_range_is_refused_as_in_one_cell(root: Path) -> None:
    answers = server_calls(root, NAN_CALLS)
    assert answers[0] == "TCO: users must be a finite number (got nan)"
    assert answers[1] == "TCO: users row 2 must be a finite number (got nan)"
    assert answers[2] == "TCO: months row 2 must be a finite number (got nan)"
    assert answers[3] == "UNITCOST: users row 2 must be a finite number (got nan)"
    assert answers[4] == "BREAKEVEN: users row 2 must be a finite number (got nan)"
    assert answers[5] == "RECOMMEND: users row 2 must be a finite number (got nan)"
    assert answers[6] == "GPUS: users row 2 must be a finite number (got nan)"
    assert answers[7] == "TCO: users row 2 must be a finite number (got inf)"
    assert answers[8] == "TCO: users row 2 must be a number (got True)"
    # A blank cell is the one that takes the default (10,000 users): the same TCO as 10,000 typed in.
    blank_and_typed = server_calls(root, [("TCO", ["api:qwen-plus", 12, 10_000])])[0]
    assert answers[9][1][0] == pytest.approx(blank_and_typed)


def test_a_scenario_cell_names_a_built_in_and_nothing_else_by_default(root: Path, tmp_path: Path) -> None:
    secret = H.write(tmp_path / "key.yaml", f"api_key: {SECRET}\n")
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    calls = [
        ("RECOMMEND", [3000, 36, None, None, None, None, None, "seed-002-b"]),
        ("RECOMMEND", [3000, 36, None, None, None, None, None, str(secret)]),
        ("RECOMMEND", [3000, 36, None, None, None, None, None, str(tmp_path / "absent.yaml")]),
        ("RECOMMEND", [3000, 36, None, None, None, None, None, "/dev/zero"]),
        ("RECOMMEND", [3000, 36, None, None, None, None, None, str(fifo)]),
    ]
    answers = server_calls(root, calls)
    assert answers[0] in ("API", "Cloud GPU rental", "On-premises", "Hybrid")
    refusals = answers[1:]
    for answer in refusals:
        assert answer.startswith("RECOMMEND: scenario must be a built-in scenario (")
        assert "seed-002-b" in answer and "XLCOST_SCENARIO_DIR" in answer
        assert SECRET not in answer
    # The same words whether or not the file exists: a cell cannot probe the server's files.
    assert refusals[0].replace(str(secret), "X") == refusals[1].replace(str(tmp_path / "absent.yaml"), "X")


def test_a_scenario_folder_serves_its_own_files_and_nothing_beside_it(root: Path, tmp_path: Path) -> None:
    folder = tmp_path / "scenarios"
    folder.mkdir()
    H.write(
        folder / "team.yaml", "name: team\nworkload: {users_per_day: 5000}\noptions: [api:qwen-plus, rent:a100-80g]\n"
    )
    H.write(folder / "leaky.yaml", f"name: leaky\nworkload: {{users_per_day: {SECRET}}}\noptions: [api:qwen-plus]\n")
    H.write(folder / "notes.txt", "not a scenario\n")
    H.write(folder / "elsewhere.yaml", f"name: elsewhere\ncatalog: {tmp_path}\noptions: [api:qwen-plus]\n")
    outside = H.write(tmp_path / "key.yaml", f"api_key: {SECRET}\n")
    os.symlink(outside, folder / "link.yaml")
    os.symlink("/dev/zero", folder / "zero.yaml")
    os.mkfifo(folder / "pipe.yaml")
    args = [3000, 36, None, None, None, None, None]
    calls = [("RECOMMEND", [*args, name]) for name in (
        "team.yaml", "leaky.yaml", "notes.txt", "../key.yaml", str(outside), "link.yaml", "zero.yaml", "pipe.yaml",
        "absent.yaml", "seed-002-b", "elsewhere.yaml")]  # fmt: skip
    answers = server_calls(root, calls, scenario_dir=folder)
    assert answers[0] in ("API", "Cloud GPU rental")
    assert (
        answers[1]
        == "RECOMMEND: scenario file 'leaky.yaml' is not a valid scenario; run 'xlcost tco -s' on it to see why"
    )
    for answer in answers[2:5]:
        assert answer.startswith("RECOMMEND: scenario must be a built-in scenario (") and "without a path" in answer
    assert answers[5] == "RECOMMEND: scenario file 'link.yaml' not found in the XLCOST_SCENARIO_DIR folder"
    assert answers[6] == "RECOMMEND: scenario file 'zero.yaml' not found in the XLCOST_SCENARIO_DIR folder"
    assert answers[7] == "RECOMMEND: scenario file 'pipe.yaml' is not a regular file"
    assert answers[8] == "RECOMMEND: scenario file 'absent.yaml' not found in the XLCOST_SCENARIO_DIR folder"
    assert answers[9] in ("API", "Cloud GPU rental", "On-premises", "Hybrid")
    assert answers[10] == (  # a file in the folder cannot point the functions at a directory of the server's
        "RECOMMEND: scenario file 'elsewhere.yaml' names a catalog; the functions price with the XLCOST_CATALOG "
        "setting where they run: set it there and leave catalog out of the file"
    )
    assert not any(SECRET in str(answer) for answer in answers)


@pytest.mark.parametrize(
    ("users", "words"), [([], "users is an empty range"), ([[100], [200, 300]], "users is a ragged range")]
)
def test_an_empty_or_ragged_range_is_named_not_an_unexpected_error(users: list[list[int]], words: str) -> None:
    from xlcost import udfs

    for name, args in (("TCO", ["api:qwen-plus", 12, users]), ("RECOMMEND", [users]), ("GPUS", ["a100-80g", users])):
        assert getattr(udfs, name)(*args).startswith(f"{name}: {words}")
