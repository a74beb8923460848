"""Signing out, a password change and a reset end every session of the account, on every device."""

import re

import pytest

from socialmap.accounts.services import create_token, set_password
from socialmap.mail import outbox_messages
from tests.factories import personas

COOKIE = "socialmap_session"


@pytest.fixture
def cast(db):
    people = personas()
    db.session.commit()
    return people


def saved_cookie(client) -> str:
    return client.get_cookie(COOKIE).value


def replay(client, cookie: str) -> int:
    client.set_cookie(COOKIE, cookie)
    return client.get("/beheer").status_code


def second_device(app, user):
    other = app.test_client()
    response = other.post("/inloggen", data={"email": user.email, "password": "correct horse battery"})
    assert response.status_code == 302
    return other


def test_a_saved_session_cookie_does_not_work_after_signing_out(client, auth, cast):
    auth.login(cast.volunteer_editor)
    cookie = saved_cookie(client)
    assert replay(client, cookie) == 200
    auth.logout()
    assert replay(client, cookie) == 401


def test_signing_out_ends_the_sessions_on_other_devices_too(app, client, auth, cast):
    auth.login(cast.volunteer_editor)
    laptop = second_device(app, cast.volunteer_editor)
    assert laptop.get("/beheer").status_code == 200
    auth.logout()
    assert laptop.get("/beheer").status_code == 401
    auth.login(cast.volunteer_editor)  # signing in again works, and only the new session counts
    assert client.get("/beheer").status_code == 200


def test_a_password_reset_ends_every_existing_session(app, client, auth, cast):
    laptop = second_device(app, cast.volunteer_editor)
    cookie = saved_cookie(laptop)
    client.post("/wachtwoord-vergeten", data={"email": cast.volunteer_editor.email})
    mail = outbox_messages(app.config["MAIL_OUTBOX"])[-1]
    link = re.search(r"http://localhost(/wachtwoord-herstellen/\S+)", mail.get_content()).group(1)
    assert client.post(link, data={"password": "een nieuw wachtwoord"}).status_code == 302
    assert client.get("/beheer").status_code == 200  # the person who reset is signed in
    assert laptop.get("/beheer").status_code == 401
    assert replay(laptop, cookie) == 401


def test_a_password_change_ends_every_existing_session(app, client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    cookie = saved_cookie(client)
    set_password(cast.volunteer_editor, "een ander lang wachtwoord")
    db.session.commit()
    assert replay(client, cookie) == 401


def test_api_tokens_keep_working_after_a_reset_and_sign_out(app, client, auth, db, cast):
    # Tokens belong to scripts and case systems, not to a browser session; they are revoked one by one.
    token, _record = create_token(cast.volunteer_editor)
    db.session.commit()
    auth.login(cast.volunteer_editor)
    auth.logout()
    set_password(cast.volunteer_editor, "een ander lang wachtwoord")
    db.session.commit()
    response = client.patch("/api/v1/services/999", json={}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404  # signed in with the token (401 would mean refused)


def test_a_cookie_from_before_session_versions_is_refused(app, client, auth, cast):
    auth.login(cast.volunteer_editor)
    with client.session_transaction() as session:
        session["_user_id"] = str(cast.volunteer_editor.id)  # as Flask-Login stored it before
    assert client.get("/beheer").status_code == 401
