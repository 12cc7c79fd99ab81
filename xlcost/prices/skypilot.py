"""SkyPilot's GPU catalog CSVs (``catalogs/v7/<cloud>/vms.csv``): instance prices in USD per hour.

Each row naming an accelerator gives a per-GPU price: ``Price / AcceleratorCount``. Column order
differs between clouds, so columns are found by name. ``SpotPrice`` is not used (spot capacity can
be taken back). Rows without an accelerator (CPU instances) are skipped; accelerators xlcost has
no GPU row for go to the rejected report.
"""

from __future__ import annotations

import csv
import io
from functools import partial
from pathlib import Path

from xlcost.errors import CatalogError
from xlcost.io.csv_header import checked_header
from xlcost.prices.common import ImportReport, ReadOptions, RowRejected, file_date, file_label, number
from xlcost.prices.files import read_text
from xlcost.prices.quotes import GpuQuote

#: SkyPilot accelerator name (upper case) -> catalog GPU id. SkyPilot's plain "A100" is the 40 GB part;
#: "H100-MEGA" is GCP's a3-megagpu machine, the same H100 80 GB with faster networking.
ACCELERATORS = {
    "A100": "a100-40g",
    "A100-80GB": "a100-80g",
    "H100": "h100-80g",
    "H100-MEGA": "h100-80g",
    "H200": "h200-141g",
    "L40S": "l40s-48g",
}
REQUIRED = ("AcceleratorName", "AcceleratorCount", "Price", "Region")
#: Every column of SkyPilot's vms.csv; others are named in a warning (a misspelt one would be ignored).
COLUMNS = (
    "InstanceType", *REQUIRED, "vCPUs", "MemoryGiB", "GpuInfo", "SpotPrice", "AvailabilityZone",
)  # fmt: skip
#: Above this many USD per GPU-hour a price is taken for a mistake (an H200 rents for a few dollars).
MAX_USD_PER_GPU_HOUR = 100.0


def read(path: Path, options: ReadOptions, report: ImportReport, gpus: set[str]) -> list[GpuQuote]:
    text = read_text(path)
    reader = csv.DictReader(io.StringIO(text), strict=True)
    try:
        header = checked_header(
            reader.fieldnames, f"{path.name} (SkyPilot catalog CSV)", COLUMNS, required=REQUIRED, unknown="warn",
            error=CatalogError,
        )  # fmt: skip
        warning = header.warning(file_label(path), COLUMNS)
        if warning:
            report.warnings.append(warning)
        as_of = options.as_of or file_date(path)
        source = f"skypilot {file_label(path)} (file dated {as_of.isoformat()})"
        quotes: list[GpuQuote] = []
        for line, raw in enumerate(reader, start=2):
            key = f"{file_label(path)} line {line}"
            report.collect(key, partial(_quote, raw, key, options, report, gpus, as_of, source), quotes)
    except csv.Error as exc:
        raise CatalogError(f"{path.name}: malformed CSV at line {reader.line_num}: {exc}") from None
    return quotes


def _quote(raw: dict, key: str, options, report: ImportReport, gpus: set[str], as_of, source) -> GpuQuote | None:
    if None in raw:
        raise RowRejected("more cells than header columns")
    cells = {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}
    region = cells.get("Region", "")
    report.regions.add(region.lower())
    accelerator = cells.get("AcceleratorName", "")
    if not accelerator:
        report.skip("no accelerator (CPU instance)")
        return None
    if options.regions and region.lower() not in options.regions:
        report.skip("region not selected")
        return None
    where = f"{cells.get('InstanceType') or '(accelerator only)'} in {region or '?'}"
    gpu = ACCELERATORS.get(accelerator.upper())
    if gpu is None or gpu not in gpus:
        known = ", ".join(name for name, ident in ACCELERATORS.items() if ident in gpus)
        raise RowRejected(f"{where}: unknown accelerator {accelerator!r} (imported: {known})")
    count = number(cells.get("AcceleratorCount"), "AcceleratorCount")
    if not count:
        raise RowRejected(f"{where}: AcceleratorCount must be above zero")
    price = number(cells.get("Price"), "Price")
    if price is None:
        raise RowRejected(f"{where}: no on-demand Price")
    per_gpu = price / count
    if per_gpu == 0:
        raise RowRejected(f"{where}: zero Price")
    if per_gpu > MAX_USD_PER_GPU_HOUR:
        raise RowRejected(f"{where}: {per_gpu:,.2f} USD per GPU-hour is absurd; check the Price column")
    return GpuQuote(key=f"{key} ({where})", gpu=gpu, hourly_usd=per_gpu, as_of=as_of, source=source)
