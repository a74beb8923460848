"""The search change log: what every process's index follows (docs/search.md, "Many processes").

The database is the truth; an index folder is a copy that any process on any machine brings up to
date from these rows. A row is written in the same transaction as the catalogue change it records,
so a change that was rolled back is never followed and a committed one is never missed.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
import sqlalchemy.orm as so

from socialmap.extensions import db


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class SearchChange(db.Model):
    """One changed service, location or organisation; `id` is the sequence number followers read."""

    __tablename__ = "search_change"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    kind: so.Mapped[str] = so.mapped_column(sa.String(20))  # service, location or organization
    ref_id: so.Mapped[int]
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=_utcnow)


class SearchGeneration(db.Model):
    """One row per `socialmap reindex`: its id is the index generation every process compares its
    own with, so a rebuild anywhere is noticed everywhere."""

    __tablename__ = "search_generation"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    created_at: so.Mapped[dt.datetime] = so.mapped_column(default=_utcnow)


class ContentVersion(db.Model):
    """One row (id 1), raised in the transaction of every committed change to something a public page
    or API answer shows (search/sync.py): the key under which processes cache such answers
    (web/cache.py). One row, not a log: its update waits for the commit before it, so a reader never
    sees a version without every change below it."""

    __tablename__ = "content_version"

    id: so.Mapped[int] = so.mapped_column(primary_key=True)
    version: so.Mapped[int] = so.mapped_column(sa.Integer, default=0, server_default="0")
