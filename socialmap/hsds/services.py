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
