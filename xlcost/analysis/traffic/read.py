"""Open usage exports: check the size, detect the format (or take the one given), and hand rows to its reader."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Literal

from xlcost.analysis.traffic import litellm_logs, openai_usage, plain_csv
from xlcost.analysis.traffic.usage import MAX_FILE_BYTES, Usage, UsageError, merge

UsageFormat = Literal["openai", "litellm", "csv"]
FORMATS: tuple[UsageFormat, ...] = ("openai", "litellm", "csv")


def read_usage(paths: list[Path], fmt: UsageFormat | None = None) -> Usage:
    """One usage from one or more files (several pages of one export), detected or of format ``fmt``."""
    if not paths:
        raise UsageError("no usage file given")
    return merge([read_usage_file(Path(p), fmt) for p in paths])


def read_usage_file(path: Path, fmt: UsageFormat | None = None) -> Usage:
    text = _read_text(path)
    source = path.name
    if text.lstrip().startswith(("{", "[")):
        return _read_json(_parse_json(text, source), source, fmt)
    return _read_csv(text, source, fmt)


def _read_text(path: Path) -> str:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise UsageError(
                f"{path.name}: {size / 2**20:,.0f} MB is over the {MAX_FILE_BYTES // 2**20} MB limit; "
                "aggregate it to hourly rows (timestamp,input_tokens,output_tokens) first"
            )
        return path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise UsageError(f"{path}: cannot read usage file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path.name}: not UTF-8 text (a JSON or CSV usage export)") from None


def _parse_json(text: str, source: str) -> object:
    """A JSON document, or JSON Lines (one page or record per line) as a list."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as whole:
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) < 2:
            raise UsageError(f"{source}: not valid JSON: {whole.msg} (line {whole.lineno})") from None
        items = []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise UsageError(f"{source} line {number}: not valid JSON: {exc.msg}") from None
        return items


def _read_json(data: object, source: str, fmt: UsageFormat | None) -> Usage:
    pages = data if isinstance(data, list) else [data]
    if fmt == "csv":
        raise UsageError(f"{source}: a JSON file, not a CSV; use --format openai or litellm")
    if fmt == "openai" or (fmt is None and pages and all(openai_usage.is_page(p) for p in pages)):
        return openai_usage.read_pages(pages, source)
    records = data.get("data") if isinstance(data, dict) else data  # /spend/logs/ui wraps rows in "data"
    if isinstance(records, list) and (fmt == "litellm" or (records and litellm_logs.looks_like_log(records[0]))):
        return litellm_logs.read_records(records, source)
    raise UsageError(
        f'{source}: not a usage export xlcost reads (an OpenAI usage page with "object": "page", '
        "or LiteLLM spend logs with startTime and prompt_tokens)"
    )


def _read_csv(text: str, source: str, fmt: UsageFormat | None) -> Usage:
    if fmt == "openai":
        raise UsageError(f"{source}: a CSV file, but OpenAI usage exports are JSON pages")
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = header
    is_log = all(name in header for name in litellm_logs.REQUIRED)
    is_plain = all(name in header for name in plain_csv.COLUMNS)
    if fmt is None:
        fmt = "litellm" if is_log else "csv" if is_plain else None
    if fmt is None or (fmt == "litellm" and not is_log) or (fmt == "csv" and not is_plain):
        wanted = ", ".join(litellm_logs.REQUIRED if fmt == "litellm" else plain_csv.COLUMNS)
        raise UsageError(f"{source}: the header needs the columns {wanted} (got {', '.join(header) or 'nothing'})")
    rows = []
    try:
        for row in reader:
            if None in row or None in row.values():
                raise UsageError(f"{source} row {reader.line_num}: {len(header)} columns expected, the row differs")
            rows.append(row)
    except csv.Error as exc:
        raise UsageError(f"{source} row {reader.line_num}: not valid CSV: {exc}") from None
    if fmt == "litellm":
        return litellm_logs.read_records(rows, source, label="row")
    return plain_csv.read_rows(rows, source)
