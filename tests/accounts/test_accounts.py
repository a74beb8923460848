"""Signing in, password reset, sign-up, invitations, tokens and the account commands."""

import re

import pytest

from socialmap.accounts.models import User
from socialmap.catalogue.models import Organization
from socialmap.cli import main
from socialmap.mail import outbox_messages
from tests.factories import PASSWORD, make_user, personas


@pytest.fixture
def cast(db):
    people = personas()
    db.session.commit()
    return people


def last_link(app, path):
    mail = outbox_messages(app.config["MAIL_OUTBOX"])[-1]
    return re.search(rf"http://localhost(/{path}/\S+)", mail.get_content()).group(1)


def test_sign_in_and_out(client, auth, cast):
    assert client.get("/beheer").status_code == 401
    auth.login(cast.volunteer_editor)
    assert client.get("/beheer").status_code == 200
    auth.logout()
    assert client.get("/beheer").status_code == 401


def test_a_wrong_password_gets_one_clear_message(client, cast):
    response = client.post("/inloggen", data={"email": cast.volunteer_editor.email, "password": "wrong"})
    assert response.status_code == 400
    assert "wachtwoord" in response.get_data(as_text=True).lower()


def test_passwords_are_stored_hashed_with_scrypt_by_default(app, db):
    app.config.pop("PASSWORD_HASH_METHOD")
    user = make_user("professional", "kdf@example.org")
    assert user.password_hash.startswith("scrypt:") and PASSWORD not in user.password_hash


def test_sign_in_is_rate_limited(app, client, cast):
    app.config["LOGIN_RATE_LIMIT"] = "3 per minute"
    codes = [client.post("/inloggen", data={"email": "x@example.org", "password": "nope"}).status_code
             for _ in range(5)]  # fmt: skip
    assert codes[:3] == [400, 400, 400] and codes[3:] == [429, 429]


def test_password_reset_by_single_use_link(app, client, db, cast):
    client.post("/wachtwoord-vergeten", data={"email": cast.volunteer_editor.email})
    link = last_link(app, "wachtwoord-herstellen")
    assert client.post(link, data={"password": "een nieuw wachtwoord"}).status_code == 302
    client.post("/uitloggen")
    assert client.post("/inloggen", data={"email": cast.volunteer_editor.email,
                                          "password": "een nieuw wachtwoord"}).status_code == 302  # fmt: skip
    client.post("/uitloggen")
    assert client.post(link, data={"password": "nog een ander wachtwoord"}).status_code == 400  # spent


def test_a_reset_link_expires(app, client, db, cast, monkeypatch):
    import time

    client.post("/wachtwoord-vergeten", data={"email": cast.volunteer_editor.email})
    link = last_link(app, "wachtwoord-herstellen")
    real_time = time.time
    monkeypatch.setattr(time, "time", lambda: real_time() + 3 * 3600)
    assert client.post(link, data={"password": "een nieuw wachtwoord"}).status_code == 400


def test_the_reset_form_does_not_tell_who_has_an_account(client, cast):
    known = client.post("/wachtwoord-vergeten", data={"email": cast.volunteer_editor.email}).get_data(as_text=True)
    unknown = client.post("/wachtwoord-vergeten", data={"email": "niemand@example.org"}).get_data(as_text=True)
    without_nonce = re.compile(r' nonce="[^"]*"')  # the CSP nonce is new on every page
    assert without_nonce.sub("", known) == without_nonce.sub("", unknown)


def test_an_organisation_signs_up_and_waits_for_approval(client, db, cast):
    form = {"organization": "Breiclub Heeg", "municipality": "sudwest-fryslan", "email": "brei@example.org",
            "password": "lang genoeg wachtwoord"}  # fmt: skip
    response = client.post("/aanmelden", data=form)
    assert response.status_code == 200  # the same page whether or not the address has an account
    organization = db.session.query(Organization).filter_by(name="Breiclub Heeg").one()
    assert organization.status == "pending"
    client.post("/uitloggen")
    client.post("/inloggen", data={"email": cast.municipal_editor.email, "password": PASSWORD})
    assert "Breiclub Heeg" in client.get("/beheer").get_data(as_text=True)
    client.post(f"/beheer/organisaties/{organization.id}/goedkeuren")
    db.session.expire_all()
    assert organization.status == "active"


def test_an_invitation_claims_a_listing_and_the_link_works_once(app, client, db, cast):
    client.post("/inloggen", data={"email": cast.municipal_editor.email, "password": PASSWORD})
    # The listing is chosen by its id (a name would match listings of every municipality).
    client.post("/beheer/uitnodigen", data={"email": "nieuw@heeg.example.org", "organization_id": cast.own.id})
    client.post("/uitloggen")
    link = last_link(app, "uitnodiging")
    assert client.post(link, data={"password": "mijn nieuwe wachtwoord"}).status_code == 302
    invited = db.session.query(User).filter_by(email="nieuw@heeg.example.org").one()
    assert [o.id for o in invited.organizations] == [cast.own.id]
    client.post("/uitloggen")
    assert client.post(link, data={"password": "mijn nieuwe wachtwoord"}).status_code == 400


def test_organisations_invite_their_own_editors(app, client, db, cast):
    client.post("/inloggen", data={"email": cast.volunteer_editor.email, "password": PASSWORD})
    client.post(f"/beheer/organisaties/{cast.own.id}/redacteuren", data={"email": "collega@heeg.example.org"})
    assert "uitnodiging" in last_link(app, "uitnodiging")


def test_tokens_are_made_and_revoked_in_the_web(client, db, cast):
    client.post("/inloggen", data={"email": cast.volunteer_editor.email, "password": PASSWORD})
    page = client.post("/account/tokens", data={"name": "script"}).get_data(as_text=True)
    token = re.search(r"<code>(smk_[^<]+)</code>", page).group(1)
    bearer = {"Authorization": f"Bearer {token}"}
    assert client.patch("/api/v1/services/999", json={}, headers=bearer).status_code == 404
    record = cast.volunteer_editor.tokens[0]
    client.post(f"/account/tokens/{record.id}/intrekken")
    assert client.patch("/api/v1/services/999", json={}, headers=bearer).status_code == 401


def test_user_and_token_commands(runner, db, cast, monkeypatch):
    monkeypatch.setenv("SOCIALMAP_PASSWORD", "een lang wachtwoord")
    result = runner.invoke(main, ["user", "create", "--email", "w@example.org", "--role", "professional",
                                  "--team", "Sociaal team Borger"])  # fmt: skip
    assert result.exit_code == 0, result.output
    user = db.session.query(User).filter_by(email="w@example.org").one()
    assert [t.name for t in user.teams] == ["Sociaal team Borger"]
    editor = runner.invoke(main, ["user", "create", "--email", "e@example.org", "--role", "organisation_editor",
                                  "--organization", cast.own.name])  # fmt: skip
    assert editor.exit_code == 0, editor.output
    token = runner.invoke(main, ["token", "create", "e@example.org"])
    assert token.exit_code == 0
    assert token.output.strip().splitlines()[-1].startswith("smk_")
    bad = runner.invoke(main, ["user", "create", "--email", "x@example.org", "--role", "king"])
    assert bad.exit_code == 1 and "Traceback" not in bad.output
