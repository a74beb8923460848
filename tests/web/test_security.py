"""Issue #10: script injection through map labels, security headers, safe `next=` redirects, error pages."""

import contextlib
import json
import re
from html import unescape

import pytest
from flask import abort

from socialmap.catalogue.models import Service
from socialmap.referrals.models import Referral
from tests.factories import make_service, personas

EVIL_ADDRESS = "Dorpsstraat 1 </script><script>document.title='XSS'</script> ${document.title='X'} `tick` \\"
SCRIPT = re.compile(r"<script\b(?P<attrs>[^>]*)>(?P<body>.*?)</script>", re.S | re.I)


def inline_scripts(html: str) -> list[tuple[str, str]]:
    """(attributes, body) of every <script> that runs inline code (not src=, not a JSON data block)."""
    return [(m["attrs"], m["body"]) for m in SCRIPT.finditer(html)
            if "src=" not in m["attrs"] and "application/json" not in m["attrs"]]  # fmt: skip


def csp(response) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {part.split()[0]: part.strip() for part in header.split(";") if part.strip()}


@pytest.fixture
def evil_service(db):
    service = make_service(name="Koffieochtend", place_name="IJlst", themes=("meeting",))
    service.locations[0].address = EVIL_ADDRESS
    db.session.commit()
    return service


# -- finding 2: what organisations type never becomes script ---------------------------------------


def test_an_address_with_script_in_it_stays_text_on_the_service_page(client, evil_service):
    html = client.get(f"/diensten/{evil_service.id}-koffieochtend").get_data(as_text=True)
    assert "<script>document.title" not in html
    assert not [body for _attrs, body in inline_scripts(html) if "document.title" in body]
    # the label reaches the map (static/js/map.js, drawn when asked) as JSON in an attribute, intact
    data = re.search(r'id="detail-map"[^>]*data-map="([^"]*)"', html).group(1)
    assert [p["label"] for p in json.loads(unescape(data))["points"]] == [EVIL_ADDRESS]


# -- findings 2 and 10: Content-Security-Policy and the other headers ------------------------------


def test_the_home_page_sends_the_security_headers(client):
    response = client.get("/")
    policy = csp(response)
    assert policy["default-src"] == "default-src 'self'"
    assert "'unsafe-inline'" not in policy["script-src"] and "'unsafe-eval'" not in policy["script-src"]
    assert re.search(r"'nonce-[A-Za-z0-9_-]{16,}'", policy["script-src"])
    assert policy["object-src"] == "object-src 'none'"
    assert policy["base-uri"] == "base-uri 'none'"
    assert policy["frame-ancestors"] == "frame-ancestors 'none'"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_staff_pages_error_pages_and_the_api_cannot_be_framed_either(client, auth, db):
    editor = personas().volunteer_editor
    db.session.commit()
    auth.login(editor)
    for url in ("/beheer", "/bestaat-niet", "/api/v1/services", "/static/css/site.css"):
        with client.get(url) as response:  # a static file stays open until closed
            assert csp(response)["frame-ancestors"] == "frame-ancestors 'none'", url
            assert response.headers["X-Content-Type-Options"] == "nosniff", url


def test_map_tiles_may_load_from_the_configured_tile_server_only(client):
    assert "https://tile.openstreetmap.org" in csp(client.get("/"))["img-src"]


def test_a_view_can_open_itself_to_framing(app, client):
    from socialmap.security import allow_framing

    @allow_framing("https://gemeente.example.nl")
    def widget():
        return "widget"

    app.add_url_rule("/_test/widget", view_func=widget)
    response = client.get("/_test/widget")
    assert csp(response)["frame-ancestors"] == "frame-ancestors https://gemeente.example.nl"
    assert "X-Frame-Options" not in response.headers


@pytest.mark.parametrize("url", ["/", "/zoeken?q=koffie&near=IJlst", "/zoeken/kaart?q=koffie", "service"])
def test_every_inline_script_carries_the_nonce_of_its_response(client, evil_service, url):
    if url == "service":
        url = f"/diensten/{evil_service.id}-koffieochtend"
    nonces = set()
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        nonce = re.search(r"'nonce-([^']+)'", csp(response)["script-src"])[1]
        scripts = inline_scripts(response.get_data(as_text=True))
        assert scripts, url
        for attrs, body in scripts:
            assert f'nonce="{nonce}"' in attrs, (url, body[:80])
        nonces.add(nonce)
    assert len(nonces) == 2  # a new one each time, or it protects nothing


def test_no_inline_event_handlers_that_the_policy_would_block(client, auth, db):
    worker = personas().social_worker
    make_service(name="Boodschappenhulp", place_name="Heeg", alternatives=("household_help",))
    db.session.commit()
    auth.login(worker)
    html = client.get("/professionals/alternatieven?product=household_help&near=Heeg").get_data(as_text=True)
    assert "Boodschappenhulp" in html
    assert not re.search(r"\son[a-z]+=", html)


# -- finding 11: next= only to our own pages -------------------------------------------------------

BAD_TARGETS = ["https://evil.test/phish", "//evil.test/phish", "/\\evil.test/phish", "\\\\evil.test",
               "javascript:alert(1)", "/\t/evil.test", "\t//evil.test", " //evil.test", "http:/evil.test",
               "/%0d%0aSet-Cookie:x=1".replace("%0d%0a", "\r\n"), "evil.test"]  # fmt: skip


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg",
                                  alternatives=("household_help",))  # fmt: skip
    db.session.commit()
    return people


def local(response) -> str:
    assert response.status_code == 302
    return response.headers["Location"]


@pytest.mark.parametrize("target", BAD_TARGETS)
@pytest.mark.parametrize("action", ["pauzeren", "heropenen", "verwijderen", "terugzetten", "bevestigen"])
def test_service_actions_never_redirect_off_site(client, auth, cast, action, target):
    auth.login(cast.volunteer_editor)
    location = local(client.post(f"/beheer/diensten/{cast.service.id}/{action}", data={"next": target, "confirm": "1"}))
    assert location == "/beheer"


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_a_referral_never_redirects_off_site(client, auth, db, cast, target):
    auth.login(cast.social_worker)
    form = {"service_id": cast.service.id, "instead_of": "household_help", "place": "Drylts",
            "submission_key": "k1", "next": target}  # fmt: skip
    assert local(client.post("/verwijzingen", data=form)) == "/verwijzingen/opvolgen"
    assert db.session.query(Referral).count() == 1
    # refused (no such service): the form again with the error next to the field (issue 12), and the
    # next it carries for the second try is a safe one
    form.update(service_id=999999, submission_key="k2")
    refused = client.post("/verwijzingen", data=form)
    assert refused.status_code == 400
    assert 'name="next" value="/verwijzingen/opvolgen"' in refused.get_data(as_text=True)


@pytest.mark.parametrize("target", BAD_TARGETS)
def test_signing_in_never_redirects_off_site(client, cast, target):
    response = client.post("/inloggen", data={"email": cast.volunteer_editor.email,
                                              "password": "correct horse battery", "next": target})  # fmt: skip
    assert local(response) == "/beheer"


def test_a_local_next_is_kept_with_its_query(client, auth, cast):
    auth.login(cast.volunteer_editor)
    response = client.post(f"/beheer/diensten/{cast.service.id}/pauzeren", data={"next": "/zoeken?q=koffie&near=Heeg"})
    assert local(response) == "/zoeken?q=koffie&near=Heeg"
    assert cast.service.status == "paused"


# -- finding 17: every error page in the visitor's language, inside the site -------------------------

NAV_WORD = {"nl": "Zoeken", "fy": "Sykje", "en": "Search"}
WERKZEUG_TITLES = ("Bad Request", "Unauthorized", "Forbidden", "Not Found", "Method Not Allowed",
                   "Request Entity Too Large", "Too Many Requests", "Internal Server Error")  # fmt: skip


def assert_site_page(response, status: int, lang: str, english: str | None = None):
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert f'<html lang="{lang}"' in html
    assert 'class="site-nav"' in html and 'class="language-switch"' in html and NAV_WORD[lang] in html
    assert not any(title in html for title in WERKZEUG_TITLES), html[:300]
    if english:
        assert english in html


@pytest.mark.parametrize("lang", ["nl", "fy", "en"])
def test_forbidden_is_a_page_of_the_site_in_the_users_language(client, auth, cast, lang):
    auth.login(cast.other_org_editor)
    response = client.post(f"/beheer/diensten/{cast.service.id}/pauzeren?lang={lang}")
    assert_site_page(response, 403, lang, "You may not see this page or do this." if lang == "en" else None)


@pytest.mark.parametrize("lang", ["nl", "fy", "en"])
def test_a_wrong_method_is_a_page_of_the_site(client, lang):
    response = client.get(f"/uitloggen?lang={lang}")
    assert_site_page(response, 405, lang, "This page cannot be opened this way." if lang == "en" else None)
    assert "Allow" in response.headers


def test_a_too_large_form_is_a_page_of_the_site(client):
    response = client.post("/inloggen?lang=fy", data={"email": "a@example.org", "password": "x" * 3_000_000})
    assert_site_page(response, 413, "fy")


def test_too_many_sign_in_attempts_is_a_page_of_the_site(app, client, cast):
    app.config["LOGIN_RATE_LIMIT"] = "2 per minute"
    for _ in range(2):
        client.post("/inloggen", data={"email": cast.volunteer_editor.email, "password": "wrong password"})
    response = client.post("/inloggen?lang=en", data={"email": cast.volunteer_editor.email, "password": "wrong"})
    assert_site_page(response, 429, "en", "You tried this too often in a short time.")


@pytest.mark.parametrize("status", [400, 401, 403, 404, 405, 413, 429, 500])
def test_every_error_status_has_a_page_of_the_site(app, client, status):
    def fail():
        if status == 500:
            raise RuntimeError("boom")
        abort(status)

    app.add_url_rule("/_test/fail", view_func=fail)
    assert_site_page(client.get("/_test/fail?lang=fy"), status, "fy")


def test_a_server_error_after_a_failed_query_still_gets_the_page(app, client, db):
    """On PostgreSQL a failed statement spoils the transaction: the page must not need it."""

    def fail():
        with contextlib.suppress(Exception):
            db.session.execute(db.text("SELECT * FROM no_such_table"))
        db.session.query(Service).count()  # on PostgreSQL: the transaction is aborted, this raises

        raise RuntimeError("boom")

    app.add_url_rule("/_test/db-fail", view_func=fail)
    assert_site_page(client.get("/_test/db-fail?lang=nl"), 500, "nl")


@pytest.mark.parametrize("status", [403, 413, 429])
def test_the_api_answers_errors_in_json_in_the_users_language(app, client, status):
    app.add_url_rule("/api/v1/_test/fail", view_func=lambda: abort(status))
    response = client.get("/api/v1/_test/fail?lang=en")
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["code"] != "http_error"
    assert not any(title in error["message"] for title in WERKZEUG_TITLES)
    assert "You don't have the permission" not in error["message"]
