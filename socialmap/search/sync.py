"""Record every change to what search shows in the change log, in the same transaction.

Nothing here touches the index: a commit only adds rows to `search_change`, and every process
brings its own index up to date from them before it answers a search (search/follower.py). So an
edit made through one app server is found through every other, and a commit never waits for the
index.

The same listeners raise the content version (search/models.py ContentVersion) in every
transaction that changes anything a public page or API answer shows, not only what search indexes
(activities, closures, vacancies, contact points …): the response cache (web/cache.py) is keyed by it.
"""

from __future__ import annotations

import time

from sqlalchemy import event, insert, update
from sqlalchemy.orm import Session

from socialmap.catalogue.models import Location, Organization, Schedule, Service
from socialmap.search.models import ContentVersion, SearchChange

_listening = False
# When this process last committed a change to what search shows, or saw another's (follow_at_once),
# by time.monotonic(): the next search in this process then asks the database at once instead of
# waiting for its next check.
committed_at = 0.0
# When this process last committed a change to anything public: its cached answers are stale at once.
content_committed_at = 0.0
# Tables no public page or API answer shows; any other write raises the content version. Listed by
# exclusion, so a new public table is covered without anyone remembering it (a miss here only costs
# a cache refill).
PRIVATE_TABLES = frozenset({
    "referral", "audit_entry", "correction", "page_view", "search_change", "search_generation",
    "content_version", "hsds_draft", "revision", "change_request", "team", "user_account", "api_token",
    "search_change_pruning", "organization_member", "municipality_editor", "team_member",
})  # fmt: skip


def listen() -> None:
    global _listening
    if _listening:
        return
    event.listen(Session, "after_flush", _record)
    event.listen(Session, "after_commit", _committed)
    event.listen(Session, "do_orm_execute", _bulk_write)
    event.listen(Session, "before_commit", _raise_content_version)
    event.listen(Session, "after_rollback", _forget_content_change)
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
    public = False
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        keys |= _changed_keys(obj)
        public = public or getattr(obj, "__tablename__", None) not in PRIVATE_TABLES
    if public:
        _content_changed(session)
    if keys:
        # Through the flush's own connection: the rows commit or roll back with the change.
        session.connection().execute(insert(SearchChange), [{"kind": k, "ref_id": i} for k, i in sorted(keys)])
        session.info["search_changed"] = True


def _committed(session: Session) -> None:
    global committed_at, content_committed_at
    if session.info.pop("search_changed", False):
        committed_at = time.monotonic()
    session.info.pop("committing", None)
    if session.info.pop("content_raised", False):
        content_committed_at = time.monotonic()
    session.info.pop("content_changed", None)


def follow_at_once() -> None:
    """Another process's change was seen (web/cache.py read a new content version): the next search
    asks the database too, so that no page is made under the new version from the index of before."""
    global committed_at
    committed_at = time.monotonic()


def _bulk_write(state) -> None:
    """`session.execute(delete(Vacancy)…)` changes rows without a flush of objects."""
    table = getattr(state.statement, "table", None)
    if (state.is_update or state.is_delete or state.is_insert) and getattr(table, "name", None) not in PRIVATE_TABLES:
        _content_changed(state.session)


def _content_changed(session: Session) -> None:
    session.info["content_changed"] = True
    if session.info.get("committing"):  # flushed by the commit itself, after before_commit
        _raise_once(session)


def _raise_content_version(session: Session) -> None:
    """Before the commit: flush what is pending, then raise the version when anything public changed,
    as late as possible (the row stays locked until the commit)."""
    session.info["committing"] = True
    session.flush()
    if session.info.get("content_changed"):
        _raise_once(session)


def _raise_once(session: Session) -> None:
    """One UPDATE of the version row per transaction, through the transaction's own connection."""
    if session.info.get("content_raised"):
        return
    connection = session.connection()
    raised = connection.execute(update(ContentVersion).where(ContentVersion.id == 1)
                                .values(version=ContentVersion.version + 1))  # fmt: skip
    if raised.rowcount == 0:  # a database emptied by hand (tests): the row comes back
        connection.execute(insert(ContentVersion).values(id=1, version=1))
    session.info["content_raised"] = True


def _forget_content_change(session: Session) -> None:
    for key in ("committing", "content_changed", "content_raised"):
        session.info.pop(key, None)
