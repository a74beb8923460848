"""POST/PATCH /api/v1/services with personal tokens, ETag and If-Match."""

import pytest

from socialmap.accounts.services import create_token
from socialmap.search.service import SearchParams, search_services
from tests.factories import make_service, personas


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    token, _ = create_token(people.volunteer_editor)
    people.headers = {"Authorization": f"Bearer {token}"}
    db.session.commit()
    return people


NEW = {"name": "Taalcafé Heeg", "description_nl": "Samen Nederlands praten.", "kind": "village_room", "tier": 3,
       "themes": ["language"], "municipality": "Súdwest-Fryslân", "place": "Heech",
       "schedule": "di 10:00-12:00"}  # fmt: skip


def test_create_publishes_for_a_trusted_organisation(client, cast):
    response = client.post("/api/v1/services", json={**NEW, "organization_id": cast.own.id}, headers=cast.headers)
    assert response.status_code == 200
    body = response.get_json()
    assert body["name"] == "Taalcafé Heeg" and body["locations"][0]["place"] == "Heeg"
    assert response.headers["ETag"] == '"v1"'
    assert [h.service_id for h in search_services(SearchParams(q="taalcafe")).hits] == [body["id"]]


def test_an_untrusted_organisations_change_is_accepted_for_review(client, db, cast):
    cast.own.is_trusted = False
    db.session.commit()
    response = client.patch(f"/api/v1/services/{cast.service.id}", json={"name": "Nieuw"}, headers=cast.headers)
    assert response.status_code == 202
    assert response.get_json()["status"] == "pending"


def test_validation_errors_list_each_field(client, cast):
    response = client.post("/api/v1/services", headers=cast.headers, json={
        **NEW, "organization_id": cast.own.id, "tier": 9, "email": "nope", "place": "Nergens"})  # fmt: skip
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"tier", "email", "place"}


def test_if_match_protects_against_lost_updates(client, db, cast):
    etag = client.get(f"/api/v1/services/{cast.service.id}").headers["ETag"]
    first = client.patch(f"/api/v1/services/{cast.service.id}", json={"name": "Eerste"},
                         headers={**cast.headers, "If-Match": etag})  # fmt: skip
    assert first.status_code == 200
    assert first.headers["ETag"] != etag
    stale = client.patch(f"/api/v1/services/{cast.service.id}", json={"name": "Tweede"},
                         headers={**cast.headers, "If-Match": etag})  # fmt: skip
    assert stale.status_code == 412
    assert stale.get_json()["error"]["code"] == "version_conflict"
    db.session.expire_all()
    assert cast.service.name_nl == "Eerste"


def test_a_revoked_token_stops_working(client, db, cast):
    from socialmap.accounts.models import ApiToken
    from socialmap.accounts.services import revoke_token

    revoke_token(cast.volunteer_editor, db.session.query(ApiToken).one().id)
    db.session.commit()
    assert client.patch(f"/api/v1/services/{cast.service.id}", json={"name": "X"},
                        headers=cast.headers).status_code == 401  # fmt: skip
