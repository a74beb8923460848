"""Resident pages without a browser: languages, bad input, clean URLs."""

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from socialmap.catalogue.models import Schedule
from socialmap.web.presenters import next_opening
from tests.factories import make_org, make_service


@pytest.fixture
def catalogue(db):
    org = make_org("Dorpshuis De Brink")
    services = {
        "koffie": make_service(org, name="Koffieochtend", place_name="IJlst", description_nl="Koffie drinken.",
                               description_fy="Kofje drinke.", themes=("meeting",),
                               schedules=((2, "09:30", "11:30"),)),
        "taal": make_service(org, name="Taalcafé", place_name="Sneek", themes=("language",), area=("IJlst",),
                             description_nl="Nederlands oefenen."),
    }  # fmt: skip
    db.session.commit()
    return services


def page(client, url, **kwargs):
    response = client.get(url, **kwargs)
    return response.status_code, response.get_data(as_text=True)


def test_results_show_the_place_in_the_pages_language(client, catalogue):
    status, html = page(client, "/zoeken?q=koffie&near=IJlst&lang=fy")
    assert status == 200
    assert "Drylts" in html and "Koffieochtend" in html


def test_a_service_page_has_a_readable_url_and_redirects_to_it(client, catalogue):
    service = catalogue["koffie"]
    response = client.get(f"/diensten/{service.id}")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/diensten/{service.id}-koffieochtend")


def test_dutch_text_with_a_notice_when_there_is_no_english(client, catalogue):
    _, html = page(client, f"/diensten/{catalogue['taal'].id}-taalcafe?lang=en")
    assert "This text is not available in English." in html
    assert '<div class="description" lang="nl"><p>Nederlands oefenen.</p>' in html
    _, frisian = page(client, f"/diensten/{catalogue['koffie'].id}-koffieochtend?lang=fy")
    assert "Kofje drinke." in frisian and "not available" not in frisian


def test_the_language_choice_is_remembered_in_a_cookie(client):
    response = client.get("/?lang=fy")
    assert "lang=fy" in response.headers["Set-Cookie"]
    assert '<html lang="fy"' in client.get("/").get_data(as_text=True)


def test_accept_language_decides_the_first_visit(client):
    assert '<html lang="fy"' in page(client, "/", headers={"Accept-Language": "fy,nl;q=0.5"})[1]


def test_an_unknown_place_gets_a_friendly_page_with_suggestions(client):
    status, html = page(client, "/zoeken?q=koffie&near=Drylst")
    assert status == 200
    assert "IJlst" in html and "place-choices" in html


def test_404_pages_speak_the_language(client):
    status, html = page(client, "/bestaat-niet?lang=fy")
    assert status == 404
    assert '<html lang="fy"' in html


def test_an_empty_search_browses_near_the_place(client, catalogue):
    status, html = page(client, "/zoeken?near=IJlst")
    assert status == 200
    assert "Koffieochtend" in html and "Taalcafé" in html


def test_an_over_long_search_is_refused_kindly(client):
    status, html = page(client, "/zoeken?q=" + "a" * 300)
    assert status == 400
    assert "200" in html


@pytest.mark.parametrize("url", ["/zoeken?q=koffie%00&lang=fy", "/zoeken?near=%00&lang=fy",
                                 "/plaatsen/ijl%00st?lang=fy", "/zoeken?place=%00&lang=fy"])  # fmt: skip
def test_a_nul_byte_is_refused_in_the_pages_language(client, url):
    # PostgreSQL cannot compare text with a NUL byte: this was a server error there
    status, html = page(client, url)
    assert status == 400
    assert '<html lang="fy"' in html and "NUL" in html


def test_a_nul_byte_in_the_api_or_a_form_is_a_400_too(client):
    response = client.get("/api/v1/services?place=%00&lang=nl")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "bad_characters"
    assert client.post("/inloggen", data={"email": "a\x00@example.org", "password": "x"}).status_code == 400


def test_a_refused_form_gets_a_page_in_the_users_language(db, client, auth):
    from tests.factories import personas

    social_worker = personas().social_worker
    db.session.commit()
    auth.login(social_worker)
    status, html = page(client, "/professionals/alternatieven?product=bestaat-niet&near=IJlst&lang=nl")
    assert status == 400
    assert '<html lang="nl"' in html and "<h1>" in html and "Bad Request" not in html


def test_an_organisation_page_lists_its_public_services_by_name(db, client, catalogue):
    org = catalogue["koffie"].organization
    make_service(org, name="Avondwandeling", place_name="IJlst", status="paused")
    db.session.commit()
    status, html = page(client, f"/organisaties/{org.id}?lang=fy")
    assert status == 200
    cards = html.split('class="result-list"')[1]
    assert cards.index("Koffieochtend") < cards.index("Taalcaf")  # by name
    assert "Avondwandeling" not in cards  # paused
    assert "Kofje drinke." in cards and "IJlst" not in cards and "Drylts" in cards  # Frisian text and place name


def test_a_place_page_lists_what_is_there_and_what_serves_it(client, catalogue):
    status, html = page(client, "/plaatsen/ijlst")
    assert status == 200
    located, serving = html.split('class="result-list"')[1:3]
    assert "Koffieochtend" in located and "Taalcafé" not in located
    assert "Taalcafé" in serving


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.dictionaries(st.sampled_from(["q", "near", "radius_km", "theme", "tier", "open", "page", "lang", "place"]),
                       st.text(max_size=40), max_size=4))  # fmt: skip
def test_odd_input_never_gives_a_server_error(client, params):
    assert client.get("/zoeken", query_string=params).status_code in (200, 400)


def _schedule(day, opens, closes):
    return Schedule(weekday=day, opens_at=dt.time.fromisoformat(opens), closes_at=dt.time.fromisoformat(closes))


def test_next_opening_time():
    schedules = [_schedule(0, "09:00", "12:00"), _schedule(2, "13:30", "16:00")]
    monday_10 = dt.datetime(2026, 11, 23, 10, 0)
    assert next_opening(schedules, monday_10).is_open_now
    monday_13 = dt.datetime(2026, 11, 23, 13, 0)
    later = next_opening(schedules, monday_13)
    assert (later.is_open_now, later.weekday, later.opens) == (False, 2, dt.time(13, 30))
    wednesday_17 = dt.datetime(2026, 11, 25, 17, 0)
    assert next_opening(schedules, wednesday_17).weekday == 0
    assert next_opening([], monday_10) is None
