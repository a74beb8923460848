"""The current date, in one place, so that tests can move the clock (freshness, follow-ups)."""

from __future__ import annotations

import datetime as dt


def today() -> dt.date:
    return dt.date.today()


def utcnow() -> dt.datetime:
    """Naive UTC, as every `*_at` column stores it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)
