"""Every stepped-care decision counts (issue 12): decision types through the web and the API, the form's
defaults from the search, and errors next to the field."""

import datetime as dt
import re

import pytest

from socialmap import clock
from socialmap.accounts.services import create_token
from socialmap.referrals.models import Referral
from tests.factories import make_service, personas

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def cast(db, monkeypatch):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg",
                                  alternatives=("household_help",))  # fmt: skip
    people.sneek = make_service(people.own, name="Huishoudhulp Sneek", place_name="Sneek",
                                alternatives=("household_help",))  # fmt: skip
    db.session.commit()
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return people


def post(client, **fields):
    form = {"submission_key": fields.pop("key", "k1"), "next": "/verwijzingen/opvolgen", **fields}
    return client.post("/verwijzingen", data=form)


def the_referral(db) -> Referral:
    return db.session.query(Referral).one()


@pytest.mark.parametrize(("instead_of", "decision", "expected"), [
    ("household_help", "", "front_line"), ("none", "", "prevention"), ("household_help", "bridging", "bridging"),
    ("household_help", "step_down", "step_down")])  # fmt: skip
def test_the_web_form_records_each_kind_of_front_line_help(client, auth, db, cast, instead_of, decision, expected):
    auth.login(cast.social_worker)
    response = post(client, service_id=cast.service.id, instead_of=instead_of, decision=decision, place="Heeg")
    assert response.status_code == 302
    referral = the_referral(db)
    assert (referral.decision, referral.instead_of, referral.service_id) == (expected, instead_of, cast.service.id)


def test_the_web_records_an_escalation_with_its_reason_and_no_service(client, auth, db, cast):
    auth.login(cast.social_worker)
    response = post(client, decision="indicated_care", instead_of="household_help", place="8621", reason="none_nearby")
    assert response.status_code == 302
    referral = the_referral(db)
    assert (referral.decision, referral.instead_of, referral.reason, referral.service_id, referral.place.name_nl) == (
        "indicated_care", "household_help", "none_nearby", None, "Heeg")  # fmt: skip
    # nothing to follow up: no front-line help was given
    cast_clock = TODAY + dt.timedelta(days=90)
    clock.today = lambda: cast_clock
    assert "<form" not in client.get("/verwijzingen/opvolgen").get_data(as_text=True).split("<h2>")[1]


def test_bridging_without_a_product_is_refused_next_to_the_product_field(client, auth, db, cast):
    auth.login(cast.social_worker)
    response = post(client, service_id=cast.service.id, instead_of="none", decision="bridging", place="Heeg")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert re.search(r'id="instead-\d+-error"', html) and 'class="field has-error"' in html
    assert db.session.query(Referral).count() == 0


def test_a_postcode_in_the_village_field_records_its_village(client, auth, db, cast):
    auth.login(cast.social_worker)
    assert post(client, service_id=cast.service.id, instead_of="household_help", place="8621").status_code == 302
    assert the_referral(db).place.name_nl == "Heeg"


def test_an_unknown_village_is_shown_next_to_the_field_with_the_form_still_open(client, auth, db, cast):
    auth.login(cast.social_worker)
    response = post(client, service_id=cast.service.id, instead_of="household_help", place="Nergenshuizen",
                    key="same")  # fmt: skip
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = re.search(r'<p class="error field-error" id="place-\d+-error">([^<]*)</p>', html)
    assert error and "Nergenshuizen" in error.group(1)
    assert 'class="flash' not in html  # not in the green box
    assert 'name="submission_key" value="same"' in html  # corrected and sent again, it still counts once
    assert re.search(r'<option value="household_help" selected>', html)
    assert post(client, service_id=cast.service.id, instead_of="household_help", place="Heeg",
                key="same").status_code == 302  # fmt: skip
    assert db.session.query(Referral).count() == 1


def test_alternatives_near_a_postcode_preset_the_village_and_the_product(client, auth, cast):
    auth.login(cast.social_worker)
    html = client.get("/professionals/alternatieven?product=household_help&near=8621").get_data(as_text=True)
    form = html[html.index(f'name="service_id" value="{cast.service.id}"'):]
    form = form[:form.index("</form>")]
    assert re.search(r'<option value="household_help" selected>', form)
    assert re.search(r'name="place" value="Heeg"', form)
    assert "<option value=\"none\" selected" not in form
    escalation = html[html.index('class="escalation-form"'):]
    escalation = escalation[:escalation.index("</form>")]
    assert 'name="decision" value="indicated_care"' in escalation and 'name="place" value="Heeg"' in escalation
    assert 'name="instead_of" value="household_help"' in escalation


def test_the_service_page_leaves_the_village_empty_with_suggestions(client, auth, cast):
    auth.login(cast.social_worker)
    html = client.get(f"/diensten/{cast.sneek.id}", follow_redirects=True).get_data(as_text=True)
    field = re.search(r'<input id="place-\d+" name="place"[^>]*>', html).group(0)
    assert 'value=""' in field and 'list="household-villages"' in field
    assert '<datalist id="household-villages">' in html and '<option value="Heeg">' in html


def test_a_postcode_of_two_villages_asks_which_one(client, auth, db, cast):
    auth.login(cast.social_worker)
    html = client.get("/professionals/alternatieven?product=household_help&near=8751").get_data(as_text=True)
    field = re.search(r'<select id="place-\d+" name="place" required[^>]*>(.*?)</select>', html, re.S)
    assert field and "Pingjum" in field.group(1) and "Zurich" in field.group(1)
    response = post(client, service_id=cast.service.id, instead_of="household_help", place="8751")
    assert response.status_code == 400 and "Pingjum" in response.get_data(as_text=True)
    assert post(client, service_id=cast.service.id, instead_of="household_help", place="Zurich").status_code == 302
    assert the_referral(db).place.name_nl == "Zurich"


@pytest.fixture
def headers(db, cast):
    token, _ = create_token(cast.social_worker)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


@pytest.mark.parametrize(("body", "expected"), [
    ({"instead_of": "household_help"}, "front_line"), ({"instead_of": "none"}, "prevention"), ({}, "prevention"),
    ({"instead_of": "household_help", "decision": "bridging"}, "bridging"),
    ({"instead_of": "household_help", "decision": "step_down"}, "step_down"),
    ({"instead_of": "household_help", "decision": "front_line"}, "front_line")])  # fmt: skip
def test_the_api_records_each_kind_of_front_line_help_and_echoes_it(client, db, cast, headers, body, expected):
    response = client.post("/api/v1/referrals", json={"service_id": cast.service.id, "place": "Heeg", **body},
                           headers=headers)  # fmt: skip
    assert response.status_code == 201
    assert response.get_json()["decision"] == expected == the_referral(db).decision


def test_the_api_records_an_escalation_and_checks_what_it_needs(client, db, cast, headers):
    body = {"decision": "indicated_care", "instead_of": "household_help", "place": "8621"}
    missing = client.post("/api/v1/referrals", json=body, headers=headers)
    assert missing.status_code == 400 and set(missing.get_json()["error"]["fields"]) == {"reason"}
    with_service = client.post("/api/v1/referrals", json={**body, "reason": "declined", "service_id": cast.service.id},
                               headers=headers)  # fmt: skip
    assert with_service.status_code == 400 and set(with_service.get_json()["error"]["fields"]) == {"service_id"}
    no_product = client.post("/api/v1/referrals", json={**body, "reason": "declined", "instead_of": "none"},
                             headers=headers)  # fmt: skip
    assert no_product.status_code == 400 and set(no_product.get_json()["error"]["fields"]) == {"instead_of"}
    done = client.post("/api/v1/referrals", json={**body, "reason": "full_or_waiting_list"}, headers=headers)
    assert done.status_code == 201
    assert done.get_json() | {"id": 0} == {
        "id": 0, "decision": "indicated_care", "service_id": None, "team": "Gebiedsteam Snits",
        "team_kind": "social_team",
        "instead_of": "household_help", "place": "Heeg", "reason": "full_or_waiting_list", "decided_on": "2026-11-22",
        "outcome": None, "outcome_on": None}  # fmt: skip
    outcome = client.patch(f"/api/v1/referrals/{done.get_json()['id']}", json={"outcome": "helped"}, headers=headers)
    assert outcome.status_code == 400


def test_the_api_refuses_an_unknown_decision(client, db, cast, headers):
    response = client.post("/api/v1/referrals", json={"service_id": cast.service.id, "place": "Heeg",
                                                      "instead_of": "household_help", "decision": "maybe"},
                           headers=headers)  # fmt: skip
    assert response.status_code == 400 and set(response.get_json()["error"]["fields"]) == {"decision"}


def test_migration_0007_gives_old_decisions_their_type(db, cast):
    from sqlalchemy import text

    from tests.factories import place
    from tests.test_migrations import _migrate

    team_id, service_id, heeg_id = cast.social_worker.teams[0].id, cast.service.id, place("Heeg").id
    _migrate(db, "0006", down=True)
    try:
        with db.engine.begin() as connection:
            for i, instead_of in enumerate(["none", "household_help"]):
                connection.execute(text(
                    "INSERT INTO referral (service_id, team_id, worker, instead_of, place_id, decided_on, "
                    "submission_key, created_at) VALUES (:s, :t, 'abcdefabcdef', :i, :p, :d, :k, :d)"),
                    {"s": service_id, "t": team_id, "i": instead_of, "p": heeg_id, "d": dt.date(2026, 10, i + 1),
                     "k": f"key{i}"})  # fmt: skip
    finally:
        _migrate(db, "head")
    assert {r.instead_of: r.decision for r in db.session.query(Referral)} == {"none": "prevention",
                                                                              "household_help": "front_line"}


def test_a_gp_practice_refers_with_the_same_button_and_reports_split_by_kind_of_team(client, auth, db, cast):
    from socialmap.accounts.services import create_user

    nurse = create_user("poh@huisartsheeg.example.org", "professional", "correct horse battery",
                        team="Huisartsenpraktijk Heeg", municipality="Súdwest-Fryslân",
                        team_kind="gp_practice")  # fmt: skip
    db.session.commit()
    auth.login(nurse)
    html = client.get("/professionals/alternatieven?product=household_help&near=Heeg").get_data(as_text=True)
    assert 'action="/verwijzingen"' in html
    assert post(client, service_id=cast.service.id, instead_of="none", place="Heeg").status_code == 302
    auth.logout()
    auth.login(cast.social_worker)
    assert post(client, service_id=cast.service.id, instead_of="household_help", place="Heeg",
                key="k2").status_code == 302  # fmt: skip
    kinds = {r.team.name: (r.team.kind, r.decision) for r in db.session.query(Referral)}
    assert kinds == {"Huisartsenpraktijk Heeg": ("gp_practice", "prevention"),
                     "Gebiedsteam Snits": ("social_team", "front_line")}  # fmt: skip
    from socialmap.referrals import reports

    rows = reports.group(reports.load_referrals(reports.ReportFilter()), "team_kind")
    assert {r["key"]: r["count"] for r in rows} == {"gp_practice": 1, "social_team": 1}
    auth.logout()
    auth.login(cast.municipal_editor)
    page = client.get("/rapportages?group_by=team_kind&lang=en").get_data(as_text=True)
    assert "GP practice" in page and "social team" in page


def test_the_cli_creates_a_gp_practice(runner, db, monkeypatch):
    from socialmap.accounts.models import Team
    from socialmap.cli import main

    monkeypatch.setenv("SOCIALMAP_PASSWORD", "correct horse battery")
    result = runner.invoke(main, ["user", "create", "--email", "poh@praktijk.example.org", "--role", "professional",
                                  "--team", "Huisartsenpraktijk Workum", "--team-kind", "gp_practice"])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert db.session.query(Team).filter_by(name="Huisartsenpraktijk Workum").one().kind == "gp_practice"


def test_front_line_help_without_a_service_is_refused_on_the_form_page(client, auth, db, cast):
    auth.login(cast.social_worker)
    response = post(client, instead_of="household_help", place="Heeg")
    assert response.status_code == 400
    assert 'id="referral-x-service_id-error"' in response.get_data(as_text=True)
    assert db.session.query(Referral).count() == 0
