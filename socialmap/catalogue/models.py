"""The catalogue, named after Open Referral HSDS 3 where its names fit.

HSDS mapping: Organization → organization, Service → service, Location → location plus
service_at_location, Schedule → schedule, TaxonomyTerm → taxonomy_term (its vocabulary is
the taxonomy), the theme/audience tables → attribute, service areas → service_area.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialmap.clock import utcnow
from socialmap.extensions import db
from socialmap.places.models import Municipality, Place

CAPACITY_STATES = ("available", "full", "waitlist")
# Dutch weekday abbreviations of the import format, Monday first (= date.weekday()).
WEEKDAY_CODES = ("ma", "di", "wo", "do", "vr", "za", "zo")
# The Frisian ones (moandei tiisdei woansdei tongersdei freed sneon snein). Careful: "so" is sneon,
# SATURDAY, while Dutch "zo" is Sunday; see catalogue.importer.parse_schedule for when it is read.
FRISIAN_WEEKDAY_CODES = ("mo", "ti", "wo", "to", "fr", "so", "si")


class TaxonomyTerm(db.Model):
    """One code of a vocabulary (theme, audience, kind, cost, product, reason, outcome)."""

    __tablename__ = "taxonomy_term"
    __table_args__ = (UniqueConstraint("vocabulary", "code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    vocabulary: Mapped[str] = mapped_column(String(20), index=True)
    code: Mapped[str] = mapped_column(String(40))
    label_nl: Mapped[str] = mapped_column(String(200))
    label_fy: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(Integer, default=0)

    def label(self, language: str) -> str:
        return getattr(self, f"label_{language}", None) or self.label_nl

    def __repr__(self) -> str:
        return f"<TaxonomyTerm {self.vocabulary}:{self.code}>"


class Tier(db.Model):
    """A step of the common 1–5 scale; 1–4 are front-line tiers, 5 is indicated care."""

    __tablename__ = "tier"

    level: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    label_nl: Mapped[str] = mapped_column(String(200))
    label_fy: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))
    description_nl: Mapped[str] = mapped_column(Text, default="")
    description_fy: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")

    def label(self, language: str) -> str:
        return getattr(self, f"label_{language}", None) or self.label_nl


class TierLabel(db.Model):
    """A municipality's own name for a tier (Borger-Odoorn's rainbow arcs, Bronckhorst's 'lijnen')."""

    __tablename__ = "tier_label"
    __table_args__ = (UniqueConstraint("municipality_id", "level"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(ForeignKey("municipality.id"))
    level: Mapped[int] = mapped_column(ForeignKey("tier.level"))
    label_nl: Mapped[str] = mapped_column(String(200))
    label_fy: Mapped[str] = mapped_column(String(200))
    label_en: Mapped[str] = mapped_column(String(200))


class Organization(db.Model):
    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    description: Mapped[str] = mapped_column(Text, default="")
    website: Mapped[str | None] = mapped_column(String(300))
    email: Mapped[str | None] = mapped_column(String(200))
    phone: Mapped[str | None] = mapped_column(String(40))
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"), index=True)
    # Organisation accounts (next issue) start untrusted; their edits wait for review.
    status: Mapped[str] = mapped_column(String(20), default="active")
    is_trusted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality | None] = relationship()
    services: Mapped[list[Service]] = relationship(back_populates="organization")


service_theme = Table(
    "service_theme",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id"), primary_key=True, index=True),
)
service_audience = Table(
    "service_audience",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id"), primary_key=True, index=True),
)
# The indicated-care products (level 5) a front-line service can stand in for.
service_alternative = Table(
    "service_alternative",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id"), primary_key=True, index=True),
)
# What a resident needs to act (issue 16): how to get in, the languages spoken, accessibility.
service_application_process = Table(
    "service_application_process",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id"), primary_key=True, index=True),
)
service_language = Table(
    "service_language",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id"), primary_key=True, index=True),
)
service_accessibility = Table(
    "service_accessibility",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("term_id", ForeignKey("taxonomy_term.id"), primary_key=True, index=True),
)
# Service area: the villages a service serves, wherever its office is.
service_area_place = Table(
    "service_area_place",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("place_id", ForeignKey("place.id"), primary_key=True, index=True),
)
# A whole municipality as service area ("*" in the import), without listing every hamlet.
service_area_municipality = Table(
    "service_area_municipality",
    db.metadata,
    Column("service_id", ForeignKey("service.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", ForeignKey("municipality.id"), primary_key=True, index=True),
)


class Service(db.Model):
    __tablename__ = "service"
    __table_args__ = (UniqueConstraint("source", "external_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    source: Mapped[str] = mapped_column(String(40), default="import")
    external_id: Mapped[str | None] = mapped_column(String(100))
    name_nl: Mapped[str] = mapped_column(String(200))
    name_fy: Mapped[str | None] = mapped_column(String(200))
    name_en: Mapped[str | None] = mapped_column(String(200))
    description_nl: Mapped[str] = mapped_column(Text)
    description_fy: Mapped[str | None] = mapped_column(Text)
    description_en: Mapped[str | None] = mapped_column(Text)
    kind_id: Mapped[int] = mapped_column(ForeignKey("taxonomy_term.id"), index=True)
    tier_level: Mapped[int] = mapped_column(ForeignKey("tier.level"), index=True)
    cost_id: Mapped[int | None] = mapped_column(ForeignKey("taxonomy_term.id"))
    status: Mapped[str] = mapped_column(String(10), default="active", index=True)
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(200))
    website: Mapped[str | None] = mapped_column(String(300))
    assured_at: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    # Capacity as the organisation reports it: available / full / waitlist, and since when.
    capacity: Mapped[str | None] = mapped_column(String(12))
    capacity_date: Mapped[dt.date | None] = mapped_column(Date)
    # How to get in, in the organisation's words (besides the codes of `application_process`).
    application_process_nl: Mapped[str | None] = mapped_column(String(300))
    application_process_fy: Mapped[str | None] = mapped_column(String(300))
    application_process_en: Mapped[str | None] = mapped_column(String(300))
    reminder_sent_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    # SQLAlchemy bumps `version` on every UPDATE and refuses a stale one: optimistic locking.
    __mapper_args__ = {"version_id_col": version}

    organization: Mapped[Organization] = relationship(back_populates="services")
    kind: Mapped[TaxonomyTerm] = relationship(foreign_keys=[kind_id])
    cost: Mapped[TaxonomyTerm | None] = relationship(foreign_keys=[cost_id])
    tier: Mapped[Tier] = relationship()
    themes: Mapped[list[TaxonomyTerm]] = relationship(secondary=service_theme, order_by=TaxonomyTerm.position)
    audiences: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=service_audience, order_by=TaxonomyTerm.position
    )
    alternatives_for: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=service_alternative, order_by=TaxonomyTerm.position
    )
    application_process: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=service_application_process, order_by=TaxonomyTerm.position
    )
    languages: Mapped[list[TaxonomyTerm]] = relationship(secondary=service_language, order_by=TaxonomyTerm.position)
    accessibility: Mapped[list[TaxonomyTerm]] = relationship(
        secondary=service_accessibility, order_by=TaxonomyTerm.position
    )
    area_places: Mapped[list[Place]] = relationship(secondary=service_area_place, order_by=Place.name_nl)
    area_municipalities: Mapped[list[Municipality]] = relationship(secondary=service_area_municipality)
    locations: Mapped[list[Location]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Location.id"
    )

    def name(self, language: str) -> str:
        return getattr(self, f"name_{language}", None) or self.name_nl

    @property
    def is_visible(self) -> bool:
        """Published for residents: active, not deleted, and its organisation approved."""
        return self.status == "active" and self.deleted_at is None and self.organization.status == "active"

    def __repr__(self) -> str:
        return f"<Service {self.id} {self.name_nl!r}>"


class Location(db.Model):
    """Where a service is offered; a service can have several."""

    __tablename__ = "location"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    name: Mapped[str | None] = mapped_column(String(200))
    address: Mapped[str | None] = mapped_column(String(200))
    postcode: Mapped[str | None] = mapped_column(String(7))
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"), index=True)
    latitude: Mapped[float] = mapped_column(Float, index=True)
    longitude: Mapped[float] = mapped_column(Float, index=True)
    # The village's point (or its part of a postcode area), not the address's: pages say so.
    approximate: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    service: Mapped[Service] = relationship(back_populates="locations")
    place: Mapped[Place] = relationship()
    schedules: Mapped[list[Schedule]] = relationship(
        back_populates="location",
        cascade="all, delete-orphan",
        order_by="(Schedule.weekday, Schedule.opens_at)",
    )


class Schedule(db.Model):
    """Opening hours of a location on one weekday; a day may have several rows."""

    __tablename__ = "schedule"

    id: Mapped[int] = mapped_column(primary_key=True)
    location_id: Mapped[int] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"), index=True)
    weekday: Mapped[int] = mapped_column(Integer)
    opens_at: Mapped[dt.time] = mapped_column(Time)
    closes_at: Mapped[dt.time] = mapped_column(Time)
    note: Mapped[str | None] = mapped_column(String(200))

    location: Mapped[Location] = relationship(back_populates="schedules")

    def is_open_at(self, moment: dt.datetime) -> bool:
        return moment.weekday() == self.weekday and self.opens_at <= moment.time() < self.closes_at


class Revision(db.Model):
    """One change to a service: who, when, which fields (old and new), and the full state after."""

    __tablename__ = "revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
    action: Mapped[str] = mapped_column(String(20))
    changes: Mapped[dict] = mapped_column(JSON, default=dict)
    state: Mapped[dict] = mapped_column(JSON, default=dict)

    service: Mapped[Service] = relationship()
    user: Mapped[object | None] = relationship("User")


class ChangeRequest(db.Model):
    """An edit by a not-yet-trusted organisation, waiting for a municipal editor.

    `state` is {"proposed": {field: value}, "base": {field: value it replaces}} for an edit (only the
    changed fields), or a whole row for a new service (and for edits saved before issue #14)."""

    __tablename__ = "change_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    status: Mapped[str] = mapped_column(String(10), default="pending", index=True)
    state: Mapped[dict] = mapped_column(JSON)
    base_version: Mapped[int | None] = mapped_column(Integer)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    message: Mapped[str | None] = mapped_column(Text)
    # The author's page language when they saved: the decision is mailed in it.
    language: Mapped[str | None] = mapped_column(String(5))
    # Further edits of the same service amend the waiting request instead of adding one.
    updated_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    organization: Mapped[Organization] = relationship()
    service: Mapped[Service | None] = relationship()
    user: Mapped[object | None] = relationship("User", foreign_keys=[user_id])
    reviewer: Mapped[object | None] = relationship("User", foreign_keys=[reviewer_id])


class ReferenceVersion(db.Model):
    """One row (id 1): raised whenever reference data is loaded, so that every process notices and
    clears its caches (socialmap/reference.py)."""

    __tablename__ = "reference_version"

    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
