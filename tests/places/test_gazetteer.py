import csv

from sqlalchemy import func, select

from socialmap.config import DATA_DIR
from socialmap.places.models import Municipality, Place, PlaceName, Postcode
from socialmap.places.services import load_gazetteer


def _official_rows():
    with (DATA_DIR / "gazetteer" / "places.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_every_official_woonplaats_is_present_with_its_frisian_name(db):
    rows = _official_rows()
    places = {
        (p.municipality.name, p.name_nl): p
        for p in db.session.scalars(select(Place).where(Place.kind == "woonplaats"))
    }
    assert len(places) == len(rows) == 158
    for row in rows:
        place = places[(row["municipality"], row["name_nl"])]
        assert place.name_fy == (row["name_fy"] or None)


def test_it_knows_the_frisian_pairs_people_use(db):
    pairs = {"IJlst": "Drylts", "Heeg": "Heech", "Sneek": "Snits"}
    for dutch, frisian in pairs.items():
        place = db.session.scalars(select(Place).where(Place.name_nl == dutch)).one()
        assert place.name_fy == frisian
        assert place.display_name("fy") == frisian
        assert place.display_name("nl") == dutch


def test_villages_with_only_an_official_frisian_name_are_called_so_in_every_language(db):
    official = db.session.scalars(select(Place).where(Place.official_language == "fy")).all()
    assert len(official) == 17
    easterein = next(p for p in official if p.name_nl == "Oosterend")
    assert [easterein.display_name(lang) for lang in ("nl", "fy", "en")] == ["Easterein"] * 3
    assert easterein.slug == "easterein"
    assert {"easterein", "oosterend"} <= {n.normalized for n in easterein.names}


def test_ysbrechtum_has_one_name_and_keeps_the_old_spelling_as_an_alias(db):
    place = db.session.scalars(select(Place).where(Place.name_nl == "Ysbrechtum")).one()
    assert place.display_name("fy") == place.display_name("nl") == "Ysbrechtum"
    assert "ijsbrechtum" in {n.normalized for n in place.names}


def test_it_loads_kernen_and_hamlets_besides_official_places(db):
    kinds = dict(db.session.execute(select(Place.kind, func.count()).group_by(Place.kind)).all())
    assert kinds["woonplaats"] == 158
    assert kinds["kern"] > 100
    assert kinds["hamlet"] > 10
    municipalities = db.session.scalars(select(Municipality.name).order_by(Municipality.name)).all()
    assert municipalities == ["Borger-Odoorn", "Bronckhorst", "Midden-Groningen", "Súdwest-Fryslân"]


def test_postcodes_point_to_their_place(db):
    ijlst = db.session.scalars(select(Postcode).where(Postcode.pc4 == "8651")).one()
    assert ijlst.place.name_nl == "IJlst"
    assert db.session.scalar(select(func.count(Postcode.id))) == 172


def test_names_are_stored_normalised_for_matching(db):
    names = db.session.scalars(
        select(PlaceName.normalized).join(Place).where(Place.name_nl == "2e Exloërmond")
    ).all()
    assert "2e exloermond" in names
    assert "tweede exloermond" in names


def test_loading_twice_changes_nothing(db):
    before = db.session.scalar(select(func.count(Place.id))), db.session.scalar(select(func.count(PlaceName.id)))
    summary = load_gazetteer()
    db.session.flush()
    after = db.session.scalar(select(func.count(Place.id))), db.session.scalar(select(func.count(PlaceName.id)))
    assert before == after
    assert summary.places == before[0]
    db.session.rollback()
