"""Writes: a resident's correction, handling it, passing it on to the municipality, counting views."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import delete, text
from sqlalchemy.dialects import postgresql, sqlite

from socialmap import clock
from socialmap.accounts.access import require_editor_of
from socialmap.catalogue.models import Service
from socialmap.extensions import db
from socialmap.feedback import emails
from socialmap.feedback.models import NOTE_MAX, Correction, PageView
from socialmap.feedback.queries import (
    list_editor_emails,
    list_municipal_editor_emails,
    list_overdue_corrections,
    month_start,
)

ESCALATE_AFTER = dt.timedelta(days=14)
HANDLED_KEPT = dt.timedelta(days=90)
# Crawlers, link previews, monitors and scripts announce themselves; people's browsers do not.
_NOT_A_PERSON = re.compile(r"bot|crawl|spider|slurp|preview|fetch|monitor|scan|curl|wget|python|java/|go-http|"
                           r"headless|lighthouse|facebookexternalhit|http", re.IGNORECASE)  # fmt: skip


def create_correction(service: Service, message: str, email: str | None) -> Correction:
    """Keep a resident's correction. An organisation without editors cannot act on it, so then it
    goes to the municipality at once."""
    correction = Correction(service=service, message=message, email=email or None, created_at=clock.utcnow())
    if not list_editor_emails(service.organization_id):
        correction.escalated_at = clock.utcnow()
    db.session.add(correction)
    db.session.flush()
    return correction


def correction_recipients(correction: Correction) -> list[str]:
    """Who is told of a new correction: the organisation's editors, or the municipality's."""
    organization = correction.service.organization
    if correction.escalated_at is not None:
        return list_municipal_editor_emails(organization.municipality_id)
    return list_editor_emails(organization.id)


def handle_correction(actor, correction: Correction, note: str = "") -> None:
    """Mark a correction handled; the resident's e-mail address is erased, it was only for a reply."""
    require_editor_of(actor, correction.service)
    if correction.handled_at is None:
        correction.handled_at = clock.utcnow()
        correction.handled_note = note.strip()[:NOTE_MAX] or None
    correction.email = None
    db.session.flush()


def escalate_overdue_corrections() -> int:
    """E-mail the municipality's editors about corrections the organisation left open for 14 days
    (run daily from cron). Each correction once; one with nobody at the municipality to tell stays
    waiting for the next run. Returns how many were passed on."""
    overdue = list_overdue_corrections(clock.utcnow() - ESCALATE_AFTER)
    by_municipality: dict[int | None, list[Correction]] = {}
    for correction in overdue:
        by_municipality.setdefault(correction.service.organization.municipality_id, []).append(correction)
    passed_on = 0
    for municipality_id, corrections in by_municipality.items():
        recipients = list_municipal_editor_emails(municipality_id)
        if not recipients:
            continue
        for correction in corrections:
            correction.escalated_at = clock.utcnow()
        for address in recipients:
            emails.send_escalated_corrections(address, corrections)
        passed_on += len(corrections)
    db.session.flush()
    return passed_on


def forget_handled_corrections() -> int:
    """Delete corrections handled more than 90 days ago: a resident may have written more than the
    service needed (their own situation), and the history of the service keeps what was changed."""
    cutoff = clock.utcnow() - HANDLED_KEPT
    result = db.session.execute(delete(Correction).where(Correction.handled_at < cutoff))
    return result.rowcount or 0


def is_a_person(user_agent: str) -> bool:
    return bool(user_agent) and not _NOT_A_PERSON.search(user_agent)


def count_page_view(service_id: int, user_agent: str) -> bool:
    """Add one to the service's counter of this month, in the database (so every process and machine
    counts into the same row: one INSERT … ON CONFLICT DO UPDATE SET views = views + 1). Nothing
    about the reader is kept; crawlers are not counted. Returns whether it counted."""
    if not is_a_person(user_agent):
        return False
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        # A counter may lose the last few counts in a crash: the commit need not wait for the disk
        # (this transaction only; measured on a loaded test machine: 12–14 ms → 6–8 ms per view).
        db.session.execute(text("SET LOCAL synchronous_commit TO OFF"))
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(PageView).values(service_id=service_id, month=month_start(clock.today()), views=1)
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[PageView.service_id, PageView.month], set_={"views": PageView.views + 1}))  # fmt: skip
    return True
