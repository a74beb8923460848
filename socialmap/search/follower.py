"""Every process's index follows the database (docs/search.md, "Many processes, many machines").

Before a search, `prepare()` asks the database one cheap question: how far the change log and the
index generation have moved. When this process's index is behind, it writes the missing changes
(a few documents) under the folder lock and reopens its searcher; when the folder was rebuilt by
another process, it only reopens. A new generation (a `socialmap reindex` anywhere) or a damaged
or missing index starts a rebuild in a background thread; meanwhile searches answer from the last
good index, or from plain SQL when there is none (service.py).

Change-log ids are handed out when a row is written, not when its transaction commits, so an id
below the newest one may still appear. Such missing ids are kept as gaps and looked for again for
`GAP_SECONDS`; a gap that never fills was a rolled-back transaction.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from socialmap.extensions import db
from socialmap.search import sync
from socialmap.search.documents import documents_for_ids, iter_searchable_documents, searchable_ids, service_ids_for
from socialmap.search.index import FollowState, SearchIndex, write_columns
from socialmap.search.models import SearchChange, SearchGeneration
from socialmap.search.snapshot import SegmentColumns

log = logging.getLogger(__name__)

GAP_SECONDS = 300.0  # longer than any transaction that edits the catalogue
GAP_WINDOW = 1000  # ids below the newest one a rebuild still looks for
CATCH_UP_WAIT = 2.0  # seconds a search waits for another process's catch-up before answering without it
BULK_CHANGE = 2000  # above this many changed rows, one rebuild is faster than following them
# How often a busy process asks the database whether others changed the catalogue. The question
# costs a connection and a query (~0.7 ms, a third of a search at 50k services); asked at most this
# often, edits made through another process are followed within about this time (issue #13: 2 s).
# A commit made by this process is always followed on the next search (sync.committed_at).
HEAD_CHECK_SECONDS = 0.5


@dataclass(frozen=True)
class Head:
    """Where the database stands, seen from one follow state."""

    newest: int  # the newest change-log id (0: none)
    count_above_low: int  # how many rows above the state's lowest open gap (or its seq)
    generation: int


def _low(state: FollowState) -> int:
    return min(state.gaps)[0] - 1 if state.gaps else state.seq


def read_head(connection, state: FollowState) -> Head:
    """One indexed query: count and max of the few rows above the state, and the generation."""
    generation = select(func.max(SearchGeneration.id)).scalar_subquery()
    row = connection.execute(
        select(func.count(SearchChange.id), func.max(SearchChange.id), generation).where(SearchChange.id > _low(state))
    ).one()
    if row[1] is None:  # no rows above: ask for the newest id separately (rare)
        newest = connection.execute(select(func.max(SearchChange.id))).scalar() or 0
    else:
        newest = row[1]
    return Head(int(newest), int(row[0]), int(row[2] or 0))


def is_behind(state: FollowState, head: Head) -> bool:
    """True when the database holds changes the state has not followed."""
    low = _low(state)
    known = (state.seq - low) - len(state.gaps)  # rows above low the state already holds
    return head.newest > state.seq or head.count_above_low > known


# -- before every search ----------------------------------------------------------------------
def prepare(index: SearchIndex) -> bool:
    """Bring this process's index up to the database; False when there is no index to answer
    from (the caller answers from SQL) — a rebuild is then under way in the background."""
    if not index.open():
        start_rebuild(index, "no usable index")
        if not index.open():
            return False
    checked_at = time.monotonic()
    if checked_at - index.head_checked_at < HEAD_CHECK_SECONDS and sync.committed_at < index.head_checked_at:
        return True
    index.head_checked_at = checked_at  # before the question: a commit from now on asks again
    state = index.state
    with db.engine.connect() as connection:
        head = read_head(connection, state)
    if head.generation > state.generation:
        _follow_generation(index, head)
    if index.is_open() and is_behind(index.state, head):
        catch_up(index)
    return index.is_open()


def _follow_generation(index: SearchIndex, head: Head) -> None:
    """A reindex happened: when it was written into this folder, reopen; else rebuild here too."""
    with index.folder_lock(CATCH_UP_WAIT) as locked:
        if not locked:
            return  # a swap or a catch-up is under way: the next search looks again
        disk = index.read_state()
        if disk.build != index.state.build:
            index.reopen()
    if index.state.generation < head.generation:
        start_rebuild(index, f"index generation {head.generation} in the database")


def catch_up(index: SearchIndex) -> None:
    """Write the changes this folder misses (or only reopen when another process already did)."""
    too_many = _catch_up(index)
    if too_many:
        start_rebuild(index, f"{too_many} changes to follow")


def _catch_up(index: SearchIndex) -> int:
    """Returns how many changes there were when too many to follow one by one, else 0."""
    too_many = 0
    with index.folder_lock(CATCH_UP_WAIT) as locked:
        if not locked:
            log.info("search index at %s: catch-up by another process still under way", index.path)
            return 0
        disk = index.read_state()
        with Session(db.engine) as session:
            rows = session.execute(
                select(SearchChange.id, SearchChange.kind, SearchChange.ref_id).where(SearchChange.id > _low(disk))
            ).all()
            gaps = {gap for gap, _seen in disk.gaps}
            new = [row for row in rows if row.id > disk.seq or row.id in gaps]
            if len(new) > BULK_CHANGE:
                too_many = len(new)
            elif new:
                changes = {(row.kind, row.ref_id) for row in new}
                documents, removed = documents_for_ids(session, service_ids_for(session, changes))
                index.apply(documents, removed, _advance(disk, rows))
        index.reopen()
    return too_many


def _advance(state: FollowState, rows) -> FollowState:
    """The state after following `rows` (every row above its low): new seq and open gaps."""
    present = {row.id for row in rows}
    seq = max([state.seq, *present])
    now = time.time()
    gaps = [(gap, seen) for gap, seen in state.gaps if gap not in present]
    gaps += [(i, now) for i in range(state.seq + 1, seq) if i not in present]
    gaps.sort()
    while gaps and now - gaps[0][1] > GAP_SECONDS:  # from the lowest, so the count above it stays exact
        gaps.pop(0)
    return FollowState(state.generation, seq, tuple(gaps), state.build)


# -- rebuilding -------------------------------------------------------------------------------
def rebuild(index: SearchIndex, new_generation: bool = False, wait: bool = True) -> int | None:
    """Rebuild the folder from the database. `new_generation`: a `socialmap reindex`, which every
    other process notices and follows. Returns the number of services, or None when another
    process is building this folder and `wait` is False."""
    with index.folder_lock(None if wait else 0, name="build") as building:
        if not building:
            return None
        with Session(db.engine) as session:
            # Where the log stands before the catalogue is read: a change committed meanwhile is in
            # both, and writing it again later is harmless.
            newest = session.execute(select(func.max(SearchChange.id))).scalar() or 0
            recent = set(session.scalars(select(SearchChange.id).where(SearchChange.id > newest - GAP_WINDOW)))
            now = time.time()
            gaps = tuple((i, now) for i in range(max(1, newest - GAP_WINDOW + 1), newest) if i not in recent)
            ids = searchable_ids(session)
            staging, count = index.build(iter_searchable_documents(session, ids), expected=len(ids))
        write_columns(staging, SegmentColumns)
        with index.folder_lock() as _locked, Session(db.engine) as session:
            if new_generation:
                session.add(generation_row := SearchGeneration())
                session.flush()
                generation = generation_row.id
                session.commit()
            else:
                generation = session.execute(select(func.max(SearchGeneration.id))).scalar() or 0
            index.swap_in(staging, FollowState(generation, newest, gaps, uuid.uuid4().hex))
    index.snapshot = None
    return count


_rebuilding: dict[str, threading.Thread] = {}
_rebuilding_lock = threading.Lock()


def start_rebuild(index: SearchIndex, reason: str) -> None:
    """Rebuild in a background thread (one per folder and process); searches go on meanwhile.
    With SEARCH_REBUILD_IN_BACKGROUND off (the test suite) the rebuild runs here and now."""
    app = current_app._get_current_object()
    if not app.config.get("SEARCH_REBUILD_IN_BACKGROUND", True):
        log.info("search index at %s: rebuilding (%s)", index.path, reason)
        rebuild(index)
        return
    with index.folder_lock(0, name="build") as free:
        if not free:
            return  # another process builds this folder: its swap is noticed like any other
    key = str(index.path)
    with _rebuilding_lock:
        running = _rebuilding.get(key)
        if running is not None and running.is_alive():
            return
        thread = threading.Thread(target=_rebuild_in_background, args=(app, index, reason), daemon=True,
                                  name=f"search-rebuild {index.path.name}")  # fmt: skip
        _rebuilding[key] = thread
    thread.start()


def _rebuild_in_background(app: Flask, index: SearchIndex, reason: str) -> None:
    with app.app_context():
        started = time.perf_counter()
        log.warning("search index at %s: rebuilding in the background (%s)", index.path, reason)
        try:
            count = rebuild(index, wait=False)
        except Exception:  # noqa: BLE001 — a thread has nobody to raise to: say it, the next search retries
            log.exception("search index at %s: background rebuild failed", index.path)
            return
        finally:
            db.session.remove()
        if count is None:
            log.info("search index at %s: another process is rebuilding it", index.path)
        else:
            log.warning("search index at %s: rebuilt with %d services in %.1f s", index.path, count,
                        time.perf_counter() - started)  # fmt: skip


def is_rebuilding(index: SearchIndex) -> bool:
    thread = _rebuilding.get(str(index.path))
    return thread is not None and thread.is_alive()


def lag(index: SearchIndex) -> dict:
    """For /healthz: this process's generation and how many change-log rows it has not followed."""
    with db.engine.connect() as connection:
        state = index.state or FollowState()
        head = read_head(connection, state)
    return {"generation": state.generation if index.state else None, "database_generation": head.generation,
            "seq": state.seq, "database_seq": head.newest, "behind": max(0, head.newest - state.seq),
            "rebuilding": is_rebuilding(index)}  # fmt: skip
