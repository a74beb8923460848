"""Pruning the search change log (issue #13): `socialmap prune-changes`, daily from cron.

Every process's index follows `search_change` row by row (search/follower.py), so the log only needs
the rows a running process may still have to follow. Rows older than SEARCH_CHANGE_RETENTION_DAYS are
deleted; the highest id deleted is kept in `search_change_pruning` in the same transaction, so that a
process whose index has not followed that far (stopped for weeks, or an index folder copied from an old
backup) notices that rows it needs are gone and rebuilds instead of skipping them.

This model lives here, not in search/models.py, because it exists for this one write and what the
follower reads of it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa
import sqlalchemy.orm as so

from socialmap import clock
from socialmap.extensions import db
from socialmap.search.models import SearchChange


class SearchChangePruning(db.Model):
    """One row per pruning: every change-log row with an id up to `through_id` is deleted."""

    __tablename__ = "search_change_pruning"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    through_id: so.Mapped[int]
    pruned_at: so.Mapped[dt.datetime] = so.mapped_column(default=clock.utcnow)


def pruned_through_query() -> sa.ScalarSelect:
    """The highest change-log id ever pruned (0: none), as a subquery for the follower's one question."""
    return sa.select(sa.func.coalesce(sa.func.max(SearchChangePruning.through_id), 0)).scalar_subquery()


@dataclass(frozen=True)
class Pruned:
    deleted: int
    through_id: int  # 0 when nothing was pruned yet


def prune_changes(older_than: dt.timedelta) -> Pruned:
    """Delete the change-log rows written more than `older_than` ago and record how far. Flushes;
    the caller commits.

    Everything up to the newest old row goes, so "pruned through N" holds for every id up to N.
    The newest row of all always stays: SQLite hands out max(id) + 1, and an emptied table would
    start again at 1, below what every process has already followed."""
    session = db.session
    cutoff = clock.utcnow() - older_than
    newest = session.scalar(sa.select(sa.func.max(SearchChange.id))) or 0
    newest_old = session.scalar(sa.select(sa.func.max(SearchChange.id)).where(SearchChange.created_at < cutoff))
    already = session.scalar(sa.select(pruned_through_query()))
    through = min(newest_old or 0, newest - 1)
    if through <= already:
        return Pruned(0, already)
    deleted = session.execute(sa.delete(SearchChange).where(SearchChange.id <= through)).rowcount
    session.add(SearchChangePruning(through_id=through))
    session.flush()
    return Pruned(deleted, through)
