from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, Date, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialmap.accounts.models import Team
from socialmap.catalogue.models import Service, utcnow
from socialmap.extensions import db
from socialmap.i18n import _l
from socialmap.places.models import Place

OUTCOMES = ("helped", "partly", "escalated", "did_not_go", "unknown")
NO_PRODUCT = "none"  # prevention: front-line help chosen without an indicated-care product in view

# What a team decided. Only front_line replaces indicated care: bridging (help while waiting for it)
# and step_down (help after it ends) are reported beside the substitution share, never inside it,
# and indicated_care (escalated: no suitable front-line option) is its denominator.
DECISIONS = {
    "front_line": _l("front-line help instead of indicated care"),
    "prevention": _l("prevention (no indicated care in view)"),
    "bridging": _l("front-line help while waiting for indicated care"),
    "step_down": _l("front-line help after indicated care ends"),
    "indicated_care": _l("indicated care: no suitable front-line option"),
}
FRONT_LINE, PREVENTION, ESCALATED = "front_line", "prevention", "indicated_care"
HELP_DECISIONS = ("front_line", "prevention", "bridging", "step_down")  # a front-line service was chosen
# Why a team escalated. The first two say the lower tiers have a gap in that village (coverage map).
ESCALATION_REASONS = {
    "none_nearby": _l("no front-line option nearby"),
    "full_or_waiting_list": _l("front-line option full or waiting list"),
    "not_suitable": _l("front-line options not suitable for this household"),
    "declined": _l("household declined front-line help"),
}
GAP_REASONS = ("none_nearby", "full_or_waiting_list")


def default_decision(instead_of: str) -> str:
    """What a client that sends no decision means: how every referral was read before decisions had types."""
    return PREVENTION if instead_of == NO_PRODUCT else FRONT_LINE


class Referral(db.Model):
    """A team's stepped-care decision: front-line help (which service, instead of, while waiting for or
    after which indicated-care product) or escalation to indicated care (which product, why), for a
    household in which village, when, and (later) whether the help worked. Nothing about the person."""

    __tablename__ = "referral"
    # A retried or double-clicked submission counts once, but only for the same worker: another team's
    # professional who happens to send the same key records their own decision.
    __table_args__ = (UniqueConstraint("worker", "submission_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # A key of DECISIONS; left out, it is read from instead_of as before decisions had types.
    decision: Mapped[str] = mapped_column(
        String(20), default=lambda context: default_decision(context.get_current_parameters()["instead_of"]))
    # NULL only for an escalation: no front-line service was chosen.
    service_id: Mapped[int | None] = mapped_column(ForeignKey("service.id"), index=True)
    team_id: Mapped[int] = mapped_column(ForeignKey("team.id"), index=True)
    worker: Mapped[str] = mapped_column(String(12), index=True)  # keyed pseudonym (referrals.pseudonyms)
    instead_of: Mapped[str] = mapped_column(String(40))  # indicated-care product code, or "none"
    place_id: Mapped[int] = mapped_column(ForeignKey("place.id"))  # the household's village
    decided_on: Mapped[dt.date] = mapped_column(Date, index=True)
    # Front-line help: a code from data/taxonomy/reasons.csv; an escalation: a key of ESCALATION_REASONS.
    reason: Mapped[str | None] = mapped_column(String(40))
    # HMAC of the worker and the client's key (hex), never the key itself: it may be a case number.
    submission_key: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    outcome: Mapped[str | None] = mapped_column(String(20))
    outcome_on: Mapped[dt.date | None] = mapped_column(Date)

    service: Mapped[Service | None] = relationship()
    team: Mapped[Team] = relationship()
    place: Mapped[Place] = relationship()


class AuditEntry(db.Model):
    """Who looked at or exported reports, and with which filters.

    The actor is written into the entry itself (keyed pseudonym and role), so the log still says who
    exported after the account is deleted and user_id became NULL. A pseudonym rather than an e-mail
    address: the log holds no personal data, yet whoever holds PSEUDONYM_KEY can tie it to an account.
    """

    __tablename__ = "audit_entry"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), index=True)
    actor: Mapped[str | None] = mapped_column(String(12), index=True)  # NULL only for entries older than 0004
    actor_role: Mapped[str | None] = mapped_column(String(30))
    action: Mapped[str] = mapped_column(String(40))
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, index=True)
