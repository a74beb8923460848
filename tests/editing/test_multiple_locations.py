"""A service offered in several villages keeps all of them when the form or the API edits the first."""

import pytest

from socialmap.accounts.services import create_token
from socialmap.catalogue import services
from socialmap.catalogue.models import Location, Service
from tests.factories import make_service, personas, place


@pytest.fixture
def cast(db):
    people = personas()
    people.service = make_service(people.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    people.service.locations.append(Location(place=place("IJlst"), address="Galamastraat 2", latitude=53.01,
                                             longitude=5.62))  # fmt: skip
    token, _ = create_token(people.volunteer_editor)
    people.headers = {"Authorization": f"Bearer {token}"}
    db.session.commit()
    return people


def _places(db, service_id):
    db.session.expire_all()
    return [location.place.name_nl for location in db.session.get(Service, service_id).locations]


def test_the_form_keeps_the_other_locations_of_the_service(client, auth, db, cast):
    row = services.service_row(cast.service)
    data = {**row, "name": "Boodschappenhulp", "version": str(cast.service.version)}
    for name in ("themes", "audiences", "alternatives_for"):
        data[name] = [c for c in row[name].split(";") if c]
    auth.login(cast.volunteer_editor)
    assert client.post(f"/beheer/diensten/{cast.service.id}", data=data).status_code == 302
    assert db.session.get(Service, cast.service.id).name_nl == "Boodschappenhulp"
    assert _places(db, cast.service.id) == ["Heeg", "IJlst"]


def test_the_api_keeps_the_other_locations_when_the_first_moves(client, db, cast):
    response = client.patch(f"/api/v1/services/{cast.service.id}", json={"place": "Woudsend", "address": "Kade 3"},
                            headers=cast.headers)  # fmt: skip
    assert response.status_code == 200, response.get_json()
    assert _places(db, cast.service.id) == ["Woudsend", "IJlst"]
    assert len(response.get_json()["locations"]) == 2
