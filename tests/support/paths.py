"""Where the repository is, for module-level constants (inside a test, ask for the ``root`` fixture)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
