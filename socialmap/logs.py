"""Log lines for production: one JSON object per line, which a log collector reads without rules."""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys

from flask import Flask

_HANDLER_NAME = "socialmap-json"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "process": record.process,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def init_app(app: Flask) -> None:
    """With LOG_FORMAT=json, every logger of the process writes JSON lines to stderr (once per process,
    however many apps are made)."""
    if app.config.get("LOG_FORMAT") != "json" or app.testing:
        return
    root = logging.getLogger()
    if any(handler.get_name() == _HANDLER_NAME for handler in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(logging.INFO)
