"""Every index follows the database (issue 13): two app servers, each with its own index folder, on
one database; a reindex beside one of them; a deleted or truncated folder under a running one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from socialmap.catalogue.models import Service
from socialmap.extensions import db as _db
from socialmap.search import follower
from socialmap.search.models import SearchChange, SearchGeneration
from tests.conftest import make_app
from tests.factories import make_service

ROOT = Path(__file__).resolve().parents[2]


def found(client, words: str) -> list[int]:
    # no-cache: the search itself answers, not a cached answer (tests/web/test_response_cache.py)
    response = client.get("/api/v1/services", query_string={"q": words}, headers={"Cache-Control": "no-cache"})
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    return sorted(item["id"] for item in response.json["items"])


def wait_until(condition, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "not within the time allowed"
        time.sleep(0.05)


def index_of(app):
    return app.extensions["socialmap.search"]


def rename(app, service_id: int, name: str) -> None:
    """An editor's change, committed through this app server's own session."""
    with app.app_context():
        _db.session.get(Service, service_id).name_nl = name
        _db.session.commit()


@pytest.fixture
def servers(app, db, database_url, tmp_path):
    """Two app servers with their own index folders, sharing the test's database."""
    apps = [make_app(database_url, tmp_path / name, SEARCH_REBUILD_IN_BACKGROUND=True) for name in ("one", "two")]
    yield apps
    for server in apps:
        wait_until(lambda s=server: not follower.is_rebuilding(index_of(s)))
        index_of(server).close()
        with server.app_context():
            _db.engine.dispose()


def test_an_edit_through_one_server_is_found_through_the_other_within_two_seconds(db, servers):
    one, two = servers
    service = make_service(name="Boodschappendienst", place_name="Exloo", description_nl="Wij doen boodschappen.")
    db.session.commit()
    first, second = one.test_client(), two.test_client()
    # No index yet on either: answered from SQL while the index is built in the background.
    assert found(first, "boodschappendienst") == [service.id]
    assert found(second, "boodschappendienst") == [service.id]
    wait_until(lambda: index_of(one).is_open() and index_of(two).is_open())

    rename(one, service.id, "Klussendienst")
    started = time.monotonic()
    wait_until(lambda: found(second, "klussendienst") == [service.id], seconds=2.0)
    assert time.monotonic() - started < 2.0
    assert found(second, "boodschappendienst") == []  # the old name is gone there too
    rename(two, service.id, "Tuinhulp")
    assert found(first, "tuinhulp") == [service.id]
    assert index_of(one).is_open() and index_of(two).is_open()  # followed, not rebuilt or fallen back


def test_after_a_reindex_beside_one_server_both_still_follow_edits(db, servers, database_url, tmp_path):
    one, two = servers
    service = make_service(name="Boodschappendienst", place_name="Exloo", description_nl="Wij doen boodschappen.")
    db.session.commit()
    first, second = one.test_client(), two.test_client()
    found(first, "boodschappen"), found(second, "boodschappen")
    wait_until(lambda: index_of(one).is_open() and index_of(two).is_open())

    environment = {**os.environ, "SOCIALMAP_DATABASE_URL": database_url,
                   "SOCIALMAP_INSTANCE_PATH": str(tmp_path / "one"), "SOCIALMAP_SECRET_KEY": "test-secret"}  # fmt: skip
    reindex = subprocess.run([str(Path(sys.executable).parent / "socialmap"), "reindex"], cwd=ROOT, env=environment,
                             capture_output=True, text=True, timeout=120)  # fmt: skip
    assert reindex.returncode == 0, reindex.stderr[-2000:]
    assert db.session.query(SearchGeneration).count() == 1
    # the row's id, not 1: on PostgreSQL the sequence goes on across the tests of a session
    generation = db.session.query(SearchGeneration.id).scalar()

    rename(two, service.id, "Klussendienst")
    assert found(first, "klussendienst") == [service.id]
    assert index_of(one).state.generation == generation  # it opened the folder the reindex wrote
    rename(one, service.id, "Tuinhulp")
    assert found(second, "tuinhulp") == [service.id]
    # The other machine rebuilds for the new generation in the background and follows on.
    wait_until(lambda: index_of(two).state is not None and index_of(two).state.generation == generation)
    rename(one, service.id, "Fietsmaatje")
    assert found(second, "fietsmaatje") == [service.id]


def test_a_deleted_index_folder_answers_from_sql_and_is_rebuilt_in_the_background(db, servers):
    one, _two = servers
    service = make_service(name="Boodschappendienst", place_name="Exloo", description_nl="Wij doen boodschappen.")
    db.session.commit()
    client = one.test_client()
    found(client, "boodschappen")
    wait_until(lambda: index_of(one).is_open())
    index = index_of(one)
    index.close()
    shutil.rmtree(index.path)

    assert found(client, "boodschappendienst") == [service.id]  # from SQL
    wait_until(lambda: index.is_open())
    assert (index.path / "socialmap-state.json").exists()
    rename(one, service.id, "Klussendienst")
    assert found(client, "klussendienst") == [service.id]


def test_a_truncated_segment_under_a_running_server_falls_back_and_is_rebuilt(db, servers, caplog):
    one, _two = servers
    shopping = make_service(name="Boodschappendienst", place_name="Exloo", description_nl="Wij doen boodschappen.")
    transport = make_service(name="Vrijwillig vervoer", place_name="Bolsward", description_nl="Vervoer naar de dokter.")
    db.session.commit()
    client = one.test_client()
    found(client, "boodschappen")
    wait_until(lambda: index_of(one).is_open())
    assert found(client, "boodschappen") == [shopping.id]
    index = index_of(one)
    build = index.state.build
    segment = max(index.path.glob("*.seg"), key=lambda p: p.stat().st_size)
    os.truncate(segment, segment.stat().st_size // 2)

    assert found(client, "vervoer") == [transport.id]  # from SQL, or from the rebuilt index
    wait_until(lambda: index.is_open() and index.state.build != build)
    assert found(client, "vervoer") == [transport.id]
    assert any("damaged" in record.getMessage() for record in caplog.records)


def test_a_commit_writes_the_change_log_and_not_the_index(app, db):
    service = make_service(name="Boodschappendienst", place_name="Exloo", description_nl="Wij doen boodschappen.")
    db.session.commit()
    assert not index_of(app).path.exists()  # no index work in the commit
    changes = db.session.query(SearchChange).filter_by(kind="service", ref_id=service.id).count()
    assert changes == 1
    db.session.get(Service, service.id).name_nl = "Klussendienst"
    db.session.rollback()  # a rolled-back change leaves no row
    assert db.session.query(SearchChange).filter_by(kind="service", ref_id=service.id).count() == 1


def test_a_bug_inside_the_search_is_raised_and_not_turned_into_a_rebuild(app, db, monkeypatch):
    from socialmap.search import facets
    from socialmap.search import service as search_service

    make_service(name="Boodschappendienst", place_name="Exloo", description_nl="Wij doen boodschappen.")
    db.session.commit()
    search_service.search_services(search_service.SearchParams(q="boodschappen"))
    rebuilds = []
    monkeypatch.setattr(follower, "rebuild", lambda *a, **k: rebuilds.append(1))
    monkeypatch.setattr(facets, "count_facets", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        search_service.search_services(search_service.SearchParams(q="boodschappen"))
    assert rebuilds == []


def test_a_change_committed_after_a_newer_one_is_still_followed(app, db, database_url):
    """Change-log ids are handed out at insert, not at commit: id 10 may commit after 11 was followed."""
    from sqlalchemy import create_engine
    from sqlalchemy.orm import Session as PlainSession

    from socialmap.search import service as search_service

    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite lets one transaction write at a time: ids cannot commit out of order")
    slow = make_service(name="Boodschappendienst", place_name="Exloo", description_nl="Wij doen boodschappen.")
    fast = make_service(name="Vrijwillig vervoer", place_name="Bolsward", description_nl="Vervoer naar de dokter.")
    db.session.commit()

    def search(words):
        return [hit.service_id for hit in search_service.search_services(search_service.SearchParams(q=words)).hits]

    assert search("boodschappen") == [slow.id]
    engine = create_engine(database_url)
    try:
        with PlainSession(engine) as long_transaction:
            long_transaction.get(Service, slow.id).name_nl = "Klussendienst"
            long_transaction.flush()  # its change-log row has the lower id, not yet committed
            db.session.get(Service, fast.id).name_nl = "Fietsmaatje"
            db.session.commit()  # the higher id commits first
            assert search("fietsmaatje") == [fast.id]
            assert search("klussendienst") == []
            long_transaction.commit()
        assert search("klussendienst") == [slow.id]
    finally:
        engine.dispose()


def test_a_busy_process_asks_the_database_only_now_and_then_but_follows_its_own_commits_at_once(
        app, client, db, monkeypatch):  # fmt: skip
    monkeypatch.setattr(follower, "HEAD_CHECK_SECONDS", 60.0)  # a slow machine must not make it ask again
    service = make_service(name="Koffieochtend")
    db.session.commit()
    questions = []
    real_read_head = follower.read_head
    monkeypatch.setattr(follower, "read_head", lambda c, s: questions.append(1) or real_read_head(c, s))
    assert found(client, "koffieochtend") == [service.id]
    asked = len(questions)
    for _ in range(5):
        assert found(client, "koffieochtend") == [service.id]
    assert len(questions) == asked  # five searches within the interval: no further question
    db.session.get(Service, service.id).name_nl = "Soepmiddag"
    db.session.commit()  # a commit in this process: the very next search follows it
    assert found(client, "soepmiddag") == [service.id]
    assert len(questions) == asked + 1
    monkeypatch.setattr(follower, "HEAD_CHECK_SECONDS", 0.0)
    found(client, "soepmiddag")
    assert len(questions) == asked + 2  # after the interval it asks again (edits through other servers)
