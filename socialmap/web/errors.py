"""Error pages: every status inside the site's layout (navigation, language switch), in the
visitor's language, never Werkzeug's English page. /api/ paths answer in JSON (api/errors.py),
with the same words for the statuses the API has no message of its own for.
"""

from __future__ import annotations

import logging
from typing import NamedTuple

from flask import render_template
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException

from socialmap.extensions import db
from socialmap.i18n import _, _l, current_language

log = logging.getLogger(__name__)


class ErrorText(NamedTuple):
    code: str  # the API's error code
    title: str
    message: str


ERRORS: dict[int, ErrorText] = {
    400: ErrorText("bad_request", _l("Something is not right"),
                   _l("Something in the address or the form is not right. Check what you entered and try again.")),
    401: ErrorText("unauthorized", _l("Please sign in"), _l("Sign in to see this page.")),
    403: ErrorText("forbidden", _l("No access"),
                   _l("You may not see this page or do this. If you think you should, ask the person who "
                      "manages the accounts of your organisation or municipality.")),
    404: ErrorText("not_found", _l("Page not found"), _l("This page does not exist (any more). Search again:")),
    405: ErrorText("method_not_allowed", _l("This does not work here"),
                   _l("This page cannot be opened this way. Go back and use the links and buttons on the page.")),
    413: ErrorText("too_large", _l("Too large"), _l("This is too large to send at once.")),
    429: ErrorText("rate_limited", _l("Too many attempts"),
                   _l("You tried this too often in a short time. Wait a few minutes and try again.")),
    500: ErrorText("server_error", _l("Something went wrong"),
                   _l("Something went wrong on our side. Please try again later.")),
}  # fmt: skip


def error_text(status: int) -> ErrorText:
    """The words for a status; other statuses borrow those of 400 or 500."""
    return ERRORS.get(status) or ERRORS[400 if 400 <= status < 500 else 500]


def error_page(status: int, message: str | None = None, headers=None):
    """The site's page for an error status; `message` replaces the standard one."""
    if status >= 500:
        # A failed statement spoils the transaction (PostgreSQL): the page itself reads the database
        # (who is signed in, the demo notice), so start clean.
        db.session.rollback()
    text = error_text(status)
    template = "errors/404.html" if status == 404 else "errors/error.html"
    try:
        html = render_template(template, status=status, title=text.title, message=message or text.message)
    except Exception:  # noqa: BLE001 — the database itself may be down: a bare page, still translated
        log.exception("error page %s could not be rendered", status)
        title = escape(text.title)
        html = (f'<!doctype html><html lang="{current_language()}"><meta charset="utf-8"><title>{title}</title>'
                f"<h1>{title}</h1><p>{escape(text.message)}</p>")  # fmt: skip
    return html, status, headers or {}


def http_error_page(error: HTTPException, message: str | None = None):
    """The page for a raised HTTP error, keeping the headers it carries (Allow, Retry-After)."""
    if isinstance(error, CSRFError):
        message = _("This form has expired or was sent from another page. Go back, reload the page and try again.")
    headers = {name: value for name, value in error.get_headers() if name.lower() != "content-type"}
    return error_page(error.code or 500, message, headers)
