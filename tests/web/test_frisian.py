"""Frisian that a native reader accepts: dates, official place names (issue 18)."""

import datetime as dt

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
