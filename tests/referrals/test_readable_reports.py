"""Reports a person can read (issue 12, point 7): pickers with only one's own municipalities and
errors next to the field, chart labels that wrap, a follow-up list that says what was decided and lets
an outcome be corrected, Undo only while possible, organisations' quarters, plurals."""

import datetime as dt
import re

import pytest

from socialmap import clock
from socialmap.mail import outbox_messages
from socialmap.referrals.charts import bar_chart
from socialmap.referrals.models import Referral
from socialmap.referrals.services import send_follow_up_digests
from tests.factories import make_service, personas, place

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def cast(db, monkeypatch):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    db.session.commit()
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return people


def test_the_report_offers_only_the_editors_municipalities_and_says_what_is_wrong_next_to_the_field(
        client, auth, cast):  # fmt: skip
    auth.login(cast.municipal_editor)
    page = client.get("/rapportages?lang=nl").get_data(as_text=True)
    picker = page.split('id="municipality"')[1].split("</select>")[0]
    assert "Súdwest-Fryslân" in picker and "Borger-Odoorn" not in picker
    wrong = client.get("/rapportages?municipality=borger-odoorn&lang=en")
    assert wrong.status_code == 400
    html = wrong.get_data(as_text=True)
    form = html.split('class="report-filters"')[1].split("</form>")[0]
    assert 'id="municipality-error"' in form and "borger-odoorn" in form
    assert "<h2>" in html  # the report itself is still there


def test_long_chart_labels_wrap_instead_of_being_cut():
    label = "Hulpmiddelen, zoals een rolstoel of een scootmobiel"
    chart = str(bar_chart("t", [(label, 12), ("Kort", 5)]))
    assert f"<title>{label}</title>" in chart
    lines = re.findall(r">([^<>]+)</tspan>", chart)
    assert " ".join(lines[:2]) == label and lines[2] == "Kort"  # two lines, nothing cut


def test_the_follow_up_list_shows_the_product_and_lets_an_outcome_be_corrected(client, auth, db, cast):
    auth.login(cast.social_worker)
    client.post("/verwijzingen", data={"service_id": cast.service.id, "instead_of": "household_help", "place": "Heeg",
                                       "submission_key": "a"})  # fmt: skip
    page = client.get("/verwijzingen/opvolgen?lang=nl").get_data(as_text=True)
    assert "Huishoudelijke hulp" in page and "/ongedaan" in page
    referral = db.session.query(Referral).one()
    referral.created_at -= dt.timedelta(minutes=16)
    db.session.commit()
    client.post(f"/verwijzingen/{referral.id}/uitkomst", data={"outcome": "helped"})
    page = client.get("/verwijzingen/opvolgen?lang=nl").get_data(as_text=True)
    assert "/ongedaan" not in page  # no longer possible, so not offered
    assert "/uitkomst" in page  # the outcome can still be corrected
    client.post(f"/verwijzingen/{referral.id}/uitkomst", data={"outcome": "partly"})
    db.session.expire_all()
    assert referral.outcome == "partly"


def test_organisations_see_per_quarter_how_many_households_their_services_helped(client, auth, db, cast):
    team = cast.social_worker.teams[0]
    for i in range(7):
        db.session.add(Referral(service=cast.service, team=team, worker="abcdefabcdef", instead_of="none",
                                place=place("Heeg"), decided_on=dt.date(2026, 7, 1 + i),
                                outcome="helped" if i < 6 else None, submission_key=f"q-{i}"))  # fmt: skip
    db.session.commit()
    auth.login(cast.volunteer_editor)
    page = client.get("/organisatie/verwijzingen?lang=nl").get_data(as_text=True)
    assert "2026-Q3" in page and '<th scope="row">Boodschappenhulp Heeg</th><td>7</td><td>6</td>' in page


def test_the_digest_says_one_referral_in_the_singular(app, client, auth, db, cast, monkeypatch):
    auth.login(cast.social_worker)
    client.post("/verwijzingen", data={"service_id": cast.service.id, "instead_of": "household_help", "place": "Heeg",
                                       "submission_key": "a"})  # fmt: skip
    monkeypatch.setattr(clock, "today", lambda: TODAY + dt.timedelta(days=60))
    with app.test_request_context("/?lang=en"):
        assert send_follow_up_digests() == 1
    subject = outbox_messages(app.config["MAIL_OUTBOX"])[-1]["Subject"]
    assert "1 referral to follow up" in subject and "referrals" not in subject


def test_the_alternatives_page_shows_the_teams_own_experience_from_five_decisions_on(client, auth, db, cast):
    make_service(cast.own, name="Huishoudhulp Heeg", place_name="Heeg", alternatives=("household_help",))
    chosen = make_service(cast.own, name="Klushulp Heeg", place_name="Heeg", alternatives=("household_help",))
    team = cast.social_worker.teams[0]
    for i in range(14):
        db.session.add(Referral(service=chosen, team=team, worker="abcdefabcdef", instead_of="household_help",
                                place=place("Heeg"), decided_on=dt.date(2026, 7, 1 + i),
                                outcome="helped" if i < 10 else None, submission_key=f"x-{i}"))  # fmt: skip
    db.session.commit()
    auth.login(cast.social_worker)
    page = client.get("/professionals/alternatieven?product=household_help&near=Heeg&lang=en").get_data(as_text=True)
    assert page.count('class="experience"') == 1
    card = page.split("Klushulp Heeg")[1].split("</article>")[0]
    assert "Your team: chosen 14×, helped 10×" in card
