from __future__ import annotations

import datetime as dt
import enum
import hashlib

from flask_login import UserMixin
from sqlalchemy import Boolean, Column, DateTime, ForeignKey, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from socialmap.catalogue.models import Organization, utcnow
from socialmap.extensions import db
from socialmap.i18n import _l
from socialmap.places.models import Municipality


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


class Team(db.Model):
    """A municipality's social team (sociaal team, gebiedsteam, dorpsteam)."""

    __tablename__ = "team"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
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

    organizations: Mapped[list[Organization]] = relationship(secondary=organization_member)
    municipalities: Mapped[list[Municipality]] = relationship(secondary=municipality_editor)
    teams: Mapped[list[Team]] = relationship(secondary=team_member)
    tokens: Mapped[list[ApiToken]] = relationship(back_populates="user", cascade="all, delete-orphan")

    @property
    def is_active(self) -> bool:  # Flask-Login: disabled accounts cannot sign in
        return self.is_enabled

    @property
    def role_title(self) -> str:
        return Role(self.role).title

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    def can_edit_organization(self, organization_id: int) -> bool:
        return self.is_admin or any(o.id == organization_id for o in self.organizations)

    def curates(self, municipality_id: int | None) -> bool:
        return self.is_admin or (
            self.role == Role.MUNICIPAL_EDITOR and any(m.id == municipality_id for m in self.municipalities)
        )

    @property
    def pseudonym(self) -> str:
        """A stable id for reports that does not reveal who the worker is."""
        return hashlib.sha256(f"socialmap-worker:{self.id}".encode()).hexdigest()[:12]


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
