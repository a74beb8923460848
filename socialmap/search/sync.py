"""Keep the index in step with the database: collect changed services on flush, write after commit.

Writing after commit (never before) means the index never holds a change that was rolled back.
"""

from __future__ import annotations

import logging

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from socialmap.catalogue.models import Location, Organization, Schedule, Service

log = logging.getLogger(__name__)
PENDING = "search_pending_service_ids"
_listening = False


def listen() -> None:
    global _listening
    if _listening:
        return
    event.listen(Session, "after_flush", _collect)
    event.listen(Session, "after_commit", _apply)
    event.listen(Session, "after_soft_rollback", _forget)
    _listening = True


def _changed_keys(obj) -> set[tuple[str, int]]:
    """What a flushed object means for the index; resolved to services only after commit,
    because loading relations inside a flush event is not allowed."""
    if isinstance(obj, Service):
        return {("service", obj.id)}
    if isinstance(obj, Location) and obj.service_id:
        return {("service", obj.service_id)}
    if isinstance(obj, Schedule) and obj.location_id:
        return {("location", obj.location_id)}
    if isinstance(obj, Organization) and obj.id:
        return {("organization", obj.id)}
    return set()


def _collect(session: Session, _flush_context) -> None:
    pending = session.info.setdefault(PENDING, set())
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        pending |= _changed_keys(obj)


def _forget(session: Session, previous_transaction) -> None:
    if previous_transaction.parent is None:  # only the outermost rollback discards
        session.info.pop(PENDING, None)


def _apply(session: Session) -> None:
    keys = session.info.pop(PENDING, None)
    if not keys or not has_app_context() or "socialmap.search" not in current_app.extensions:
        return
    from socialmap.search.service import refresh_services

    try:
        refresh_services(keys)
    except Exception:  # noqa: BLE001 — the commit stands; a broken index is rebuilt on next search
        log.exception("search index update failed for %d changes; marking index for rebuild", len(keys))
        from socialmap.search import get_index

        get_index().mark_broken()
