"""Frisian that a native reader accepts: dates, official place names (issue 18)."""

import datetime as dt
import re

import pytest

from socialmap.i18n import force_locale, format_date, format_datetime
from tests.factories import make_org, make_service, make_user

CHECKED = dt.date(2026, 11, 29)


@pytest.fixture
def service(db):
    found = make_service(make_org("Dorpshuis De Brink"), name="Koffieochtend", place_name="IJlst",
                         description_nl="Koffie drinken.", description_fy="Kofje drinke.", assured_at=CHECKED,
                         capacity="full", capacity_date=CHECKED)  # fmt: skip
    db.session.commit()
    return found


@pytest.mark.parametrize(("language", "expected"), [
    ("nl", "29 november 2026"), ("fy", "29 novimber 2026"), ("en", "November 29, 2026"),
])  # fmt: skip
def test_a_service_page_says_when_it_was_checked_in_the_long_form(client, service, language, expected):
    html = client.get(f"/diensten/{service.id}-koffieochtend?lang={language}").get_data(as_text=True)
    assert expected in html
    assert "Novimber" not in html


@pytest.mark.parametrize(("language", "form", "expected"), [
    ("nl", "long", "29 november 2026"), ("fy", "long", "29 novimber 2026"), ("en", "long", "November 29, 2026"),
    ("nl", "medium", "29 nov 2026"), ("fy", "medium", "29 nov 2026"), ("en", "medium", "Nov 29, 2026"),
    ("fy", "full", "snein 29 novimber 2026"), ("fy", "long", "3 maaie 2027"),
])  # fmt: skip
def test_frisian_months_are_written_in_lowercase(app, language, form, expected):
    day = dt.date(2027, 5, 3) if "maaie" in expected else CHECKED
    with app.test_request_context(), force_locale(language):
        assert format_date(day, form) == expected


def test_times_keep_the_month_in_lowercase_too(app):
    with app.test_request_context(), force_locale("fy"):
        assert format_datetime(dt.datetime(2026, 11, 29, 9, 5), "medium").startswith("29 nov 2026")


def test_staff_results_say_since_when_an_entry_is_unconfirmed_in_frisian(client, auth, db):
    make_service(make_org(), name="Koffieochtend", place_name="IJlst", assured_at=dt.date(2025, 3, 4))
    worker = make_user("professional", team="Gebiedsteam Snits")
    db.session.commit()
    auth.login(worker)
    html = client.get("/zoeken?q=koffie&lang=fy").get_data(as_text=True)
    assert "4 mrt 2025" in html and "Mrt" not in html


def test_a_service_page_says_since_when_it_is_full_in_the_long_form(client, service):
    html = client.get(f"/diensten/{service.id}-koffieochtend?lang=fy").get_data(as_text=True)
    assert "29 novimber 2026)" in html.split('class="capacity"')[1].split("</p>")[0]


@pytest.fixture
def easterein(db):
    found = make_service(make_org("Doarpshûs Easterein"), name="Koffieochtend", place_name="Oosterend",
                         description_nl="Koffie drinken.", description_fy="Kofje drinke.")  # fmt: skip
    db.session.commit()
    return found


@pytest.mark.parametrize("language", ["nl", "en", "fy"])
def test_a_village_with_only_a_frisian_official_name_shows_it_on_every_page(client, easterein, language):
    html = client.get(f"/diensten/{easterein.id}-koffieochtend?lang={language}").get_data(as_text=True)
    assert "Easterein" in html and "Oosterend" not in html
    place = client.get(f"/plaatsen/easterein?lang={language}")
    assert place.status_code == 200
    assert "Easterein" in place.get_data(as_text=True) and "Oosterend" not in place.get_data(as_text=True)


def visible_text(html: str) -> str:
    """What a reader sees: no tags, attributes or links (which may echo what was typed)."""
    return re.sub(r"<[^>]*>", " ", html)


def test_the_dutch_form_still_finds_the_village(client, easterein):
    text = visible_text(client.get("/zoeken?q=koffie&near=Oosterend").get_data(as_text=True))
    assert "Koffieochtend" in text and "Easterein" in text and "Oosterend" not in text
    assert client.get("/zoeken?q=koffie&near=Easterein").status_code == 200


def test_the_old_address_of_a_village_leads_to_its_official_one(client, easterein):
    response = client.get("/plaatsen/oosterend?lang=en")
    assert response.status_code == 301
    assert response.headers["Location"].endswith("/plaatsen/easterein?lang=en")
    assert client.get("/plaatsen/nergenshuizen").status_code == 404


def test_a_village_with_a_dutch_official_name_shows_its_frisian_name_beside_it(client, db):
    assert "Frisian name: Drylts" in client.get("/plaatsen/ijlst?lang=en").get_data(as_text=True)
    easterein = client.get("/plaatsen/easterein?lang=en").get_data(as_text=True)
    assert "Frisian name" not in easterein and "Dutch name" not in easterein


def test_ysbrechtum_has_one_name_and_the_old_spelling_still_finds_it(client, db):
    make_service(make_org(), name="Koffieochtend", place_name="Ysbrechtum", description_fy="Kofje drinke.")
    db.session.commit()
    text = visible_text(client.get("/zoeken?q=koffie&near=IJsbrechtum&lang=fy").get_data(as_text=True))
    assert "Koffieochtend" in text and "Ysbrechtum" in text and "IJsbrechtum" not in text


def test_place_suggestions_name_the_village_as_the_page_does(client, db):
    names = [p["name"] for p in client.get("/api/v1/places?q=Ooster&lang=nl").get_json()]
    assert "Easterein" in names
