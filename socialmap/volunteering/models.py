"""A volunteer vacancy of an organisation, in one village or for a service area."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, Date, DateTime, Float, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialmap.catalogue.models import Organization
from socialmap.clock import utcnow
from socialmap.extensions import db
from socialmap.places.models import Municipality, Place

# The villages a vacancy is for when it is not one village (a service area).
vacancy_area_place = Table(
    "vacancy_area_place",
    db.metadata,
    Column("vacancy_id", ForeignKey("vacancy.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", ForeignKey("place.id"), primary_key=True, index=True),
)


class Vacancy(db.Model):
    """Shown to residents from creation until `expires_on` (inclusive) unless the organisation ends it."""

    __tablename__ = "vacancy"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    description_nl: Mapped[str] = mapped_column(Text)
    description_fy: Mapped[str | None] = mapped_column(Text)
    # One village, or a service area: some villages and/or a whole municipality.
    place_id: Mapped[int | None] = mapped_column(ForeignKey("place.id"), index=True)
    area_municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    hours_per_week: Mapped[float] = mapped_column(Float)
    contact: Mapped[str] = mapped_column(String(200))
    expires_on: Mapped[dt.date] = mapped_column(Date, index=True)
    ended_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # "demo" for the demo catalogue's vacancies, which `socialmap demo` replaces on every load.
    source: Mapped[str | None] = mapped_column(String(40))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    organization: Mapped[Organization] = relationship()
    place: Mapped[Place | None] = relationship()
    area_places: Mapped[list[Place]] = relationship(secondary=vacancy_area_place, order_by=Place.name_nl)
    area_municipality: Mapped[Municipality | None] = relationship()

    def description(self, language: str) -> tuple[str, str]:
        """(text, language used): Frisian when written and asked for, else Dutch."""
        if language == "fy" and self.description_fy:
            return self.description_fy, "fy"
        return self.description_nl, "nl"

    def is_current(self, today: dt.date) -> bool:
        return self.ended_at is None and self.expires_on >= today

    def __repr__(self) -> str:
        return f"<Vacancy {self.id} {self.title!r}>"
