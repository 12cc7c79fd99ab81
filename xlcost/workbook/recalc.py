"""Recalculate a workbook with headless LibreOffice, the spreadsheet engine the tests trust.

Generated workbooks carry the values xlcost computed; LibreOffice opens the file, recalculates every
formula and saves a copy with its own values (read them with ``openpyxl.load_workbook(data_only=True)``),
which is how the tests check those values, and how an edited copy gets fresh ones.
Each call gets its own LibreOffice profile, so concurrent runs do not collide, and removes it after.
Without an ``outdir`` the copy is written beside the workbook (``<name>-recalculated.xlsx``,
``<name>.pdf``), so no temporary folder is left behind for the caller to find and delete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Sequence
from pathlib import Path

from xlcost.errors import XlcostError

#: LibreOffice settings: always recalculate xlsx/ods files on load (never trust cached values).
_PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def soffice_path() -> str | None:
    """The LibreOffice executable, from $XLCOST_SOFFICE or the PATH."""
    return os.environ.get("XLCOST_SOFFICE") or shutil.which("soffice") or shutil.which("libreoffice")


def recalculate(path: Path | str, outdir: Path | str | None = None, *, timeout: float = 180) -> Path:
    """Open ``path`` in LibreOffice, recalculate, and save a copy (same name) in ``outdir``, or beside it as
    ``<name>-recalculated.xlsx``; returns the copy."""
    return recalculate_all([path], outdir, timeout=timeout)[0]


def recalculate_all(
    paths: Sequence[Path | str], outdir: Path | str | None = None, *, timeout: float = 300
) -> list[Path]:
    """Recalculate several workbooks in one LibreOffice run (it starts once: much faster than one call each)."""
    return _convert(paths, outdir, "xlsx:Calc MS Excel 2007 XML", ".xlsx", "recalculate", timeout, "-recalculated")


def export_pdf(path: Path | str, outdir: Path | str | None = None, *, timeout: float = 300) -> Path:
    """Recalculate ``path`` and print it to PDF as LibreOffice would (print areas, scaling, page breaks)."""
    return _convert([path], outdir, "pdf", ".pdf", "export", timeout, "")[0]


def _convert(
    paths: Sequence[Path | str],
    outdir: Path | str | None,
    convert_to: str,
    suffix: str,
    verb: str,
    timeout: float,
    beside: str,
) -> list[Path]:
    """Run headless LibreOffice once over ``paths``; the converted copies, in order: in ``outdir``, or beside
    each source with ``beside`` added to its name."""
    sources = [Path(p) for p in paths]
    if outdir is not None:
        return _convert_into(sources, Path(outdir), convert_to, suffix, verb, timeout)
    with tempfile.TemporaryDirectory(prefix="xlcost-recalc-") as work:
        copies = _convert_into(sources, Path(work), convert_to, suffix, verb, timeout)
        return [
            Path(shutil.move(c, s.with_name(s.stem + beside + suffix))) for c, s in zip(copies, sources, strict=True)
        ]


def _convert_into(
    sources: list[Path], target_dir: Path, convert_to: str, suffix: str, verb: str, timeout: float
) -> list[Path]:
    """Run headless LibreOffice once over ``sources`` with a fresh profile, writing into ``target_dir``."""
    for source in sources:
        if not source.is_file():
            raise XlcostError(f"cannot {verb} {source}: no such file")
    if len({s.stem for s in sources}) != len(sources):
        raise XlcostError(f"{verb}: workbooks must have distinct file names (the copies keep them)")
    soffice = soffice_path()
    if soffice is None:
        raise XlcostError("LibreOffice (soffice) not found: install it or set XLCOST_SOFFICE to its path")
    target_dir.mkdir(parents=True, exist_ok=True)
    if any(target_dir.resolve() == s.parent.resolve() for s in sources):
        raise XlcostError(f"{verb}: outdir must differ from the workbooks' folder (the copies would overwrite them)")
    results = [target_dir / (source.stem + suffix) for source in sources]
    for stale in results:
        stale.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix=f"xlcost-lo-{uuid.uuid4().hex[:8]}-") as profile:
        user = Path(profile) / "user"
        user.mkdir()
        (user / "registrymodifications.xcu").write_text(_PROFILE, encoding="utf-8")
        command = [
            soffice,
            f"-env:UserInstallation={Path(profile).as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            convert_to,
            "--outdir",
            str(target_dir),
            *map(str, sources),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise XlcostError(f"LibreOffice did not finish ({verb}) within {timeout:g} s") from None
        except OSError as exc:
            raise XlcostError(f"cannot run LibreOffice ({soffice}): {exc.strerror or exc}") from None
    missing = [r.name for r in results if not r.is_file()]
    if done.returncode != 0 or missing:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise XlcostError(
            f"LibreOffice failed to {verb} {', '.join(missing) or 'the workbooks'} (exit {done.returncode})"
            + (f": {detail[-1]}" if detail else "")
        )
    return results
