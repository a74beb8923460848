"""A municipal editor curates only their own municipalities (issue #10, finding 1).

The Borger-Odoorn editor tries every curator action on an organisation of Súdwest-Fryslân: each is
refused, nothing changes, no invitation leaves, no account appears. The Súdwest-Fryslân editor
does the same things successfully, so the refusals are about the municipality, not the route.
"""

import datetime as dt

import pytest

from socialmap.accounts.models import User
from socialmap.catalogue import services
from socialmap.catalogue.models import ChangeRequest, Organization, Revision
from socialmap.mail import outbox_messages
from tests.factories import make_org, make_service, make_user, municipality

ORG_NAME = "Stichting Wolwêzen Súdwest"


@pytest.fixture
def scene(db):
    from types import SimpleNamespace

    swf, bo = municipality("Súdwest-Fryslân"), municipality("Borger-Odoorn")
    org = make_org(ORG_NAME, municipality_id=swf.id)
    service = make_service(org, name="Wolwêzen thúshelp", place_name="Heeg")
    stale = make_service(org, name="Wolwêzen maaltiid", place_name="Heeg", assured_at=dt.date(2020, 1, 1))
    db.session.add(Revision(service=service, action="create", changes={}, state=services.service_row(service)))
    change = ChangeRequest(organization=org, service=service, user_id=None, base_version=service.version,
                           state={**services.service_row(service), "name": "Wolwêzen wiziging"})  # fmt: skip
    db.session.add(change)
    pending = make_org("Breiklup Snits", municipality_id=swf.id, status="pending")
    scene = SimpleNamespace(
        org=org, service=service, stale=stale, change=change, pending=pending,
        intruder=make_user("municipal_editor", "redactie@borger-odoorn.example.org", municipality="Borger-Odoorn"),
        curator=make_user("municipal_editor", "redactie@swf.example.org", municipality="Súdwest-Fryslân"),
        bo=bo,
    )  # fmt: skip
    db.session.commit()
    scene.revision = db.session.query(Revision).filter_by(service_id=service.id).one()
    return scene


def mails(app):
    return outbox_messages(app.config["MAIL_OUTBOX"])


def test_it_refuses_an_invitation_for_an_organisation_of_another_municipality(app, client, auth, db, scene):
    auth.login(scene.intruder)
    users_before = db.session.query(User).count()
    response = client.post("/beheer/uitnodigen", data={
        "email": "attacker@example.org", "organization_id": scene.org.id, "organization": ORG_NAME,
        "municipality": "borger-odoorn"})  # fmt: skip
    assert response.status_code == 403
    assert mails(app) == []
    assert db.session.query(User).count() == users_before
    assert db.session.query(User).filter_by(email="attacker@example.org").first() is None


def test_it_does_not_find_another_municipalitys_organisation_by_its_name(app, client, auth, db, scene):
    auth.login(scene.intruder)
    response = client.post("/beheer/uitnodigen", data={"email": "attacker@example.org", "organization": ORG_NAME,
                                                       "municipality": "borger-odoorn"})  # fmt: skip
    assert response.status_code in (303, 400)
    assert mails(app) == []
    assert db.session.query(Organization).filter_by(name=ORG_NAME).one().municipality_id != scene.bo.id


def test_it_refuses_a_new_listing_in_a_municipality_the_editor_does_not_curate(app, client, auth, db, scene):
    auth.login(scene.intruder)
    response = client.post("/beheer/uitnodigen", data={"email": "new@example.org", "organization": "Nije klup",
                                                       "municipality": "sudwest-fryslan"})  # fmt: skip
    assert response.status_code == 403
    assert mails(app) == [] and db.session.query(Organization).filter_by(name="Nije klup").first() is None


def test_it_refuses_an_editor_invitation_for_another_municipalitys_organisation(app, client, auth, scene):
    auth.login(scene.intruder)
    response = client.post(f"/beheer/organisaties/{scene.org.id}/redacteuren", data={"email": "a@example.org"})
    assert response.status_code == 403 and mails(app) == []


def test_it_refuses_every_curator_action_on_another_municipality(client, auth, db, scene):
    auth.login(scene.intruder)
    for url, form in (
        (f"/beheer/wijzigingen/{scene.change.id}/goedkeuren", {"trust": "1"}),
        (f"/beheer/wijzigingen/{scene.change.id}/afwijzen", {"message": "nee"}),
        (f"/beheer/organisaties/{scene.org.id}/vertrouwen", {"trusted": "1"}),
        (f"/beheer/organisaties/{scene.pending.id}/goedkeuren", {"trust": "1"}),
        (f"/beheer/revisies/{scene.revision.id}/herstellen", {}),
        (f"/beheer/diensten/{scene.service.id}/verwijderen", {}),
        (f"/beheer/diensten/{scene.service.id}/pauzeren", {}),
    ):
        assert client.post(url, data=form).status_code == 403, url
    db.session.expire_all()
    assert scene.change.status == "pending" and not scene.org.is_trusted
    assert scene.pending.status == "pending"
    assert scene.service.deleted_at is None and scene.service.status == "active"
    assert db.session.query(Revision).count() == 1


def test_the_dashboard_shows_only_the_editors_own_municipalities(client, auth, scene):
    auth.login(scene.intruder)
    page = client.get("/beheer").get_data(as_text=True)
    for name in ("Wolwêzen wiziging", "Breiklup Snits", "Wolwêzen maaltiid", ORG_NAME):
        assert name not in page, name
    auth.logout()
    auth.login(scene.curator)
    page = client.get("/beheer").get_data(as_text=True)
    for name in ("Wolwêzen wiziging", "Breiklup Snits", "Wolwêzen maaltiid", ORG_NAME):
        assert name in page, name


def test_the_own_municipal_editor_invites_by_listing_and_the_account_manages_it(app, client, auth, db, scene):
    auth.login(scene.curator)
    response = client.post("/beheer/uitnodigen", data={"email": "nij@example.org", "organization_id": scene.org.id})
    assert response.status_code == 302
    [mail] = mails(app)
    assert ORG_NAME in mail["Subject"]
    auth.logout()
    link = mail.get_content().split("http://localhost", 1)[1].split()[0]
    assert client.post(link, data={"password": "mijn nieuwe wachtwoord"}).status_code == 302
    invited = db.session.query(User).filter_by(email="nij@example.org").one()
    assert [o.id for o in invited.organizations] == [scene.org.id]


def test_the_own_municipal_editor_invites_a_new_listing_in_their_municipality(app, client, auth, db, scene):
    auth.login(scene.curator)
    response = client.post("/beheer/uitnodigen", data={"email": "nij@example.org", "organization": "Nije klup",
                                                       "municipality": "sudwest-fryslan"})  # fmt: skip
    assert response.status_code == 302 and len(mails(app)) == 1
    created = db.session.query(Organization).filter_by(name="Nije klup").one()
    assert created.municipality_id == scene.org.municipality_id


def test_the_own_municipal_editor_handles_the_queue(client, auth, db, scene):
    auth.login(scene.curator)
    assert client.post(f"/beheer/organisaties/{scene.pending.id}/goedkeuren").status_code == 302
    assert client.post(f"/beheer/wijzigingen/{scene.change.id}/goedkeuren", data={"trust": "1"}).status_code == 302
    db.session.expire_all()
    assert scene.pending.status == "active" and scene.change.status == "approved" and scene.org.is_trusted
    assert scene.service.name_nl == "Wolwêzen wiziging"


def test_an_invitation_works_only_while_its_sender_may_act_for_the_organisation(app, client, auth, db, scene):
    auth.login(scene.curator)
    client.post("/beheer/uitnodigen", data={"email": "nij@example.org", "organization_id": scene.org.id})
    auth.logout()
    link = mails(app)[-1].get_content().split("http://localhost", 1)[1].split()[0]
    scene.curator.municipalities.clear()  # the sender no longer curates Súdwest-Fryslân
    db.session.commit()
    assert client.post(link, data={"password": "mijn nieuwe wachtwoord"}).status_code == 400
    assert db.session.query(User).filter_by(email="nij@example.org").first() is None


def test_an_invitation_without_a_sender_is_refused(app, client, db, scene):
    from socialmap.accounts.services import make_link_token

    # The form of the links sent before this check existed: any of them may come from the takeover.
    token = make_link_token("invite", {"email": "attacker@example.org", "organization": scene.org.id})
    assert client.post(f"/uitnodiging/{token}", data={"password": "mijn nieuwe wachtwoord"}).status_code == 400
    assert db.session.query(User).filter_by(email="attacker@example.org").first() is None
