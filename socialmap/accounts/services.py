"""Writes for accounts: users, tokens, password resets, invitations, sign-up. Flush, never commit."""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from socialmap.accounts.access import (
    can_edit,
    require_curator_of,
    require_curator_of_municipality,
    require_editor_of,
)
from socialmap.accounts.models import ApiToken, Role, Team, User
from socialmap.catalogue.models import Organization, utcnow
from socialmap.extensions import db
from socialmap.i18n import _
from socialmap.places.models import Municipality
from socialmap.text import normalize_name, slugify

MIN_PASSWORD_LENGTH = 10
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


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


def find_organization(name: str) -> Organization | None:
    return db.session.scalars(select(Organization).where(func.lower(Organization.name) == name.strip().lower())).first()


def find_municipality(name: str) -> Municipality | None:
    key = normalize_name(name)
    return next((m for m in db.session.scalars(select(Municipality)) if normalize_name(m.name) == key
                 or m.slug == name.strip()), None)  # fmt: skip


def create_user(email: str, role: str, password: str, organization: str | None = None, team: str | None = None,
                municipality: str | None = None) -> User:  # fmt: skip
    """A new account; a named team is created when it does not exist yet."""
    email = email.strip()
    if not _EMAIL.match(email):
        raise AccountError("email", _("“%(value)s” is not an e-mail address", value=email))
    if find_user(email):
        raise AccountError("email", _("There is already an account for %(email)s.", email=email))
    if role not in {str(r) for r in Role}:
        raise AccountError("role", _("Unknown role “%(role)s”. Choose from: %(roles)s.", role=role,
                                     roles=", ".join(str(r) for r in Role)))  # fmt: skip
    check_password_rules(password)
    user = User(email=email, role=role, password_hash=hash_password(password))
    if organization:
        found = find_organization(organization)
        if found is None:
            raise AccountError("organization", _("Unknown organisation “%(name)s”.", name=organization))
        user.organizations.append(found)
    if municipality:
        found = find_municipality(municipality)
        if found is None:
            raise AccountError("municipality", _("Unknown municipality “%(name)s”.", name=municipality))
        user.municipalities.append(found)
    if team:
        found = db.session.scalars(select(Team).where(Team.name == team.strip())).first()
        if found is None:
            found = Team(name=team.strip(), municipality=user.municipalities[0] if user.municipalities else None)
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


def invitation_token(email: str, organization: Organization, inviter: User) -> str:
    return make_link_token("invite", {"email": email, "organization": organization.id, "by": inviter.id})


def accept_invitation(token: str, password: str) -> User:
    """Create the invited editor's account; a used invitation cannot be used again.

    An invitation is worth only the sender's right: it works while the sender may still act for the
    organisation (a link without a sender, or from someone who lost that right, is refused)."""
    payload = read_link_token("invite", token)
    organization = db.session.get(Organization, payload["organization"]) if payload else None
    inviter = db.session.get(User, payload["by"]) if payload and isinstance(payload.get("by"), int) else None
    if (organization is None or find_user(payload["email"]) or inviter is None or not inviter.is_enabled
            or not can_edit(inviter, organization)):  # fmt: skip
        raise AccountError("token", _("This link has expired or was already used. Ask for a new one."))
    user = create_user(payload["email"], Role.ORGANISATION_EDITOR, password)
    user.organizations.append(organization)
    db.session.flush()
    return user


def invite_organization(actor: User, email: str, *, organization_id: int | None = None, new_name: str = "",
                        municipality: Municipality | None = None) -> tuple[Organization, str]:  # fmt: skip
    """A municipal editor invites an organisation: an existing listing, chosen by id, or a new one.

    Only listings and municipalities the actor curates: the listing is looked up by its id and its
    own municipality decides, never a name (names match across every municipality)."""
    email = email.strip()
    if organization_id is not None:
        organization = db.session.get(Organization, organization_id)
        if organization is None:
            raise AccountError("organization", _("Choose the organisation from the list."))
        require_curator_of(actor, organization)
    else:
        require_curator_of_municipality(actor, municipality.id if municipality else None)
        if not new_name.strip():
            raise AccountError("organization", _("Give the name of the organisation."))
        if find_organization(new_name):
            raise AccountError("organization", _("An organisation with this name is already listed. Choose it "
                                                 "from the list, or ask its municipality to invite it."))  # fmt: skip
    if not _EMAIL.match(email):
        raise AccountError("email", _("“%(value)s” is not an e-mail address", value=email))
    if organization_id is None:
        organization = Organization(name=new_name.strip(), slug=_free_slug(new_name), municipality_id=municipality.id,
                                    status="active")  # fmt: skip
        db.session.add(organization)
        db.session.flush()
    return organization, invitation_token(email, organization, actor)


def invite_editor(actor: User, email: str, organization: Organization) -> str:
    """Organisations add their own editors (and curators for the organisations of their municipalities)."""
    require_editor_of(actor, organization)
    if not _EMAIL.match(email.strip()):
        raise AccountError("email", _("“%(value)s” is not an e-mail address", value=email))
    return invitation_token(email.strip(), organization, actor)


@dataclass
class SignUp:
    user: User  # the new account, or the existing one with this address
    is_new: bool


def sign_up_organization(name: str, municipality: Municipality, email: str, password: str) -> SignUp:
    """An organisation signs itself up; it stays pending until a municipal editor approves it.

    When the address already has an account nothing is created; the caller answers exactly as for
    a new one and tells the owner by e-mail, so the form does not reveal which addresses have one."""
    if not name.strip():
        raise AccountError("organization", _("Give the name of the organisation."))
    if find_organization(name):
        raise AccountError("organization", _("This organisation is already listed. Ask the municipality for an "
                                             "invitation to manage it."))  # fmt: skip
    if not _EMAIL.match(email.strip()):
        raise AccountError("email", _("“%(value)s” is not an e-mail address", value=email))
    check_password_rules(password)
    existing = find_user(email)
    if existing is not None:
        hash_password(password)  # the same work as for a new account, so the time taken does not tell
        return SignUp(existing, is_new=False)
    organization = Organization(name=name.strip(), slug=_free_slug(name), municipality_id=municipality.id,
                                status="pending", email=email.strip())  # fmt: skip
    db.session.add(organization)
    db.session.flush()
    user = create_user(email, Role.ORGANISATION_EDITOR, password)
    user.organizations.append(organization)
    db.session.flush()
    return SignUp(user, is_new=True)


def _free_slug(name: str) -> str:
    base = slugify(name) or "organisatie"
    slug, counter = base, 2
    while db.session.scalar(select(Organization.id).where(Organization.slug == slug)) is not None:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug
