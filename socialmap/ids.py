"""Record ids that come from outside (paths, JSON, forms), checked against the database's range.

Primary keys are 32-bit integers on PostgreSQL; a larger number is not "not found" there but a
database error (and SQLite overflows past 2**63). So an id beyond the range is refused before any
query: 404 in a path (the `int` URL converter below replaces Werkzeug's for every route) and 400
naming the field in JSON or a form (`read_id`).
"""

from __future__ import annotations

from werkzeug.exceptions import NotFound
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1


class IdConverter(IntegerConverter):
    """`<int:…>` for ids: ASCII digits only; a number beyond MAX_ID is 404 for every method."""

    regex = r"[0-9]+"

    def to_python(self, value: str) -> int:
        # NotFound, not Werkzeug's ValidationError: that would turn a PATCH to a too large id into
        # 405 (the GET rule for the same path counts as a match). Length first: Python refuses to
        # convert more than 4,300 digits.
        digits = value.lstrip("0") or "0"
        if len(digits) > len(str(MAX_ID)) or int(digits) > MAX_ID:
            raise NotFound()
        return int(digits)


def read_id(value: object) -> int | None:
    """An id from JSON or a form: a whole number from 1 to MAX_ID (also as digits), else None."""
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit() and len(value.strip()) <= 10:
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 1 <= value <= MAX_ID else None
