"""Open usage exports: check the size, detect the format (or take the one given), and hand records to its
reader one at a time, so a file's records are never all held as parsed objects at once."""

from __future__ import annotations

import csv
import difflib
import io
import itertools
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal

from xlcost.analysis.traffic import litellm_logs, openai_usage, plain_csv
from xlcost.analysis.traffic.usage import MAX_FILE_BYTES, Usage, UsageError, merge
from xlcost.io.structured import refuse_duplicates

UsageFormat = Literal["openai", "litellm", "csv"]
FORMATS: tuple[UsageFormat, ...] = ("openai", "litellm", "csv")
_SPACE = re.compile(r"[ \t\r\n]*")


def read_usage(paths: list[Path], fmt: UsageFormat | None = None) -> Usage:
    """One usage from one or more files (several pages of one export), detected or of format ``fmt``."""
    if not paths:
        raise UsageError("no usage file given")
    return merge([read_usage_file(Path(p), fmt) for p in paths])


def read_usage_file(path: Path, fmt: UsageFormat | None = None) -> Usage:
    source = path.name
    try:
        _check_size(path)
        with path.open(encoding="utf-8-sig", newline="") as handle:
            start = handle.read(1024).lstrip()
            handle.seek(0)
            if start.startswith(("{", "[")):
                return _read_json(handle.read(), source, fmt)
            return _read_csv(handle, source, fmt)
    except OSError as exc:
        raise UsageError(f"{path}: cannot read usage file ({exc.strerror})") from None
    except UnicodeDecodeError:
        raise UsageError(f"{path.name}: not UTF-8 text (a JSON or CSV usage export)") from None


def _check_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise UsageError(
            f"{path.name}: {size / 2**20:,.0f} MB is over the {MAX_FILE_BYTES // 2**20} MB limit; "
            "aggregate it to hourly rows (timestamp,input_tokens,output_tokens) first"
        )


def _read_json(text: str, source: str, fmt: UsageFormat | None) -> Usage:
    if fmt == "csv":
        raise UsageError(f"{source}: a JSON file, not a CSV; use --format openai or litellm")
    whole, items = _json_values(text, source)
    if isinstance(whole, dict) and isinstance(whole.get("data"), list) and not openai_usage.is_page(whole):
        items = iter(whole["data"])  # /spend/logs/ui wraps rows in "data"
    first = next(items, None)
    items = itertools.chain([first], items) if first is not None else iter(())
    if fmt == "openai" or (fmt is None and openai_usage.is_page(first)):
        return openai_usage.read_pages(items, source)
    if fmt == "litellm" or (fmt is None and litellm_logs.looks_like_log(first)):
        return litellm_logs.read_records(items, source)
    raise UsageError(
        f'{source}: not a usage export xlcost reads (an OpenAI usage page with "object": "page", '
        "or LiteLLM spend logs with startTime and prompt_tokens)"
    )


def _json_values(text: str, source: str) -> tuple[object, Iterator[object]]:
    """The document (when it is one object) and its items decoded one at a time: the elements of a
    top-level array, the lines of JSON Lines, or the one object itself."""
    decoder = json.JSONDecoder(object_pairs_hook=refuse_duplicates)
    at = _after_space(text, 0)
    if text.startswith("[", at):
        return None, _array_items(text, at + 1, decoder, source)
    first, end = _decode(decoder, text, at, source)
    if _after_space(text, end) == len(text):
        return first, iter([first])
    return None, itertools.chain([first], _json_lines(text, end, decoder, source))


def _after_space(text: str, at: int) -> int:
    """Where the whitespace from ``at`` ends (``at`` itself when there is none)."""
    found = _SPACE.match(text, at)
    return found.end() if found else at


def _array_items(text: str, at: int, decoder: json.JSONDecoder, source: str) -> Iterator[object]:
    at = _after_space(text, at)
    if text.startswith("]", at):
        return
    while True:
        item, at = _decode(decoder, text, at, source)
        yield item
        at = _after_space(text, at)
        if text.startswith(",", at):
            at = _after_space(text, at + 1)
        elif text.startswith("]", at) and _after_space(text, at + 1) == len(text):
            return
        else:
            raise UsageError(f"{source}: not valid JSON: expected ',' or ']' (line {text.count(chr(10), 0, at) + 1})")


def _json_lines(text: str, at: int, decoder: json.JSONDecoder, source: str) -> Iterator[object]:
    """The records after the first of a JSON Lines file, one a line."""
    number = text.count("\n", 0, at) + 1
    for line in io.StringIO(text[at:]):
        if line.strip():
            yield _decode(decoder, line.strip(), 0, source, lines_before=number - 1)[0]
        number += 1


def _decode(decoder: json.JSONDecoder, text: str, at: int, source: str, lines_before: int = 0) -> tuple[object, int]:
    try:
        return decoder.raw_decode(text, at)
    except json.JSONDecodeError as exc:
        raise UsageError(f"{source}: not valid JSON: {exc.msg} (line {exc.lineno + lines_before})") from None
    except ValueError as exc:  # a key given twice in one object
        raise UsageError(f"{source}: {exc}; keep one") from None


def _read_csv(handle: io.TextIOBase, source: str, fmt: UsageFormat | None) -> Usage:
    if fmt == "openai":
        raise UsageError(f"{source}: a CSV file, but OpenAI usage exports are JSON pages")
    reader = csv.DictReader(handle)
    try:
        header = [name.strip() for name in reader.fieldnames or []]
    except csv.Error as exc:
        raise UsageError(f"{source} row 1: not valid CSV: {exc}") from None
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        raise UsageError(f"{source}: the header repeats the column {', '.join(repeated)}; keep one of each")
    reader.fieldnames = header
    is_log = all(name in header for name in litellm_logs.REQUIRED)
    is_plain = all(name in header for name in plain_csv.COLUMNS)
    if fmt is None:
        fmt = "litellm" if is_log else "csv" if is_plain else None
    if fmt is None or (fmt == "litellm" and not is_log) or (fmt == "csv" and not is_plain):
        wanted = ", ".join(litellm_logs.REQUIRED if fmt == "litellm" else plain_csv.COLUMNS)
        raise UsageError(f"{source}: the header needs the columns {wanted} (got {', '.join(header) or 'nothing'})")
    if fmt == "litellm":
        usage = litellm_logs.read_records(_rows(reader, source, len(header)), source, label="row")
        return usage.with_warnings(_misspelt(header, litellm_logs.READ, source, any_other=True))
    usage = plain_csv.read_rows(_rows(reader, source, len(header)), source)
    return usage.with_warnings(_misspelt(header, plain_csv.READ, source, any_other=False))


def _rows(reader: csv.DictReader[str], source: str, columns: int) -> Iterator[dict[str, str]]:
    try:
        for row in reader:
            if None in row or None in row.values():
                raise UsageError(f"{source} row {reader.line_num}: {columns} columns expected, the row differs")
            yield row
    except csv.Error as exc:
        raise UsageError(f"{source} row {reader.line_num}: not valid CSV: {exc}") from None


def _misspelt(header: Iterable[str], read: tuple[str, ...], source: str, *, any_other: bool) -> tuple[str, ...]:
    """A warning per column xlcost does not read: every one in a plain CSV, where each column is ours, and
    those close to one it reads in a spend-log export, whose other columns are LiteLLM's own."""
    warnings = []
    for name in header:
        if name in read:
            continue
        close = difflib.get_close_matches(name, read, n=1, cutoff=0.75)
        if close or not any_other:
            hint = f"; did you mean '{close[0]}'?" if close else f" (xlcost reads {', '.join(read)})"
            warnings.append(f"{source}: column '{name}' is not read{hint}")
    return tuple(warnings)
