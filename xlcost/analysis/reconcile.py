"""Check published or quoted figures against the core: recomputed value, difference, and the implied driver.

A claims file is a CSV of figures someone wrote down (a blog table, a vendor quote). Each row names an
option, a period and a workload; xlcost recomputes the figure with the same core as every other surface
and, for figures that scale with usage, solves for the daily users that would make the claim true.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from xlcost.core import money
from xlcost.core.catalog import Case, Catalog, default_catalog_dir, load_catalog
from xlcost.core.catalog.rows import Currency
from xlcost.core.pricing import Context, resolve
from xlcost.core.scenario import DEFAULT_CURRENCY, OptionSpec, Workload
from xlcost.errors import ScenarioError, XlcostError, describe_validation_error
from xlcost.io.csv_header import checked_header
from xlcost.limits import (
    MAX_AMOUNT,
    MAX_CLAIMS,
    MAX_CLAIMS_BYTES,
    MAX_COUNT,
    MAX_MONTHS,
    check_count,
    check_file_size,
)
from xlcost.progress import Progress, silent

DEFAULT_RELATIVE_TOLERANCE = 0.005
MAX_USERS = 1e12  # implied-driver search stops here
_MONTHS = re.compile(r"^\s*(\d{1,9})\s*(?:-\s*(\d{1,9}))?\s*$")
WORKLOAD_COLUMNS = ("users_per_day", "input_tokens_per_user_day", "output_tokens_per_user_day")


class Claim(BaseModel):
    """One figure to check. ``months`` is ``N`` (months 1..N) or ``A-B`` (say 13-24 for the second year)."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    label: str = Field(min_length=1)
    metric: Literal["cost", "upfront", "breakeven"] = "cost"
    option: str = Field(min_length=1)
    versus: str | None = None
    units: Annotated[float, Field(gt=0, le=MAX_COUNT, allow_inf_nan=False)] | None = None
    case: Case = "mid"
    months: str = "12"
    users_per_day: Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)] | None = None
    input_tokens_per_user_day: Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)] | None = None
    output_tokens_per_user_day: Annotated[float, Field(ge=0, le=MAX_COUNT, allow_inf_nan=False)] | None = None
    claimed: Annotated[float, Field(ge=-MAX_AMOUNT, le=MAX_AMOUNT, allow_inf_nan=False)]
    currency: Currency = DEFAULT_CURRENCY
    tolerance: Annotated[float, Field(ge=0, le=MAX_AMOUNT, allow_inf_nan=False)] | None = None
    source: str = ""

    @field_validator("months")
    @classmethod
    def _months(cls, value: str) -> str:
        m = _MONTHS.match(value)
        if not m or int(m.group(1)) < 1 or (m.group(2) and int(m.group(2)) < int(m.group(1))):
            raise ValueError("must be N (months 1..N) or A-B with 1 <= A <= B, e.g. 12 or 13-24")
        if int(m.group(2) or m.group(1)) > MAX_MONTHS:
            raise ValueError(f"must end by month {MAX_MONTHS}")
        return value.strip()

    @model_validator(mode="after")
    def _versus(self) -> Claim:
        if self.metric == "breakeven" and not self.versus:
            raise ValueError("a breakeven claim needs 'versus', the option it is compared with")
        return self

    @property
    def window(self) -> tuple[int, int]:
        m = _MONTHS.match(self.months)
        assert m is not None
        return (1, int(m.group(1))) if m.group(2) is None else (int(m.group(1)), int(m.group(2)))

    @property
    def allowed(self) -> float:
        return self.tolerance if self.tolerance is not None else abs(self.claimed) * DEFAULT_RELATIVE_TOLERANCE

    def workload(self, users: float | None = None) -> Workload:
        given = {c: getattr(self, c) for c in WORKLOAD_COLUMNS if getattr(self, c) is not None}
        if users is not None:
            given["users_per_day"] = users
        return Workload(**given, horizon_months=max(self.window[1], 1))


@dataclass(frozen=True)
class ClaimResult:
    line: int
    claim: Claim
    computed: float | None
    holds: bool
    implied_users: float | None
    basis: str

    @property
    def difference(self) -> float | None:
        return None if self.computed is None else self.claim.claimed - self.computed

    @property
    def percent(self) -> float | None:
        computed = self.computed
        if computed is None or computed == 0:
            return None
        return (self.claim.claimed - computed) / computed * 100

    def as_dict(self) -> dict[str, Any]:
        c = self.claim
        return {
            "line": self.line,
            "label": c.label,
            "metric": c.metric,
            "option": c.option,
            "versus": c.versus,
            "case": c.case,
            "first_month": c.window[0],  # numbers, not the claim's "13-24" text
            "last_month": c.window[1],
            "users_per_day": c.workload().users_per_day,
            "claimed": c.claimed,
            "computed": self.computed,
            "difference": self.difference,
            "percent": self.percent,
            "tolerance": c.allowed,
            "holds": self.holds,
            "implied_users_per_day": self.implied_users,
            "basis": self.basis,
            "currency": c.currency,
            "source": c.source,
        }


def builtin_claims() -> list[str]:
    """Names of the claims files shipped with xlcost (usable in place of a path, from any folder)."""
    return sorted(path.stem for path in (default_catalog_dir() / "claims").glob("*.csv"))


def locate_claims(source: Path | str) -> Path:
    """A claims file by path, or a built-in one by name (``seed-002``)."""
    path = Path(source)
    if path.exists():
        return path
    builtin = default_catalog_dir() / "claims" / f"{source}.csv"
    if builtin.is_file():
        return builtin
    raise ScenarioError(
        f"claims '{source}' not found: no such file, and not a built-in ({', '.join(builtin_claims())})"
    )


def read_claims(source: Path | str) -> list[tuple[int, Claim]]:
    """Claims (a file or a built-in name) with their CSV line numbers; any bad cell is named by line and column."""
    path = locate_claims(source)
    check_file_size(path, MAX_CLAIMS_BYTES, "claims file")
    try:
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            checked_header(reader.fieldnames, path.name, list(Claim.model_fields), error=ScenarioError)
            claims: list[tuple[int, Claim]] = []
            for raw in reader:
                line = reader.line_num  # the physical line, also after a quoted cell with line breaks
                if None in raw:
                    raise ScenarioError(f"{path.name} line {line}: more cells than header columns")
                cells = {k.strip(): v.strip() for k, v in raw.items() if k and v and v.strip()}
                if not cells:
                    continue
                check_count(len(claims) + 1, MAX_CLAIMS, "claims", path.name)
                try:
                    claims.append((line, Claim.model_validate(cells)))
                except ValidationError as exc:
                    where = f"{path.name} line {line}"
                    raise ScenarioError(describe_validation_error(exc, where=where, noun="column")) from None
    except OSError as exc:
        raise ScenarioError(f"{path}: cannot read claims file ({exc.strerror})") from None
    except (UnicodeDecodeError, csv.Error) as exc:
        raise ScenarioError(f"{path.name}: not a UTF-8 CSV file ({exc})") from None
    if not claims:
        raise ScenarioError(f"{path.name}: no claims (expected a header row and one claim per row)")
    return claims


def reconcile(
    claims: list[tuple[int, Claim]], catalog: Catalog | None = None, progress: Progress = silent
) -> list[ClaimResult]:
    catalog = catalog or load_catalog()
    results = []
    for done, (line, claim) in enumerate(claims):
        progress(f"claim {claim.label}", done, len(claims))
        results.append(_check(line, claim, catalog))
    return results


def _check(line: int, claim: Claim, catalog: Catalog) -> ClaimResult:
    try:
        computed, basis = _value(claim, claim.workload(), catalog)
        implied = None if claim.metric != "cost" else _implied_users(claim, catalog)
    except XlcostError as exc:
        return ClaimResult(line, claim, None, False, None, f"cannot compute: {exc}")
    holds = computed is not None and abs(claim.claimed - computed) <= claim.allowed
    if computed is None:
        basis = basis or "never breaks even within the period"
    return ClaimResult(line, claim, computed, holds, implied, basis)


def _value(claim: Claim, workload: Workload, catalog: Catalog) -> tuple[float | None, str]:
    context = Context(workload=workload, currency=claim.currency, case=claim.case)
    profile = resolve(OptionSpec(key=claim.option, units=claim.units), context, catalog)
    if claim.metric == "upfront":
        return profile.upfront, f"upfront {profile.upfront:,.2f}"
    if claim.metric == "breakeven":
        assert claim.versus  # Claim._versus requires it for a breakeven claim
        other = resolve(OptionSpec(key=claim.versus, units=claim.units), context, catalog)
        result = money.breakeven(profile, other, workload, max_months=claim.window[1])
        return result.month, result.reason
    first, last = claim.window
    # Closed form, not a schedule: the implied-users search prices each claim dozens of times.
    total = money.tco(profile, workload, last) - (money.tco(profile, workload, first - 1) if first > 1 else 0.0)
    upfront = profile.upfront if first == 1 else 0.0
    return total, f"upfront {upfront:,.2f} + running {total - upfront:,.2f} (months {first}-{last})"


def _implied_users(claim: Claim, catalog: Catalog) -> float | None:
    """Daily users that make the claim true, when the figure moves with users; None when it does not."""

    def cost(users: float) -> float:
        value, _ = _value(claim, claim.workload(users), catalog)
        return value or 0.0

    base_users = claim.workload().users_per_day or 1.0
    at_zero, at_base = cost(0.0), cost(base_users)
    if math.isclose(at_zero, at_base, rel_tol=1e-12, abs_tol=1e-9) or claim.claimed < at_zero:
        return None
    linear = (claim.claimed - at_zero) / (at_base - at_zero) * base_users
    if abs(cost(linear) - claim.claimed) <= max(claim.allowed, 1e-6 * abs(claim.claimed)):
        return linear
    low, high = 0.0, base_users
    while cost(high) < claim.claimed:
        if high > MAX_USERS:
            return None
        low, high = high, high * 2
    for _ in range(60):  # usage costs step with GPU counts: bisect on the core's own function
        mid = (low + high) / 2
        low, high = (mid, high) if cost(mid) < claim.claimed else (low, mid)
    return high
