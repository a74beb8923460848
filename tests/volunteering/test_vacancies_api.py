"""GET and POST /api/v1/vacancies: residents find vacancies near their village; editors post their own."""

import datetime as dt

import pytest

from socialmap.accounts.services import create_token
from socialmap.volunteering.models import Vacancy
from tests.factories import make_user, personas

TODAY = dt.date.today()


@pytest.fixture
def cast(db):
    people = personas()
    people.headers = {}
    for who in ("volunteer_editor", "other_org_editor", "municipal_editor", "social_worker"):
        people.headers[who] = {"Authorization": f"Bearer {create_token(getattr(people, who))[0]}"}
    db.session.commit()
    return people


def vacancy(cast, **changes) -> dict:
    return {"organization_id": cast.own.id, "title": "Chauffeur voor de buurtbus",
            "description_nl": "Eén ochtend per week mensen naar de dokter rijden.", "place": "Heeg",
            "hours_per_week": 4, "contact": "Anna de Vries, 0515-555 123",
            "expires_on": (TODAY + dt.timedelta(days=30)).isoformat(), **changes}  # fmt: skip


def test_an_organisation_editor_posts_a_vacancy_that_residents_find_near_their_village(client, cast):
    response = client.post("/api/v1/vacancies", json=vacancy(cast), headers=cast.headers["volunteer_editor"])
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["place"] == "Heeg"
    found = client.get("/api/v1/vacancies", query_string={"near": "Heech"}).get_json()
    assert [item["title"] for item in found["items"]] == ["Chauffeur voor de buurtbus"]
    assert found["items"][0]["distance_km"] == 0
    far = client.get("/api/v1/vacancies", query_string={"near": "Exloo"}).get_json()
    assert far["items"] == []


def test_the_frisian_description_is_shown_in_frisian(client, cast):
    client.post("/api/v1/vacancies", json=vacancy(cast, description_fy="Ien moarn yn 'e wike minsken ride."),
                headers=cast.headers["volunteer_editor"])  # fmt: skip
    item = client.get("/api/v1/vacancies", query_string={"near": "Heeg", "lang": "fy"}).get_json()["items"][0]
    assert item["lang"] == "fy" and item["description"].startswith("Ien moarn")


def test_a_service_area_vacancy_is_found_in_each_of_its_villages(client, cast):
    body = vacancy(cast, place=None, service_area=["Heeg", "Oosthem"])
    assert client.post("/api/v1/vacancies", json=body, headers=cast.headers["volunteer_editor"]).status_code == 201
    for village in ("Heeg", "Oosthem"):
        items = client.get("/api/v1/vacancies", query_string={"near": village}).get_json()["items"]
        assert items and items[0]["distance_km"] == 0


def test_another_organisations_editor_gets_403_and_nothing_is_saved(client, db, cast):
    response = client.post("/api/v1/vacancies", json=vacancy(cast), headers=cast.headers["other_org_editor"])
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert db.session.query(Vacancy).count() == 0


def test_a_municipal_editor_posts_for_organisations_of_their_municipality_only(client, db, cast):
    own = client.post("/api/v1/vacancies", json=vacancy(cast), headers=cast.headers["municipal_editor"])
    assert own.status_code == 201
    other = client.post("/api/v1/vacancies", json=vacancy(cast, organization_id=cast.other.id, place="Exloo"),
                        headers=cast.headers["municipal_editor"])  # fmt: skip
    assert other.status_code == 403


def test_a_professional_may_not_post_vacancies(client, cast):
    response = client.post("/api/v1/vacancies", json=vacancy(cast), headers=cast.headers["social_worker"])
    assert response.status_code == 403


def test_without_a_token_the_answer_is_401(client, cast):
    assert client.post("/api/v1/vacancies", json=vacancy(cast)).status_code == 401


def test_bad_input_names_each_field(client, db, cast):
    body = vacancy(cast, title="x" * 10_000, description_nl="y" * 10_000, description_fy="z" * 10_000,
                   contact="c" * 10_000, hours_per_week=0, place="Nergenshuizen",
                   expires_on=(TODAY - dt.timedelta(days=1)).isoformat())  # fmt: skip
    response = client.post("/api/v1/vacancies", json=body, headers=cast.headers["volunteer_editor"])
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "validation_failed"
    assert set(error["fields"]) == {"title", "description_nl", "description_fy", "contact", "hours_per_week",
                                    "place", "expires_on"}  # fmt: skip
    assert "10000" in error["fields"]["title"] or "10.000" in error["fields"]["title"]
    assert db.session.query(Vacancy).count() == 0


def test_errors_speak_the_users_language(client, cast):
    body = vacancy(cast, expires_on=(TODAY - dt.timedelta(days=3)).isoformat(), title="")
    nl = client.post("/api/v1/vacancies?lang=nl", json=body, headers=cast.headers["volunteer_editor"]).get_json()
    fy = client.post("/api/v1/vacancies?lang=fy", json=body, headers=cast.headers["volunteer_editor"]).get_json()
    en = client.post("/api/v1/vacancies?lang=en", json=body, headers=cast.headers["volunteer_editor"]).get_json()
    assert en["error"]["fields"]["expires_on"] == "This date is in the past."
    assert nl["error"]["message"] != en["error"]["message"]
    assert set(fy["error"]["fields"]) == {"title", "expires_on"}


def test_a_missing_place_and_area_is_refused(client, cast):
    body = vacancy(cast, place=None)
    response = client.post("/api/v1/vacancies", json=body, headers=cast.headers["volunteer_editor"])
    assert response.status_code == 400 and set(response.get_json()["error"]["fields"]) == {"place"}


def test_an_unknown_organisation_is_named(client, cast):
    response = client.post("/api/v1/vacancies", json=vacancy(cast, organization_id=999999),
                           headers=cast.headers["volunteer_editor"])  # fmt: skip
    assert response.status_code == 400 and set(response.get_json()["error"]["fields"]) == {"organization_id"}


def test_expired_and_ended_vacancies_are_hidden(client, db, cast):
    client.post("/api/v1/vacancies", json=vacancy(cast, title="Nog open"), headers=cast.headers["volunteer_editor"])
    client.post("/api/v1/vacancies", json=vacancy(cast, title="Verlopen"), headers=cast.headers["volunteer_editor"])
    client.post("/api/v1/vacancies", json=vacancy(cast, title="Beëindigd"), headers=cast.headers["volunteer_editor"])
    expired = db.session.query(Vacancy).filter_by(title="Verlopen").one()
    expired.expires_on = TODAY - dt.timedelta(days=1)
    ended = db.session.query(Vacancy).filter_by(title="Beëindigd").one()
    ended.ended_at = dt.datetime(2026, 1, 1)
    db.session.commit()
    items = client.get("/api/v1/vacancies", query_string={"near": "Heeg"}).get_json()["items"]
    assert [item["title"] for item in items] == ["Nog open"]


def test_an_unknown_village_is_a_clear_400(client):
    response = client.get("/api/v1/vacancies", query_string={"near": "Heg"})
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == "near"


def test_a_municipal_editor_of_another_municipality_gets_403(client, db, cast):
    outsider = make_user("municipal_editor", "redactie@bo.example.org", municipality="Borger-Odoorn")
    headers = {"Authorization": f"Bearer {create_token(outsider)[0]}"}
    db.session.commit()
    assert client.post("/api/v1/vacancies", json=vacancy(cast), headers=headers).status_code == 403
