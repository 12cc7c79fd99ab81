"""Write workbooks/functions-sample.xlsx: every xlcost Excel function in use, beside the seed figure it must match.

Run: python workbooks/build_functions_sample.py [path] [--force]
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from openpyxl import Workbook
from openpyxl.worksheet.formula import ArrayFormula

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # this checkout's xlcost, installed or not
from xlcost.core.catalog import load_catalog

DEFAULT_PATH = Path(__file__).with_name("functions-sample.xlsx")
RENTAL_COLUMNS = ["id", "kind", "on_demand_hourly", "reserved_monthly", "currency", "unit", "source", "as_of", "notes"]

#: (what it shows, formula, seed figure, where the figure comes from)
CHECKS = [
    ("API low-cost, 1 month", '=TCO("api:deepseek-v4-flash",1)', 98.4, "seed 002 §2 monthly API estimate"),
    ("API Qwen-Plus, 36 months", '=TCO("api:qwen-plus",36)', 15552, "seed 002 §2 (432 per month x 36)"),
    ("Rent 1 x A100, 12 months", '=TCO("rent:a100-80g",12,,,,1)', 78000, "seed 002 §3 (6,500 per month x 12)"),
    ("Buy vs rent A100, breakeven month", '=BREAKEVEN("buy:a100-80g","rent:a100-80g",,,,1)', 15.38, "seed 002 §4"),
    ("Buy vs rent H100, breakeven month", '=BREAKEVEN("buy:h100-80g","rent:h100-80g",,,,1)', 19.13, "seed 002 §4"),
    ("Buy vs rent H200, breakeven month", '=BREAKEVEN("buy:h200-141g","rent:h200-141g",,,,1)', 20.0, "seed 002 §4"),
    ("Qwen-Plus cost per 1M tokens", '=UNITCOST("api:qwen-plus")', None, "core"),
    ("GPUs for 100,000 users on A100", '=GPUS("a100-80g",100000)', None, "core"),
    ("3,000 daily users", "=RECOMMEND(3000)", "API", "seed 002 §6"),
    (
        "100,000 users, sensitive data",
        "=RECOMMEND(100000,36,TRUE,FALSE)",
        "Cloud GPU rental",
        "seed 002 C: rental cheapest in 3 years",
    ),
    ("20,000 users, latency-sensitive", "=RECOMMEND(20000,36,FALSE,FALSE,TRUE)", "Cloud GPU rental", "seed 002 §6"),
    ("Never breaks even", '=IFNA(BREAKEVEN("api:qwen-plus","rent:a100-80g"),"never")', "never", "core"),
    ("Rent from the price row below", "=TCO(A25:I26,12,,,,1)", 78000, "the row in A25:I26"),
    ("Rent from the field/value range below", "=TCO(A29:B31,12,,,,1)", None, "the range A29:B31"),
]
SENSITIVITY_USERS = [1000, 5000, 10000, 50000, 100000]


def build(path: Path = DEFAULT_PATH, *, force: bool = False) -> Path:
    """Write the sample workbook atomically; refuse to overwrite unless ``force``."""
    if path.exists() and not force:
        raise FileExistsError(f"{path} exists; pass --force to replace it")
    wb = Workbook()
    ws = wb.active
    ws.title = "Functions"
    ws["A1"] = "xlcost Excel functions: each formula beside the seed figure it must match"
    ws["A2"] = "Needs the xlcost functions (README, section 'Excel functions'). Amounts in CNY."
    ws.append([])
    ws.append(["What", "Formula result", "Seed figure", "Check", "Source"])
    for what, formula, seed, source in CHECKS:
        ws.append([what, formula, seed, None, source])
        row = ws.max_row
        if isinstance(seed, int | float):
            ws.cell(row, 4, f"=ROUND(B{row},2)=C{row}")
        elif seed is not None:
            ws.cell(row, 4, f"=B{row}=C{row}")
    _price_ranges(ws)
    _sensitivity(ws)
    _details(ws)
    ws.column_dimensions["A"].width = 38
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["E"].width = 40
    with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".xlsx", delete=False) as tmp:
        wb.save(tmp.name)
    os.replace(tmp.name, path)
    return path


def _price_ranges(ws) -> None:
    row = load_catalog().table("gpu_rental.csv")["a100-80g"]
    ws["A24"] = "A price row copied from the Prices sheet (gpu_rental.csv):"
    for col, name in enumerate(RENTAL_COLUMNS, start=1):
        ws.cell(25, col, name)
        value = getattr(row, name)
        ws.cell(26, col, value.isoformat() if name == "as_of" else value)
    ws["A28"] = "The same option as field / value pairs (a quote at 6,000 per GPU-month):"
    for offset, (field, value) in enumerate([("kind", "rent"), ("reserved_monthly", 6000), ("currency", "CNY")]):
        ws.cell(29 + offset, 1, field)
        ws.cell(29 + offset, 2, value)


def _sensitivity(ws) -> None:
    ws["A34"] = "Sensitivity: one call per column prices every row"
    for col, header in enumerate(["Daily users", "API Qwen-Plus 36 m", "Rent A100 36 m", "Recommended"], start=1):
        ws.cell(35, col, header)
    first, last = 36, 35 + len(SENSITIVITY_USERS)
    for offset, users in enumerate(SENSITIVITY_USERS):
        ws.cell(first + offset, 1, users)
    users = f"A{first}:A{last}"
    for col, formula in (
        ("B", f'=TCO("api:qwen-plus",36,{users})'),
        ("C", f'=TCO("rent:a100-80g",36,{users})'),
        ("D", f"=RECOMMEND({users})"),
    ):
        ws[f"{col}{first}"] = ArrayFormula(f"{col}{first}:{col}{last}", formula)


def _details(ws) -> None:
    ws["A43"] = "RECOMMEND with detail (30,000 daily users):"
    ws["A44"] = ArrayFormula("A44:F47", "=RECOMMEND(30000,36,FALSE,FALSE,FALSE,FALSE,TRUE)")
    ws["A49"] = "GPUS with detail (100,000 daily users on H100):"
    ws["A50"] = ArrayFormula("A50:B50", '=GPUS("h100-80g",100000,,,,,TRUE)')


if __name__ == "__main__":
    target = Path(next((a for a in sys.argv[1:] if not a.startswith("--")), DEFAULT_PATH))
    print(build(target, force="--force" in sys.argv))
