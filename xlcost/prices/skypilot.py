"""SkyPilot's GPU catalog CSVs (``catalogs/v7/<cloud>/vms.csv``): instance prices in USD per hour.

Each row naming an accelerator gives a per-GPU price: ``Price / AcceleratorCount``. Column order
differs between clouds, so columns are found by name. ``SpotPrice`` is not used (spot capacity can
be taken back). Rows without an accelerator are CPU instances, or, where a cloud bills the GPUs and
the machine holding them separately (GCP lists ``a3-highgpu-8g`` once with its H100s' price and once
without an accelerator, for the host VM), the host VM of a GPU row: its price is added to that GPU
row, since nobody rents the GPUs without it. In such a file a GPU row whose host VM has no price is
rejected rather than priced low. Accelerators xlcost has no GPU row for, and rows claiming more GPUs
than any machine of that kind holds, go to the rejected report.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from xlcost.core.catalog.machines import most_per_machine
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
        lines = [(line, raw) for line, raw in enumerate(reader, start=2)]
    except csv.Error as exc:
        raise CatalogError(f"{path.name}: malformed CSV at line {reader.line_num}: {exc}") from None
    as_of = options.as_of or file_date(path)
    source = f"skypilot {file_label(path)} (file dated {as_of.isoformat()})"
    hosts = _host_vms(lines)
    context = _Context(options, report, gpus, hosts, as_of, source)
    quotes: list[GpuQuote] = []
    for line, raw in lines:
        key = f"{file_label(path)} line {line}"
        report.collect(key, partial(_quote, raw, key, context), quotes)
    return quotes


@dataclass(frozen=True)
class _Context:
    """What every row of one file is read against."""

    options: ReadOptions
    report: ImportReport
    gpus: set[str]
    hosts: dict[tuple[str, str, str], float]  # (instance type, region, zone) -> host VM price, USD per hour
    as_of: date
    source: str


def _cells(raw: dict[str | None, Any]) -> dict[str, str]:
    return {k.strip(): (v or "").strip() for k, v in raw.items() if k is not None}


def _where(cells: dict[str, str]) -> tuple[str, str, str]:
    return cells.get("InstanceType", ""), cells.get("Region", "").lower(), cells.get("AvailabilityZone", "").lower()


def _host_vms(lines: list[tuple[int, dict[str | None, Any]]]) -> dict[tuple[str, str, str], float]:
    """Prices of accelerator-less rows that share an instance type with a GPU row of the same file."""
    gpu_types = {_where(_cells(raw))[0] for _, raw in lines if None not in raw and _cells(raw).get("AcceleratorName")}
    hosts: dict[tuple[str, str, str], float] = {}
    for _, raw in lines:
        cells = _cells(raw) if None not in raw else {}
        where = _where(cells)
        if cells and not cells.get("AcceleratorName") and where[0] in gpu_types - {""}:
            try:
                price = number(cells.get("Price"), "Price")
            except RowRejected:
                continue
            if price is not None:
                hosts[where] = price
    return hosts


def _host_price(cells: dict[str, str], hosts: dict[tuple[str, str, str], float]) -> float | None:
    instance, region, zone = _where(cells)
    found = hosts.get((instance, region, zone))
    if found is None:  # a host listed per region, or in another zone of the region
        found = next((p for (i, r, _), p in hosts.items() if i == instance and r == region), None)
    return found


def _quote(raw: dict[str | None, Any], key: str, ctx: _Context) -> GpuQuote | None:
    if None in raw:
        raise RowRejected("more cells than header columns")
    cells = _cells(raw)
    region = cells.get("Region", "")
    ctx.report.regions.add(region.lower())
    accelerator = cells.get("AcceleratorName", "")
    if not accelerator:
        in_use = _where(cells) in ctx.hosts
        ctx.report.skip(
            "host VM of a GPU instance (added to its GPUs' price)" if in_use else "no accelerator (CPU instance)"
        )
        return None
    if ctx.options.regions and region.lower() not in ctx.options.regions:
        ctx.report.skip("region not selected")
        return None
    instance = cells.get("InstanceType", "")
    where = f"{instance or '(accelerator only)'} in {region or '?'}"
    gpu = ACCELERATORS.get(accelerator.upper())
    if gpu is None or gpu not in ctx.gpus:
        known = ", ".join(name for name, ident in ACCELERATORS.items() if ident in ctx.gpus)
        raise RowRejected(f"{where}: unknown accelerator {accelerator!r} (imported: {known})")
    count = number(cells.get("AcceleratorCount"), "AcceleratorCount")
    if not count:
        raise RowRejected(f"{where}: AcceleratorCount must be above zero")
    most = most_per_machine(gpu)
    if count > most:
        raise RowRejected(f"{where}: claims {count:g} {accelerator} in one machine; no machine holds more than {most}")
    price = number(cells.get("Price"), "Price")
    if price is None:
        raise RowRejected(f"{where}: no on-demand Price")
    host = _host_price(cells, ctx.hosts)
    if host is None and ctx.hosts and instance:  # this file's cloud bills host VMs apart
        raise RowRejected(
            f"{where}: this cloud bills the host VM apart and {instance} has no host VM price in {region}"
        )
    per_gpu = (price + (host or 0.0)) / count
    if per_gpu == 0:
        raise RowRejected(f"{where}: zero Price")
    if per_gpu > MAX_USD_PER_GPU_HOUR:
        raise RowRejected(f"{where}: {per_gpu:,.2f} USD per GPU-hour is absurd; check the Price column")
    return GpuQuote(
        key=f"{key} ({where})", gpu=gpu, hourly_usd=per_gpu, as_of=ctx.as_of, source=ctx.source, host_usd=host
    )
