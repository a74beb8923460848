"""Record every change to what search shows in the change log, in the same transaction.

Nothing here touches the index: a commit only adds rows to `search_change`, and every process
brings its own index up to date from them before it answers a search (search/follower.py). So an
edit made through one app server is found through every other, and a commit never waits for the
index.
"""

from __future__ import annotations

import time

from sqlalchemy import event, insert
from sqlalchemy.orm import Session

from socialmap.catalogue.models import Location, Organization, Schedule, Service
from socialmap.search.models import SearchChange

_listening = False
# When this process last committed a change to what search shows (time.monotonic()): the next
# search in this process then asks the database at once instead of waiting for its next check.
committed_at = 0.0


def listen() -> None:
    global _listening
    if _listening:
        return
    event.listen(Session, "after_flush", _record)
    event.listen(Session, "after_commit", _committed)
    _listening = True


def _changed_keys(obj) -> set[tuple[str, int]]:
    """What a flushed object means for the index; resolved to services when followed, because
    loading relations inside a flush event is not allowed."""
    if isinstance(obj, Service):
        return {("service", obj.id)}
    if isinstance(obj, Location) and obj.service_id:
        return {("service", obj.service_id)}
    if isinstance(obj, Schedule) and obj.location_id:
        return {("location", obj.location_id)}
    if isinstance(obj, Organization) and obj.id:
        return {("organization", obj.id)}
    return set()


def _record(session: Session, _flush_context) -> None:
    keys: set[tuple[str, int]] = set()
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        keys |= _changed_keys(obj)
    if keys:
        # Through the flush's own connection: the rows commit or roll back with the change.
        session.connection().execute(insert(SearchChange), [{"kind": k, "ref_id": i} for k, i in sorted(keys)])
        session.info["search_changed"] = True


def _committed(session: Session) -> None:
    global committed_at
    if session.info.pop("search_changed", False):
        committed_at = time.monotonic()
