"""Production settings (issue 13): health check, proxy headers, required secrets, one secret for
workers starting together, JSON log lines."""

from __future__ import annotations

import json
import logging
import threading

import pytest
from flask import request

from socialmap.config import Config, ConfigError, load_or_create_secret_key
from socialmap.logs import JsonFormatter
from tests.conftest import make_app
from tests.factories import make_service


def test_healthz_reports_the_database_and_the_index_generation_and_lag(app, db, client):
    make_service(name="Boodschappendienst", place_name="Exloo")
    db.session.commit()
    client.get("/api/v1/services?q=boodschappen")  # the first search builds the index
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json["status"] == "ok" and response.json["database"] == "ok"
    index = response.json["index"]
    assert index["open"] is True and index["behind"] == 0 and index["generation"] == index["database_generation"]

    make_service(name="Klussendienst", place_name="Exloo")
    db.session.commit()  # not yet followed: no search since
    behind = client.get("/healthz").json
    assert behind["status"] == "degraded" and behind["index"]["behind"] >= 1


def test_healthz_is_503_when_the_database_cannot_be_reached(tmp_path):
    unreachable = make_app("postgresql+psycopg://nobody@127.0.0.1:1/none", tmp_path)
    response = unreachable.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.json == {"status": "unavailable", "database": "unreachable"}


@pytest.mark.parametrize("hops, expected", [(0, "127.0.0.1"), (1, "203.0.113.7")])
def test_proxy_headers_are_believed_only_for_the_configured_hops(database_url, tmp_path, monkeypatch, hops, expected):
    monkeypatch.setenv("SOCIALMAP_PROXY_HOPS", str(hops))
    server = make_app(database_url, tmp_path)
    server.add_url_rule("/_who", "who", lambda: f"{request.remote_addr} {request.scheme}")
    answer = server.test_client().get("/_who", headers={"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https"})
    assert answer.get_data(as_text=True) == f"{expected} {'https' if hops else 'http'}"


def test_production_refuses_to_start_without_a_secret_key_or_a_shared_rate_limit_store(tmp_path, monkeypatch):
    monkeypatch.delenv("SOCIALMAP_SECRET_KEY", raising=False)
    monkeypatch.delenv("SOCIALMAP_RATELIMIT_STORAGE_URI", raising=False)
    monkeypatch.setenv("SOCIALMAP_PRODUCTION", "true")
    with pytest.raises(ConfigError, match="SOCIALMAP_SECRET_KEY"):
        Config({"INSTANCE_PATH": str(tmp_path)})
    assert not (tmp_path / "secret_key").exists()
    monkeypatch.setenv("SOCIALMAP_SECRET_KEY", "k" * 64)
    with pytest.raises(ConfigError, match="SOCIALMAP_RATELIMIT_STORAGE_URI"):
        Config({"INSTANCE_PATH": str(tmp_path)})
    monkeypatch.setenv("SOCIALMAP_RATELIMIT_STORAGE_URI", "redis://localhost:6379/0")
    config = Config({"INSTANCE_PATH": str(tmp_path)})
    assert config.SECRET_KEY == "k" * 64 and config.LOG_FORMAT == "json"


def test_workers_starting_together_share_one_generated_secret_key(tmp_path):
    keys, start = [], threading.Barrier(8)

    def worker():
        start.wait()
        keys.append(load_or_create_secret_key(tmp_path))

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(keys) == 8 and len(set(keys)) == 1 and len(keys[0]) == 64
    assert [p.name for p in tmp_path.iterdir()] == ["secret_key"]


def test_log_lines_are_json_objects():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("socialmap.search", logging.ERROR, __file__, 1, "index %s", ("damaged",),
                                   exc_info=__import__("sys").exc_info())  # fmt: skip
    line = json.loads(JsonFormatter().format(record))
    assert line["level"] == "ERROR" and line["message"] == "index damaged" and "ValueError: boom" in line["exception"]
