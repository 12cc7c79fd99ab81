"""Hostile inputs for every file kind, generated on the fly: small files that try to make xlcost
run for minutes, exhaust memory, crash its printer, or lose data."""

from __future__ import annotations

import io
import json
import resource
import subprocess
import sys
import time
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from xlcost.workbook import layout as L

MEMORY_BYTES = 2 * 1024**3
SECONDS = 10.0


@dataclass(frozen=True)
class Run:
    code: int
    out: str
    err: str
    seconds: float


def _bounded() -> None:
    """In the child: at most 2 GB of address space, as a hostile file must not need more."""
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BYTES, MEMORY_BYTES))


def xlcost(*args: object, cwd: Path | None = None) -> Run:
    """Run the real CLI in a subprocess under the memory limit and the time limit."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "xlcost", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=SECONDS,
        preexec_fn=_bounded,
        cwd=cwd,
        check=False,
    )
    run = Run(done.returncode, done.stdout, done.stderr, time.perf_counter() - start)
    assert "Traceback" not in run.out + run.err, run.err
    assert run.seconds < SECONDS
    return run


def refused(run: Run, *words: str) -> str:
    """Exit 2 and exactly one line on stderr, ``error: ...`` naming ``words``, no raw terminal escape."""
    lines = run.err.strip().splitlines()
    assert run.code == 2, (run.code, run.err)
    assert len(lines) == 1 and lines[0].startswith("error: "), run.err
    assert "\x1b" not in run.err
    for word in words:
        assert word in lines[0], (word, lines[0])
    return lines[0]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def yaml_alias_bomb(levels: int = 9, fan_out: int = 9) -> str:
    """About 1 KB of YAML whose aliases expand to fan_out ** levels values."""
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(fan_out))}]")
    return "\n".join(lines) + "\n"


def genai_alias_bomb() -> str:
    """A genai-prices provider file whose model list is an alias bomb."""
    return yaml_alias_bomb() + "id: acme\nname: Acme\nmodels: *a9\n"


def nested_json(depth: int) -> str:
    return '{"options": ' + "[" * depth + "]" * depth + "}"


def nested_yaml(depth: int) -> str:
    return "options: " + "[" * depth + "]" * depth + "\n"


def genai_provider(models: Sequence[object]) -> str:
    return json.dumps({"id": "acme", "name": "Acme", "models": models})


def genai_models(count: int, prefix: str = "model") -> list[dict[str, Any]]:
    return [{"id": f"{prefix}-{i}", "prices": {"input_mtok": 1.0 + i % 7, "output_mtok": 2.0}} for i in range(count)]


def litellm_file(path: Path, model: str, count: int = 1) -> Path:
    """A LiteLLM file of ``count`` chat models named after ``model`` (just ``model`` when there is one)."""
    entry = {"input_cost_per_token": 1e-06, "output_cost_per_token": 2e-06, "litellm_provider": "acme", "mode": "chat"}
    names = [model] if count == 1 else [f"{model}-{i}" for i in range(count)]
    return write(path, json.dumps(dict.fromkeys(names, entry)))


def claims_csv(rows: list[str]) -> str:
    return "label,option,claimed,months\n" + "".join(f"{row}\n" for row in rows)


def with_cover_scenario(source: Path, target: Path, scenario: dict[str, Any]) -> Path:
    """A generated workbook whose Cover holds another scenario (as an edited or forged copy would)."""
    wb = openpyxl.load_workbook(source)
    wb[L.COVER].cell(L.COVER_ROWS["scenario_json"], L.COVER_VALUE_COL).value = json.dumps(scenario)
    wb.save(target)
    return target


def many_cells(path: Path, cells: int, per_row: int = 25) -> Path:
    """A small, well-compressed workbook with ``cells`` numbers on one sheet (its XML written directly: fast)."""
    openpyxl.Workbook().save(path)
    rows = "".join(
        f'<row r="{r}">' + "".join(f"<c><v>{r + c}</v></c>" for c in range(per_row)) + "</row>"
        for r in range(1, cells // per_row + 2)
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{rows}</sheetData></worksheet>"
    )
    data = path.read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            part = item.filename
            dst.writestr(part, sheet if part == "xl/worksheets/sheet1.xml" else src.read(part))
    return path


def without_part(source: Path, target: Path, part: str) -> Path:
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != part:
                dst.writestr(item, src.read(item.filename))
    return target


def renamed_local_header(source: Path, target: Path, part: str, forged: str) -> Path:
    """A package whose local header names ``forged`` where the central directory says ``part``."""
    assert len(part) == len(forged)
    data = bytearray(source.read_bytes())
    local = data.find(b"PK\x03\x04")
    while local != -1:
        name_len = int.from_bytes(data[local + 26 : local + 28], "little")
        if data[local + 30 : local + 30 + name_len] == part.encode():
            data[local + 30 : local + 30 + name_len] = forged.encode()
            break
        local = data.find(b"PK\x03\x04", local + 4)
    target.write_bytes(bytes(data))
    return target
