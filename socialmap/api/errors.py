"""JSON errors for /api/: {"error": {"code", "message", "field"}}, never an HTML page or a 500 trace."""

from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException

from socialmap.i18n import _

log = logging.getLogger(__name__)


def wants_json() -> bool:
    return request.path.startswith("/api/")


def error_response(status: int, code: str, message: str, field: str | None = None, **extra):
    body = {"error": {"code": code, "message": message, "field": field, **extra}}
    return jsonify(body), status


def register(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if not wants_json():
            if error.code in (404, 405):
                return render_template("errors/404.html"), error.code
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
