from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialmap.accounts.models import Team
from socialmap.catalogue.models import Service, utcnow
from socialmap.extensions import db
from socialmap.places.models import Place

OUTCOMES = ("helped", "partly", "escalated", "did_not_go", "unknown")
NO_PRODUCT = "none"  # prevention: front-line help chosen without an indicated-care product in view


class Referral(db.Model):
    """A team chose front-line help: which service, instead of which indicated-care product, for a
    household in which village, when, and (later) whether it worked. Nothing about the person."""

    __tablename__ = "referral"

    id: Mapped[int] = mapped_column(primary_key=True)
    service_id: Mapped[int] = mapped_column(ForeignKey("service.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    worker: Mapped[str] = mapped_column(String(12), index=True)  # pseudonymous worker id
    instead_of: Mapped[str] = mapped_column(String(40))  # indicated-care product code, or "none"
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"))  # the household's village
    decided_on: Mapped[dt.date] = mapped_column(Date, index=True)
    reason: Mapped[str | None] = mapped_column(String(40))  # a code from data/taxonomy/reasons.csv
    submission_key: Mapped[str] = mapped_column(String(64), unique=True)  # double clicks count once
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_on: Mapped[dt.date | None] = mapped_column(Date)

    service: Mapped[Service] = relationship()
    team: Mapped[Team] = relationship()
    place: Mapped[Place] = relationship()


class AuditEntry(db.Model):
    """Who looked at or exported reports, and with which filters."""

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
