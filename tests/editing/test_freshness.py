"""Stale entries: a reminder after 6 months with a one-click link; hidden from residents after 12."""

import datetime as dt
import re

import pytest

from socialmap import clock
from socialmap.catalogue.freshness import send_reminders
from socialmap.mail import outbox_messages
from socialmap.search.service import SearchParams, search_services
from tests.factories import make_service, personas

TODAY = dt.date(2026, 11, 22)


@pytest.fixture
def cast(db, monkeypatch):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg",
                                  assured_at=TODAY)  # fmt: skip
    db.session.commit()
    people.move_clock = lambda days: monkeypatch.setattr(clock, "today", lambda: TODAY + dt.timedelta(days=days))
    people.move_clock(0)
    return people


def visible(params=None):
    return search_services(params or SearchParams(q="boodschappenhulp")).total == 1


def test_the_reminder_the_link_and_hiding(app, client, db, cast):
    cast.move_clock(100)
    assert send_reminders() == 0  # too early
    cast.move_clock(190)
    assert send_reminders() == 1
    db.session.commit()
    assert send_reminders() == 0  # once per period
    mail = outbox_messages(app.config["MAIL_OUTBOX"])[-1]
    assert mail["To"] == cast.volunteer_editor.email
    link = re.search(r"http://localhost(/nog-juist/\S+)", mail.get_content()).group(1)
    assert visible()

    confirmed = client.post(link)  # no password needed
    assert confirmed.status_code == 200
    db.session.expire_all()
    assert cast.service.assured_at == TODAY + dt.timedelta(days=190)
    assert client.post(link).status_code == 400  # single use
    assert client.get(link).status_code == 400


def test_opening_the_link_only_shows_the_entry_and_a_button(app, client, db, cast):
    # Mail scanners fetch every link in a message: a GET must not confirm anything.
    cast.move_clock(190)
    send_reminders()
    db.session.commit()
    link = re.search(r"http://localhost(/nog-juist/\S+)", outbox_messages(app.config["MAIL_OUTBOX"])[-1]
                     .get_content()).group(1)  # fmt: skip
    for _ in range(2):
        page = client.get(link)
        assert page.status_code == 200
        html = page.get_data(as_text=True)
        assert "Boodschappenhulp Heeg" in html
        assert html.count('method="post"') == 1 and html.count("<button") >= 1
        assert 'name="csrf_token"' in html
    db.session.expire_all()
    assert cast.service.assured_at == TODAY and cast.service.reminder_sent_at is not None
    assert client.post(link).status_code == 200


def test_an_unconfirmed_entry_disappears_for_residents_but_not_for_professionals(db, cast):
    cast.move_clock(300)
    assert visible()
    cast.move_clock(366)
    assert not visible()
    assert visible(SearchParams(q="boodschappenhulp", include_stale=True))


def test_the_dashboard_lists_stale_entries_for_the_municipality(client, auth, cast):
    cast.service.assured_at = dt.date.today() - dt.timedelta(days=400)
    auth.login(cast.municipal_editor)
    html = client.get("/beheer").get_data(as_text=True)
    stale_section = html.split("stale-entries")[-1] if "stale-entries" in html else html
    assert "Boodschappenhulp Heeg" in stale_section


def test_a_link_for_another_date_is_refused(client, db, cast):
    from socialmap.accounts.services import make_link_token

    token = make_link_token("confirm", {"service": cast.service.id, "sent": "2020-01-01T00:00:00"})
    assert client.get(f"/nog-juist/{token}").status_code == 400
    assert client.post(f"/nog-juist/{token}").status_code == 400
    assert client.get("/nog-juist/garbage").status_code == 400
    assert client.post("/nog-juist/garbage").status_code == 400
