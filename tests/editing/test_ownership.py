"""Every write route, as someone who may not use it: 401 for anonymous, 403 for the wrong person."""

import pytest

from socialmap.catalogue.models import ChangeRequest, Revision
from tests.factories import make_service, personas


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    db.session.flush()
    db.session.add(Revision(service=people.service, action="create", changes={}, state={}))
    change = ChangeRequest(organization=people.own, service=people.service, state={"name": "x"}, base_version=1)
    db.session.add(change)
    db.session.commit()
    people.change = change
    people.revision = db.session.query(Revision).first()
    return people


def web_routes(c):
    """(method, url, who may use it) for every write route of the web."""
    s, o = c.service.id, c.own.id
    editors, curators = "editors", "curators"
    return [
        ("GET", f"/beheer/organisaties/{o}/diensten/nieuw", editors),
        ("POST", f"/beheer/organisaties/{o}/diensten/nieuw", editors),
        ("GET", f"/beheer/diensten/{s}", editors),
        ("POST", f"/beheer/diensten/{s}", editors),
        ("POST", f"/beheer/diensten/{s}/pauzeren", editors),
        ("POST", f"/beheer/diensten/{s}/heropenen", editors),
        ("POST", f"/beheer/diensten/{s}/verwijderen", editors),
        ("POST", f"/beheer/diensten/{s}/terugzetten", editors),
        ("POST", f"/beheer/diensten/{s}/bevestigen", editors),
        ("GET", f"/beheer/diensten/{s}/geschiedenis", editors),
        ("POST", f"/beheer/organisaties/{o}/redacteuren", editors),
        ("POST", f"/beheer/revisies/{c.revision.id}/herstellen", curators),
        ("POST", f"/beheer/wijzigingen/{c.change.id}/goedkeuren", curators),
        ("POST", f"/beheer/wijzigingen/{c.change.id}/afwijzen", curators),
        ("POST", f"/beheer/organisaties/{o}/goedkeuren", curators),
        ("POST", f"/beheer/organisaties/{o}/vertrouwen", curators),
        ("POST", "/beheer/uitnodigen", curators),
    ]


FORM = {"email": "nieuw@example.org", "organization": "Nieuw", "municipality": "sudwest-fryslan", "message": "nee",
        "name": "Gekaapt", "description_nl": "x", "kind": "village_room", "tier": "3", "themes": "meeting",
        "municipality_name": "Súdwest-Fryslân", "place": "Heeg"}  # fmt: skip


def call(client, method, url):
    return client.post(url, data=FORM) if method == "POST" else client.get(url)


def test_anonymous_visitors_get_401_on_every_write_route(client, cast):
    for method, url, _who in web_routes(cast):
        assert call(client, method, url).status_code == 401, (method, url)


@pytest.mark.parametrize("intruder", ["other_org_editor", "social_worker"])
def test_other_people_get_403_on_every_write_route(client, auth, cast, intruder):
    auth.login(getattr(cast, intruder))
    for method, url, _who in web_routes(cast):
        assert call(client, method, url).status_code == 403, (intruder, method, url)


def test_an_organisations_own_editor_cannot_use_the_curators_routes(client, auth, cast):
    auth.login(cast.volunteer_editor)
    for method, url, who in web_routes(cast):
        if who == "curators":
            assert call(client, method, url).status_code == 403, (method, url)


def test_the_service_was_not_touched_by_any_of_it(client, auth, db, cast):
    for person in (None, cast.other_org_editor, cast.social_worker):
        if person:
            auth.login(person)
        for method, url, _who in web_routes(cast):
            call(client, method, url)
        auth.logout()
    db.session.expire_all()
    assert cast.service.name_nl == "Boodschappenhulp Heeg"
    assert cast.service.deleted_at is None and cast.service.status == "active"
    assert cast.change.status == "pending"


def _token(db, user):
    from socialmap.accounts.services import create_token

    token, _record = create_token(user)
    db.session.commit()
    return {"Authorization": f"Bearer {token}"}


def test_api_writes_need_a_token_and_ownership(client, db, cast):
    body = {"organization_id": cast.own.id, "name": "Nieuw", "description_nl": "x", "kind": "village_room",
            "tier": 3, "themes": ["meeting"], "municipality": "Súdwest-Fryslân", "place": "Heeg"}  # fmt: skip
    patch = {"name": "Gekaapt"}
    url = f"/api/v1/services/{cast.service.id}"
    assert client.post("/api/v1/services", json=body).status_code == 401
    assert client.patch(url, json=patch).status_code == 401
    assert client.patch(url, json=patch, headers={"Authorization": "Bearer nonsense"}).status_code == 401
    for intruder in (cast.other_org_editor, cast.social_worker):
        headers = _token(db, intruder)
        assert client.post("/api/v1/services", json=body, headers=headers).status_code == 403
        assert client.patch(url, json=patch, headers=headers).status_code == 403
    db.session.expire_all()
    assert cast.service.name_nl == "Boodschappenhulp Heeg"
