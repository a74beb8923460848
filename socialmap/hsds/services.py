"""Writes of the HSDS import that the catalogue importer does not make."""

from __future__ import annotations

from sqlalchemy import select

from socialmap.catalogue.models import Organization
from socialmap.clock import utcnow
from socialmap.extensions import db
from socialmap.hsds.models import HsdsDraft

CONTACT_FIELDS = ("description", "email", "website", "phone")


def update_organizations(rows: list[dict]) -> int:
    """Give organisations the description and contact details their HSDS rows state (matched by name);
    flushes, never commits. Returns how many changed."""
    by_name = {row.get("name", ""): row for row in rows if row.get("name")}
    changed = 0
    for organization in db.session.scalars(select(Organization).where(Organization.name.in_(sorted(by_name)))):
        row = by_name[organization.name]
        for name in CONTACT_FIELDS:
            value = (row.get(name) or "").strip() or (None if name != "description" else "")
            if getattr(organization, name) != value:
                setattr(organization, name, value)
                changed += 1
    db.session.flush()
    return changed


def save_draft(source: str, hsds_id: str, name: str, municipality_id: int | None, data: dict,
               problems: list[str]) -> HsdsDraft:
    """Create or replace the draft of a plain HSDS service (matched on source and id); flushes."""
    draft = db.session.scalar(select(HsdsDraft).where(HsdsDraft.source == source, HsdsDraft.hsds_id == hsds_id))
    if draft is None:
        draft = HsdsDraft(source=source, hsds_id=hsds_id)
        db.session.add(draft)
    draft.name = name[:300] or hsds_id
    draft.municipality_id = municipality_id
    draft.data = data
    draft.problems = problems
    draft.updated_at = utcnow()
    db.session.flush()
    return draft


def apply_statuses(source: str, statuses: dict[str, str]) -> int:
    """Services the package says are ``temporarily closed`` (paused) or ``defunct`` (deleted) get that
    status; the importer makes every service active. ``statuses``: external id → HSDS status."""
    from socialmap.catalogue.models import Service

    wanted = {key: value for key, value in statuses.items() if value in ("temporarily closed", "defunct")}
    if not wanted:
        return 0
    changed = 0
    for service in db.session.scalars(select(Service).where(Service.source == source,
                                                            Service.external_id.in_(sorted(wanted)))):  # fmt: skip
        if wanted[service.external_id] == "defunct" and service.deleted_at is None:
            service.deleted_at = utcnow()
            changed += 1
        elif wanted[service.external_id] == "temporarily closed" and service.status != "paused":
            service.status = "paused"
            changed += 1
    db.session.flush()
    return changed
