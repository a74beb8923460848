"""One-off activities and closures of a service; both are dated, unlike its weekly opening hours."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Date, DateTime, ForeignKey, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialmap.catalogue.models import Service
from socialmap.clock import utcnow
from socialmap.extensions import db


class Activity(db.Model):
    """Something that happens once: a bingo afternoon, a repair café on a Saturday."""

    __tablename__ = "activity"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    date: Mapped[dt.date] = mapped_column(Date, index=True)
    opens: Mapped[dt.time] = mapped_column(Time)
    closes: Mapped[dt.time] = mapped_column(Time)
    description_nl: Mapped[str | None] = mapped_column(Text)
    description_fy: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str | None] = mapped_column(String(40))  # "demo": replaced by every `socialmap demo`
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    service: Mapped[Service] = relationship()

    def description(self, language: str) -> tuple[str, str]:
        if language == "fy" and self.description_fy:
            return self.description_fy, "fy"
        return self.description_nl or "", "nl"


class Closure(db.Model):
    """The service is closed from `starts_on` to `ends_on`, both inclusive, whatever its opening hours say."""

    __tablename__ = "closure"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    starts_on: Mapped[dt.date] = mapped_column(Date)
    ends_on: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    service: Mapped[Service] = relationship()

    def covers(self, day: dt.date) -> bool:
        return self.starts_on <= day <= self.ends_on
