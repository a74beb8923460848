"""Sign-up does not reveal which addresses have an account; the owner of the address hears of it."""

import re

import pytest

from socialmap.accounts.models import User
from socialmap.catalogue.models import Organization
from socialmap.mail import outbox_messages
from tests.factories import PASSWORD, personas


@pytest.fixture
def cast(db):
    people = personas()
    db.session.commit()
    return people


def sign_up(client, email: str, organization: str):
    form = {"organization": organization, "municipality": "sudwest-fryslan", "email": email,
            "password": "lang genoeg wachtwoord"}  # fmt: skip
    return client.post("/aanmelden", data=form)


def page_text(response) -> str:
    """The page without what differs on every request anyway (nonces, tokens)."""
    return re.sub(r'(nonce|value)="[^"]*"', "", response.get_data(as_text=True))


def test_the_answer_is_the_same_whether_or_not_the_address_has_an_account(client, cast):
    known = sign_up(client, cast.volunteer_editor.email, "Breiclub Heeg")
    unknown = sign_up(client, "nieuw@example.org", "Breiclub Snits")
    assert known.status_code == unknown.status_code == 200
    assert page_text(known) == page_text(unknown)
    assert cast.volunteer_editor.email not in known.get_data(as_text=True)
    assert "al een account" not in known.get_data(as_text=True)


def test_the_owner_of_an_existing_account_is_told_by_e_mail_and_nothing_is_created(app, client, db, cast):
    sign_up(client, cast.volunteer_editor.email.upper(), "Breiclub Heeg")
    assert db.session.query(Organization).filter_by(name="Breiclub Heeg").count() == 0
    mail = outbox_messages(app.config["MAIL_OUTBOX"])[-1]
    assert mail["To"] == cast.volunteer_editor.email
    assert "Breiclub Heeg" in mail.get_content()
    assert client.post("/inloggen", data={"email": cast.volunteer_editor.email,
                                          "password": PASSWORD}).status_code == 302  # password unchanged


def test_a_new_address_gets_its_account_and_an_e_mail(app, client, db, cast):
    response = sign_up(client, "brei@example.org", "Breiclub Heeg")
    assert response.status_code == 200
    organization = db.session.query(Organization).filter_by(name="Breiclub Heeg").one()
    assert organization.status == "pending"
    user = db.session.query(User).filter_by(email="brei@example.org").one()
    assert [o.id for o in user.organizations] == [organization.id]
    mail = outbox_messages(app.config["MAIL_OUTBOX"])[-1]
    assert mail["To"] == "brei@example.org" and "Breiclub Heeg" in mail.get_content()
    assert client.get("/beheer").status_code == 401  # signing in is the next step, as for everyone
    assert client.post("/inloggen", data={"email": "brei@example.org",
                                          "password": "lang genoeg wachtwoord"}).status_code == 302
