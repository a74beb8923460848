"""JSON errors for /api/: {"error": {"code", "message", "field"}}, never an HTML page or a 500 trace."""

from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import format_decimal
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from socialmap.i18n import _
from socialmap.web.errors import error_page, error_text, http_error_page

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, field: str | None = None, **extra):
    body = {"error": {"code": code, "message": message, "field": field, **extra}}
    return jsonify(body), status


def invalid_fields(errors: dict[str, str]):
    """400 with one message per field (`fields`), the answer to every body that fails its checks."""
    return error_response(400, "validation_failed", _("Some fields are not right."), None, fields=errors)


_CLEAN = object()  # no bad character found
BODY_METHODS = ("POST", "PUT", "PATCH", "DELETE")


def is_bad_text(value: str) -> bool:
    """A NUL byte is never meaningful input, and PostgreSQL refuses to store or even compare text with
    one; a lone surrogate (a JSON "\\ud800" escape) cannot be stored as UTF-8 by any database."""
    if "\x00" in value:
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _bad_json_field(data) -> str | None | object:
    """The first JSON key (or the key holding the value) with a bad character; walked without
    recursion, as JSON may nest as deep as the parser allows."""
    stack = [(None, data)]
    while stack:
        field, value = stack.pop()
        if isinstance(value, str):
            if is_bad_text(value):
                return field
        elif isinstance(value, dict):
            for key, item in value.items():
                if is_bad_text(key):
                    return key.replace("\x00", "").encode("utf-8", "replace").decode()
                stack.append((key, item))
        elif isinstance(value, list):
            stack.extend((field, item) for item in value)
    return _CLEAN


def find_bad_characters() -> tuple[str, str | None] | None:
    """(where, field) of the first bad character in the request: "address" (path, query string or
    form), "header" or "json"; None when the request is clean. One place for every input path."""
    sources = [request.args]
    if request.method in BODY_METHODS:
        sources.append(request.form)
    if "\x00" in request.path or any(
            "\x00" in key or "\x00" in value for source in sources for key, value in source.items(multi=True)):
        return "address", None
    for name, value in request.headers.items():
        if "\x00" in value:
            return "header", name
    if request.method in BODY_METHODS and request.is_json:
        field = _bad_json_field(request.get_json(silent=True))
        if field is not _CLEAN:
            return "json", field
    return None


def refuse_nul_bytes():
    """A request hook, before every other: a body over the size limit gets 413, JSON nested too deep
    400, and a NUL byte anywhere a clear 400 in the page's language instead of a database error."""
    limit = current_app.config.get("MAX_CONTENT_LENGTH")
    if limit is not None and (request.content_length or 0) > limit:
        raise RequestEntityTooLarge()  # before reading anything of it
    try:
        found = find_bad_characters()
    except RecursionError:  # Python's JSON parser gives up on very deep nesting (not a ValueError)
        return error_response(400, "bad_json", _("Send a JSON object."))
    if found is None:
        return None
    where, field = found
    if where == "address":
        message = _("The address or form contains a character that cannot be used (a NUL byte). "
                    "Please check what you typed.")  # fmt: skip
    else:
        message = _("The request contains a character that cannot be used (a NUL byte or an incomplete "
                    "character). Please check what you sent.")  # fmt: skip
    if wants_json():
        return error_response(400, "bad_characters", message, field)
    return render_template("errors/400.html", message=message), 400


def too_large_message() -> str:
    size = format_decimal((current_app.config.get("MAX_CONTENT_LENGTH") or 0) / 1024 / 1024, format="#,##0.#")
    return _("This is too large to send at once: at most %(size)s MB.", size=size)


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if not wants_json():
            return http_error_page(error, too_large_message() if error.code == 413 else None)
        messages = {
            404: _("Not found."),
            405: _("This method is not allowed here."),
            413: too_large_message(),
        }
        code = {404: "not_found", 405: "method_not_allowed", 413: "too_large"}.get(error.code)
        text = error_text(error.code or 500)  # the error pages' words, not Werkzeug's English
        return error_response(error.code or 500, code or text.code, messages.get(error.code, str(text.message)))

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unexpected error on %s", request.path)
        if wants_json():
            return error_response(500, "server_error", _("Something went wrong on our side. Please try again later."))
        return error_page(500)
