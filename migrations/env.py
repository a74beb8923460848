"""Alembic environment: uses the app's models and the connection handed in by socialmap.migrate."""

from alembic import context
from sqlalchemy import create_engine

import socialmap.models  # noqa: F401  (registers every table on the metadata)
from socialmap.extensions import db

config = context.config
target_metadata = db.metadata


def run_migrations(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite cannot ALTER most things
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    run_migrations(connection)
else:
    engine = create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as own_connection:
        run_migrations(own_connection)
