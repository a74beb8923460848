"""The response cache (socialmap/web/cache.py): anonymous pages and API answers are kept per process,
and every committed change to something public reaches them, from this process at once and from any
other within two seconds."""

from __future__ import annotations

import datetime as dt
import os
import re
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import make_app
from tests.factories import make_service, personas

ROOT = Path(__file__).resolve().parents[2]
SOON = dt.date.today() + dt.timedelta(days=3)
RENAME_ELSEWHERE = """
import sys
from socialmap import create_app
from socialmap.catalogue.models import Service
from socialmap.extensions import db
app = create_app()
with app.app_context():
    db.session.get(Service, int(sys.argv[1])).name_nl = sys.argv[2]
    db.session.commit()
"""


def page(client, url: str, **kwargs) -> tuple[str, str | None]:
    response = client.get(url, **kwargs)
    assert response.status_code == 200, response.status
    return response.get_data(as_text=True), response.headers.get("X-Cache")


def test_an_anonymous_page_is_answered_from_the_cache_the_second_time(client, db):
    service = make_service(name="Koffieochtend")
    db.session.commit()
    url = f"/diensten/{service.id}-koffieochtend"
    first, second = client.get(url), client.get(url)
    assert (first.headers["X-Cache"], second.headers["X-Cache"]) == ("miss", "hit")
    assert "Koffieochtend" in second.get_data(as_text=True)


def test_a_cached_page_gets_a_fresh_nonce_that_its_policy_admits(client):
    nonces = []
    for _ in range(2):
        response = client.get("/over")
        policy_nonce = re.search(r"'nonce-([^']+)'", response.headers["Content-Security-Policy"]).group(1)
        assert f'nonce="{policy_nonce}"' in response.get_data(as_text=True)
        nonces.append(policy_nonce)
    assert response.headers["X-Cache"] == "hit" and nonces[0] != nonces[1]


def test_an_edit_committed_by_another_process_is_on_the_cached_page_within_two_seconds(client, db, database_url,
                                                                                       tmp_path):  # fmt: skip
    service = make_service(name="Boodschappendienst", place_name="Exloo")
    db.session.commit()
    url = f"/api/v1/services/{service.id}"
    assert client.get(url).json["name"] == "Boodschappendienst"
    assert client.get(url).headers["X-Cache"] == "hit"

    environment = {**os.environ, "SOCIALMAP_DATABASE_URL": database_url, "SOCIALMAP_INSTANCE_PATH": str(tmp_path),
                   "SOCIALMAP_SECRET_KEY": "test-secret"}  # fmt: skip
    renamed = subprocess.run([sys.executable, "-c", RENAME_ELSEWHERE, str(service.id), "Klussendienst"], cwd=ROOT,
                             env=environment, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert renamed.returncode == 0, renamed.stderr[-2000:]
    committed = time.monotonic()
    while client.get(url).json["name"] != "Klussendienst":
        assert time.monotonic() - committed < 2.0, "the cached answer outlived the edit"
        time.sleep(0.05)


def test_an_activity_added_in_another_app_instance_is_on_the_cached_page_at_once(client, db, database_url, tmp_path):
    cast = personas()
    service = make_service(cast.own, name="Dorpskamer Heeg", place_name="Heeg")
    db.session.commit()
    url = f"/diensten/{service.id}-dorpskamer-heeg"
    assert "Repaircafé" not in page(client, url)[0]
    assert page(client, url)[1] == "hit"

    editors_server = make_app(database_url, tmp_path / "two")
    editor = editors_server.test_client()
    assert editor.post("/inloggen", data={"email": cast.volunteer_editor.email,
                                          "password": "correct horse battery"}).status_code == 302  # fmt: skip
    response = editor.post(f"/beheer/diensten/{service.id}/activiteiten", data={
        "form": "activity", "title": "Repaircafé", "date": SOON.isoformat(), "opens": "10:00", "closes": "13:00"})
    assert response.status_code == 302
    with editors_server.app_context():
        from socialmap.extensions import db as other_db

        other_db.engine.dispose()
    assert "Repaircafé" in page(client, url)[0]  # not a search change: the content version moved all the same


def test_a_signed_in_user_neither_gets_nor_fills_the_cache(app, client, auth, db):
    cast = personas()
    db.session.commit()
    snippet = "Show this list on your own website"
    url = "/plaatsen/heeg?lang=en"
    anonymous = app.test_client()
    assert snippet not in page(anonymous, url)[0]  # now in the cache

    auth.login(cast.municipal_editor)
    curators_page, cached = page(client, url)
    assert snippet in curators_page and cached is None
    assert snippet in page(client, url)[0]

    newcomer = app.test_client()
    newcomers_page, cached = page(newcomer, url)
    assert snippet not in newcomers_page and cached == "hit"


def test_a_frisian_page_is_never_served_for_dutch(app, client):
    frisian = app.test_client()
    frisian.set_cookie("lang", "fy")
    assert "Alles yn Drylts" in page(frisian, "/plaatsen/ijlst")[0]
    dutch_page, cached = page(client, "/plaatsen/ijlst", headers={"Accept-Language": "nl"})
    assert "Alles in IJlst" in dutch_page and cached == "miss"
    assert "Alles yn Drylts" in page(frisian, "/plaatsen/ijlst")[0]


def test_the_cache_keeps_within_its_size(app, database_url, tmp_path):
    size = len(app.test_client().get("/over").get_data())
    small = make_app(database_url, tmp_path / "small", RESPONSE_CACHE_BYTES=10 * size)
    client = small.test_client()
    for n in range(30):
        assert client.get(f"/over?n={n}").headers["X-Cache"] == "miss"
    cache = small.extensions["response_cache"]
    assert 0 < cache.size <= 10 * size and len(cache) < 30
    assert client.get("/over?n=29").headers["X-Cache"] == "hit"  # the most recent stay
    assert client.get("/over?n=0").headers["X-Cache"] == "miss"
    with small.app_context():
        from socialmap.extensions import db as small_db

        small_db.engine.dispose()


def test_a_page_made_for_a_forged_proxy_prefix_is_not_served_to_others(app, database_url, tmp_path):
    behind_nginx = make_app(database_url, tmp_path / "proxied", PROXY_HOPS=1)
    client = behind_nginx.test_client()
    # docs/deploy.md's nginx sets X-Forwarded-Host but not -Prefix: a visitor's own header reaches the app
    forged = client.get("/over", headers={"X-Forwarded-Prefix": "/elders"})
    assert 'href="/elders/' in forged.get_data(as_text=True)
    honest = client.get("/over")
    assert honest.status_code == 200 and 'href="/elders/' not in honest.get_data(as_text=True)
    assert client.get("/over").headers["X-Cache"] == "hit"
    with behind_nginx.app_context():
        from socialmap.extensions import db as proxied_db

        proxied_db.engine.dispose()


def test_long_urls_with_short_answers_stay_within_the_size(app, database_url, tmp_path):
    small = make_app(database_url, tmp_path / "small", RESPONSE_CACHE_BYTES=100_000)
    client = small.test_client()
    padding = "x" * 3000
    for n in range(100):  # an answer of a few bytes each, under a key of 3 kB
        assert client.get(f"/api/v1/places?q=zz&n={n}&pad={padding}").status_code == 200
    assert client.get(f"/api/v1/places?q=zz&n=99&pad={padding}").headers["X-Cache"] == "hit"
    assert len(small.extensions["response_cache"]) * len(padding) <= 100_000
    with small.app_context():
        from socialmap.extensions import db as small_db

        small_db.engine.dispose()


def test_a_search_made_under_a_new_content_version_has_its_change(client, db, database_url, tmp_path, monkeypatch):
    service = make_service(name="Boodschappendienst", place_name="Exloo")
    db.session.commit()
    assert "Boodschappendienst" in page(client, "/zoeken?q=boodschappendienst")[0]

    from socialmap.search import follower

    # The search index asked the database just now and will not again for a while; the cache's own
    # check falls due first (both run on timers of HEAD_CHECK_SECONDS, started at different moments).
    monkeypatch.setattr(follower, "HEAD_CHECK_SECONDS", 3600)
    environment = {**os.environ, "SOCIALMAP_DATABASE_URL": database_url, "SOCIALMAP_INSTANCE_PATH": str(tmp_path),
                   "SOCIALMAP_SECRET_KEY": "test-secret"}  # fmt: skip
    renamed = subprocess.run([sys.executable, "-c", RENAME_ELSEWHERE, str(service.id), "Klussendienst"], cwd=ROOT,
                             env=environment, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert renamed.returncode == 0, renamed.stderr[-2000:]
    client.application.extensions["response_cache"].head_read_at = float("-inf")

    html, cached = page(client, "/zoeken?q=klussendienst")
    assert cached == "miss" and "Klussendienst" in html  # else this page would say "nothing found" all minute


def test_an_answer_made_from_sql_while_the_index_is_built_is_not_kept(db, database_url, tmp_path):
    """A process without an index answers from SQL (no synonyms) while it builds one in the background:
    that plainer answer must not stay in the cache for the rest of the minute."""
    from socialmap.search import follower, get_index

    make_service(name="Boodschappendienst", place_name="Exloo")
    db.session.commit()
    fresh = make_app(database_url, tmp_path / "fresh", SEARCH_REBUILD_IN_BACKGROUND=True)
    client = fresh.test_client()
    first, _ = page(client, "/zoeken?q=boodschappendienst")
    assert "Boodschappendienst" in first
    _, cached = page(client, "/zoeken?q=boodschappendienst")
    assert cached == "miss"
    with fresh.app_context():
        index = get_index()
        deadline = time.monotonic() + 60
        # the background build ends (and gives back its connection) before this app's pool is closed
        while follower.is_rebuilding(index) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert index.open()
        index.close()
        db.engine.dispose()  # this app's own connections, before the database is dropped
