"""Writes for accounts: users, tokens, password resets. Flush, never commit.

Invitations and sign-up create or join organisations, so they live in catalogue/services.py."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from socialmap.accounts.models import TEAM_KINDS, ApiToken, Role, Team, User
from socialmap.clock import utcnow
from socialmap.extensions import db
from socialmap.i18n import _
from socialmap.places.queries import find_municipality
from socialmap.text import is_email_address

MIN_PASSWORD_LENGTH = 10


@dataclass
class AccountError(Exception):
    field: str
    message: str


def hash_password(password: str) -> str:
    # scrypt by default: a memory-hard KDF (tests set a cheaper method to stay fast).
    return generate_password_hash(password, method=current_app.config.get("PASSWORD_HASH_METHOD", "scrypt"))


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError("password", _("Use at least %(n)s characters.", n=MIN_PASSWORD_LENGTH))


def find_user(email: str) -> User | None:
    return db.session.scalars(select(User).where(func.lower(User.email) == email.strip().lower())).first()


def create_user(email: str, role: str, password: str, organization=None, team: str | None = None,
                municipality: str | None = None, team_kind: str = "social_team") -> User:  # fmt: skip
    """A new account; a named team is created when it does not exist yet (a social team, or with
    team_kind="gp_practice" a GP practice). `organization` is an Organization (the catalogue's, looked
    up by the caller: accounts sit below the catalogue)."""
    email = email.strip()
    if not is_email_address(email):
        raise AccountError("email", _("“%(value)s” is not an e-mail address", value=email))
    if find_user(email):
        raise AccountError("email", _("There is already an account for %(email)s.", email=email))
    if role not in {str(r) for r in Role}:
        raise AccountError("role", _("Unknown role “%(role)s”. Choose from: %(roles)s.", role=role,
                                     roles=", ".join(str(r) for r in Role)))  # fmt: skip
    check_password_rules(password)
    user = User(email=email, role=role, password_hash=hash_password(password))
    if organization is not None:
        user.organizations.append(organization)
    if municipality:
        found = find_municipality(municipality)
        if found is None:
            raise AccountError("municipality", _("Unknown municipality “%(name)s”.", name=municipality))
        user.municipalities.append(found)
    if team:
        found = db.session.scalars(select(Team).where(Team.name == team.strip())).first()
        if found is None:
            if team_kind not in TEAM_KINDS:
                raise AccountError("team_kind", _("Unknown kind of team “%(kind)s”. Choose from: %(kinds)s.",
                                                  kind=team_kind, kinds=", ".join(TEAM_KINDS)))  # fmt: skip
            found = Team(name=team.strip(), kind=team_kind,
                         municipality=user.municipalities[0] if user.municipalities else None)  # fmt: skip
            db.session.add(found)
        user.teams.append(found)
    db.session.add(user)
    db.session.flush()
    return user


def authenticate(email: str, password: str) -> User | None:
    user = find_user(email)
    # Check a hash even for unknown addresses, so timing does not reveal which accounts exist.
    password_hash = user.password_hash if user else _dummy_hash()
    if not check_password_hash(password_hash, password) or user is None or not user.is_enabled:
        return None
    user.last_login_at = utcnow()
    return user


_DUMMY: list[str] = []


def _dummy_hash() -> str:
    if not _DUMMY:
        _DUMMY.append(hash_password(secrets.token_hex(8)))
    return _DUMMY[0]


def set_password(user: User, password: str) -> None:
    """A new password (changed or reset) also signs the account out everywhere: whoever knew the old
    one keeps no session."""
    check_password_rules(password)
    user.password_hash = hash_password(password)
    end_sessions(user)


def end_sessions(user: User) -> None:
    """Every session of this account made before now stops working, on every device (User.get_id).
    API tokens are not sessions: they stay until revoked one by one."""
    user.session_version += 1
    db.session.flush()


# -- API tokens ---------------------------------------------------------------------------------
def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str = "api") -> tuple[str, ApiToken]:
    """(the token, shown once; its stored record)."""
    token = "smk_" + secrets.token_urlsafe(32)
    record = ApiToken(user=user, name=name.strip()[:100] or "api", token_hash=_token_hash(token))
    db.session.add(record)
    db.session.flush()
    return token, record


def revoke_token(user: User, token_id: int) -> None:
    record = db.session.get(ApiToken, token_id)
    if record is None or record.user_id != user.id:
        raise AccountError("token", _("Unknown token."))
    record.revoked_at = record.revoked_at or utcnow()
    db.session.flush()


def user_for_token(token: str) -> User | None:
    record = db.session.scalars(select(ApiToken).where(ApiToken.token_hash == _token_hash(token))).first()
    if record is None or record.revoked_at is not None or not record.user.is_enabled:
        return None
    record.last_used_at = utcnow()
    return record.user


# -- signed links: password reset, invitation, confirm ----------------------------------------
def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"socialmap-{purpose}")


def make_link_token(purpose: str, payload: dict) -> str:
    return _serializer(purpose).dumps(payload)


def read_link_token(purpose: str, token: str, max_age: int | None = None) -> dict | None:
    try:
        return _serializer(purpose).loads(token, max_age=max_age or current_app.config["TOKEN_MAX_AGE_SECONDS"])
    except (BadSignature, SignatureExpired):
        return None


def password_reset_token(user: User) -> str:
    # The password hash is part of the link: once the password changes, the link is spent.
    return make_link_token("reset", {"user": user.id, "check": user.password_hash[-16:]})


def reset_password(token: str, password: str) -> User:
    payload = read_link_token("reset", token, max_age=3600 * 2)
    user = db.session.get(User, payload["user"]) if payload else None
    if user is None or user.password_hash[-16:] != payload["check"]:
        raise AccountError("token", _("This link has expired or was already used. Ask for a new one."))
    set_password(user, password)
    return user
