"""Frisian weekday codes in the import and the edit form (issue 18): mo ti wo to fr so si."""

import io

import pytest
from sqlalchemy import select

from socialmap.catalogue import services
from socialmap.catalogue.importer import ImportFailed, import_services
from socialmap.catalogue.models import Service
from socialmap.i18n import force_locale
from tests.factories import csv_text, make_service, personas, service_row


def days_of(service):
    return [(s.weekday, s.opens_at.isoformat("minutes")) for s in service.locations[0].schedules]


def test_the_import_reads_frisian_codes(app, db):
    import_services(io.StringIO(csv_text([service_row(external_id="fy", schedule="mo 09:00-12:00; so 10:00-11:00; "
                                                                                   "si 14:00-16:00")])))  # fmt: skip
    service = db.session.scalars(select(Service)).one()
    # so is sneon: Saturday (5), si is snein: Sunday (6); read as Frisian because mo and si are
    assert sorted(days_of(service)) == [(0, "09:00"), (5, "10:00"), (6, "14:00")]


def test_a_lone_so_is_saturday_only_in_frisian_input(app, db):
    with pytest.raises(ImportFailed) as failure:
        import_services(io.StringIO(csv_text([service_row(external_id="nl", schedule="so 10:00-11:00")])))
    assert "za" in str(failure.value.problems[0].message) and "zo" in str(failure.value.problems[0].message)
    with force_locale("fy"):
        import_services(io.StringIO(csv_text([service_row(external_id="fy", schedule="so 10:00-11:00")])))
    assert days_of(db.session.scalars(select(Service)).one()) == [(5, "10:00")]


@pytest.fixture
def cast(db):
    cast = personas()
    cast.service = make_service(cast.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    db.session.commit()
    return cast


def form_for(service, **changes):
    row = services.service_row(service)
    row.update(changes)
    data = {**row, "version": str(service.version)}
    for name in ("themes", "audiences", "alternatives_for"):
        data[name] = [c for c in row[name].split(";") if c]
    return data


def test_the_edit_form_on_a_frisian_page_takes_frisian_days(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    url = f"/beheer/diensten/{cast.service.id}"
    response = client.post(url + "?lang=fy", data=form_for(cast.service, schedule="ti 09:00-12:00; so 10:00-12:00"))
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert days_of(cast.service) == [(1, "09:00"), (5, "10:00")]


def test_the_dutch_edit_form_asks_which_day_so_is(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    url = f"/beheer/diensten/{cast.service.id}"
    html = client.post(url + "?lang=nl", data=form_for(cast.service, schedule="so 10:00-12:00")).get_data(as_text=True)
    assert "“so 10:00-12:00”: " in html  # the question (za or zo?), in the page's language
    assert days_of(cast.service) == []


@pytest.mark.parametrize(("language", "words"), [
    ("fy", ["mo ti wo to fr so si", "moandei oant en mei snein"]),
    ("nl", ["ma di wo do vr za zo", "maandag tot en met zondag"]),
    ("en", ["ma di wo do vr za zo", "Monday to Sunday"]),
])  # fmt: skip
def test_the_schedule_hint_explains_the_codes_in_the_pages_language(client, auth, db, cast, language, words):
    auth.login(cast.volunteer_editor)
    html = client.get(f"/beheer/diensten/{cast.service.id}?lang={language}").get_data(as_text=True)
    for word in words:
        assert word in html


def test_a_wrong_day_in_search_lists_the_frisian_codes_on_a_frisian_page(client, db):
    error = client.get("/api/v1/services?open=xx&lang=fy").get_json()["error"]
    assert "mo, ti, wo, to, fr, so, si" in error["message"]
    assert client.get("/api/v1/services?open=so&lang=nl").status_code == 200
