"""Schema changes go through Alembic migrations only; these helpers run them."""

from __future__ import annotations

from alembic import command
from alembic.config import Config as AlembicConfig
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app

from socialmap.config import PROJECT_ROOT
from socialmap.extensions import db

MIGRATIONS_DIR = PROJECT_ROOT / "migrations"


def alembic_config() -> AlembicConfig:
    config = AlembicConfig()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", current_app.config["SQLALCHEMY_DATABASE_URI"])
    return config


def upgrade_database() -> None:
    """Bring the database to the newest schema; safe to run on a current one."""
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            # SQLite migrations copy whole tables; with foreign keys on, dropping the old
            # copy would cascade. The pragma only works outside a transaction.
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        config = alembic_config()
        config.attributes["connection"] = connection
        command.upgrade(config, "head")
        connection.commit()


def next_revision_id() -> str:
    """The repository numbers its revisions 0001, 0002 …: the next one after the highest."""
    script = ScriptDirectory.from_config(alembic_config())
    numbers = [int(r.revision) for r in script.walk_revisions() if r.revision.isdigit()]
    return f"{max(numbers, default=0) + 1:04d}"


def make_revision(message: str) -> None:
    """Autogenerate a migration from the difference between models and database, numbered like the
    others (a starting point: read it, and make it run on SQLite with batch_alter_table)."""
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True, rev_id=next_revision_id())


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
