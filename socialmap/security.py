"""Browser-side protection on every response, and the one check for user-given redirect targets.

Content-Security-Policy: scripts only from our own origin or inline with this response's nonce, so
markup that slips into a page (an address with ``<script>`` in it) cannot run. Every page works
without JavaScript; the nonce only admits the few inline scripts our templates write themselves
(the map set-up that folium generates, the ``js`` class on ``<html>``).

Framing is refused everywhere (``frame-ancestors 'none'``); a view that is meant to be embedded
(a widget for a municipality's site) opens itself with ``@allow_framing(...)``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from urllib.parse import urlsplit

from flask import Flask, current_app, g, request, url_for

NO_FRAMING = "'none'"


def csp_nonce() -> str:
    """The nonce of this response: new per request, so a page copied elsewhere cannot reuse it."""
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(18)
    return g.csp_nonce


# Values a page must draw afresh for every visitor, also when the page itself comes from the response
# cache (web/cache.py): the cache keeps a mark in their place and calls the function again on each hit.
PER_HIT: dict[str, Callable[..., str]] = {}


def per_hit(name: str) -> Callable:
    """Register a template function whose value must be new on every page served (a form's signed
    time, say); its arguments must be JSON values."""

    def register(function: Callable[..., str]) -> Callable[..., str]:
        def drawn(*args) -> str:
            value = function(*args)
            g.setdefault("per_hit_values", {})[value] = (name, args)
            return value

        PER_HIT[name] = function
        return drawn

    return register


def allow_framing(ancestors: str) -> Callable:
    """Let other sites embed this view, e.g. ``@allow_framing("https://*.example.nl")``."""

    def mark(view: Callable) -> Callable:
        view.frame_ancestors = ancestors
        return view

    return mark


def public_data(view: Callable) -> Callable:
    """Mark a read-only public view whose GET any site may fetch from a browser (CORS ``*``). Only
    public data: never a view that reads a session, a token or a referral."""
    view.public_data = True
    return view


def _tile_origin(url_template: str) -> str:
    """Where map tiles come from: the origin of the tile URL, ``{s}`` subdomains as a wildcard."""
    parts = urlsplit(url_template.replace("{s}", "*"))
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme in ("http", "https") and parts.netloc else ""


def _frame_ancestors() -> str:
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return getattr(view, "frame_ancestors", NO_FRAMING)


def content_security_policy(frame_ancestors: str = NO_FRAMING) -> str:
    tiles = _tile_origin(current_app.config["MAP_TILE_URL"])
    return "; ".join((
        "default-src 'self'",
        f"script-src 'self' 'nonce-{csp_nonce()}'",
        # No <style> blocks from elsewhere; style="" attributes stay allowed (the report's SVG charts
        # size themselves with one), they cannot run script.
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        f"img-src 'self' data: {tiles}".rstrip(),
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        f"frame-ancestors {frame_ancestors}",
    ))  # fmt: skip


def set_security_headers(response):
    """An after-request hook; a view that set a header itself keeps its own."""
    ancestors = _frame_ancestors()
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_security_policy(ancestors))
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # The origin only: map tiles need a referrer (OpenStreetMap's tile policy), while the path and
    # query (a village, "debt help") stay private.
    headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
    if ancestors == NO_FRAMING:
        headers.setdefault("X-Frame-Options", "DENY")  # for browsers without frame-ancestors
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    if getattr(view, "public_data", False) and request.method in ("GET", "HEAD"):
        # Simple GETs need no preflight, so none is answered: a cross-site POST or PATCH with a token
        # (same address as a public GET) stays refused by the browser. No credentials either.
        headers.setdefault("Access-Control-Allow-Origin", "*")
    return response


def is_safe_path(target: str | None) -> bool:
    """A path on this site: "/…", never "//host", "/\\host", a scheme, or control characters.

    Browsers drop tabs and newlines inside URLs and read a backslash as a slash, so "/\\t/evil"
    and "/\\evil" would leave the site: anything like that is refused rather than cleaned.
    """
    if not target or len(target) > 2000 or not target.startswith("/"):
        return False
    if any(ord(char) < 0x20 or ord(char) == 0x7F or char == "\\" for char in target):
        return False
    if target.startswith("//"):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(default_endpoint: str, target: str | None = None) -> str:
    """Where to go after a form: the ``next`` the page gave if it is ours, else ``default_endpoint``.

    ``target`` defaults to ``next`` in the posted form (or the query string).
    """
    if target is None:
        target = request.form.get("next") or request.args.get("next")
    return target if is_safe_path(target) else url_for(default_endpoint)


def init_app(app: Flask) -> None:
    app.after_request(set_security_headers)
    app.add_template_global(csp_nonce)
