"""Fixtures: one database per test session (SQLite or PostgreSQL), clean catalogue per test.

SOCIALMAP_TEST_DB=sqlite (default) or postgresql selects the database. PostgreSQL tests create
and drop their own throw-away database on SOCIALMAP_TEST_POSTGRES_URL.
"""

from __future__ import annotations

import contextvars
import os
import threading
import uuid
from contextlib import contextmanager

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url
from werkzeug.serving import make_server

from socialmap import create_app
from socialmap.catalogue.taxonomy import load_taxonomies
from socialmap.extensions import db as _db
from socialmap.migrate import upgrade_database
from socialmap.places.services import load_gazetteer

DB_KIND = os.environ.get("SOCIALMAP_TEST_DB", "sqlite")
POSTGRES_URL = os.environ.get("SOCIALMAP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
# Loaded once per session and never changed by tests; everything else is emptied after each test. Their
# version row stays with them: emptied, a later test's process would see reference data "change" at a
# moment set by a timer, and drop its caches and cached pages mid-test (socialmap/reference.py).
REFERENCE_TABLES = {"municipality", "place", "place_name", "postcode", "taxonomy_term", "tier", "tier_label",
                    "reference_version", "alembic_version"}  # fmt: skip


def make_postgres_database() -> tuple[str, callable]:
    server = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    name = f"socialmap_test_{uuid.uuid4().hex[:10]}"
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception as error:  # noqa: BLE001 — any failure to reach the server means the same
        message = f"PostgreSQL at {POSTGRES_URL} is not reachable: {error}"
        if os.environ.get("CI"):
            pytest.exit(message, returncode=3)
        pytest.skip(message, allow_module_level=True)

    def drop() -> None:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()

    return make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False), drop


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    if DB_KIND == "postgresql":
        url, drop = make_postgres_database()
        yield url
        drop()
    elif DB_KIND == "sqlite":
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"
    else:
        raise pytest.UsageError(f"SOCIALMAP_TEST_DB must be sqlite or postgresql, not {DB_KIND!r}")


def make_app(database_url: str, instance_path, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "INSTANCE_PATH": str(instance_path),
        "SEARCH_INDEX_PATH": str(instance_path / "search-index"),
        "MAIL_OUTBOX": str(instance_path / "outbox"),
        "PUBLIC_URL": "http://localhost",
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",  # scrypt is the default; tests only need it fast
        "WTF_CSRF_ENABLED": False,  # tests/accounts/test_csrf.py checks CSRF with it on
        "SEARCH_REBUILD_IN_BACKGROUND": False,  # tests/search/test_followers.py turns it on
    }
    config.update(overrides)
    return create_app(config)


def make_standalone_app(folder, name: str):
    """An app on a SQLite database of its own, migrated, with the gazetteer and taxonomies loaded:
    for tests that serve a catalogue over a real port (browser tests, a remote HSDS API)."""
    app = make_app(f"sqlite:///{folder / name}.db", folder)
    with app.app_context():
        upgrade_database()
        load_gazetteer()
        load_taxonomies()
        _db.session.commit()
    return app


@contextmanager
def served(app):
    """The app on 127.0.0.1 on a free port, in a thread; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(timeout=5)


@pytest.fixture(scope="session")
def reference_data(database_url, tmp_path_factory):
    """Migrate the session database and load the gazetteer and taxonomies once."""
    app = make_app(database_url, tmp_path_factory.mktemp("instance"))
    with app.app_context():
        upgrade_database()
        load_gazetteer()
        load_taxonomies()
        _db.session.commit()
        _db.engine.dispose()


@pytest.fixture
def app(database_url, reference_data, tmp_path):
    app = make_app(database_url, tmp_path)
    with app.app_context():
        yield app
        _db.session.rollback()
        for table in reversed(_db.metadata.sorted_tables):
            if table.name not in REFERENCE_TABLES:
                _db.session.execute(delete(table))
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


class IsolatedClient(FlaskClient):
    """A test client whose every request runs in its own app context and database session.

    The test's own app context stays open for factories and checks, but a request must not share
    it: Flask would reuse that context, and so the view would write through the test's session and
    a missing ``commit()`` in the view would go unnoticed. Each request therefore runs in an empty
    ``contextvars`` context (Flask pushes a new app context, Flask-SQLAlchemy a new session that is
    removed, uncommitted work rolled back, when the request ends). Before the request the test's
    setup is committed so the view can see it; after it the test's session is expired, so every
    check reads what the view really committed.
    """

    def open(self, *args, **kwargs):
        if not has_app_context():  # a redirect being followed: already inside the request's own context
            return super().open(*args, **kwargs)
        _db.session.commit()
        try:
            return contextvars.Context().run(super().open, *args, **kwargs)
        finally:
            _db.session.expire_all()


@pytest.fixture
def client(app):
    app.test_client_class = IsolatedClient
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class Auth:
    def __init__(self, client):
        self.client = client

    def login(self, user, password: str = "correct horse battery"):
        response = self.client.post("/inloggen", data={"email": user.email, "password": password})
        assert response.status_code == 302, response.get_data(as_text=True)[:500]
        return response

    def logout(self):
        return self.client.post("/uitloggen")


@pytest.fixture
def auth(client):
    return Auth(client)
