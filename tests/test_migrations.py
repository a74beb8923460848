"""The schema is made only by migrations: they must match the models and be re-runnable."""

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect

from socialmap.extensions import db as _db
from socialmap.migrate import current_revision, head_revision, upgrade_database


def test_migrations_produce_the_same_schema_as_the_models(db):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, _db.metadata)
    assert differences == []


def test_upgrading_a_current_database_is_a_no_op(db):
    tables_before = sorted(inspect(db.engine).get_table_names())
    upgrade_database()
    assert current_revision() == head_revision()
    assert sorted(inspect(db.engine).get_table_names()) == tables_before


def test_init_works_on_an_empty_database_and_again_on_an_existing_one(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from socialmap.cli import main

    monkeypatch.setenv("SOCIALMAP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SOCIALMAP_DATABASE_URL", f"sqlite:///{tmp_path / 'fresh.db'}")
    runner = CliRunner()
    first = runner.invoke(main, ["init"])
    assert first.exit_code == 0, first.output
    second = runner.invoke(main, ["init"])
    assert second.exit_code == 0, second.output
    assert first.output.splitlines()[-1] == second.output.splitlines()[-1]
