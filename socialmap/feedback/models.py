"""What residents send back about a service, and how often its page is read.

Privacy: a correction keeps what is wrong and, only if the resident gave one, an e-mail address to
reply to; the address is erased when the correction is handled. No IP address, no cookie, no
account. A page view is a counter per service per month, nothing about who looked.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialmap.catalogue.models import Service
from socialmap.clock import utcnow
from socialmap.extensions import db

MESSAGE_MAX = 2000
NOTE_MAX = 500
EMAIL_MAX = 200


class Correction(db.Model):
    """A resident's suggestion that something on a service page is wrong."""

    __tablename__ = "correction"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    message: Mapped[str] = mapped_column(Text)
    email: Mapped[str | None] = mapped_column(String(EMAIL_MAX))  # erased when handled
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    # Set when the municipality's editors were told (the organisation did not act within the period).
    escalated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    handled_at: Mapped[dt.datetime | None] = mapped_column(DateTime, index=True)
    handled_note: Mapped[str | None] = mapped_column(String(NOTE_MAX))

    service: Mapped[Service] = relationship()

    @property
    def is_open(self) -> bool:
        return self.handled_at is None


class PageView(db.Model):
    """How many times a service page was read in a month (the first day of the month)."""

    __tablename__ = "page_view"

    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    views: Mapped[int] = mapped_column(Integer, default=0)


__all__ = ["Correction", "PageView"]
