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


def make_revision(message: str) -> None:
    """Autogenerate a migration from the difference between models and database."""
    config = alembic_config()
    with db.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.revision(config, message=message, autogenerate=True)


def current_revision() -> str | None:
    with db.engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
