from __future__ import annotations

import datetime as dt
import enum
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialmap.accounts.pseudonyms import worker_pseudonym
from socialmap.clock import utcnow
from socialmap.extensions import db
from socialmap.i18n import _l
from socialmap.places.models import Municipality

if TYPE_CHECKING:  # accounts sit below the catalogue: the relationship names Organization by its name
    from socialmap.catalogue.models import Organization


class Role(enum.StrEnum):
    ORGANISATION_EDITOR = "organisation_editor"
    PROFESSIONAL = "professional"
    MUNICIPAL_EDITOR = "municipal_editor"
    ADMIN = "admin"

    @property
    def title(self) -> str:
        return str(ROLE_TITLES[self])


ROLE_TITLES = {
    Role.ORGANISATION_EDITOR: _l("organisation editor"),
    Role.PROFESSIONAL: _l("professional"),
    Role.MUNICIPAL_EDITOR: _l("municipal editor"),
    Role.ADMIN: _l("administrator"),
}

organization_member = Table(
    "organization_member",
    db.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"), primary_key=True, index=True),
)
municipality_editor = Table(
    "municipality_editor",
    db.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("municipality_id", ForeignKey("municipality.id"), primary_key=True, index=True),
)
team_member = Table(
    "team_member",
    db.metadata,
    Column("user_id", ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True),
    Column("team_id", ForeignKey("team.id", ondelete="CASCADE"), primary_key=True, index=True),
)


# Who refers: a municipality's social team, or a GP practice (practice nurse / POH, "welzijn op recept").
# Both use the same button, decision types and follow-up; reports can be split by kind.
TEAM_KINDS = {"social_team": _l("social team"), "gp_practice": _l("GP practice")}


class Team(db.Model):
    """A municipality's social team (sociaal team, gebiedsteam, dorpsteam) or a GP practice."""

    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="social_team", server_default="social_team")
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    municipality: Mapped[Municipality | None] = relationship()


class User(UserMixin, db.Model):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(200), unique=True)
    password_hash: Mapped[str] = mapped_column(String(300))
    role: Mapped[str] = mapped_column(String(30))
    is_enabled: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_login_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    # Raised by signing out, a password change or a reset: every session made before stops working.
    session_version: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    organizations: Mapped[list[Organization]] = relationship(secondary=organization_member)
    municipalities: Mapped[list[Municipality]] = relationship(secondary=municipality_editor)
    teams: Mapped[list[Team]] = relationship(secondary=team_member)
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan")

    def get_id(self) -> str:
        """What Flask-Login keeps in the session: with the version in it, older sessions no longer match."""
        return f"{self.id}:{self.session_version}"

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.is_enabled

    @property
    def role_title(self) -> str:
        return Role(self.role).title

    # -- access rules ------------------------------------------------------------------------------
    # The one place that knows what each role may do. Services (through accounts/access.py), views,
    # the API and templates ask these; nothing else compares role strings.
    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_professional(self) -> bool:
        return self.role == Role.PROFESSIONAL

    @property
    def is_municipal_editor(self) -> bool:
        return self.role == Role.MUNICIPAL_EDITOR

    @property
    def curated_municipality_ids(self) -> frozenset[int] | None:
        """The municipalities this user curates; None means every one (administrators)."""
        if self.is_admin:
            return None
        return frozenset(m.id for m in self.municipalities) if self.is_municipal_editor else frozenset()

    @property
    def is_curator(self) -> bool:
        """Has a review queue: an administrator, or a municipal editor of at least one municipality."""
        return self.curated_municipality_ids is None or bool(self.curated_municipality_ids)

    def can_curate(self, municipality_id: int | None) -> bool:
        """Invite, approve, trust, revert for organisations of this municipality."""
        ids = self.curated_municipality_ids
        return ids is None or (municipality_id is not None and municipality_id in ids)

    def can_edit_organization(self, organization: Organization) -> bool:
        """Its own editors, the curators of its municipality, administrators."""
        return (self.is_admin or any(o.id == organization.id for o in self.organizations)
                or self.can_curate(organization.municipality_id))  # fmt: skip

    @property
    def edits_services(self) -> bool:
        """May edit some organisation's services at all (the API's first gate; the service decides which)."""
        return bool(self.organizations) or self.is_curator

    @property
    def team_ids(self) -> frozenset[int]:
        return frozenset(t.id for t in self.teams)

    @property
    def can_refer(self) -> bool:
        """Record referral decisions for their social team. Municipal editors have no team: they do not refer."""
        return self.is_professional or self.is_admin

    @property
    def can_see_alternatives(self) -> bool:
        """The alternatives page is read-only: municipal editors use it to check their catalogue."""
        return self.can_refer or self.is_municipal_editor

    @property
    def sees_unconfirmed_services(self) -> bool:
        """Staff see entries nobody confirmed for a long time (flagged); residents do not."""
        return self.is_professional or self.is_municipal_editor or self.is_admin

    @property
    def can_see_reports(self) -> bool:
        """Referral reports: municipal editors for their municipalities, professionals for their teams."""
        return self.is_admin or self.is_municipal_editor or (self.is_professional and bool(self.teams))

    @property
    def can_see_organization_report(self) -> bool:
        return bool(self.organizations)

    @property
    def pseudonym(self) -> str:
        """A stable id for reports that does not reveal who the worker is (keyed, see accounts.pseudonyms)."""
        return worker_pseudonym(self.id)


class ApiToken(db.Model):
    """A personal API token; only its hash is stored, the token is shown once."""

    __tablename__ = "api_token"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_used_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship(back_populates="tokens")
