"""Editors add and remove activities and closures on their service's page, without the API."""

import datetime as dt

import pytest

from socialmap.activities.models import Activity, Closure
from tests.factories import make_service, personas

SOON = dt.date.today() + dt.timedelta(days=3)


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Dorpskamer Heeg", place_name="Heeg")
    db.session.commit()
    return people


def test_an_editor_adds_an_activity_that_residents_see_at_once(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    assert f"/beheer/diensten/{cast.service.id}/activiteiten" in client.get("/beheer").get_data(as_text=True)
    response = client.post(f"/beheer/diensten/{cast.service.id}/activiteiten", data={
        "form": "activity", "title": "Repaircafé", "date": SOON.isoformat(), "opens": "10:00", "closes": "13:00"})
    assert response.status_code == 302
    page = client.get(f"/diensten/{cast.service.id}", follow_redirects=True).get_data(as_text=True)
    assert "Repaircafé" in page


def test_an_editor_adds_and_removes_a_closure(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    response = client.post(f"/beheer/diensten/{cast.service.id}/activiteiten", data={
        "form": "closure", "from": SOON.isoformat(), "to": (SOON + dt.timedelta(days=2)).isoformat(),
        "reason": "Schilderwerk"})  # fmt: skip
    assert response.status_code == 302
    closure = db.session.query(Closure).one()
    assert client.post(f"/beheer/sluitingen/{closure.id}/verwijderen").status_code == 302
    assert db.session.query(Closure).count() == 0


def test_mistakes_are_shown_next_to_their_field(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    response = client.post(f"/beheer/diensten/{cast.service.id}/activiteiten?lang=nl", data={
        "form": "activity", "title": "Bingo", "date": "2020-01-01", "opens": "16:00", "closes": "15:00"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert 'id="a-date-error"' in page and 'id="a-closes-error"' in page and 'value="Bingo"' in page
    assert db.session.query(Activity).count() == 0


def test_another_organisations_editor_is_refused(client, auth, db, cast):
    activity = Activity(service=cast.service, title="Bingo", date=SOON, opens=dt.time(14), closes=dt.time(16))
    db.session.add(activity)
    db.session.commit()
    auth.login(cast.other_org_editor)
    assert client.get(f"/beheer/diensten/{cast.service.id}/activiteiten").status_code == 403
    assert client.post(f"/beheer/activiteiten/{activity.id}/verwijderen").status_code == 403
    assert db.session.query(Activity).count() == 1


def test_a_post_without_a_form_name_is_read_as_an_activity(client, auth, cast):
    auth.login(cast.volunteer_editor)
    response = client.post(f"/beheer/diensten/{cast.service.id}/activiteiten", data={"title": "Bingo"})
    assert response.status_code == 400
    assert 'href="#a-date"' in response.get_data(as_text=True)
