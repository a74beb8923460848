"""/healthz for load balancers and monitoring: is the database reachable, and how far this
process's search index is behind it (docs/deploy.md). Machine-readable JSON, not a page."""

from __future__ import annotations

import logging

from flask import Blueprint, Flask, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from socialmap.extensions import db

bp = Blueprint("health", __name__)
log = logging.getLogger(__name__)


@bp.get("/healthz")
def healthz():
    """200 while this process can answer (from its index, or from SQL while that is rebuilt);
    503 when the database cannot be reached."""
    from socialmap.search import follower, get_index

    try:
        with db.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        index = get_index()
        index.open()  # an index on disk this worker has not searched yet (never builds one here)
        report = {"open": index.is_open(), **follower.lag(index)}
    except SQLAlchemyError as error:
        log.error("health check: database unreachable (%s)", type(error).__name__)
        return jsonify(status="unavailable", database="unreachable"), 503
    status = "ok" if report["open"] and not report["behind"] else "degraded"
    return jsonify(status=status, database="ok", index=report)


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)
