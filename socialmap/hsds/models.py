"""Services from a plain HSDS package (without our profile), waiting for a municipal editor.

Such a service has no kind, tier or themes of ours, so it cannot be a catalogue service yet; it is
kept whole (every row that belongs to it, unknown taxonomies included) with the problems found in
it, and residents do not see it until an editor classifies it.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from socialmap.clock import utcnow
from socialmap.extensions import db


class HsdsDraft(db.Model):
    __tablename__ = "hsds_draft"
    __table_args__ = (UniqueConstraint("source", "hsds_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(100))
    hsds_id: Mapped[str] = mapped_column(String(100))  # the service's id in the package
    name: Mapped[str] = mapped_column(String(300))
    # The municipality of its location's village, when one was recognised: whose editors classify it.
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    data: Mapped[dict] = mapped_column(JSON)  # every row of the package that belongs to the service
    problems: Mapped[list] = mapped_column(JSON)  # "locations.csv line 2, column latitude: …"
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
