"""POST /api/v1/services/<id>/activities and /closures; `activities` and `closures` on a service."""

import datetime as dt

import pytest

from socialmap.accounts.services import create_token
from socialmap.activities.models import Activity, Closure
from tests.factories import make_service, personas

TODAY = dt.date.today()


def day(offset: int) -> str:
    return (TODAY + dt.timedelta(days=offset)).isoformat()


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Dorpskamer Heeg", place_name="Heeg",
                                  schedules=tuple((d, "09:00", "12:00") for d in range(7)))  # fmt: skip
    people.headers = {who: {"Authorization": f"Bearer {create_token(getattr(people, who))[0]}"}
                      for who in ("volunteer_editor", "other_org_editor", "municipal_editor")}  # fmt: skip
    db.session.commit()
    return people


ACTIVITY = {"title": "Bingomiddag", "date": day(2), "opens": "14:00", "closes": "16:30",
            "description_nl": "Gezellig bingo met koffie.", "description_fy": "Gesellich bingo mei kofje."}  # fmt: skip


def test_an_activity_posted_by_the_organisation_is_on_the_service_at_once(client, cast):
    response = client.post(f"/api/v1/services/{cast.service.id}/activities", json=ACTIVITY,
                           headers=cast.headers["volunteer_editor"])  # fmt: skip
    assert response.status_code == 201, response.get_json()
    service = client.get(f"/api/v1/services/{cast.service.id}").get_json()
    assert service["activities"] == [{"id": response.get_json()["id"], "title": "Bingomiddag", "date": day(2),
                                      "opens": "14:00", "closes": "16:30",
                                      "description": "Gezellig bingo met koffie.", "lang": "nl"}]  # fmt: skip
    frisian = client.get(f"/api/v1/services/{cast.service.id}?lang=fy").get_json()
    assert frisian["activities"][0]["description"] == "Gesellich bingo mei kofje."
    listed = client.get("/api/v1/services", query_string={"near": "Heeg"}).get_json()["items"]
    assert [s["activities"][0]["title"] for s in listed if s["id"] == cast.service.id] == ["Bingomiddag"]


def test_another_organisations_editor_gets_403(client, db, cast):
    for path, body in (("activities", ACTIVITY), ("closures", {"from": day(1), "to": day(3)})):
        response = client.post(f"/api/v1/services/{cast.service.id}/{path}", json=body,
                               headers=cast.headers["other_org_editor"])  # fmt: skip
        assert response.status_code == 403
    assert db.session.query(Activity).count() == db.session.query(Closure).count() == 0


def test_the_municipal_editor_of_its_municipality_may_post(client, cast):
    response = client.post(f"/api/v1/services/{cast.service.id}/closures", json={"from": day(1), "to": day(1)},
                           headers=cast.headers["municipal_editor"])  # fmt: skip
    assert response.status_code == 201


def test_an_unknown_service_is_404(client, cast):
    response = client.post("/api/v1/services/999999/activities", json=ACTIVITY,
                           headers=cast.headers["volunteer_editor"])  # fmt: skip
    assert response.status_code == 404


def test_bad_activity_input_names_each_field(client, db, cast):
    body = {"title": "t" * 10_000, "date": day(-1), "opens": "16:00", "closes": "14:00",
            "description_nl": "d" * 10_000, "description_fy": "f" * 10_000}  # fmt: skip
    response = client.post(f"/api/v1/services/{cast.service.id}/activities", json=body,
                           headers=cast.headers["volunteer_editor"])  # fmt: skip
    assert response.status_code == 400
    fields = response.get_json()["error"]["fields"]
    assert set(fields) == {"title", "date", "closes", "description_nl", "description_fy"}
    assert db.session.query(Activity).count() == 0


def test_closes_before_opens_is_refused_in_the_users_language(client, cast):
    body = {**ACTIVITY, "opens": "16:00", "closes": "15:59"}
    en = client.post(f"/api/v1/services/{cast.service.id}/activities?lang=en", json=body,
                     headers=cast.headers["volunteer_editor"]).get_json()  # fmt: skip
    assert en["error"]["fields"] == {"closes": "The end time must be after the start time."}
    fy = client.post(f"/api/v1/services/{cast.service.id}/activities?lang=fy", json=body,
                     headers=cast.headers["volunteer_editor"]).get_json()  # fmt: skip
    assert set(fy["error"]["fields"]) == {"closes"}


def test_missing_and_malformed_times_and_dates_are_named(client, cast):
    body = {"title": "Repaircafé", "date": "24-12-2026", "opens": "25:00"}
    response = client.post(f"/api/v1/services/{cast.service.id}/activities", json=body,
                           headers=cast.headers["volunteer_editor"])  # fmt: skip
    assert set(response.get_json()["error"]["fields"]) == {"date", "opens", "closes"}


def test_bad_closures_name_each_field(client, cast):
    past = client.post(f"/api/v1/services/{cast.service.id}/closures",
                       json={"from": day(-10), "to": day(-2), "reason": "r" * 10_000},
                       headers=cast.headers["volunteer_editor"])  # fmt: skip
    assert past.status_code == 400
    assert set(past.get_json()["error"]["fields"]) == {"from", "to", "reason"}
    backwards = client.post(f"/api/v1/services/{cast.service.id}/closures", json={"from": day(5), "to": day(2)},
                            headers=cast.headers["volunteer_editor"])  # fmt: skip
    assert set(backwards.get_json()["error"]["fields"]) == {"to"}


def test_a_closure_is_on_the_service_and_moves_its_next_opening(client, cast):
    # open every morning 09:00–12:00; closed the next ten days
    response = client.post(f"/api/v1/services/{cast.service.id}/closures",
                           json={"from": day(0), "to": day(9), "reason": "Verbouwing"},
                           headers=cast.headers["volunteer_editor"])  # fmt: skip
    assert response.status_code == 201
    service = client.get(f"/api/v1/services/{cast.service.id}").get_json()
    assert service["closures"] == [{"id": response.get_json()["id"], "from": day(0), "to": day(9),
                                    "reason": "Verbouwing"}]  # fmt: skip
    page = client.get("/plaatsen/heeg?lang=en").get_data(as_text=True)
    assert "Open now" not in page
    reopens = TODAY + dt.timedelta(days=10)
    assert f"Next open: {reopens.strftime('%B')} {reopens.day}, {reopens.year} 09:00" in page
