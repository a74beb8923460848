"""The demo catalogue loads through the normal import and meets its brief."""

from sqlalchemy import func, select

from socialmap.catalogue.importer import import_services
from socialmap.catalogue.models import Location, Organization, Service
from socialmap.cli import DEMO_FILE
from socialmap.places.models import Municipality, Place


def test_demo_catalogue_is_broad_enough(db):
    summary = import_services(DEMO_FILE, source="demo")
    db.session.commit()
    assert summary.created >= 200
    services = db.session.scalars(select(Service)).all()
    assert len({s.organization_id for s in services}) >= 80
    places = db.session.scalars(select(func.distinct(Location.place_id))).all()
    assert len(places) >= 70
    municipalities = db.session.scalars(
        select(func.distinct(Municipality.name)).join(Place).join(Location, Location.place_id == Place.id)
    ).all()
    assert len(municipalities) == 4
    assert {s.kind.code for s in services} == {"village_room", "volunteer_group", "general_service"}
    assert {s.tier_level for s in services} == {1, 2, 3, 4}
    assert len({t.code for s in services for t in s.themes}) == 16
    in_swf = [s for s in services if s.locations[0].place.municipality.name == "Súdwest-Fryslân"]
    assert in_swf and all(s.description_fy for s in in_swf)
    elsewhere = [s for s in services if s not in in_swf]
    assert sum(1 for s in elsewhere if s.description_fy) >= len(elsewhere) / 4
    assert all(o.email is None or o.email.endswith("example.org") for o in db.session.scalars(select(Organization)))


def test_demo_import_is_idempotent(db):
    import_services(DEMO_FILE, source="demo")
    db.session.commit()
    again = import_services(DEMO_FILE, source="demo")
    assert again.created == again.updated == 0
