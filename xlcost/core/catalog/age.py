"""When a catalog row's price is stale: one rule for the audit, ``prices list --stale``, ``tco`` and ``generate``."""

from __future__ import annotations

import datetime as dt

#: Prices whose as-of date is older than this many days are stale.
DEFAULT_MAX_AGE_DAYS = 180


def age_days(as_of: dt.date, today: dt.date) -> int:
    """Days from a row's as-of date to ``today``."""
    return (today - as_of).days


def is_stale(as_of: dt.date, today: dt.date, max_age_days: int) -> bool:
    """Older than ``max_age_days`` at ``today``; a row exactly that old is still current."""
    return age_days(as_of, today) > max_age_days
