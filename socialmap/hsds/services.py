"""Writes of the HSDS import that the catalogue importer does not make."""

from __future__ import annotations

from sqlalchemy import select

from socialmap.catalogue.models import Organization
from socialmap.extensions import db

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
