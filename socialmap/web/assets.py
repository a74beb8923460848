"""Light pages: fingerprinted static files cached for a year, and compressed responses.

Every ``url_for("static", filename=…)`` gets ``?v=`` and the start of the file's SHA-256, so a
browser may keep the file for a year: a changed file has another URL. The digest is computed the
first time a URL for the file is built (not in ``create_app``) and kept until the file changes
(one ``stat`` per URL). A request with the current digest is answered with
``Cache-Control: public, max-age=31536000, immutable``; the bare URL and an outdated digest still
work, revalidated on every use (``no-cache``), so a page cached before a deployment keeps its styles.

Flask-Compress answers with Brotli or gzip, whichever the browser prefers, for HTML, CSS,
JavaScript, JSON and GeoJSON. Behind nginx (docs/deploy.md) nginx may serve /static itself.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from flask import Flask, current_app, request
from flask_compress import Compress
from werkzeug.security import safe_join

compress = Compress()

YEAR = 365 * 24 * 3600
IMMUTABLE = f"public, max-age={YEAR}, immutable"
COMPRESSED_TYPES = [
    "text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
    "application/json", "application/geo+json", "application/schema+json", "image/svg+xml", "text/csv",
]  # fmt: skip


def init_app(app: Flask) -> None:
    app.config.setdefault("COMPRESS_MIMETYPES", COMPRESSED_TYPES)
    app.config.setdefault("COMPRESS_ALGORITHM", ["br", "gzip"])
    compress.init_app(app)
    app.url_defaults(_add_fingerprint)
    # Registered after Flask-Compress, so it runs before it (after_request runs in reverse order).
    app.after_request(_cache_fingerprinted)


def fingerprint(filename: str) -> str | None:
    """The first 12 hex digits of the static file's SHA-256, or None when there is no such file."""
    path = safe_join(current_app.static_folder or "", filename)
    if path is None:
        return None
    try:
        modified = os.stat(path).st_mtime_ns
    except OSError:
        return None
    return _digest(path, modified)


@lru_cache(maxsize=256)
def _digest(path: str, _modified: int) -> str:
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()[:12]


def _add_fingerprint(endpoint: str, values: dict) -> None:
    if endpoint == "static" and "filename" in values and "v" not in values:
        digest = fingerprint(values["filename"])
        if digest:
            values["v"] = digest


def _cache_fingerprinted(response):
    if request.endpoint == "static" and response.status_code in (200, 304):
        if response.status_code == 200 and response.is_streamed:
            # Read the (small) file now and close it: Flask-Compress would compress the stream
            # without gzip and without ever closing the file.
            stream = response.response
            try:
                body = b"".join(stream)
            finally:
                if hasattr(stream, "close"):
                    stream.close()
            response.direct_passthrough = False
            response.set_data(body)
        version = request.args.get("v")
        if version and version == fingerprint((request.view_args or {}).get("filename", "")):
            response.headers["Cache-Control"] = IMMUTABLE
        else:
            response.headers["Cache-Control"] = "no-cache"
    return response
