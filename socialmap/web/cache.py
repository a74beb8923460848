"""A response cache for what anonymous visitors read: public pages and API answers, per process.

An answer is kept under its URL (scheme, host, path and query), the resolved language, the local minute (pages
say what is open *now*; an answer is never older than that minute) and the database's content
version (search/models.py ContentVersion, raised in the same transaction as every change to
something public, search/sync.py). The version is read at most every HEAD_CHECK_SECONDS
(as the search follower does), and at once after a commit in this process; so an edit made through
any process on any machine is on every page within about that time, and a cached answer is never
served for content older than the version it was made under.

Only requests without a session, a remember-me cookie or an Authorization header are read from or
stored in the cache, and only 200 answers of the public blueprints that set no cookie and did not
touch the session. The page's CSP nonce is not kept: a cached page gets a fresh one each time.

Per process and bounded in bytes (least recently used out first). Hand-written rather than
Flask-Caching: its in-memory backend bounds entries by count, not by size, and its other backends
(Redis, memcached) would add a network round trip and serialisation to answers that take a few
milliseconds to make; two workers holding the same pages cost memory, not correctness.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
import time
from collections import OrderedDict

from flask import Flask, Response, current_app, g, request, session
from sqlalchemy import text

from socialmap import clock, reference, security
from socialmap.extensions import db
from socialmap.i18n import current_language
from socialmap.search import follower, sync
from socialmap.web.presenters import now_local

# Blueprints whose GET answers are the same for every anonymous visitor (health answers live state).
CACHED_BLUEPRINTS = frozenset({"web", "api", "embed", "volunteering"})
NONCE_MARK = b"\x00csp-nonce\x00"  # never in a rendered page (refuse_nul_bytes keeps NULs out of input)
# A per-hit value (security.per_hit: a form's signed time) is kept as a mark naming its function and
# arguments, and drawn afresh on every hit.
_PER_HIT_MARK = re.compile(rb"\x00per-hit\x00([^\x00]*)\x00")
_DROPPED_HEADERS = frozenset({"content-length", "set-cookie"})


class ResponseCache:
    """Least recently used entries out first once the bodies exceed `max_bytes`; thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self._entries: OrderedDict[tuple, tuple] = OrderedDict()
        self._lock = threading.Lock()
        self.head: int | None = None  # the content version of this app's database
        self.head_read_at = float("-inf")

    def get(self, key: tuple) -> tuple | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: tuple, entry: tuple, size: int) -> None:
        if size > self.max_bytes // 8:  # one huge answer should not empty the cache
            return
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self.size -= old[-1]
            self._entries[key] = (*entry, size)
            self.size += size
            while self.size > self.max_bytes:
                _key, evicted = self._entries.popitem(last=False)
                self.size -= evicted[-1]

    def __len__(self) -> int:
        return len(self._entries)


def content_head(cache: ResponseCache) -> int | None:
    """The content version: asked of the database at most every HEAD_CHECK_SECONDS, and on the first
    request after this process committed a change."""
    now = time.monotonic()
    if now - cache.head_read_at >= follower.HEAD_CHECK_SECONDS or sync.content_committed_at >= cache.head_read_at:
        head = db.session.execute(text("SELECT version FROM content_version WHERE id = 1")).scalar()
        if head != cache.head:  # the search index's own check may not be due yet: it must follow first
            sync.follow_at_once()
        cache.head, cache.head_read_at = head, now
    return cache.head


def content_version() -> int | None:
    """The content version as this process knows it (read at most every HEAD_CHECK_SECONDS)."""
    cache = current_app.extensions.get("response_cache")
    if cache is None:  # no response cache: ask every time
        return db.session.execute(text("SELECT version FROM content_version WHERE id = 1")).scalar()
    return content_head(cache)


_reference_fills = itertools.count()


@reference.cached(maxsize=1)
def reference_generation() -> int:
    """A new number each time this process's reference caches are emptied (a taxonomy or gazetteer
    load here or in any other process, socialmap/reference.py): pages drawn with the old labels go."""
    return next(_reference_fills)


def _is_anonymous() -> bool:
    config = current_app.config
    cookies = request.cookies
    return not (config["SESSION_COOKIE_NAME"] in cookies or config.get("REMEMBER_COOKIE_NAME", "remember_token")
                in cookies or "Authorization" in request.headers)  # fmt: skip


def _cache_key(cache: ResponseCache) -> tuple | None:
    if request.method != "GET" or request.blueprint not in CACHED_BLUEPRINTS or not _is_anonymous():
        return None
    if "no-cache" in request.headers.get("Cache-Control", ""):  # a reload that asks for a fresh answer
        return None
    minute = now_local().replace(second=0, microsecond=0)
    # scheme, host and root path too: answers hold links made from them (the API's "url", a sheet's QR
    # code, every url_for), and behind a proxy each comes from an X-Forwarded-* header a visitor can send
    return (request.scheme, request.host, request.root_path, request.path, request.query_string, current_language(),
            minute, clock.today(), content_head(cache), reference_generation())  # fmt: skip


def serve_cached():
    """Before a request: answer from the cache, or note the key to store the answer under."""
    cache = current_app.extensions.get("response_cache")
    key = _cache_key(cache) if cache is not None else None
    if key is None:
        return None
    entry = cache.get(key)
    if entry is None:
        g.response_cache_key = key
        return None
    status, headers, body, _size = entry
    body = body.replace(NONCE_MARK, security.csp_nonce().encode())
    if b"\x00per-hit\x00" in body:
        body = _PER_HIT_MARK.sub(_draw_again, body)
    response = Response(body, status=status, headers=headers)
    response.headers["X-Cache"] = "hit"
    return response


def _draw_again(found: re.Match) -> bytes:
    name, args = json.loads(found.group(1))
    return security.PER_HIT[name](*args).encode()


def store_response(response):
    """After a request (before the other hooks add cookies, security headers and compression)."""
    key = g.pop("response_cache_key", None)
    if key is None:
        return response
    response.headers["X-Cache"] = "miss"
    if (response.status_code != 200 or response.direct_passthrough or not response.is_sequence
            or "Set-Cookie" in response.headers or session.modified
            or g.get("answered_without_index")):  # SQL's plainer answer, while the index is being built  # fmt: skip
        return response
    body = response.get_data()
    if "csp_nonce" in g:
        body = body.replace(g.csp_nonce.encode(), NONCE_MARK)
    for value, (name, args) in g.get("per_hit_values", {}).items():
        body = body.replace(value.encode(), b"\x00per-hit\x00" + json.dumps([name, list(args)]).encode() + b"\x00")
    headers = [(k, v) for k, v in response.headers.items() if k.lower() not in _DROPPED_HEADERS]
    # The key counts too: a short answer to a long URL (a query string of kilobytes) must not slip past the bound.
    size = len(body) + len(request.url) + 200
    current_app.extensions["response_cache"].put(key, (response.status_code, headers, body), size)
    return response


def init_app(app: Flask) -> None:
    """Call last: its after-request hook must run before the others (they run in reverse order)."""
    if app.config["RESPONSE_CACHE_BYTES"] <= 0:
        return
    app.extensions["response_cache"] = ResponseCache(app.config["RESPONSE_CACHE_BYTES"])
    app.before_request(serve_cached)
    app.after_request(store_response)
