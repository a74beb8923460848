"""Writes: a resident's correction, handling it, passing it on to the municipality, counting views."""

from __future__ import annotations

import datetime as dt
import re
import threading
import time

from sqlalchemy import delete, select, text
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


class PageViewCounter:
    """This process's page views not yet written: (service id, month) -> count. Thread-safe."""

    def __init__(self) -> None:
        self._counts: dict[tuple[int, dt.date], int] = {}
        self._lock = threading.Lock()
        self.flushed_at = time.monotonic()

    def add(self, service_id: int, month: dt.date) -> None:
        with self._lock:
            self._counts[service_id, month] = self._counts.get((service_id, month), 0) + 1

    def take(self) -> dict[tuple[int, dt.date], int]:
        with self._lock:
            counts, self._counts = self._counts, {}
            self.flushed_at = time.monotonic()
            return counts


def count_page_view(counter: PageViewCounter, service_id: int, user_agent: str) -> bool:
    """Count one read of the service's page in this month, in memory: a read costs no write, and the
    counts reach the database in one statement every few seconds (`flush_page_views`). Nothing about the
    reader is kept; crawlers are not counted. Returns whether it counted."""
    if not is_a_person(user_agent):
        return False
    counter.add(service_id, month_start(clock.today()))
    return True


def flush_page_views(counter: PageViewCounter) -> int:
    """Add this process's counts to the database's monthly counters in one statement of its own
    (INSERT … ON CONFLICT DO UPDATE SET views = views + the count, so every process and machine counts
    into the same rows) and commit it. What a crash loses: the counts since the last flush. Returns how
    many views were written."""
    counts = counter.take()
    if not counts:
        return 0
    with db.engine.begin() as connection:
        known = set(connection.scalars(select(Service.id).where(Service.id.in_({i for i, _m in counts}))))
        rows = [{"service_id": i, "month": m, "views": n} for (i, m), n in counts.items() if i in known]
        if not rows:  # the services were deleted meanwhile
            return 0
        if connection.dialect.name == "postgresql":
            # A counter may lose the last few counts in a crash: the commit need not wait for the disk.
            connection.execute(text("SET LOCAL synchronous_commit TO OFF"))
        insert = postgresql.insert if connection.dialect.name == "postgresql" else sqlite.insert
        statement = insert(PageView).values(rows)
        connection.execute(statement.on_conflict_do_update(
            index_elements=[PageView.service_id, PageView.month],
            set_={"views": PageView.views + statement.excluded.views}))  # fmt: skip
    return sum(row["views"] for row in rows)
