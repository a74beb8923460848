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

`socialmap prune-changes` deletes old rows (search/pruning.py). A state that has not followed every
row up to the pruned id can no longer follow row by row: it is rebuilt in the background while
searches answer from its last good index. Counts are then compared above the pruned id only, since
the rows below it are gone.
"""

from __future__ import annotations

import logging
import threading
import time
import uuid
from dataclasses import dataclass

from flask import Flask, current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from socialmap.extensions import db
from socialmap.search import sync
from socialmap.search.documents import documents_for_ids, iter_searchable_documents, searchable_ids, service_ids_for
from socialmap.search.index import FollowState, SearchIndex, write_columns
from socialmap.search.models import SearchChange, SearchGeneration
from socialmap.search.pruning import pruned_through_query
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
    count_above_low: int  # how many rows above the state's lowest open gap (or its seq), or above pruned_through
    generation: int
    pruned_through: int = 0  # every change-log row up to this id was deleted (0: none)


def _low(state: FollowState) -> int:
    return min(state.gaps)[0] - 1 if state.gaps else state.seq


def read_head(connection, state: FollowState) -> Head:
    """One indexed query: count and max of the few rows above the state, the generation and how
    far the log was pruned. Rows at or below the pruned id are gone, so the count starts above it."""
    generation = select(func.max(SearchGeneration.id)).scalar_subquery()
    pruned_through = pruned_through_query()
    above = case((pruned_through > _low(state), pruned_through), else_=_low(state))
    row = connection.execute(
        select(func.count(SearchChange.id), func.max(SearchChange.id), generation, pruned_through)
        .where(SearchChange.id > above)
    ).one()
    if row[1] is None:  # no rows above: ask for the newest id separately (rare)
        newest = connection.execute(select(func.max(SearchChange.id))).scalar() or 0
    else:
        newest = row[1]
    return Head(int(newest), int(row[0]), int(row[2] or 0), int(row[3] or 0))


def is_behind(state: FollowState, head: Head) -> bool:
    """True when the database holds changes the state has not followed."""
    low = max(_low(state), head.pruned_through)  # where read_head started counting
    # rows above low the state already holds (a state with open gaps below it is lost_to_pruning)
    known = (state.seq - low) - sum(1 for gap, _seen in state.gaps if gap > low)
    return head.newest > state.seq or head.count_above_low > known


def lost_to_pruning(state: FollowState, pruned_through: int) -> bool:
    """True when rows this state has not followed may have been pruned: it must be rebuilt.

    Gaps older than GAP_SECONDS do not count: they are rolled-back transactions, given up already."""
    if pruned_through <= _low(state):
        return False
    if pruned_through > state.seq:
        return True
    now = time.time()
    return any(gap <= pruned_through and now - seen <= GAP_SECONDS for gap, seen in state.gaps)


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
    if index.is_open() and (lost_to_pruning(index.state, head.pruned_through) or is_behind(index.state, head)):
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
    """Write the changes this folder misses (or only reopen when another process already did).
    When rows it misses were pruned, it keeps answering from what it has until a rebuild is in."""
    reason = _catch_up(index)
    if reason:
        start_rebuild(index, reason)


def _catch_up(index: SearchIndex) -> str | None:
    """Returns why the folder must be rebuilt instead (too many changes, or pruned ones), else None."""
    reason = None
    with index.folder_lock(CATCH_UP_WAIT) as locked:
        if not locked:
            log.info("search index at %s: catch-up by another process still under way", index.path)
            return None
        disk = index.read_state()
        with Session(db.engine) as session:
            pruned_through = session.execute(select(pruned_through_query())).scalar()
            if lost_to_pruning(disk, pruned_through):
                if disk.build != index.state.build:
                    index.reopen()  # another process wrote this folder since: answer from its copy meanwhile
                return f"the change log was pruned through id {pruned_through}, beyond this index's {disk.seq}"
            rows = session.execute(
                select(SearchChange.id, SearchChange.kind, SearchChange.ref_id).where(SearchChange.id > _low(disk))
            ).all()
            gaps = {gap for gap, _seen in disk.gaps}
            new = [row for row in rows if row.id > disk.seq or row.id in gaps]
            if len(new) > BULK_CHANGE:
                reason = f"{len(new)} changes to follow"
            elif new:
                changes = {(row.kind, row.ref_id) for row in new}
                documents, removed = documents_for_ids(session, service_ids_for(session, changes))
                index.apply(documents, removed, _advance(disk, rows))
        index.reopen()
    return reason


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
            # Pruned ids are no gaps: they are gone for good, and this build reads what they changed.
            pruned_through = session.execute(select(pruned_through_query())).scalar()
            newest = max(session.execute(select(func.max(SearchChange.id))).scalar() or 0, pruned_through)
            recent = set(session.scalars(select(SearchChange.id).where(SearchChange.id > newest - GAP_WINDOW)))
            now = time.time()
            first = max(1, newest - GAP_WINDOW + 1, pruned_through + 1)
            gaps = tuple((i, now) for i in range(first, newest) if i not in recent)
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
