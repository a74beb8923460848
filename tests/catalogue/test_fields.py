"""Every field declared in catalogue/fields.py goes the whole way: import, edit form, editor API,
public API and search. A new field needs three sample values here, and nothing else in this test."""

import io
import json

import pytest
from sqlalchemy import select

from socialmap.accounts.services import create_token
from socialmap.catalogue import fields
from socialmap.catalogue.importer import import_services
from socialmap.catalogue.models import Service
from socialmap.search.service import SearchParams, search_services
from tests.factories import csv_text, personas

# name → a value for the import, one for the edit form, one for the editor API (strings of the import
# format, as service_row gives them back). Fields the import file does not hold have None first.
SAMPLES = {
    "name": ("Taalmaatje Drylts", "Taalmaatje Heeg", "Taalmaatje Wâldsein"),
    "name_fy": ("Taalmaatsje Drylts", "Taalmaatsje Heech", "Taalmaatsje Wâldsein"),
    "name_en": ("Language buddy IJlst", "Language buddy Heeg", "Language buddy Woudsend"),
    "description_nl": ("Samen Nederlands oefenen.", "Samen praten over de krant.", "Samen boodschappen doen."),
    "description_fy": ("Tegearre Nederlânsk oefenje.", "Tegearre prate oer de krante.", "Tegearre boadskippe."),
    "description_en": ("Practise Dutch together.", "Talk about the newspaper.", "Go shopping together."),
    "kind": ("volunteer_group", "village_room", "general_service"),
    "tier": ("2", "3", "4"),
    "themes": ("meeting;loneliness", "debts", "transport;meals"),
    "audiences": ("everyone", "older_people;adults", "parents"),
    "languages": ("nl;fy", "nl;en;de", "ar;pl"),
    "cost": ("free", "contribution", "paid"),
    "alternatives_for": ("household_help", "individual_support;respite_care", ""),
    "municipality": ("Súdwest-Fryslân", "Súdwest-Fryslân", "Súdwest-Fryslân"),
    "place": ("IJlst", "Heeg", "Woudsend"),
    "address": ("Galamagracht 1", "Harinxmastraat 2", "Kade 3"),
    "postcode": ("8651 AB", "8621 BC", "8551 CD"),
    "service_area": ("Oosthem", "*", "*;Oosthem"),
    "latitude": ("53.011111", "52.973333", "52.944444"),
    "longitude": ("5.622222", "5.603333", "5.644444"),
    "accessibility": ("wheelchair;hearing_loop", "parking", "public_transport_stop;wheelchair"),
    "schedule": ("wo 09:30-11:30", "ma 10:00-12:00; do 14:00-16:00", "vr 13:00-15:00"),
    "capacity": (None, "full", "waitlist"),
    "capacity_date": (None, "2026-11-01", "2026-12-01"),
    "application_process": ("walk_in", "call_first;appointment", "via_social_team"),
    "application_process_nl": ("Bel aan bij de zijdeur.", "Bel eerst even met Anke.", "Vraag het sociaal team."),
    "application_process_fy": ("Bel oan by de sydoar.", "Skilje earst efkes mei Anke.", "Freegje it sosjaal team."),
    "application_process_en": ("Ring at the side door.", "Call Anke first.", "Ask the social team."),
    "phone": ("0515 555 001", "0515 555 002", "0515 555 003"),
    "email": ("taal@example.org", "krant@example.org", "winkel@example.org"),
    "website": ("https://taal.example.org", "https://krant.example.org", "https://winkel.example.org"),
}


def _comparable(row: dict[str, str]) -> dict[str, object]:
    """Code lists and the service area compare as sets: their order is not part of the data."""
    return {name: sorted(value.split(";")) if fields.BY_NAME[name].is_list or name == "service_area" else value
            for name, value in row.items()}  # fmt: skip


def _sample(step: int) -> dict[str, str]:
    return {name: values[step] or "" for name, values in SAMPLES.items()}


@pytest.fixture
def cast(db):
    people = personas()
    token, _ = create_token(people.volunteer_editor)
    people.headers = {"Authorization": f"Bearer {token}"}
    db.session.commit()
    return people


def test_every_registered_field_has_samples():
    assert set(SAMPLES) == set(fields.NAMES)
    assert all(values[0] is None for name, values in SAMPLES.items() if not fields.BY_NAME[name].imported)


def test_every_registered_field_round_trips_through_import_form_api_and_search(client, auth, db, cast):
    # import: every column of the import format
    row = {**_sample(0), "external_id": "taal-1", "organization": cast.own.name}
    import_services(io.StringIO(csv_text([row], fields.IMPORT_COLUMNS)), source="test")
    db.session.commit()
    service = db.session.scalars(select(Service).where(Service.external_id == "taal-1")).one()
    assert _comparable(fields.service_row(service)) == _comparable(_sample(0))

    # edit form: the page shows every field, and a post writes every field
    auth.login(cast.volunteer_editor)
    page = client.get(f"/beheer/diensten/{service.id}").get_data(as_text=True)
    for f in fields.FIELDS:
        assert f'name="{f.name}"' in page, f.name
    data = {**_sample(1), "version": str(service.version)}
    for f in fields.LIST_FIELDS:
        data[f.name] = [code for code in data[f.name].split(";") if code]
    response = client.post(f"/beheer/diensten/{service.id}", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)
    db.session.expire_all()
    service = db.session.get(Service, service.id)
    assert _comparable(fields.service_row(service)) == _comparable(_sample(1))
    auth.logout()

    # editor API: every field by its name
    body = {name: value.split(";") if fields.BY_NAME[name].is_list else value for name, value in _sample(2).items()}
    body["alternatives_for"] = []
    response = client.patch(f"/api/v1/services/{service.id}", json=body, headers=cast.headers)
    assert response.status_code == 200, response.get_json()
    db.session.expire_all()
    service = db.session.get(Service, service.id)
    assert _comparable(fields.service_row(service)) == _comparable(_sample(2))

    # public API: each value reaches residents in some language (codes as codes, texts in their language)
    public = " ".join(json.dumps(client.get(f"/api/v1/services/{service.id}?lang={lang}").get_json(),
                                 ensure_ascii=False) for lang in ("nl", "fy", "en"))  # fmt: skip
    shown_otherwise = {"municipality", "service_area", "schedule", "tier", "latitude", "longitude", "capacity_date"}
    for name, value in _sample(2).items():
        if name not in shown_otherwise:
            for part in filter(None, value.split(";") if fields.BY_NAME[name].is_list else [value]):
                assert part in public, (name, part)
    item = client.get(f"/api/v1/services/{service.id}").get_json()
    assert item["tier"] == 4 and item["capacity"] == {"status": "waitlist", "since": "2026-12-01"}
    assert item["locations"][0]["opening_hours"] == [{"day": "vr", "opens": "13:00", "closes": "15:00"}]
    assert item["locations"][0]["latitude"] == pytest.approx(52.944444)

    # search: found by its texts, and by its codes through the filters
    assert [h.service_id for h in search_services(SearchParams(q="winkel boodschappen")).hits][:1] == [service.id]
    by_theme = SearchParams(filters={"theme": frozenset({"transport"})})
    assert service.id in [h.service_id for h in search_services(by_theme).hits]


def test_name_en_is_an_import_column(db, cast):
    row = {**_sample(0), "external_id": "taal-2", "organization": cast.own.name}
    import_services(io.StringIO(csv_text([row], fields.IMPORT_COLUMNS)), source="test")
    db.session.commit()
    service = db.session.scalars(select(Service).where(Service.external_id == "taal-2")).one()
    assert service.name_en == "Language buddy IJlst"


def test_history_and_review_queue_show_labels_not_field_names(client, auth, db, cast):
    from tests.factories import make_service

    service = make_service(cast.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    cast.own.is_trusted = False
    db.session.commit()
    auth.login(cast.volunteer_editor)
    data = {**fields.service_row(service), "name_fy": "Boadskiphelp Heech", "version": str(service.version)}
    for f in fields.LIST_FIELDS:
        data[f.name] = [code for code in data[f.name].split(";") if code]
    assert client.post(f"/beheer/diensten/{service.id}", data=data).status_code == 302
    auth.logout()
    auth.login(cast.municipal_editor)
    queue = client.get("/beheer").get_data(as_text=True)
    assert "Boadskiphelp Heech" in queue
    assert "<dt>Naam (Fries)</dt>" in queue and "<dt>name_fy</dt>" not in queue


def test_each_field_is_checked_as_declared_editor_only_fields_too(client, db, cast):
    from tests.factories import make_service

    service = make_service(cast.own, name="Boodschappenhulp Heeg", place_name="Heeg")
    db.session.commit()
    body = {"capacity": "halfvol", "capacity_date": "morgen", "email": "nope", "kind": "village_room;volunteer_group"}
    response = client.patch(f"/api/v1/services/{service.id}", json=body, headers=cast.headers)
    assert response.status_code == 400
    assert set(response.get_json()["error"]["fields"]) == {"capacity", "capacity_date", "email", "kind"}
