"""The ``xlcost`` command run for real, in a child process, the way a shell runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def xlcost(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "xlcost", *args], capture_output=True, text=True, timeout=120, cwd=cwd, env=os.environ
    )
