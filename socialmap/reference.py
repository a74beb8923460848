"""Reference data caches (taxonomy, tiers, municipalities, places, synonyms), in one place.

Reference data changes only when it is loaded (`socialmap init`, a taxonomy or gazetteer load), so
each process keeps it in lru_caches registered here with `@cached(...)`. `changed()` is called in the
transaction that loads it: it clears this process's caches and raises the version row
(reference_version). Every other process — another worker, another machine — compares that row with
the version its caches were filled at, at most once every CHECK_SECONDS before a request, and clears
its own when it moved. No restart, and nothing else to remember: a new cache is one decorator.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from functools import lru_cache

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from socialmap.extensions import db

CHECK_SECONDS = 2.0

_caches: list = []
_lock = threading.Lock()
_NOT_YET = object()
_seen: object = _NOT_YET  # the version this process's caches belong to (None: no row yet)
_checked_at = float("-inf")


def cached(maxsize: int) -> Callable:
    """lru_cache, registered so that `clear()` and other processes' changes empty it."""

    def wrap(function):
        cached_function = lru_cache(maxsize=maxsize)(function)
        _caches.append(cached_function)
        return cached_function

    return wrap


def clear() -> None:
    """Empty every reference cache of this process."""
    for cache in _caches:
        cache.cache_clear()


def changed() -> None:
    """Reference data was just written (the caller commits): clear here, and tell the others."""
    clear()
    if db.session.execute(text("UPDATE reference_version SET version = version + 1 WHERE id = 1")).rowcount == 0:
        db.session.execute(text("INSERT INTO reference_version (id, version) VALUES (1, 1)"))


def follow() -> None:
    """Before a request: clear the caches when reference data changed in another process."""
    global _seen, _checked_at
    now = time.monotonic()
    if now - _checked_at < CHECK_SECONDS:
        return
    with _lock:
        _checked_at = now
        try:
            version = db.session.execute(text("SELECT version FROM reference_version WHERE id = 1")).scalar()
        except SQLAlchemyError:  # a database not migrated yet: nothing cached from it either
            db.session.rollback()
            return
        if version != _seen:  # the first time too: anything cached before the first check is dropped
            clear()
            _seen = version
