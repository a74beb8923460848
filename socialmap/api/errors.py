"""JSON errors for /api/: {"error": {"code", "message", "field"}}, never an HTML page or a 500 trace."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from socialmap.i18n import _

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, field: str | None = None, **extra):
    body = {"error": {"code": code, "message": message, "field": field, **extra}}
    return jsonify(body), status


def has_nul_byte() -> bool:
    """A NUL byte is never meaningful input, and PostgreSQL refuses to even compare text with one."""
    sources = (request.args, request.form) if request.method == "POST" else (request.args,)
    return "\x00" in request.path or any(
        "\x00" in key or "\x00" in value for source in sources for key, value in source.items(multi=True))


def refuse_nul_bytes():
    """A request hook: a clear 400 in the page's language instead of a database error."""
    if has_nul_byte():
        message = _("The address or form contains a character that cannot be used (a NUL byte). "
                    "Please check what you typed.")  # fmt: skip
        if wants_json():
            return error_response(400, "bad_characters", message)
        return render_template("errors/400.html", message=message), 400
    return None


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if not wants_json():
            if error.code in (404, 405):
                return render_template("errors/404.html"), error.code
            if error.code == 400:
                if isinstance(error, CSRFError):
                    message = _("This form has expired or was sent from another page. Go back, reload the "
                                "page and try again.")  # fmt: skip
                else:
                    message = _("Something in the address or the form is not right. Check what you entered "
                                "and try again.")  # fmt: skip
                return render_template("errors/400.html", message=message), 400
            return error
        messages = {
            404: _("Not found."),
            405: _("This method is not allowed here."),
        }
        code = {404: "not_found", 405: "method_not_allowed"}.get(error.code, "http_error")
        return error_response(error.code or 500, code, messages.get(error.code, error.description or ""))

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception):
        log.exception("unexpected error on %s", request.path)
        if wants_json():
            return error_response(500, "server_error", _("Something went wrong on our side. Please try again later."))
        return render_template("errors/500.html"), 500
