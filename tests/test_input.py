"""Input that must never give a 500: NUL bytes anywhere, ids beyond the database's range, huge bodies."""

import pytest

from socialmap.accounts.services import create_token
from socialmap.catalogue.models import ChangeRequest, Service
from socialmap.catalogue.services import service_row
from tests.factories import make_service, personas


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    token, _ = create_token(people.volunteer_editor)
    people.headers = {"Authorization": f"Bearer {token}"}
    worker_token, _ = create_token(people.social_worker)
    people.worker_headers = {"Authorization": f"Bearer {worker_token}"}
    db.session.commit()
    return people


def error_of(response) -> dict:
    return response.get_json()["error"]


# -- NUL bytes -------------------------------------------------------------------------------------
def test_it_refuses_a_nul_escape_inside_a_json_string(client, db, cast):
    response = client.patch(f"/api/v1/services/{cast.service.id}", json={"description_nl": "abc\u0000def"},
                            headers=cast.headers)  # fmt: skip
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_characters"
    assert error_of(response)["field"] == "description_nl"
    assert "NUL" in error_of(response)["message"]
    db.session.expire_all()
    assert cast.service.description_nl == "Elke week koffie drinken en bijpraten."


def test_it_refuses_a_nul_in_a_json_key_and_in_nested_values(client, cast):
    for body in ({"name\u0000": "x"}, {"themes": ["meeting", "a\u0000"]}, [{"a": {"b": "\u0000"}}]):
        response = client.post("/api/v1/services", json=body, headers=cast.headers)
        assert response.status_code == 400, body
        assert error_of(response)["code"] == "bad_characters"


def test_it_refuses_a_nul_in_the_idempotency_key(client, db, cast):
    body = {"service_id": cast.service.id, "place": "Heeg", "instead_of": "none"}
    response = client.post("/api/v1/referrals", json=body, headers={**cast.worker_headers,
                                                                     "Idempotency-Key": "abc\x00def"})  # fmt: skip
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_characters"
    assert error_of(response)["field"] == "Idempotency-Key"


def test_it_refuses_a_nul_in_if_match(client, cast):
    response = client.patch(f"/api/v1/services/{cast.service.id}", json={"name": "Nieuw"},
                            headers={**cast.headers, "If-Match": '"v1\x00"'})  # fmt: skip
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_characters"


def test_it_refuses_an_unpaired_surrogate_in_json(client, cast):
    response = client.patch(f"/api/v1/services/{cast.service.id}", data='{"description_nl": "a\\ud800b"}',
                            content_type="application/json", headers=cast.headers)  # fmt: skip
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_characters"


def test_a_web_form_with_a_nul_gets_a_page_in_the_users_language(client, auth, cast):
    auth.login(cast.volunteer_editor)
    response = client.post(f"/beheer/diensten/{cast.service.id}", data={"name": "a\x00b"},
                           headers={"Accept-Language": "fy"})  # fmt: skip
    assert response.status_code == 400
    assert "NUL" in response.get_data(as_text=True) and "<html" in response.get_data(as_text=True)


def test_a_queued_change_holding_a_nul_can_still_be_approved(client, auth, db, cast):
    state = {**service_row(cast.service), "description_nl": "Oude\u0000tekst", "name": "Boodschappen\u0000hulp"}
    change = ChangeRequest(organization=cast.own, service=cast.service, user_id=cast.volunteer_editor.id,
                           state=state, base_version=cast.service.version)  # fmt: skip
    db.session.add(change)
    db.session.commit()
    auth.login(cast.municipal_editor)
    response = client.post(f"/beheer/wijzigingen/{change.id}/goedkeuren")
    assert response.status_code == 302
    db.session.expire_all()
    assert change.status == "approved"
    assert cast.service.description_nl == "Oudetekst" and cast.service.name_nl == "Boodschappenhulp"


def test_json_nested_deeper_than_the_parser_allows_is_a_bad_request(client, cast):
    deep = "[" * 100_000 + "]" * 100_000
    response = client.patch(f"/api/v1/services/{cast.service.id}", data=deep, content_type="application/json",
                            headers=cast.headers)  # fmt: skip
    assert response.status_code == 400
    assert error_of(response)["code"] == "bad_json"


# -- ids beyond the database's range ---------------------------------------------------------------
@pytest.mark.parametrize("number", ["2147483648", str(2**63), "1" + "0" * 30, "9" * 5000])
def test_ids_beyond_the_database_range_in_paths_are_not_found(client, cast, number):
    for path in (f"/diensten/{number}", f"/diensten/{number}-naam", f"/organisaties/{number}",
                 f"/api/v1/services/{number}"):  # fmt: skip
        assert client.get(path).status_code == 404, path
    response = client.patch(f"/api/v1/services/{number}", json={"name": "x"}, headers=cast.headers)
    assert response.status_code == 404
    assert error_of(response)["code"] == "not_found"


@pytest.mark.parametrize("number", [2**31, 2**63, -(2**63) - 1, 10**30])
def test_ids_beyond_the_database_range_in_json_name_the_field(client, db, cast, number):
    referral = client.post("/api/v1/referrals", json={"service_id": number, "place": "Heeg", "instead_of": "none"},
                           headers=cast.worker_headers)  # fmt: skip
    assert referral.status_code == 400
    assert "service_id" in (error_of(referral).get("fields") or {error_of(referral)["field"]: 1})
    created = client.post("/api/v1/services", json={"name": "x", "organization_id": number}, headers=cast.headers)
    assert created.status_code == 400
    assert "organization_id" in (error_of(created).get("fields") or {error_of(created)["field"]: 1})
    assert db.session.query(Service).count() == 1


# -- size ------------------------------------------------------------------------------------------
def test_a_body_over_the_limit_is_refused_before_it_is_parsed(app, client, cast):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    big = {"description_nl": "x" * 2000}
    response = client.patch(f"/api/v1/services/{cast.service.id}", json=big,
                            headers={**cast.headers, "Accept-Language": "en"})  # fmt: skip
    assert response.status_code == 413
    assert error_of(response)["code"] == "too_large"
    assert "too large" in error_of(response)["message"]
    web = client.post("/inloggen", data={"email": "x" * 2000, "password": "y"})
    assert web.status_code == 413


def test_the_default_limit_is_two_megabytes(app):
    assert app.config["MAX_CONTENT_LENGTH"] == 2 * 1024 * 1024
