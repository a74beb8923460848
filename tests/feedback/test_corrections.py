"""Residents suggest a correction on a service page; it reaches the organisation, then the municipality."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from socialmap import clock
from socialmap.cli import main
from socialmap.feedback.models import Correction
from socialmap.mail import outbox_messages
from tests.factories import make_service, personas

NOW = dt.datetime(2026, 11, 16, 9, 0)
BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"}


@pytest.fixture
def cast(db, monkeypatch):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    db.session.commit()
    people.now = NOW

    def move(**delta):
        people.now = people.now + dt.timedelta(**delta)

    people.move_clock = move
    monkeypatch.setattr(clock, "utcnow", lambda: people.now)
    monkeypatch.setattr(clock, "today", lambda: people.now.date())
    return people


def service_page(client, service, lang="nl"):
    return client.get(f"/diensten/{service.id}", query_string={"lang": lang}, headers=BROWSER, follow_redirects=True)


def form_token(page_html: str) -> str:
    return re.search(r'name="token" value="([^"]+)"', page_html).group(1)


def suggest(client, cast, message="De koffieochtend is nu op donderdag.", email="", **extra):
    """Read the page as a person does, take a moment, and send the form."""
    token = form_token(service_page(client, cast.service).get_data(as_text=True))
    cast.move_clock(seconds=40)
    return client.post(f"/diensten/{cast.service.id}/correctie",
                       data={"token": token, "message": message, "email": email, "website": "", **extra})  # fmt: skip


def escalate(runner) -> int:
    """Run the daily cron command; how many corrections it passed on (the number it prints)."""
    result = runner.invoke(main, ["escalate-corrections"])
    assert result.exit_code == 0, result.output
    return int(re.search(r"(\d+)\D*$", result.output).group(1))


def stored(db) -> list[Correction]:
    return list(db.session.scalars(select(Correction)))


def test_every_service_page_has_the_correction_form_in_every_language(client, cast):
    # The words ("Klopt er iets niet?", "Klopt der wat net?") come from the catalogues: tests/browser checks them.
    for lang in ("nl", "fy", "en"):
        page = service_page(client, cast.service, lang).get_data(as_text=True)
        assert f'action="/diensten/{cast.service.id}/correctie"' in page
        assert 'name="website"' in page and 'tabindex="-1"' in page  # the field people do not see


def test_a_correction_reaches_the_organisations_dashboard_and_its_editors_by_mail(app, client, auth, db, cast):
    response = suggest(client, cast, email="bewoner@example.org")
    assert response.status_code == 303
    thanks = client.get(response.headers["Location"])
    assert thanks.status_code == 200 and "Boodschappenhulp Heeg" in thanks.get_data(as_text=True)

    mails = outbox_messages(app.config["MAIL_OUTBOX"])
    assert [m["To"] for m in mails] == [cast.volunteer_editor.email]
    body = mails[0].get_content()
    assert "De koffieochtend is nu op donderdag." in body
    assert "bewoner@example.org" not in body  # the address stays on the dashboard, where it is erased later

    auth.login(cast.volunteer_editor)
    dashboard = client.get("/beheer").get_data(as_text=True)
    assert "De koffieochtend is nu op donderdag." in dashboard
    assert "mailto:bewoner@example.org" in dashboard


def test_another_organisations_editor_does_not_see_the_correction(client, auth, cast):
    suggest(client, cast)
    auth.login(cast.other_org_editor)
    assert "De koffieochtend is nu op donderdag." not in client.get("/beheer").get_data(as_text=True)


def test_marking_it_handled_keeps_the_note_and_erases_the_residents_address(client, auth, db, cast):
    suggest(client, cast, email="bewoner@example.org")
    correction = stored(db)[0]
    auth.login(cast.volunteer_editor)
    response = client.post(f"/beheer/correcties/{correction.id}/afgehandeld", data={"note": "Tijden aangepast"})
    assert response.status_code == 302
    handled = db.session.get(Correction, correction.id)
    assert handled.handled_at is not None and handled.handled_note == "Tijden aangepast"
    assert handled.email is None
    assert "De koffieochtend is nu op donderdag." not in client.get("/beheer").get_data(as_text=True)


def test_another_organisations_editor_cannot_mark_it_handled(client, auth, db, cast):
    suggest(client, cast)
    correction = stored(db)[0]
    auth.login(cast.other_org_editor)
    assert client.post(f"/beheer/correcties/{correction.id}/afgehandeld").status_code == 403
    assert db.session.get(Correction, correction.id).handled_at is None


def test_a_filled_hidden_field_is_thanked_but_nothing_is_kept_or_sent(app, client, db, cast):
    response = suggest(client, cast, website="https://spam.example.com")
    assert response.status_code == 303
    assert stored(db) == []
    assert outbox_messages(app.config["MAIL_OUTBOX"]) == []


def test_a_post_without_the_pages_token_is_refused(client, db, cast):
    response = client.post(f"/diensten/{cast.service.id}/correctie", data={"message": "Koop nu!", "website": ""})
    assert response.status_code == 400
    assert stored(db) == []


def test_a_token_of_another_service_is_refused(client, db, cast):
    other = make_service(cast.own, name="Maaltijden Heeg", place_name="Heeg")
    db.session.commit()
    token = form_token(service_page(client, other).get_data(as_text=True))
    cast.move_clock(seconds=40)
    response = client.post(f"/diensten/{cast.service.id}/correctie", data={"token": token, "message": "Koop nu!"})
    assert response.status_code == 400
    assert stored(db) == []


def test_a_form_sent_within_seconds_of_the_page_is_shown_again_with_the_text_kept(client, db, cast):
    token = form_token(service_page(client, cast.service).get_data(as_text=True))
    cast.move_clock(seconds=1)
    response = client.post(f"/diensten/{cast.service.id}/correctie",
                           data={"token": token, "message": "Het adres klopt niet."})  # fmt: skip
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Het adres klopt niet." in page
    assert stored(db) == []
    cast.move_clock(seconds=30)
    again = client.post(f"/diensten/{cast.service.id}/correctie",
                        data={"token": form_token(page), "message": "Het adres klopt niet."})  # fmt: skip
    assert again.status_code == 303
    assert [c.message for c in stored(db)] == ["Het adres klopt niet."]


def test_an_empty_message_or_a_wrong_address_is_named_next_to_its_field(client, db, cast):
    response = suggest(client, cast, message="", email="geen adres")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="correction-message-error"' in page and 'id="correction-email-error"' in page
    assert stored(db) == []


def test_a_correction_left_open_for_14_days_goes_to_the_municipality(app, client, auth, runner, db, cast):
    suggest(client, cast)
    cast.move_clock(days=13)
    assert escalate(runner) == 0
    cast.move_clock(days=2)
    assert escalate(runner) == 1
    assert escalate(runner) == 0  # once

    mails = outbox_messages(app.config["MAIL_OUTBOX"])
    assert [m["To"] for m in mails] == [cast.volunteer_editor.email, cast.municipal_editor.email]
    assert "De koffieochtend is nu op donderdag." in mails[-1].get_content()
    auth.login(cast.municipal_editor)
    assert "De koffieochtend is nu op donderdag." in client.get("/beheer").get_data(as_text=True)


def test_a_handled_correction_is_not_passed_on(app, client, auth, runner, db, cast):
    suggest(client, cast)
    auth.login(cast.volunteer_editor)
    client.post(f"/beheer/correcties/{stored(db)[0].id}/afgehandeld")
    cast.move_clock(days=20)
    assert escalate(runner) == 0
    assert len(outbox_messages(app.config["MAIL_OUTBOX"])) == 1


def test_the_municipality_does_not_see_corrections_the_organisation_still_has_time_for(client, auth, cast):
    suggest(client, cast)
    auth.login(cast.municipal_editor)
    assert "De koffieochtend is nu op donderdag." not in client.get("/beheer").get_data(as_text=True)


def test_the_form_is_rate_limited_per_address(app, client, db, cast):
    app.config["CORRECTION_RATE_LIMIT"] = "2 per hour"
    for _ in range(2):
        assert suggest(client, cast).status_code == 303
    assert suggest(client, cast).status_code == 429
    assert db.session.scalar(select(func.count()).select_from(Correction)) == 2


def test_the_organisations_mail_is_in_dutch_whatever_language_the_resident_used(app, client, db, cast):
    for lang in ("nl", "fy", "en"):
        token = form_token(service_page(client, cast.service, lang).get_data(as_text=True))
        cast.move_clock(seconds=40)
        client.post(f"/diensten/{cast.service.id}/correctie?lang={lang}", data={"token": token, "message": "Dicht."})
    subjects = {m["Subject"] for m in outbox_messages(app.config["MAIL_OUTBOX"])}
    assert len(subjects) == 1


def test_a_handled_correction_is_deleted_90_days_later_by_the_daily_command(client, auth, runner, db, cast):
    suggest(client, cast)
    auth.login(cast.volunteer_editor)
    client.post(f"/beheer/correcties/{stored(db)[0].id}/afgehandeld")
    cast.move_clock(days=89)
    escalate(runner)
    assert len(stored(db)) == 1
    cast.move_clock(days=2)
    escalate(runner)
    assert stored(db) == []


def test_without_editors_the_correction_goes_to_the_municipality_at_once(app, client, auth, db, cast):
    cast.volunteer_editor.organizations.clear()
    db.session.commit()
    suggest(client, cast)
    assert [m["To"] for m in outbox_messages(app.config["MAIL_OUTBOX"])] == [cast.municipal_editor.email]
    auth.login(cast.municipal_editor)
    assert "De koffieochtend is nu op donderdag." in client.get("/beheer").get_data(as_text=True)


def test_a_page_from_the_response_cache_carries_a_token_of_its_own_time(client, db, cast):
    """The form's signed time is when this visitor got the page, also when the page came from the cache:
    else a bot fetching a cached page would pass the "too quick" check with the first visitor's time."""
    service_page(client, cast.service)  # drawn and kept
    cast.move_clock(seconds=20)
    again = service_page(client, cast.service)
    assert again.headers["X-Cache"] == "hit"
    response = client.post(f"/diensten/{cast.service.id}/correctie",
                           data={"token": form_token(again.get_data(as_text=True)), "message": "Koop nu!"})  # fmt: skip
    assert response.status_code == 400
    assert stored(db) == []
