"""Writes by people: create, edit, pause, delete, revert, moderate, confirm.

Shared by the web forms, the JSON API and the command line. Every function takes the acting user,
checks that they may do it, flushes and never commits. Edits use the import's own validation, so
a service is held to the same rules however it arrives.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from socialmap import clock
from socialmap.accounts.access import (
    NotAllowed,
    can_edit,
    require_curator_of,
    require_curator_of_municipality,
    require_editor_of,
)
from socialmap.accounts.models import Role, User
from socialmap.accounts.services import (
    AccountError,
    check_password_rules,
    create_user,
    find_user,
    hash_password,
    make_link_token,
    read_link_token,
)
from socialmap.catalogue import fields
from socialmap.catalogue.importer import Lookups, apply_record, validate_row
from socialmap.catalogue.models import (
    ChangeRequest,
    Organization,
    Revision,
    Service,
    TaxonomyTerm,
    utcnow,
)
from socialmap.extensions import db
from socialmap.i18n import _
from socialmap.places import geocoding
from socialmap.places.models import Municipality, Place
from socialmap.text import is_email_address, normalize_name, slugify
from socialmap.validate import ValidationFailed

# What a person edits: every declared field (the import's columns plus a few only editors set).
EDIT_FIELDS = fields.NAMES


@dataclass
class EditConflict(Exception):
    """Someone saved one of the same fields after this editor opened the form; nothing was saved.

    `current` is the state now, `submitted` that state with every change of this editor merged in
    (theirs on the fields in `fields`), `fields` the fields both changed (all that differ when the
    form's starting point is unknown)."""

    current: dict[str, str]
    submitted: dict[str, str]
    current_version: int
    fields: tuple[str, ...] = ()

    def __post_init__(self):
        if not self.fields:
            self.fields = tuple(name for name in EDIT_FIELDS
                                if self.current.get(name, "") != self.submitted.get(name, ""))  # fmt: skip


@dataclass
class SaveOutcome:
    published: bool
    service: Service | None = None
    change_request: ChangeRequest | None = None
    changes: dict = field(default_factory=dict)


# -- access: the rules are properties of User, the checks live in accounts/access.py ------------
def publishes_directly(user, organization: Organization) -> bool:
    return organization.is_trusted or user.can_curate(organization.municipality_id)


# -- state ---------------------------------------------------------------------------------------
# The form's and import's strings of a service: declared per field in fields.py.
service_row = fields.service_row


def normalise_input(data: dict) -> dict[str, str]:
    """Form or JSON input → strings in the import format (lists may come as lists)."""
    row: dict[str, str] = {}
    for name in EDIT_FIELDS:
        value = data.get(name)
        if isinstance(value, (list, tuple)):
            value = ";".join(str(v) for v in value)
        # NUL bytes are refused at the door, but a change queued before that may hold one (and
        # PostgreSQL cannot store it): approving it must not fail.
        row[name] = "" if value is None else str(value).replace("\x00", "").strip()
    return row


def validate(row: dict[str, str], organization: Organization, external_id: str | None = None):
    """(ServiceRecord, errors by field) using the import's rules, which check every declared field
    the row holds (the editor-only ones, capacity and its date, too: fields.py declares their checks)."""
    import_row = {**row, "external_id": external_id or "edit", "organization": organization.name}
    record, problems = validate_row(0, import_row, Lookups())
    errors = {p.column or "form": p.message for p in problems}
    return (None if errors else record), errors


def locate_for_form(data: dict, base: dict | None) -> tuple[dict, geocoding.Found | None]:
    """(the form's data, where the geocoder puts its address) before saving. Coordinates the form
    only carried over from before an address change are dropped (the new address is located
    afresh); the place found is for the editor to confirm, so it is only proposed when a geocoder
    is configured and the editor gave an address without coordinates."""
    row = normalise_input(data)
    if base is not None and any(row[k] != base.get(k, "") for k in ("address", "postcode", "place")) and (
            (row["latitude"], row["longitude"]) == (base.get("latitude", ""), base.get("longitude", ""))):
        data = {**data, "latitude": "", "longitude": ""}
        row = {**row, "latitude": "", "longitude": ""}
    if not geocoding.configured() or not row["address"] or row["latitude"] or row["longitude"]:
        return data, None
    lookups = Lookups()
    municipality_id = lookups.municipalities.get(normalize_name(row["municipality"]))
    place_id, message = lookups.place(row["place"], municipality_id, within=True) if municipality_id else (None, "")
    if place_id is None:
        return data, None  # saving says what is wrong with the place
    return data, geocoding.geocode(row["address"], row["postcode"], row["place"], lookups.places[place_id])


def _write(service: Service, record, row: dict[str, str], organization: Organization) -> None:
    with db.session.no_autoflush:  # a new service is incomplete until apply_record has filled it in
        terms = {t.id: t for t in db.session.scalars(select(TaxonomyTerm))}
        places = {p.id: p for p in db.session.scalars(select(Place))}
        municipalities = {m.id: m for m in db.session.scalars(select(Municipality))}
        # The form and the API edit the first location; a service in several villages keeps the rest.
        apply_record(service, record, organization, terms, places, municipalities, keep_other_locations=True)
    service.capacity = row.get("capacity") or None
    service.capacity_date = dt.date.fromisoformat(row["capacity_date"]) if row.get("capacity_date") else None
    service.updated_at = utcnow()


def diff(old: dict[str, str], new: dict[str, str]) -> dict[str, list[str]]:
    return {name: [old.get(name, ""), new.get(name, "")]
            for name in EDIT_FIELDS if old.get(name, "") != new.get(name, "")}  # fmt: skip


def record_revision(service: Service, user, action: str, old: dict[str, str], new: dict[str, str]) -> Revision:
    """Write what changed and the state after. The first change of a service that has no history yet
    (imported, or from before histories began) first records the state it had, so it can be restored."""
    if old and service.id is not None and not _has_history(service):
        db.session.add(Revision(service=service, user_id=None, action="import", changes={}, state=dict(old),
                                created_at=service.created_at or utcnow()))  # fmt: skip
    revision = Revision(service=service, user_id=getattr(user, "id", None), action=action,
                        changes=diff(old, new), state=new)  # fmt: skip
    db.session.add(revision)
    return revision


def _has_history(service: Service) -> bool:
    return db.session.scalar(select(Revision.id).where(Revision.service_id == service.id).limit(1)) is not None


# -- three-way merge -----------------------------------------------------------------------------
def merge(base: dict[str, str], theirs: dict[str, str], mine: dict[str, str]) -> tuple[dict[str, str], tuple]:
    """Put my changes (mine against base, the state the form started from) on theirs (the state now).

    A field only I changed takes my value, a field only they changed keeps theirs; a field we both
    changed to different values is a clash: it keeps theirs, and its name is returned."""
    merged, clashes = dict(theirs), []
    for name in EDIT_FIELDS:
        if mine.get(name, "") == base.get(name, ""):
            continue
        if theirs.get(name, "") in (base.get(name, ""), mine.get(name, "")):
            merged[name] = mine.get(name, "")
        else:
            clashes.append(name)
    return merged, tuple(clashes)


def pending_change(service: Service | None) -> ChangeRequest | None:
    """The change of this service waiting for review (further edits of the organisation amend it)."""
    if service is None or service.id is None:
        return None
    query = (select(ChangeRequest).where(ChangeRequest.service_id == service.id, ChangeRequest.status == "pending")
             .order_by(ChangeRequest.id.desc()))  # fmt: skip
    return next((c for c in db.session.scalars(query) if "proposed" in (c.state or {})), None)


def list_organization_changes(organization_ids: list[int], decided_since: dt.datetime) -> list[ChangeRequest]:
    """For an organisation's dashboard: its waiting changes, and the decisions on the others since
    `decided_since` (with the municipality's message), newest first."""
    if not organization_ids:
        return []
    decided = ChangeRequest.status.in_(("approved", "rejected")) & (ChangeRequest.reviewed_at >= decided_since)
    query = (select(ChangeRequest).where(ChangeRequest.organization_id.in_(organization_ids))
             .where((ChangeRequest.status == "pending") | decided).order_by(ChangeRequest.id.desc()))  # fmt: skip
    return list(db.session.scalars(query))


def shown_row(user, service: Service) -> dict[str, str]:
    """The state the edit form shows this editor: for an organisation whose edits wait, its waiting
    proposal on the published state (so a further edit continues from it)."""
    row = service_row(service)
    change = None if publishes_directly(user, service.organization) else pending_change(service)
    return {**row, **change.state["proposed"]} if change is not None else row


# -- saving --------------------------------------------------------------------------------------
def save_service(user, organization: Organization, service: Service | None, data: dict,
                 expected_version: int | None = None, base: dict | None = None,
                 language: str | None = None) -> SaveOutcome:  # fmt: skip
    """Create (service None) or edit a service. Trusted organisations and municipal editors publish
    at once; other edits wait in the review queue (one request per service: further edits amend it).

    `base` is the state the editor's form started from: their changes against it are merged into the
    state now (`merge`), and only a field someone else changed too raises EditConflict. Without a base,
    the published state at `expected_version` is the starting point (a stale version: EditConflict over
    every differing field). Raises NotAllowed, ValidationFailed or EditConflict."""
    require_editor_of(user, organization)
    if service is not None and service.organization_id != organization.id:
        raise NotAllowed()
    row = normalise_input(data)
    old = service_row(service) if service is not None else {}
    if service is not None:
        theirs = shown_row(user, service)
        if base is None and expected_version is not None and expected_version != service.version:
            raise EditConflict(theirs, row, service.version)
        submitted = row
        row, clashes = merge(normalise_input(base) if base is not None else old, theirs, submitted)
        if clashes and base is None:
            # The published state is still the one the caller started from: what differs is the
            # organisation's own waiting proposal, which a newer edit replaces.
            row, clashes = {**row, **{name: submitted[name] for name in clashes}}, ()
        if clashes:
            raise EditConflict(theirs, {**row, **{name: submitted[name] for name in clashes}}, service.version,
                               clashes)  # fmt: skip
    same_point = (row["latitude"], row["longitude"]) == (old.get("latitude"), old.get("longitude"))
    if old and row["place"] != old["place"] and same_point:
        row["latitude"] = row["longitude"] = ""  # moved: take the new place's position, not the old one
    record, errors = validate(row, organization, service.external_id if service else None)
    if errors:
        raise ValidationFailed(errors)
    changes = diff(old, row)
    if not publishes_directly(user, organization):
        return _save_for_review(user, organization, service, old, row, changes, language)
    if service is None:
        service = Service(source="editor", status="active", assured_at=clock.today())
        db.session.add(service)
    _write(service, record, row, organization)
    service.assured_at = clock.today()  # a person just looked at it
    db.session.flush()
    record_revision(service, user, "create" if not old else "update", old, row)
    db.session.flush()
    return SaveOutcome(True, service, None, changes)


def _save_for_review(user, organization: Organization, service: Service | None, old: dict, row: dict,
                     changes: dict, language: str | None) -> SaveOutcome:  # fmt: skip
    """An organisation that is not trusted yet: fields that need no review (capacity) apply at once;
    the others wait in a change request that holds only them, with the values they replace. A further
    edit amends the waiting request of the service (a field set back to the published value leaves it)."""
    if service is None:  # a new service waits whole
        change = ChangeRequest(organization=organization, service=None, user_id=user.id, state=row,
                               language=language)  # fmt: skip
        db.session.add(change)
        db.session.flush()
        return SaveOutcome(False, None, change, changes)
    direct = {name for name in changes if not fields.BY_NAME[name].reviewed}
    if direct:
        applied = {**old, **{name: row[name] for name in direct}}
        record, errors = validate(applied, organization, service.external_id)
        if errors:
            raise ValidationFailed(errors)
        _write(service, record, applied, organization)
        db.session.flush()
        record_revision(service, user, "update", old, applied)
        db.session.flush()
    waiting = {name: row[name] for name in changes if name not in direct}
    change = pending_change(service)
    if change is not None:
        earlier = change.state.get("base", {})
        change.state = {"proposed": waiting, "base": {name: earlier.get(name, old[name]) for name in waiting}}
        change.user_id, change.language, change.updated_at = user.id, language or change.language, utcnow()
        if not waiting:
            change.status = "withdrawn"  # every proposed field is back to the published value
        db.session.flush()
        return SaveOutcome(not waiting, service, change if waiting else None, changes)
    if not waiting:
        return SaveOutcome(True, service, None, changes)
    change = ChangeRequest(organization=organization, service=service, user_id=user.id, language=language,
                           state={"proposed": waiting, "base": {name: old[name] for name in waiting}},
                           base_version=service.version)  # fmt: skip
    db.session.add(change)
    db.session.flush()
    return SaveOutcome(False, service, change, changes)


def amend_new_service(user, change: ChangeRequest, data: dict, language: str | None = None) -> ChangeRequest:
    """The organisation changes its proposed new service, waiting or rejected (then it waits again, the
    municipality's last message kept beside it). Raises NotAllowed or ValidationFailed."""
    require_editor_of(user, change)
    if change.service_id is not None or change.status not in ("pending", "rejected"):
        raise NotAllowed()
    row = normalise_input(data)
    _record, errors = validate(row, change.organization)
    if errors:
        raise ValidationFailed(errors)
    change.state, change.user_id, change.updated_at = row, user.id, utcnow()
    change.language = language or change.language
    change.status, change.reviewed_at = "pending", None
    db.session.flush()
    return change


def proposed_row(change: ChangeRequest) -> dict[str, str]:
    """The whole state approving the change would give: its fields on today's state. (A new service's
    change, and one saved before changes held only their fields, hold a whole state.)"""
    state = change.state or {}
    if "proposed" in state and change.service is not None:
        return normalise_input({**service_row(change.service), **state["proposed"]})
    return normalise_input(state)


def proposal(change: ChangeRequest) -> dict[str, str]:
    """The fields the change would set on the service as it is now, and their proposed values."""
    state = change.state or {}
    if change.service is None:
        return normalise_input(state)
    if "proposed" in state:
        return dict(state["proposed"])
    return diff_values(service_row(change.service), normalise_input(state))


def diff_values(old: dict[str, str], new: dict[str, str]) -> dict[str, str]:
    return {name: value for name, (_old, value) in diff(old, new).items()}


def clashes(change: ChangeRequest) -> tuple[str, ...]:
    """The proposed fields someone changed since the change was made (to another value): the merge
    of the review queue, the same as the edit form's."""
    state = change.state or {}
    if change.service is None:
        return ()
    proposed = proposal(change)
    if "proposed" not in state:  # a whole state from before: any change since counts, on every field
        stale = change.base_version is not None and change.service.version != change.base_version
        return tuple(proposed) if stale else ()
    _merged, found = merge(state["base"], service_row(change.service), proposed)
    return found


def set_status(user, service: Service, status: str) -> None:
    """Pause or reopen; organisations do this themselves, without review (it only hides or shows)."""
    require_editor_of(user, service)
    if status not in ("active", "paused"):
        raise ValidationFailed({"status": _("The status must be active or paused.")})
    if service.status != status:
        old = {**service_row(service), "status": service.status}
        service.status = status
        service.updated_at = utcnow()
        record_revision(service, user, "reopen" if status == "active" else "pause", old, {**old, "status": status})
        db.session.flush()


def delete_service(user, service: Service) -> None:
    """Soft delete: hidden everywhere, kept with its history, and restorable."""
    require_editor_of(user, service)
    if service.deleted_at is None:
        service.deleted_at = utcnow()
        row = service_row(service)
        record_revision(service, user, "delete", row, row)
        db.session.flush()


def restore_service(user, service: Service) -> None:
    require_editor_of(user, service)
    if service.deleted_at is not None:
        service.deleted_at = None
        row = service_row(service)
        record_revision(service, user, "restore", row, row)
        db.session.flush()


def revert_to(user, revision: Revision) -> Service:
    """Municipal editors put a service back to how it was after an earlier revision."""
    service = revision.service
    require_curator_of(user, revision)
    old = service_row(service)
    record, errors = validate(normalise_input(revision.state), service.organization, service.external_id)
    if errors:
        raise ValidationFailed(errors)
    _write(service, record, normalise_input(revision.state), service.organization)
    db.session.flush()
    record_revision(service, user, "revert", old, service_row(service))
    db.session.flush()
    return service


def confirm_service(user, service: Service) -> None:
    """An editor confirmed the entry is still right."""
    require_editor_of(user, service)
    _confirm(service, user)


def confirm_service_by_link(service: Service) -> None:
    """The one-click link in the reminder confirmed it: the signed link is the permission."""
    _confirm(service, None)


def _confirm(service: Service, user) -> None:
    service.assured_at = clock.today()
    service.reminder_sent_at = None
    row = service_row(service)
    record_revision(service, user, "confirm", row, row)
    db.session.flush()


# -- moderation ----------------------------------------------------------------------------------
def approve_change(user, change: ChangeRequest, message: str | None = None, keep: dict[str, str] | None = None,
                   seen_version: int | None = None) -> SaveOutcome:  # fmt: skip
    """Publish a waiting edit on the service as it is now. A proposed field someone changed since
    raises EditConflict, unless `keep` says for each such field what to keep ("current" or "proposal";
    the current value when not said) and nothing changed since the conflict page (`seen_version`)."""
    require_curator_of(user, change)
    if change.status != "pending":
        raise ValidationFailed({"status": _("This change was already handled.")})
    service = change.service
    proposed = proposal(change)
    found = clashes(change)
    if found and (keep is None or seen_version != service.version):
        raise EditConflict(service_row(service), {**service_row(service), **proposed}, service.version, found)
    proposed = {name: value for name, value in proposed.items()
                if name not in found or (keep or {}).get(name) == "proposal"}  # fmt: skip
    row = {**service_row(service), **proposed} if service is not None else normalise_input(proposed)
    record, errors = validate(row, change.organization, service.external_id if service else None)
    if errors:
        raise ValidationFailed(errors)
    old = service_row(service) if service is not None else {}
    if service is None:
        service = Service(source="editor", status="active", assured_at=clock.today())
        db.session.add(service)
        change.service = service
    _write(service, record, row, change.organization)
    service.assured_at = clock.today()
    db.session.flush()
    if not old or diff(old, row):
        record_revision(service, change.user, "create" if not old else "update", old, row)
    _close(change, user, "approved", message)
    return SaveOutcome(True, service, change)


def reject_change(user, change: ChangeRequest, message: str) -> None:
    require_curator_of(user, change)
    if change.status != "pending":
        raise ValidationFailed({"status": _("This change was already handled.")})
    if not message.strip():
        raise ValidationFailed({"message": _("Tell the organisation why, so they can fix it.")})
    _close(change, user, "rejected", message)


def _close(change: ChangeRequest, user, status: str, message: str | None) -> None:
    change.status = status
    change.reviewer_id = user.id
    change.reviewed_at = utcnow()
    change.message = message or None
    db.session.flush()


def approve_organization(user, organization: Organization, trusted: bool = False) -> None:
    require_curator_of(user, organization)
    organization.status = "active"
    organization.is_trusted = organization.is_trusted or trusted
    db.session.flush()


def set_trusted(user, organization: Organization, trusted: bool) -> None:
    require_curator_of(user, organization)
    organization.is_trusted = trusted
    db.session.flush()


# Organisations joining: invitations and sign-up (they create accounts through accounts.services).


def find_organization(name: str) -> Organization | None:
    return db.session.scalars(select(Organization).where(func.lower(Organization.name) == name.strip().lower())).first()


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


def invitation_is_used(token: str) -> bool:
    """A genuine invitation whose address has an account by now: it was used (or the person has one)."""
    payload = read_link_token("invite", token)
    return payload is not None and find_user(payload.get("email", "")) is not None


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
    if not is_email_address(email):
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
    if not is_email_address(email.strip()):
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
    if not is_email_address(email.strip()):
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
