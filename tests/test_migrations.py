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


def _migrate(db, revision: str, *, down: bool = False) -> None:
    """Move the test database to a revision (SQLite copies tables: foreign keys off, as upgrade_database does)."""
    from alembic import command

    from socialmap.migrate import alembic_config

    db.session.close()
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
            connection.commit()
        config = alembic_config()
        config.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(config, revision)
        connection.commit()


def test_0004_rewrites_pseudonyms_and_keys_and_names_the_actor_of_old_audit_entries(db, client):
    import datetime as dt
    import hashlib

    from sqlalchemy import text

    from socialmap.accounts.models import User
    from socialmap.accounts.pseudonyms import submission_hash, worker_pseudonym
    from socialmap.accounts.services import create_token
    from socialmap.referrals.models import AuditEntry, Referral
    from tests.factories import make_service, make_user, personas, place

    people = personas()
    service = make_service(people.own, name="Eetpunt Heeg", place_name="Heeg")
    gone = make_user("professional", "weg@swf.example.org", team="Gebiedsteam Snits")
    gone_id, team_id, service_id, heeg_id = gone.id, gone.teams[0].id, service.id, place("Heeg").id
    worker_id, editor_id = people.social_worker.id, people.municipal_editor.id
    db.session.delete(gone)
    db.session.commit()

    def unkeyed(user_id):  # the pseudonym before 0004
        return hashlib.sha256(f"socialmap-worker:{user_id}".encode()).hexdigest()[:12]

    _migrate(db, "0003", down=True)
    try:
        with db.engine.begin() as connection:
            for i, (who, key) in enumerate([(unkeyed(worker_id), "CASE-4711"), (unkeyed(gone_id), "CASE-1"),
                                            ("abc", "seed")]):  # fmt: skip
                connection.execute(text(
                    "INSERT INTO referral (service_id, team_id, worker, instead_of, place_id, decided_on, "
                    "submission_key, created_at) VALUES (:s, :t, :w, 'none', :p, :d, :k, :d)"),
                    {"s": service_id, "t": team_id, "w": who, "p": heeg_id, "d": dt.date(2026, 10, i + 1),
                     "k": key})  # fmt: skip
            connection.execute(text("INSERT INTO audit_entry (user_id, action, details, created_at) "
                                    "VALUES (:u, 'report_exported', '{}', :d)"), {"u": editor_id, "d": dt.date.today()})
    finally:
        _migrate(db, "head")
    worker, editor = db.session.get(User, worker_id), db.session.get(User, editor_id)

    rows = {r.decided_on.day: r for r in db.session.query(Referral)}
    assert rows[1].worker == worker_pseudonym(worker.id) == worker.pseudonym
    assert rows[1].submission_key == submission_hash(worker.pseudonym, "CASE-4711")
    assert rows[2].worker == worker_pseudonym(gone_id)  # deleted accounts too: ids are sequential
    assert len(rows[3].worker) == 12 and rows[3].worker != "abc"
    assert not any("CASE" in r.submission_key or r.submission_key == "seed" for r in rows.values())
    entry = db.session.query(AuditEntry).one()
    assert (entry.actor, entry.actor_role) == (editor.pseudonym, "municipal_editor")
    # The worker's retry after the upgrade still finds the decision recorded before it.
    token, _ = create_token(worker)
    db.session.commit()
    retry = client.post("/api/v1/referrals", json={"service_id": service_id, "instead_of": "none", "place": "Heeg"},
                        headers={"Authorization": f"Bearer {token}", "Idempotency-Key": "CASE-4711"})  # fmt: skip
    assert retry.status_code == 200 and retry.get_json()["id"] == rows[1].id
