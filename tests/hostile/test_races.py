"""Writers racing for one output path: without --force at most one of them wins, and a file that
exists is never replaced, however the writers interleave."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from tests.hostile import hostile_files as H

WRITERS = 8
ROUNDS = 4

# Each writer imports the CLI, waits for a common start time (so all eight reach the write together),
# then runs `xlcost init -o PATH` with a first line of its own, so whose file is in place can be told.
_WRITER = """
import sys, time
from xlcost.cli import tco_command
from xlcost.cli.app import main
writer, start, *args = sys.argv[1:]
starter = tco_command.starter_text
tco_command.starter_text = lambda: f"# writer {writer}\\n" + starter()
time.sleep(max(0.0, float(start) - time.time()))
sys.argv = ["xlcost", *args]
main()
"""


def _race(out: Path, *flags: str) -> list[tuple[int, str]]:
    """Run WRITERS writers of ``out`` at once; each one's exit code and stderr, in writer order."""
    start = time.time() + 3.0  # after every writer has imported, on a busy two-core machine too
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", _WRITER, str(i), str(start), "init", "-o", str(out), *flags],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            preexec_fn=H._bounded,
        )
        for i in range(WRITERS)
    ]
    results = []
    for proc in procs:
        _, err = proc.communicate(timeout=4 * H.SECONDS)
        assert "Traceback" not in err, err
        results.append((proc.returncode, err))
    return results


def test_eight_writers_of_one_path_leave_one_winner_each_round(tmp_path: Path) -> None:
    for round_ in range(ROUNDS):
        out = tmp_path / f"round{round_}.yaml"
        results = _race(out)
        winners = [i for i, (code, _) in enumerate(results) if code == 0]
        assert len(winners) == 1, results
        # The winner's file is the one in place: no loser renamed its own over it afterwards.
        assert out.read_text(encoding="utf-8").startswith(f"# writer {winners[0]}\n")
        for code, err in (r for i, r in enumerate(results) if i != winners[0]):
            assert code == 2 and "already exists; pass --force to overwrite it" in err, err
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")], "temporaries left behind"


def test_a_file_that_exists_survives_eight_writers_without_force(tmp_path: Path) -> None:
    out = H.write(tmp_path / "mine.yaml", "name: my own scenario\n")
    results = _race(out)
    assert all(code == 2 for code, _ in results), results
    assert out.read_text(encoding="utf-8") == "name: my own scenario\n"


def test_with_force_one_of_the_writers_files_is_in_place_whole(tmp_path: Path) -> None:
    out = H.write(tmp_path / "mine.yaml", "name: my own scenario\n")
    results = _race(out, "--force")
    assert all(code == 0 for code, _ in results), results
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# writer ") and text.endswith("\n") and "my own scenario" not in text
