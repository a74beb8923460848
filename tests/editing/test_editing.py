"""Editing: publish or review, conflicts, history, revert, soft delete, and what residents see."""

import pytest

from socialmap.catalogue import services
from socialmap.catalogue.models import ChangeRequest, Revision, Service
from socialmap.search.service import SearchParams, search_services
from tests.factories import make_org, make_service, municipality, personas


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg",
                                  themes=("household",), description_nl="Wij doen boodschappen.")  # fmt: skip
    db.session.commit()
    return people


def form_for(service, **changes):
    row = services.service_row(service)
    row.update(changes)
    data = {**row, "version": str(service.version)}
    for name in ("themes", "audiences", "alternatives_for"):
        data[name] = [c for c in row[name].split(";") if c]
    return data


def found(q):
    return [hit.service_id for hit in search_services(SearchParams(q=q)).hits]


def test_a_trusted_organisation_publishes_at_once_and_search_follows(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    response = client.post(f"/beheer/diensten/{cast.service.id}", data=form_for(cast.service, name="Klussendienst"))
    assert response.status_code == 302
    db.session.expire_all()
    assert cast.service.name_nl == "Klussendienst"
    assert found("klussendienst") == [cast.service.id]
    imported, revision = db.session.query(Revision).filter_by(service_id=cast.service.id).order_by(Revision.id).all()
    assert imported.action == "import" and imported.state["name"] == "Boodschappenhulp Heeg"
    assert revision.user_id == cast.volunteer_editor.id
    assert revision.changes == {"name": ["Boodschappenhulp Heeg", "Klussendienst"]}


def test_a_new_organisations_edit_waits_for_review_and_residents_never_see_it(client, auth, db, cast):
    cast.own.is_trusted = False
    db.session.commit()
    auth.login(cast.volunteer_editor)
    client.post(f"/beheer/diensten/{cast.service.id}", data=form_for(cast.service, name="Geheime naam"))
    db.session.expire_all()
    assert cast.service.name_nl == "Boodschappenhulp Heeg"
    assert found("geheime") == []
    change = db.session.query(ChangeRequest).one()
    auth.logout()
    auth.login(cast.municipal_editor)
    assert client.post(f"/beheer/wijzigingen/{change.id}/goedkeuren", data={"trust": "1"}).status_code == 302
    db.session.expire_all()
    assert cast.service.name_nl == "Geheime naam"
    assert found("geheime") == [cast.service.id]  # right after approval
    assert cast.own.is_trusted


def test_a_rejected_change_keeps_the_message_and_changes_nothing(db, cast):
    cast.own.is_trusted = False
    outcome = services.save_service(cast.volunteer_editor, cast.own, cast.service, form_for(cast.service, name="X"))
    assert not outcome.published
    with pytest.raises(services.ValidationFailed):
        services.reject_change(cast.municipal_editor, outcome.change_request, "  ")
    services.reject_change(cast.municipal_editor, outcome.change_request, "Naam klopt niet")
    db.session.commit()
    assert outcome.change_request.status == "rejected"
    assert outcome.change_request.message == "Naam klopt niet"
    assert cast.service.name_nl == "Boodschappenhulp Heeg"


def test_a_pending_organisations_services_are_not_public(db, cast):
    newcomer = make_org("Nieuwe Club", municipality_id=municipality("Súdwest-Fryslân").id, status="pending")
    make_service(newcomer, name="Breiclub Heeg", place_name="Heeg")
    db.session.commit()
    assert found("breiclub") == []
    services.approve_organization(cast.municipal_editor, newcomer)
    db.session.commit()
    assert len(found("breiclub")) == 1


def test_a_stale_form_without_its_starting_point_gets_a_conflict_and_nothing_is_lost(client, auth, db, cast):
    # Clients that do not send the form's starting point (`base`) keep the version check.
    first_form = form_for(cast.service, name="Versie van Anna")
    second_form = form_for(cast.service, description_nl="Versie van Bram.")
    auth.login(cast.volunteer_editor)
    assert client.post(f"/beheer/diensten/{cast.service.id}", data=first_form).status_code == 302
    auth.logout()
    auth.login(cast.municipal_editor)
    conflict = client.post(f"/beheer/diensten/{cast.service.id}", data=second_form)
    assert conflict.status_code == 409
    html = conflict.get_data(as_text=True)
    assert "Versie van Anna" in html and "Versie van Bram." in html  # both versions shown
    db.session.expire_all()
    assert cast.service.name_nl == "Versie van Anna"  # the first edit stands
    assert cast.service.description_nl == "Wij doen boodschappen."
    retry = {**second_form, "version": str(cast.service.version)}
    assert client.post(f"/beheer/diensten/{cast.service.id}", data=retry).status_code == 302
    db.session.expire_all()
    assert cast.service.description_nl == "Versie van Bram."
    actions = [r.changes for r in db.session.query(Revision).order_by(Revision.id)]
    assert actions[1] == {"name": ["Boodschappenhulp Heeg", "Versie van Anna"]}  # Anna's edit is in the history


def test_revert_restores_an_older_revision(db, cast):
    services.save_service(cast.volunteer_editor, cast.own, cast.service, form_for(cast.service, name="Eerste"))
    first = db.session.query(Revision).filter_by(action="update").one()
    services.save_service(cast.volunteer_editor, cast.own, cast.service, form_for(cast.service, name="Tweede"))
    db.session.commit()
    with pytest.raises(services.NotAllowed):
        services.revert_to(cast.volunteer_editor, first)
    services.revert_to(cast.municipal_editor, first)
    db.session.commit()
    assert cast.service.name_nl == "Eerste"
    assert db.session.query(Revision).order_by(Revision.id.desc()).first().action == "revert"


def test_delete_is_soft_and_can_be_undone(client, auth, db, cast):
    auth.login(cast.volunteer_editor)
    asked = client.post(f"/beheer/diensten/{cast.service.id}/verwijderen")  # without confirming: only asks
    assert asked.status_code == 200 and cast.service.deleted_at is None
    client.post(f"/beheer/diensten/{cast.service.id}/verwijderen", data={"confirm": "1"})
    db.session.expire_all()
    assert cast.service.deleted_at is not None
    assert found("boodschappenhulp") == []
    assert db.session.get(Service, cast.service.id) is not None
    client.post(f"/beheer/diensten/{cast.service.id}/terugzetten")
    db.session.expire_all()
    assert cast.service.deleted_at is None
    assert found("boodschappenhulp") == [cast.service.id]


def test_pause_and_reopen(db, cast):
    services.set_status(cast.volunteer_editor, cast.service, "paused")
    db.session.commit()
    assert found("boodschappenhulp") == []
    services.set_status(cast.volunteer_editor, cast.service, "active")
    db.session.commit()
    assert found("boodschappenhulp") == [cast.service.id]


def test_invalid_input_names_each_field(db, cast):
    with pytest.raises(services.ValidationFailed) as failure:
        bad = form_for(cast.service, email="geen-mail", schedule="maandag", capacity="soms")
        services.save_service(cast.volunteer_editor, cast.own, cast.service, bad)
    assert set(failure.value.errors) == {"email", "schedule", "capacity"}


def test_descriptions_allow_a_little_markdown_but_no_scripts(client, db, cast):
    services.save_service(cast.volunteer_editor, cast.own, cast.service, form_for(
        cast.service, description_nl="**Gratis** [site](https://example.org) <script>alert(1)</script> "
                                     "[x](javascript:alert(1))"))  # fmt: skip
    db.session.commit()
    html = client.get(f"/diensten/{cast.service.id}", follow_redirects=True).get_data(as_text=True)
    assert "<strong>Gratis</strong>" in html
    assert 'href="https://example.org"' in html
    assert "<script>alert" not in html
    assert 'href="javascript' not in html


def test_capacity_is_shown_and_filterable(client, db, cast):
    services.save_service(cast.volunteer_editor, cast.own, cast.service,
                         form_for(cast.service, capacity="waitlist", capacity_date="2026-12-01"))  # fmt: skip
    db.session.commit()
    waitlist = SearchParams(filters={"capacity": frozenset({"waitlist"})})
    assert [h.service_id for h in search_services(waitlist).hits] == [cast.service.id]
    assert search_services(SearchParams(filters={"capacity": frozenset({"available"})})).total == 0
    html = client.get(f"/diensten/{cast.service.id}", follow_redirects=True).get_data(as_text=True)
    assert 'class="capacity"' in html
