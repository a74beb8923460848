"""CSV files for spreadsheets set to Dutch: ";" between cells, a byte-order mark, and no formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

# A cell starting with one of these is read as a formula by Excel and LibreOffice: an organisation
# named =HYPERLINK("http://…") would become a live link, or worse, in a municipality's spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: object) -> object:
    """Text that a spreadsheet would run as a formula gets a leading ' so it shows as text; numbers stay."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def spreadsheet_csv(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # spreadsheets set to Dutch expect ";"
    writer.writerows([spreadsheet_cell(value) for value in row] for row in rows)
    # A byte-order mark makes Excel read the file as UTF-8 (ë, â).
    return "\ufeff" + buffer.getvalue()
