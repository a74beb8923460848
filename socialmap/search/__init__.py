"""Full-text and place search over the catalogue (Whoosh lives in index.py only)."""

from __future__ import annotations

from flask import Flask, current_app

from socialmap.search.index import SearchIndex

EXTENSION_KEY = "socialmap.search"


def init_app(app: Flask) -> None:
    """Attach the index (not opened yet: no I/O in the factory) and keep it in sync with commits."""
    from socialmap.search import sync

    app.extensions[EXTENSION_KEY] = SearchIndex(app.config["SEARCH_INDEX_PATH"])
    sync.listen()


def get_index() -> SearchIndex:
    return current_app.extensions[EXTENSION_KEY]
