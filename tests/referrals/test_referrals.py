"""The referral button, follow-up, the API, and privacy: a referral describes a decision, not a person."""

import datetime as dt

import pytest
from sqlalchemy import inspect

from socialmap import clock
from socialmap.accounts.services import create_token
from socialmap.referrals.models import Referral
from socialmap.referrals.services import send_follow_up_digests
from tests.factories import make_service, personas

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def cast(db, monkeypatch):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg",
                                  alternatives=("household_help",))  # fmt: skip
    db.session.commit()
    people.move_clock = lambda days: monkeypatch.setattr(clock, "today", lambda: TODAY + dt.timedelta(days=days))
    people.move_clock(0)
    return people


def refer(client, cast, key="k1", **overrides):
    form = {"service_id": cast.service.id, "instead_of": "household_help", "place": "Drylts", "reason": "",
            "submission_key": key, "next": "/verwijzingen/opvolgen"}  # fmt: skip
    form.update(overrides)
    return client.post("/verwijzingen", data=form)


def test_the_referral_table_has_no_column_for_personal_data(db):
    columns = {c["name"] for c in inspect(db.engine).get_columns("referral")}
    assert columns == {"id", "decision", "service_id", "team_id", "worker", "instead_of", "place_id", "decided_on",
                       "reason", "submission_key", "created_at", "outcome", "outcome_on"}  # fmt: skip


def test_a_professional_refers_from_the_service_page(client, auth, db, cast):
    auth.login(cast.social_worker)
    page = client.get(f"/diensten/{cast.service.id}", follow_redirects=True).get_data(as_text=True)
    assert 'action="/verwijzingen"' in page
    assert refer(client, cast).status_code == 302
    referral = db.session.query(Referral).one()
    assert (referral.instead_of, referral.place.name_nl, referral.team.name) == ("household_help", "IJlst",
                                                                                "Gebiedsteam Snits")  # fmt: skip
    assert referral.worker == cast.social_worker.pseudonym and "@" not in referral.worker
    assert referral.decided_on == TODAY


def test_a_double_click_counts_once(client, auth, db, cast):
    auth.login(cast.social_worker)
    refer(client, cast, key="same")
    refer(client, cast, key="same")
    assert db.session.query(Referral).count() == 1


def test_undo_within_fifteen_minutes_only(client, auth, db, cast):
    auth.login(cast.social_worker)
    refer(client, cast, key="a")
    referral = db.session.query(Referral).one()
    client.post(f"/verwijzingen/{referral.id}/ongedaan")
    assert db.session.query(Referral).count() == 0
    refer(client, cast, key="b")
    late = db.session.query(Referral).one()
    late.created_at -= dt.timedelta(minutes=16)
    db.session.commit()
    client.post(f"/verwijzingen/{late.id}/ongedaan")
    assert db.session.query(Referral).count() == 1


@pytest.mark.parametrize("who", ["anonymous", "volunteer_editor", "municipal_editor"])
def test_only_professionals_can_refer(client, auth, db, cast, who):
    if who != "anonymous":
        auth.login(getattr(cast, who))
    assert refer(client, cast).status_code == (401 if who == "anonymous" else 403)
    assert db.session.query(Referral).count() == 0


def test_the_follow_up_asks_after_eight_weeks_and_stores_the_outcome(client, auth, db, cast):
    auth.login(cast.social_worker)
    refer(client, cast)
    referral = db.session.query(Referral).one()
    assert "Boodschappenhulp Heeg" not in client.get("/verwijzingen/opvolgen").get_data(as_text=True).split(
        "<h2>")[1]  # fmt: skip
    cast.move_clock(57)
    assert send_follow_up_digests() == 1
    assert "Boodschappenhulp Heeg" in client.get("/verwijzingen/opvolgen").get_data(as_text=True).split("<h2>")[1]
    client.post(f"/verwijzingen/{referral.id}/uitkomst", data={"outcome": "helped"})
    db.session.expire_all()
    assert (referral.outcome, referral.outcome_on) == ("helped", TODAY + dt.timedelta(days=57))


def test_the_api_records_decisions_and_outcomes(client, db, cast):
    token, _ = create_token(cast.social_worker)
    db.session.commit()
    headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": "0b6f3c1e-decision-1"}
    body = {"service_id": cast.service.id, "instead_of": "household_help", "place": "Heech", "reason": "prevention"}
    created = client.post("/api/v1/referrals", json=body, headers=headers)
    assert created.status_code == 201
    assert created.get_json()["place"] == "Heeg"
    assert client.post("/api/v1/referrals", json=body, headers=headers).status_code == 200  # retried, not doubled
    assert db.session.query(Referral).count() == 1
    referral_id = created.get_json()["id"]
    updated = client.patch(f"/api/v1/referrals/{referral_id}", json={"outcome": "partly"}, headers=headers)
    assert updated.status_code == 200 and updated.get_json()["outcome"] == "partly"
    bad = client.post("/api/v1/referrals", json={**body, "instead_of": "magic", "place": "Nergens"}, headers=headers
                      | {"Idempotency-Key": "other"})  # fmt: skip
    assert bad.status_code == 400 and set(bad.get_json()["error"]["fields"]) == {"instead_of", "place"}


def test_the_api_refuses_without_token_or_with_the_wrong_role(client, db, cast):
    body = {"service_id": cast.service.id, "instead_of": "none", "place": "Heeg"}
    assert client.post("/api/v1/referrals", json=body).status_code == 401
    token, _ = create_token(cast.volunteer_editor)
    db.session.commit()
    assert client.post("/api/v1/referrals", json=body,
                       headers={"Authorization": f"Bearer {token}"}).status_code == 403  # fmt: skip
    assert client.get("/api/v1/reports/referrals", headers={"Authorization": f"Bearer {token}"}).status_code == 403
    assert db.session.query(Referral).count() == 0


def test_alternatives_for_an_indicated_care_product(client, auth, db, cast):
    make_service(cast.own, name="Klussendienst Heeg", place_name="Heeg", alternatives=("transport_individual",))
    db.session.commit()
    auth.login(cast.social_worker)
    html = client.get("/professionals/alternatieven?product=household_help&near=Heeg").get_data(as_text=True)
    assert "Boodschappenhulp Heeg" in html and "Klussendienst Heeg" not in html
