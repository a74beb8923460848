import io

import pytest
from sqlalchemy import func, select

from socialmap.catalogue.importer import ImportFailed, import_services, parse_schedule
from socialmap.catalogue.models import Organization, Service
from tests.factories import csv_text, service_row


def run_import(rows, source="import", columns=None):
    text = csv_text(rows, columns) if columns else csv_text(rows)
    return import_services(io.StringIO(text), source=source)


def service_count(db):
    return db.session.scalar(select(func.count(Service.id)))


def test_it_imports_a_valid_file(db):
    summary = run_import([service_row(external_id="a"), service_row(external_id="b", place="Heech")])
    db.session.commit()
    assert (summary.created, summary.updated, summary.unchanged) == (2, 0, 0)
    service = db.session.scalars(select(Service).where(Service.external_id == "a")).one()
    assert service.locations[0].place.name_nl == "IJlst"
    assert service.locations[0].postcode == "8651 AB"
    assert [t.code for t in service.themes] == ["meeting", "loneliness"]
    assert service.kind.code == "village_room"
    assert service.tier_level == 3
    assert service.status == "active"
    assert service.version == 1
    assert [(s.weekday, s.opens_at.isoformat("minutes")) for s in service.locations[0].schedules] == [(2, "09:30")]


def test_reimporting_the_same_file_changes_nothing(db):
    rows = [service_row(external_id="a"), service_row(external_id="b")]
    run_import(rows)
    db.session.commit()
    before = {s.external_id: (s.id, s.version, s.updated_at) for s in db.session.scalars(select(Service))}
    summary = run_import(rows)
    db.session.commit()
    after = {s.external_id: (s.id, s.version, s.updated_at) for s in db.session.scalars(select(Service))}
    assert (summary.created, summary.updated, summary.unchanged) == (0, 0, 2)
    assert before == after


def test_an_updated_row_updates_the_same_service(db):
    run_import([service_row(external_id="a", name="Koffie")])
    db.session.commit()
    original = db.session.scalars(select(Service)).one()
    original_id = original.id
    summary = run_import([service_row(external_id="a", name="Koffie en thee", schedule="do 10:00-12:00")])
    db.session.commit()
    db.session.expire_all()
    service = db.session.scalars(select(Service)).one()
    assert (summary.created, summary.updated) == (0, 1)
    assert service.id == original_id
    assert service.name_nl == "Koffie en thee"
    assert service.version == 2
    assert [s.weekday for s in service.locations[0].schedules] == [3]


def test_the_same_external_id_in_another_source_is_another_service(db):
    run_import([service_row(external_id="a")], source="one")
    run_import([service_row(external_id="a")], source="two")
    assert service_count(db) == 2


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("place", "Atlantis"),
        ("themes", "meeting;knitting"),
        ("tier", "5"),
        ("tier", "drie"),
        ("kind", "castle"),
        ("municipality", "Amsterdam"),
        ("latitude", "91"),
        ("postcode", "86511"),
        ("email", "info-at-example.org"),
        ("website", "www.example.org"),
        ("schedule", "maandag 9-12"),
        ("schedule", "ma 12:00-09:00"),
        ("schedule", "ma 25:00-26:00"),
        ("cost", "cheap"),
        ("alternatives_for", "magic_care"),
        ("audiences", "aliens"),
        ("service_area", "IJlst;Nergenshuizen"),
        ("name", ""),
        ("description_nl", ""),
        ("external_id", ""),
    ],
)
def test_a_bad_row_names_line_and_column_and_changes_nothing(db, column, value):
    run_import([service_row(external_id="keep", name="Bestaand")])
    db.session.commit()
    rows = [service_row(external_id="good"), service_row(**{"external_id": "bad", column: value})]
    if column == "latitude":
        rows[1]["longitude"] = "5.6"
    with pytest.raises(ImportFailed) as failure:
        run_import(rows)
    db.session.rollback()
    assert [(p.line, p.column) for p in failure.value.problems] == [(3, column)]
    assert str(failure.value.problems[0]).startswith(f"regel 3, kolom {column}: ")
    assert db.session.scalars(select(Service.external_id)).all() == ["keep"]
    assert db.session.scalars(select(Service.name_nl)).all() == ["Bestaand"]


def test_a_duplicate_external_id_in_the_file_is_refused(db):
    with pytest.raises(ImportFailed) as failure:
        run_import([service_row(external_id="x"), service_row(external_id="y"), service_row(external_id="x")])
    assert [(p.line, p.column) for p in failure.value.problems] == [(4, "external_id")]
    assert service_count(db) == 0


def test_a_missing_required_column_is_reported_on_the_header(db):
    columns = tuple(c for c in service_row() if c != "themes")
    with pytest.raises(ImportFailed) as failure:
        run_import([service_row()], columns=columns)
    assert [(p.line, p.column) for p in failure.value.problems] == [(1, "themes")]


def test_all_problems_are_reported_at_once(db):
    rows = [service_row(place="Nergens", tier="9"), service_row(email="nope")]
    with pytest.raises(ImportFailed) as failure:
        run_import(rows)
    assert {(p.line, p.column) for p in failure.value.problems} == {(2, "place"), (2, "tier"), (3, "email")}


def test_place_and_service_area_accept_dutch_or_frisian_without_accents(db):
    run_import([service_row(external_id="a", place="ijlst", service_area="HEECH;Oosterend;snits")])
    service = db.session.scalars(select(Service)).one()
    assert service.locations[0].place.name_nl == "IJlst"
    assert sorted(p.name_nl for p in service.area_places) == ["Heeg", "Oosterend", "Sneek"]


def test_a_star_serves_the_whole_municipality(db):
    run_import([service_row(service_area="*")])
    service = db.session.scalars(select(Service)).one()
    assert [m.name for m in service.area_municipalities] == ["Súdwest-Fryslân"]
    assert service.area_places == []


def test_coordinates_come_from_postcode_then_place(db):
    run_import([
        service_row(external_id="pc", postcode="8651 AB"),
        service_row(external_id="place", postcode=""),
        service_row(external_id="given", latitude="53.0123", longitude="5.6234"),
    ])  # fmt: skip
    by_id = {s.external_id: s.locations[0] for s in db.session.scalars(select(Service))}
    assert (by_id["pc"].latitude, by_id["pc"].longitude) == (53.0107, 5.6217)
    assert (by_id["place"].latitude, by_id["place"].longitude) == (53.01009, 5.62312)
    assert (by_id["given"].latitude, by_id["given"].longitude) == (53.0123, 5.6234)


def test_organisations_are_matched_by_name(db):
    run_import([service_row(external_id="a"), service_row(external_id="b")])
    assert db.session.scalar(select(func.count(Organization.id))) == 1


def test_schedule_parsing():
    entries, message = parse_schedule("ma 09:00-12:00; wo 13:30-16:00")
    assert message is None
    assert [(d, o.isoformat("minutes"), c.isoformat("minutes")) for d, o, c in entries] == [
        (0, "09:00", "12:00"),
        (2, "13:30", "16:00"),
    ]
