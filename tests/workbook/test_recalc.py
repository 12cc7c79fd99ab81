"""recalc.py fails with a clear XlcostError, never a traceback, when LibreOffice cannot do the job."""

from __future__ import annotations

import pytest

from xlcost.errors import XlcostError
from xlcost.workbook.recalc import recalculate, recalculate_all


def test_missing_workbook(tmp_path):
    with pytest.raises(XlcostError, match="no such file"):
        recalculate(tmp_path / "absent.xlsx", tmp_path / "out")


def test_missing_soffice(tmp_path, monkeypatch):
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    monkeypatch.setenv("XLCOST_SOFFICE", str(tmp_path / "no-soffice-here"))
    with pytest.raises(XlcostError, match="cannot run LibreOffice"):
        recalculate(tmp_path / "a.xlsx", tmp_path / "out")


def test_refuses_to_overwrite_the_source(tmp_path):
    (tmp_path / "a.xlsx").write_bytes(b"PK")
    with pytest.raises(XlcostError, match="outdir must differ"):
        recalculate(tmp_path / "a.xlsx", tmp_path)


def test_copies_need_distinct_names(tmp_path):
    for folder in ("x", "y"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "a.xlsx").write_bytes(b"PK")
    with pytest.raises(XlcostError, match="distinct file names"):
        recalculate_all([tmp_path / "x" / "a.xlsx", tmp_path / "y" / "a.xlsx"], tmp_path / "out")
