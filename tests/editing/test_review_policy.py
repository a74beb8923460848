"""A change request holds only the fields that changed; capacity applies at once for every
organisation; approval applies the proposed fields to today's state and conflicts only on the same field."""

import pytest

from socialmap.catalogue import fields
from socialmap.catalogue.models import ChangeRequest, Service
from tests.factories import make_service, personas


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg",
                                  description_nl="Wij doen boodschappen.")  # fmt: skip
    people.own.is_trusted = False
    db.session.commit()
    return people


def save(client, db, service_id, **changes):
    service = db.session.get(Service, service_id)
    data = {**fields.service_row(service), **changes, "version": str(service.version)}
    for f in fields.LIST_FIELDS:
        data[f.name] = [code for code in data[f.name].split(";") if code]
    response = client.post(f"/beheer/diensten/{service_id}", data=data)
    db.session.expire_all()
    return response


def approve(client, change_id):
    return client.post(f"/beheer/wijzigingen/{change_id}/goedkeuren", data={})


def test_capacity_applies_at_once_even_for_an_untrusted_organisation(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    assert save(client, db, cast.service.id, capacity="full").status_code == 302
    assert db.session.get(Service, cast.service.id).capacity == "full"
    assert db.session.query(ChangeRequest).count() == 0


def test_a_change_request_holds_only_the_changed_fields(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    save(client, db, cast.service.id, name="Boodschappenhulp", capacity="waitlist")
    change = db.session.query(ChangeRequest).one()
    assert change.state["proposed"] == {"name": "Boodschappenhulp"}
    assert db.session.get(Service, cast.service.id).capacity == "waitlist"  # applied, not waiting


def test_a_full_click_does_not_put_waiting_edits_into_conflict(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    save(client, db, cast.service.id, name="Boodschappenhulp")
    save(client, db, cast.service.id, description_nl="Wij halen en brengen boodschappen.")
    save(client, db, cast.service.id, capacity="full")
    change = db.session.query(ChangeRequest).one()  # the second edit amended the waiting request
    assert change.state["proposed"] == {"name": "Boodschappenhulp",
                                        "description_nl": "Wij halen en brengen boodschappen."}
    auth.logout()
    auth.login(cast.municipal_editor)
    assert approve(client, change.id).status_code == 302
    db.session.expire_all()
    service = db.session.get(Service, cast.service.id)
    assert (service.name_nl, service.description_nl, service.capacity) == (
        "Boodschappenhulp", "Wij halen en brengen boodschappen.", "full")


def test_approval_conflicts_when_the_same_field_changed_since(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    save(client, db, cast.service.id, name="Boodschappenhulp")
    change = db.session.query(ChangeRequest).one()
    auth.logout()
    auth.login(cast.municipal_editor)
    save(client, db, cast.service.id, name="Boodschappendienst Heeg")  # a curator publishes at once
    response = approve(client, change.id)
    assert response.status_code == 409
    assert db.session.get(Service, cast.service.id).name_nl == "Boodschappendienst Heeg"
