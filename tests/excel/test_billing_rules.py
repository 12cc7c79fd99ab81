"""=TCO on an API row with billing rules: a request past the long-context threshold and a per-request fee.

A per-request sheet prices new token counts on every call. A row billed by the request cannot be scaled
from token counts alone, so the answer must still be the vendor's bill, worked out here by hand.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.catalogs import add_api_row
from xlcost import udfs
from xlcost.excel import setting

_: None = None  # a skipped argument, as in =TCO("api:x",12,100,,,...)
USERS, MONTHS, DAYS = 100, 12, 30
FEE = 0.002  # USD a request; one request a user a day (the functions' default)


@pytest.fixture
def tiered(catalog_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    key = add_api_row(
        catalog_copy, "tiered", long_context_above=200_000, long_context_input_per_mtok=6,
        long_context_output_per_mtok=22.5, per_request=FEE,
    )  # fmt: skip
    monkeypatch.setenv(setting.CATALOG_VARIABLE, str(catalog_copy))
    monkeypatch.setattr(setting._Reading, "next_check", 0.0)
    yield key
    setting._Reading.next_check = 0.0  # the next test reads its own setting


@pytest.mark.parametrize(
    ("tokens_in", "tokens_out", "input_price", "output_price"),
    [(1_000, 500, 3, 15), (200_000, 500, 3, 15), (250_000, 500, 6, 22.5), (1_000, 500, 3, 15)],
)
def test_each_request_shape_is_billed_at_its_tier_with_the_fee(
    tiered: str, tokens_in: int, tokens_out: int, input_price: float, output_price: float
) -> None:
    per_user_day = (tokens_in * input_price + tokens_out * output_price) / 1e6 + FEE
    tco = udfs.TCO(tiered, MONTHS, USERS, tokens_in, tokens_out, _, _, _, _, "USD")
    assert tco == pytest.approx(MONTHS * DAYS * USERS * per_user_day, rel=1e-12)
