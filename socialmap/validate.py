"""Checking JSON or form input field by field, collecting one message per field in the reader's language.

Used by the services of vacancies, activities and closures: each field is named in the answer
(`{"fields": {"title": "…"}}`), so an API client and a form can put the message next to it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from socialmap.i18n import _

SHORT_TEXT = 200  # titles, contact details, reasons
LONG_TEXT = 4000  # descriptions
MAX_DAYS_AHEAD = 366
_TIME = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


@dataclass
class ValidationFailed(Exception):
    """Input with problems: one message per field name, in the reader's language (web forms, the
    API's `fields`, the import)."""

    errors: dict[str, str]


class Checker:
    """Reads fields from `data` (a dict); a problem is kept in `errors` under the field's name."""

    def __init__(self, data: dict):
        self.data = data
        self.errors: dict[str, str] = {}

    def _raw(self, name: str):
        value = self.data.get(name)
        return value.strip() if isinstance(value, str) else value

    def text(self, name: str, limit: int, required: bool = True) -> str | None:
        value = self._raw(name)
        if value in (None, ""):
            if required:
                self.errors[name] = _("This is required.")
            return None
        if not isinstance(value, str):
            self.errors[name] = _("Give text.")
            return None
        if len(value) > limit:
            self.errors[name] = _("At most %(n)s characters (now %(length)s).", n=limit, length=len(value))
            return None
        return value

    def date(self, name: str, today: dt.date, required: bool = True) -> dt.date | None:
        """A date from today up to a year ahead, as 2026-12-24."""
        value = self._raw(name)
        if value in (None, ""):
            if required:
                self.errors[name] = _("This is required.")
            return None
        try:
            day = dt.date.fromisoformat(value) if isinstance(value, str) and len(value) == 10 else None
        except ValueError:
            day = None
        if day is None:
            self.errors[name] = _("Give a date as YYYY-MM-DD, for example 2026-12-24.")
        elif day < today:
            self.errors[name] = _("This date is in the past.")
        elif day > today + dt.timedelta(days=MAX_DAYS_AHEAD):
            self.errors[name] = _("At most a year ahead.")
        else:
            return day
        return None

    def time(self, name: str) -> dt.time | None:
        value = self._raw(name)
        match = _TIME.match(value) if isinstance(value, str) else None
        if value in (None, ""):
            self.errors[name] = _("This is required.")
        elif match is None:
            self.errors[name] = _("Give a time as HH:MM, for example 14:30.")
        else:
            return dt.time(int(match.group(1)), int(match.group(2)))
        return None

    def number(self, name: str, low: float, high: float) -> float | None:
        value = self._raw(name)
        if isinstance(value, str):
            try:
                value = float(value.replace(",", ".")) if len(value) <= 10 else None
            except ValueError:
                value = None
        if isinstance(value, bool) or not isinstance(value, int | float) or value != value:
            self.errors[name] = _("Give a number.") if self._raw(name) not in (None, "") else _("This is required.")
            return None
        if not low <= value <= high:
            self.errors[name] = _("Give a number from %(low)s to %(high)s.", low=f"{low:g}", high=f"{high:g}")
            return None
        return float(value)
