"""The organisation's editing loop (issue #15): its waiting changes are visible and amendable, decisions
reach it, concurrent edits merge per field (on the form and in the review queue), history starts with
the imported state, and the staff pages speak in labels."""

import json

import pytest

from socialmap.catalogue import fields
from socialmap.catalogue.importer import import_services
from socialmap.catalogue.models import ChangeRequest, Revision, Service
from socialmap.mail import outbox_messages
from tests.factories import csv_text, make_service, personas, service_row


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg",
                                  description_nl="Wij doen boodschappen.")  # fmt: skip
    people.own.is_trusted = False
    db.session.commit()
    return people


def opened(db, service_id, shown=None):
    """The edit form as it was opened: the state shown, its version and that state as `base`."""
    service = db.session.get(Service, service_id)
    row = dict(shown or fields.service_row(service))
    return {**row, "version": str(service.version), "base": json.dumps(row)}


def submit(client, db, service_id, form, **changes):
    data = {**form, **changes}
    for f in fields.LIST_FIELDS:
        data[f.name] = [code for code in data[f.name].split(";") if code]
    response = client.post(f"/beheer/diensten/{service_id}", data=data)
    db.session.expire_all()
    return response


def as_(client, auth, user):
    auth.logout()
    auth.login(user)


# -- merge rules -------------------------------------------------------------------------------------
def test_two_editors_changing_different_fields_both_keep_their_change(client, auth, db, cast):
    cast.own.is_trusted = True
    anna, bram = opened(db, cast.service.id), opened(db, cast.service.id)  # both open the form
    auth.login(cast.volunteer_editor)
    assert submit(client, db, cast.service.id, anna, name="Boodschappenhulp").status_code == 302
    as_(client, auth, cast.municipal_editor)
    assert submit(client, db, cast.service.id, bram, description_nl="Wij halen en brengen.").status_code == 302
    service = db.session.get(Service, cast.service.id)
    assert (service.name_nl, service.description_nl) == ("Boodschappenhulp", "Wij halen en brengen.")


def test_the_same_field_changed_by_both_shows_only_that_field_and_keeps_theirs_unless_chosen(client, auth, db, cast):
    cast.own.is_trusted = True
    anna, bram = opened(db, cast.service.id), opened(db, cast.service.id)
    auth.login(cast.volunteer_editor)
    submit(client, db, cast.service.id, anna, name="Naam van Anna")
    as_(client, auth, cast.municipal_editor)
    conflict = submit(client, db, cast.service.id, bram, name="Naam van Bram", phone="0515 123456")
    assert conflict.status_code == 409
    html = conflict.get_data(as_text=True)
    assert "Naam van Anna" in html and "Naam van Bram" in html
    assert 'name="name" value="Naam van Anna" checked' in html  # the other person's value, unless chosen
    assert html.count('type="radio"') == 2  # only the field both changed is shown side by side
    service = db.session.get(Service, cast.service.id)
    assert (service.name_nl, service.phone) == ("Naam van Anna", None)  # nothing saved yet
    # The conflict page's form as it comes: Anna's name kept, Bram's phone number saved.
    page_form = {**fields.service_row(service), "phone": "0515 123456", "version": str(service.version),
                 "base": json.dumps(fields.service_row(service))}  # fmt: skip
    assert submit(client, db, cast.service.id, page_form).status_code == 302
    service = db.session.get(Service, cast.service.id)
    assert (service.name_nl, service.phone) == ("Naam van Anna", "0515 123456")


def test_a_second_tab_amends_the_waiting_request_instead_of_adding_one(client, auth, db, cast):
    first_tab, second_tab = opened(db, cast.service.id), opened(db, cast.service.id)
    auth.login(cast.volunteer_editor)
    submit(client, db, cast.service.id, first_tab, name="Boodschappenhulp")
    submit(client, db, cast.service.id, second_tab, description_nl="Wij halen en brengen.")
    change = db.session.query(ChangeRequest).one()
    assert change.state["proposed"] == {"name": "Boodschappenhulp", "description_nl": "Wij halen en brengen."}
    assert change.state["base"] == {"name": "Boodschappenhulp Heeg", "description_nl": "Wij doen boodschappen."}


def test_the_edit_form_shows_the_waiting_proposal_and_saving_it_again_changes_it(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    submit(client, db, cast.service.id, opened(db, cast.service.id), name="Boodschappenhulp")
    page = client.get(f"/beheer/diensten/{cast.service.id}?lang=nl").get_data(as_text=True)
    assert "Wacht op controle door de gemeente" in page or "Waiting for review" in page
    assert 'value="Boodschappenhulp"' in page  # the form continues from the proposal
    shown = {**fields.service_row(db.session.get(Service, cast.service.id)), "name": "Boodschappenhulp"}
    submit(client, db, cast.service.id, opened(db, cast.service.id, shown), name="Boodschappenhulp Heeg",
           phone="0515 123456")  # fmt: skip
    change = db.session.query(ChangeRequest).one()
    assert change.state["proposed"] == {"phone": "0515 123456"}  # the name is back to the published one


def test_approving_the_second_of_two_pending_changes_merges_and_leaves_the_queue(client, auth, db, cast):
    # Two organisations' proposals cannot share a service, but a curator's edit in between can touch
    # the same field: the queue shows only that field, keeps the published value unless chosen, and
    # the request is decided either way (never stuck).
    auth.login(cast.volunteer_editor)
    submit(client, db, cast.service.id, opened(db, cast.service.id), name="Boodschappenhulp",
           description_nl="Wij halen en brengen.")  # fmt: skip
    change = db.session.query(ChangeRequest).one()
    as_(client, auth, cast.municipal_editor)
    submit(client, db, cast.service.id, opened(db, cast.service.id), name="Boodschappendienst Heeg")
    conflict = client.post(f"/beheer/wijzigingen/{change.id}/goedkeuren", data={})
    assert conflict.status_code == 409
    html = conflict.get_data(as_text=True)
    assert "Voorgesteld door de organisatie" in html or "Proposed by the organisation" in html
    assert 'name="keep-name" value="current" checked' in html
    service = db.session.get(Service, cast.service.id)
    resolved = client.post(f"/beheer/wijzigingen/{change.id}/goedkeuren",
                           data={"resolved": "1", "version": str(service.version), "keep-name": "current"})
    assert resolved.status_code == 302
    service, change = db.session.get(Service, cast.service.id), db.session.get(ChangeRequest, change.id)
    assert (service.name_nl, service.description_nl) == ("Boodschappendienst Heeg", "Wij halen en brengen.")
    assert change.status == "approved"  # out of the queue


def test_a_proposal_on_other_fields_than_a_later_edit_is_approved_without_a_conflict(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    submit(client, db, cast.service.id, opened(db, cast.service.id), description_nl="Wij halen en brengen.")
    change = db.session.query(ChangeRequest).one()
    as_(client, auth, cast.municipal_editor)
    submit(client, db, cast.service.id, opened(db, cast.service.id), name="Boodschappendienst Heeg")
    assert client.post(f"/beheer/wijzigingen/{change.id}/goedkeuren", data={}).status_code == 302
    service = db.session.get(Service, cast.service.id)
    assert (service.name_nl, service.description_nl) == ("Boodschappendienst Heeg", "Wij halen en brengen.")


# -- decisions reach the organisation ----------------------------------------------------------------
def test_a_rejection_reaches_the_organisation_on_its_dashboard_and_by_mail_in_its_language(client, auth, app, db,
                                                                                           cast):  # fmt: skip
    auth.login(cast.volunteer_editor)
    client.post(f"/beheer/diensten/{cast.service.id}?lang=fy", data={
        **{k: v.split(";") if k in ("themes", "audiences", "alternatives_for") else v
           for k, v in opened(db, cast.service.id).items()}, "name": "Boadskippen Heech"})  # fmt: skip
    change = db.session.query(ChangeRequest).one()
    assert change.language == "fy"
    as_(client, auth, cast.municipal_editor)
    client.post(f"/beheer/wijzigingen/{change.id}/afwijzen", data={"message": "De naam moet Nederlands zijn."})
    mail = outbox_messages(app.config["MAIL_OUTBOX"])[-1]
    assert mail["To"] == cast.volunteer_editor.email
    assert "De naam moet Nederlands zijn." in mail.get_content()
    assert "Boodschappenhulp Heeg" in mail["Subject"]
    as_(client, auth, cast.volunteer_editor)
    dashboard = client.get("/beheer").get_data(as_text=True)
    assert "De naam moet Nederlands zijn." in dashboard


def test_an_approval_is_mailed_too(client, auth, app, db, cast):
    auth.login(cast.volunteer_editor)
    submit(client, db, cast.service.id, opened(db, cast.service.id), name="Boodschappenhulp")
    change = db.session.query(ChangeRequest).one()
    as_(client, auth, cast.municipal_editor)
    client.post(f"/beheer/wijzigingen/{change.id}/goedkeuren", data={"message": "Mooi zo"})
    mail = outbox_messages(app.config["MAIL_OUTBOX"])[-1]
    assert mail["To"] == cast.volunteer_editor.email and "Mooi zo" in mail.get_content()


def test_a_new_service_shows_on_the_dashboard_as_waiting(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    row = service_row(name="Breiclub Heeg", place="Heeg")
    data = {**row, "themes": row["themes"].split(";"), "audiences": []}
    assert client.post(f"/beheer/organisaties/{cast.own.id}/diensten/nieuw", data=data).status_code == 302
    dashboard = client.get("/beheer?lang=nl").get_data(as_text=True)
    assert "Breiclub Heeg" in dashboard


# -- history ------------------------------------------------------------------------------------------
def test_the_imported_state_is_the_first_revision_and_can_be_restored(client, auth, db, cast):
    import_services(__import__("io").StringIO(csv_text([service_row(external_id="h1", name="Taalcafé Heeg")])))
    db.session.commit()
    service = db.session.query(Service).filter_by(external_id="h1").one()
    auth.login(cast.municipal_editor)
    submit(client, db, service.id, opened(db, service.id), name="Taalcafé")
    first = db.session.query(Revision).filter_by(service_id=service.id).order_by(Revision.id).first()
    assert first.action == "import" and first.state["name"] == "Taalcafé Heeg"
    history = client.get(f"/beheer/diensten/{service.id}/geschiedenis").get_data(as_text=True)
    assert "update" not in history.split("<main")[-1]
    assert client.post(f"/beheer/revisies/{first.id}/herstellen").status_code == 302
    assert db.session.get(Service, service.id).name_nl == "Taalcafé Heeg"


def test_full_applies_at_once_for_an_untrusted_organisation_and_is_in_the_history(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    submit(client, db, cast.service.id, opened(db, cast.service.id), capacity="full")
    assert db.session.get(Service, cast.service.id).capacity == "full"
    assert db.session.query(ChangeRequest).count() == 0
    history = client.get(f"/beheer/diensten/{cast.service.id}/geschiedenis?lang=nl").get_data(as_text=True)
    assert "vol" in history and "full" not in history.split("<main")[-1]


# -- staff forms -------------------------------------------------------------------------------------
def test_the_review_queue_names_fields_and_codes_in_the_pages_language(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    submit(client, db, cast.service.id, opened(db, cast.service.id), description_nl="Nij.", kind="volunteer_group")
    as_(client, auth, cast.municipal_editor)
    page = client.get("/beheer?lang=fy").get_data(as_text=True)
    assert "description_nl" not in page and "volunteer_group" not in page


def test_delete_asks_first(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    page = client.get(f"/beheer/diensten/{cast.service.id}/verwijderen")
    assert page.status_code == 200 and 'name="confirm" value="1"' in page.get_data(as_text=True)
    assert db.session.get(Service, cast.service.id).deleted_at is None


def test_a_used_invitation_link_says_so_instead_of_asking_for_a_password(client, db, cast):
    from socialmap.catalogue.services import invitation_token

    token = invitation_token("nieuw@heeg.example.org", cast.own, cast.volunteer_editor)
    db.session.commit()
    form = {"password": "a long enough new password", "confirm": "a long enough new password"}
    client.post(f"/uitnodiging/{token}", data=form)
    client.post("/uitloggen")
    again = client.get(f"/uitnodiging/{token}")
    assert again.status_code == 400 and 'type="password"' not in again.get_data(as_text=True)


def test_api_patches_of_an_untrusted_organisation_amend_its_waiting_request(client, db, cast):
    from socialmap.accounts.services import create_token

    headers = {"Authorization": f"Bearer {create_token(cast.volunteer_editor)[0]}"}
    db.session.commit()
    first = client.patch(f"/api/v1/services/{cast.service.id}", json={"name": "Boodschappenhulp"}, headers=headers)
    second = client.patch(f"/api/v1/services/{cast.service.id}", json={"phone": "0515 123456"}, headers=headers)
    assert first.status_code == second.status_code == 202
    assert first.get_json()["change_request_id"] == second.get_json()["change_request_id"]
    change = db.session.query(ChangeRequest).one()
    assert change.state["proposed"] == {"name": "Boodschappenhulp", "phone": "0515 123456"}


def test_approving_a_new_service_publishes_it_and_tells_its_author(client, auth, app, db, cast):
    auth.login(cast.volunteer_editor)
    row = service_row(name="Breiclub Heeg", place="Heeg")
    client.post(f"/beheer/organisaties/{cast.own.id}/diensten/nieuw?lang=fy",
                data={**row, "themes": row["themes"].split(";"), "audiences": []})  # fmt: skip
    change = db.session.query(ChangeRequest).one()
    as_(client, auth, cast.municipal_editor)
    assert client.post(f"/beheer/wijzigingen/{change.id}/goedkeuren", data={}).status_code == 302
    assert db.session.query(Service).filter_by(name_nl="Breiclub Heeg").one().is_visible
    mail = outbox_messages(app.config["MAIL_OUTBOX"])[-1]
    assert "Breiclub Heeg" in mail["Subject"] and "lang=fy" in mail.get_content()


def test_a_rejected_new_service_can_be_changed_and_waits_again(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    row = service_row(name="Breiclub Heeg", place="Heeg")
    data = {**row, "themes": row["themes"].split(";"), "audiences": []}
    client.post(f"/beheer/organisaties/{cast.own.id}/diensten/nieuw", data=data)
    change = db.session.query(ChangeRequest).one()
    as_(client, auth, cast.municipal_editor)
    client.post(f"/beheer/wijzigingen/{change.id}/afwijzen", data={"message": "Welk adres?"})
    as_(client, auth, cast.volunteer_editor)
    assert f"/beheer/wijzigingen/{change.id}/bewerken" in client.get("/beheer").get_data(as_text=True)
    form = client.get(f"/beheer/wijzigingen/{change.id}/bewerken").get_data(as_text=True)
    assert 'value="Breiclub Heeg"' in form
    assert client.post(f"/beheer/wijzigingen/{change.id}/bewerken",
                       data={**data, "address": "Harinxmastraat 2"}).status_code == 302  # fmt: skip
    change = db.session.get(ChangeRequest, change.id)
    assert (change.status, change.state["address"]) == ("pending", "Harinxmastraat 2")
    assert db.session.query(ChangeRequest).count() == 1
    as_(client, auth, cast.other_org_editor)
    assert client.get(f"/beheer/wijzigingen/{change.id}/bewerken").status_code == 403
