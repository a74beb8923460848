"""Where it really is (issue 16): addresses are geocoded with geopy when a geocoder is configured,
against a local stand-in here (no network); otherwise, or when the answer lies in another village,
the location gets its village's coordinates — never another village's postcode point — and the
service page says it is approximate."""

import io
import json

import pytest
from sqlalchemy import select
from werkzeug.wrappers import Request, Response

from socialmap.catalogue.importer import import_services
from socialmap.catalogue.models import Service
from tests.conftest import served
from tests.factories import csv_text, personas, service_row

IJLST = (53.01009, 5.62312)
GALAMAGRACHT = (53.011842, 5.620431)  # in IJlst
HARLINGEN = (53.174, 5.4167)  # a Galamagracht elsewhere


def stand_in(found: tuple[float, float] | None, asked: list):
    """A Nominatim (/search) and Photon (/api) stand-in answering every query with `found`."""

    @Request.application
    def answer(request: Request) -> Response:
        asked.append((request.path, request.args.get("q")))
        if request.path.endswith("/search"):
            body = [{"lat": str(found[0]), "lon": str(found[1]), "display_name": "Galamagracht 1, IJlst"}]
            body = body if found else []
        else:
            body = {"type": "FeatureCollection", "features": [{
                "type": "Feature", "geometry": {"type": "Point", "coordinates": [found[1], found[0]]},
                "properties": {"name": "Galamagracht 1", "city": "IJlst", "country": "Nederland"}}] if found else []}
        return Response(json.dumps(body), content_type="application/json")

    return answer


@pytest.fixture
def geocoder(app):
    """Configure a geocoder at a stand-in; yields a function (kind, answer) → list of queries asked."""
    from contextlib import ExitStack

    stack = ExitStack()

    def start(kind: str, found, prefix: str = ""):
        asked: list = []
        base = stack.enter_context(served(stand_in(found, asked)))
        app.config.update(GEOCODER=kind, GEOCODER_URL=base + prefix)
        return asked

    yield start
    stack.close()
    app.config.update(GEOCODER=None, GEOCODER_URL=None)


def _import(db, **overrides):
    row = service_row(external_id="geo-1", organization="Dorpshuis De Brink", **overrides)
    import_services(io.StringIO(csv_text([row])), source="test")
    db.session.commit()
    return db.session.scalars(select(Service).where(Service.external_id == "geo-1")).one().locations[0]


def test_an_imported_address_is_geocoded_with_nominatim(db, geocoder):
    asked = geocoder("nominatim", GALAMAGRACHT)
    location = _import(db, address="Galamagracht 1", postcode="8651 AB", place="IJlst")
    assert (location.latitude, location.longitude) == GALAMAGRACHT
    assert location.approximate is False
    assert asked == [("/search", "Galamagracht 1, 8651 AB, IJlst, Nederland")]


def test_photon_at_a_municipalitys_own_endpoint(db, geocoder):
    asked = geocoder("photon", GALAMAGRACHT, prefix="/geocoder")
    location = _import(db, address="Galamagracht 1", place="IJlst")
    assert (location.latitude, location.longitude) == GALAMAGRACHT and not location.approximate
    assert asked[0][0] == "/geocoder/api"


def test_an_answer_in_another_village_is_not_believed(db, geocoder):
    geocoder("nominatim", HARLINGEN)
    location = _import(db, address="Galamagracht 1", postcode="", place="IJlst")
    assert (location.latitude, location.longitude) == IJLST
    assert location.approximate is True


def test_a_geocoder_that_does_not_answer_leaves_the_village_and_the_import_goes_on(db, app):
    app.config.update(GEOCODER="nominatim", GEOCODER_URL="http://127.0.0.1:9", GEOCODER_TIMEOUT=1)
    try:
        location = _import(db, address="Galamagracht 1", postcode="", place="IJlst")
    finally:
        app.config.update(GEOCODER=None, GEOCODER_URL=None)
    assert (location.latitude, location.longitude) == IJLST and location.approximate


def test_offline_a_shared_postcode_never_puts_a_service_in_the_other_village(db):
    # 9627 is Hellum's and Steendam's; a service in Steendam gets Steendam's point, never Hellum's
    location = _import(db, municipality="Midden-Groningen", place="Steendam", address="Dorpsweg 1", postcode="9627")
    assert (location.latitude, location.longitude) == (53.2661, 6.8356)
    assert location.approximate is True


def test_given_coordinates_are_exact_and_the_page_says_when_a_location_is_approximate(client, db):
    exact = _import(db, latitude="53.0123", longitude="5.6234")
    assert exact.approximate is False
    page = client.get(f"/diensten/{exact.service_id}", follow_redirects=True).get_data(as_text=True)
    assert "approximate" not in page and "ongeveer" not in page
    rough = _import(db, latitude="", longitude="", postcode="")
    page = client.get(f"/diensten/{rough.service_id}?lang=en", follow_redirects=True).get_data(as_text=True)
    assert "The place on the map is approximate" in page
    api = client.get(f"/api/v1/services/{rough.service_id}").get_json()
    assert api["locations"][0]["approximate"] is True


def test_the_editor_confirms_the_geocoded_place_before_it_is_saved(client, auth, db, geocoder):
    from socialmap.catalogue import fields

    geocoder("nominatim", GALAMAGRACHT)
    people = personas()
    db.session.commit()
    auth.login(people.volunteer_editor)
    data = {name: "" for name in fields.NAMES}
    data.update(name="Taalcafé", description_nl="Samen praten.", kind="village_room", tier="3", themes=["meeting"],
                municipality="Súdwest-Fryslân", place="IJlst", address="Galamagracht 1", postcode="8651 AB")
    url = f"/beheer/organisaties/{people.own.id}/diensten/nieuw"
    page = client.post(url, data=data)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Galamagracht 1, IJlst" in html  # what the geocoder found, for the editor to check
    assert 'value="53.011842"' in html and 'value="5.620431"' in html
    assert db.session.scalar(select(Service.id)) is None  # nothing saved yet
    data.update(latitude="53.011842", longitude="5.620431")
    assert client.post(url, data=data).status_code == 302
    location = db.session.scalars(select(Service)).one().locations[0]
    assert (location.latitude, location.longitude) == GALAMAGRACHT and not location.approximate
