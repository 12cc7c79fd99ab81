"""Legal but huge inputs, each timed beside a yardstick measured in the same run:

- the audit of a package holding 10 million shared strings (refused) against only unpacking its parts;
- the audit of the generator's largest workbook (40 options x 120 months) against building it;
- the bill of 100,000 usage rows naming 10,000 models against the previous per-model masks.

Targets: both audits within 10 s, the bill (reading the file included) within 2 s. Each figure is wall
time and, in brackets, CPU time (steadier on a busy machine).
Run from the repository root: ``python benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_workbook import grid

from tests.hostile.huge_packages import shared_strings
from xlcost.analysis.traffic.bill import reconcile_bill
from xlcost.analysis.traffic.read import read_usage
from xlcost.audit import audit
from xlcost.core.catalog import load_catalog
from xlcost.errors import XlcostError
from xlcost.workbook.build import build_workbook, workbook_bytes

STRINGS, ROWS, MODELS = 10_000_000, 100_000, 10_000
OLD_MODELS = 1_000  # the previous algorithm is timed on a tenth of the models (it is linear in them)


def timed(run) -> tuple[float, float]:
    """Wall and CPU seconds of one call of ``run``."""
    start, start_cpu = time.perf_counter(), time.process_time()
    run()
    return time.perf_counter() - start, time.process_time() - start_cpu


def shown(seconds: tuple[float, float]) -> str:
    return f"{seconds[0]:.2f} s ({seconds[1]:.2f} s CPU)"


def unpack(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        for member in archive.infolist():
            archive.read(member)


def refused(path: Path) -> str:
    try:
        audit(path)
    except XlcostError as exc:
        return str(exc)
    return "audited"


def old_bill_totals(models: np.ndarray, tokens: np.ndarray, names: list[str]) -> None:
    """The previous reconcile: one mask over every record per model (quadratic in rows x models)."""
    for name in names:
        mask = models == name
        float(tokens[mask].sum())


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        package = shared_strings(folder / "strings.xlsx", STRINGS)
        said = ""

        def audit_package() -> None:
            nonlocal said
            said = refused(package)

        seconds, yardstick = timed(audit_package), timed(lambda: unpack(package))
        print(
            f"{STRINGS:,} shared strings ({package.stat().st_size / 2**20:.1f} MB): audit {shown(seconds)}, "
            f"unpacking alone {shown(yardstick)} (target <= 10 s)\n  {said}"
        )

        largest = folder / "largest.xlsx"
        scenario = grid(120, 40)
        built = timed(lambda: largest.write_bytes(workbook_bytes(build_workbook(scenario)[0])))
        seconds = timed(lambda: audit(largest))
        print(
            f"generator's largest workbook (40 options x 120 months): audit {shown(seconds)}, "
            f"building it {shown(built)} (target <= 10 s)"
        )

        usage = folder / "usage.csv"
        with usage.open("w") as out:
            out.write("timestamp,input_tokens,output_tokens,model\n")
            for i in range(ROWS):
                out.write(f"{1_700_000_000 + i * 36},{1_000 + i % 97},{200 + i % 13},model-{i % MODELS}\n")
        catalog = load_catalog()
        records = read_usage([usage])
        seconds = timed(lambda: reconcile_bill(read_usage([usage]), catalog, "CNY"))
        names = [f"model-{i}" for i in range(OLD_MODELS)]
        old = timed(lambda: old_bill_totals(records.models, records.input_tokens, names))
        print(
            f"bill of {ROWS:,} usage rows naming {MODELS:,} models: {shown(seconds)} with reading the file "
            f"(target <= 2 s); previous per-model masks {shown(old)} for {OLD_MODELS:,} of the models "
            f"(~{old[1] * MODELS / OLD_MODELS:.0f} s of CPU for all)"
        )


if __name__ == "__main__":
    main()
