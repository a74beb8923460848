"""/api/hsds/: the demo catalogue as HSDS 3.0, validated against the official compiled schema
(tests/hsds/schema, Open Referral, CC BY-SA 4.0), with the paging and filters of
docs/hsds/api_reference.md (page header, cumulative query parameters)."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker
from sqlalchemy import select

from socialmap.catalogue.importer import import_services
from socialmap.catalogue.models import Service
from socialmap.cli import DEMO_FILE
from tests.factories import make_org, make_service

SCHEMA_DIR = Path(__file__).parent / "schema"
PAGE_KEYS = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"}


@pytest.fixture(scope="module")
def service_schema():
    with gzip.open(SCHEMA_DIR / "service.json.gz", "rt", encoding="utf-8") as file:
        schema = json.load(file)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.fixture(scope="module")
def page_schema():
    openapi = json.loads((SCHEMA_DIR / "openapi.json").read_text(encoding="utf-8"))
    return Draft202012Validator(openapi["components"]["schemas"]["Page"])


def errors_of(validator, instance) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(instance)]


@pytest.fixture
def demo(db):
    import_services(DEMO_FILE, source="demo")
    db.session.commit()


def test_the_root_names_version_profile_openapi_and_licence(client):
    body = client.get("/api/hsds/").get_json()
    assert body["version"] == "3.0"
    assert body["profile"] == "http://localhost/api/hsds/profile"
    assert body["openapi_url"] == "http://localhost/api/openapi.json"
    assert body["license"]["id"] == "CC0-1.0"
    assert "Sociale Kaart profile" in client.get("/api/hsds/profile").get_data(as_text=True)


def test_every_full_demo_service_validates_against_the_official_schema(client, demo, service_schema, db):
    listing = client.get("/api/hsds/services?per_page=500&full=true").get_json()
    assert listing["total_items"] == db.session.query(Service).count() >= 40
    assert len(listing["contents"]) == listing["total_items"]
    for service in listing["contents"]:
        assert errors_of(service_schema, service) == [], service["name"]
        single = client.get(f"/api/hsds/services/{service['id']}").get_json()
        assert single == service
    # Everything the issue names is there, nested, for a service with a location and opening hours.
    full = next(s for s in listing["contents"] if s["service_at_locations"][0]["schedules"])
    location = full["service_at_locations"][0]["location"]
    assert location["addresses"][0]["country"] == "NL"
    assert full["organization"]["id"] == full["organization_id"]
    assert {a["link_type"] for a in full["attributes"]} >= {"kind", "tier", "theme", "audience"}
    assert all(a["taxonomy_term"]["code"] for a in full["attributes"])
    assert full["metadata"][0]["resource_id"] == full["id"]
    assert full["languages"][0]["code"] == "nl"
    assert any(s.get("name_fy") and s.get("description_fy") for s in listing["contents"])
    assert any(s["service_areas"] for s in listing["contents"])


def test_lists_carry_the_hsds_page_header(client, demo, page_schema, service_schema):
    first = client.get("/api/hsds/services?per_page=10").get_json()
    assert set(first) == PAGE_KEYS
    assert errors_of(page_schema, first) == []
    total = first["total_items"]
    assert (first["page_number"], first["size"], first["first_page"], first["last_page"], first["empty"]) == (
        1, 10, True, False, False)
    assert first["total_pages"] == -(-total // 10)
    last = client.get(f"/api/hsds/services?per_page=10&page={first['total_pages']}").get_json()
    expected_size = total - 10 * (first["total_pages"] - 1)
    assert (last["last_page"], last["first_page"], last["size"]) == (True, False, expected_size)
    # Items without full=true carry their direct properties only, and still validate.
    assert "service_at_locations" not in first["contents"][0]
    assert all(errors_of(service_schema, s) == [] for s in first["contents"])
    ids = {s["id"] for p in range(1, first["total_pages"] + 1)
           for s in client.get(f"/api/hsds/services?per_page=10&page={p}").get_json()["contents"]}  # fmt: skip
    assert len(ids) == total
    for path in ("/api/hsds/organizations", "/api/hsds/taxonomies", "/api/hsds/taxonomy_terms",
                 "/api/hsds/service_at_locations"):  # fmt: skip
        body = client.get(path).get_json()
        assert set(body) == PAGE_KEYS and errors_of(page_schema, body) == [], path


def test_an_empty_result_says_so(client, demo):
    body = client.get("/api/hsds/services?modified_after=2999-01-01T00:00:00Z").get_json()
    assert (body["total_items"], body["empty"], body["contents"], body["last_page"]) == (0, True, [], True)


def test_filters_are_cumulative(client, db):
    org, other = make_org("Dorpshuis De Brink"), make_org("Stichting Elders")
    koffie = make_service(org, name="Koffieochtend", themes=("meeting",))
    make_service(org, name="Taalcafé", themes=("language",))
    make_service(other, name="Koffie elders", themes=("meeting",))
    old = make_service(org, name="Oude ontmoeting", themes=("meeting",))
    db.session.flush()
    old.updated_at = dt.datetime(2020, 1, 1)
    db.session.commit()
    terms = client.get("/api/hsds/taxonomy_terms?per_page=500").get_json()["contents"]
    meeting = next(t for t in terms if t["taxonomy"] == "socialmap-theme" and t["code"] == "meeting")
    orgs = {o["name"]: o["id"] for o in client.get("/api/hsds/organizations").get_json()["contents"]}

    def names(query: str) -> set[str]:
        return {s["name"] for s in client.get(f"/api/hsds/services?{query}").get_json()["contents"]}

    assert names(f"taxonomy_term_id={meeting['id']}") == {"Koffieochtend", "Koffie elders", "Oude ontmoeting"}
    assert names(f"organization_id={orgs['Dorpshuis De Brink']}") == {"Koffieochtend", "Taalcafé", "Oude ontmoeting"}
    both = f"taxonomy_term_id={meeting['id']}&organization_id={orgs['Dorpshuis De Brink']}"
    assert names(both) == {"Koffieochtend", "Oude ontmoeting"}
    assert names(both + "&modified_after=2025-01-01") == {"Koffieochtend"}
    assert names("search=taalcafe") == {"Taalcafé"}
    assert names(f"search=koffie&organization_id={orgs['Stichting Elders']}") == {"Koffie elders"}
    assert names(f"taxonomy_id={meeting['taxonomy_id']}") >= {"Koffieochtend", "Taalcafé"}
    minimal = client.get(f"/api/hsds/services?minimal=true&{both}").get_json()["contents"]
    assert {tuple(sorted(m)) for m in minimal} == {("id", "last_modified")}
    assert koffie.id not in {m["id"] for m in minimal}  # database ids never leave


def test_unknown_ids_give_an_empty_list_or_a_404(client, demo):
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.get(f"/api/hsds/services?organization_id={unknown}").get_json()["empty"] is True
    assert client.get(f"/api/hsds/services/{unknown}").status_code == 404
    assert client.get(f"/api/hsds/organizations/{unknown}").status_code == 404


@pytest.mark.parametrize("query", ["page=0", "page=x", "per_page=501", "per_page=-1", "minimal=perhaps",
                                   "modified_after=yesterday", "organization_id=42", "format=ndjson"])
def test_bad_parameters_get_a_400_naming_them(client, query):
    response = client.get(f"/api/hsds/services?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["field"] == query.split("=")[0]


def test_paused_and_deleted_services_are_temporarily_closed_and_defunct(client, db):
    org = make_org("Dorpshuis De Brink")
    paused, deleted = make_service(org, name="Gepauzeerd"), make_service(org, name="Weg")
    paused.status = "paused"
    deleted.deleted_at = dt.datetime(2026, 1, 1)
    deleted.assured_at = dt.date(2025, 6, 1)
    db.session.commit()
    statuses = {s["name"]: s for s in client.get("/api/hsds/services").get_json()["contents"]}
    assert statuses["Gepauzeerd"]["status"] == "temporarily closed"
    assert statuses["Weg"]["status"] == "defunct"
    assert statuses["Weg"]["assured_date"] == "2025-06-01"


def test_ids_survive_a_reimport(client, demo, db):
    before = {s["name"]: s for s in client.get("/api/hsds/services?per_page=500&full=true").get_json()["contents"]}
    for service in db.session.scalars(select(Service)):
        db.session.delete(service)
    db.session.commit()
    import_services(DEMO_FILE, source="demo")
    db.session.commit()
    after = {s["name"]: s for s in client.get("/api/hsds/services?per_page=500&full=true").get_json()["contents"]}
    assert {n: s["id"] for n, s in after.items()} == {n: s["id"] for n, s in before.items()}
    some = next(n for n, s in before.items() if s["service_at_locations"])
    locations = [[x["id"] for x in s[some]["service_at_locations"]] for s in (before, after)]
    assert locations[0] == locations[1]


def test_service_at_locations_by_postcode_and_proximity(client, db):
    org = make_org("Dorpshuis De Brink")
    make_service(org, name="In IJlst", place_name="IJlst")
    make_service(org, name="Voor IJlst", place_name="Sneek", area=("IJlst",))
    make_service(org, name="In Exloo", place_name="Exloo")
    db.session.commit()
    pc4 = client.get("/api/v1/places?q=IJlst").get_json()  # a sanity check that IJlst is known
    assert pc4

    def names(query: str) -> set[str]:
        body = client.get(f"/api/hsds/service_at_locations?{query}").get_json()
        return {c["service"]["name"] for c in body["contents"]}

    assert names("postcode=8651") == {"In IJlst", "Voor IJlst"}
    assert names("postcode=8651AB&proximity=2000") == {"In IJlst"}
    assert client.get("/api/hsds/service_at_locations?postcode=abc").status_code == 400


def test_capacity_is_an_hsds_3_1_service_capacity(client, db, service_schema):
    org = make_org("Dorpshuis De Brink")
    full = make_service(org, name="Vol")
    full.capacity, full.capacity_date = "full", dt.date(2026, 11, 1)
    db.session.commit()
    service = client.get("/api/hsds/services?full=true").get_json()["contents"][0]
    capacity = service["capacities"][0]
    assert {"id", "unit", "available", "updated"} <= set(capacity)  # required by 3.1's service_capacity
    assert (capacity["available"], capacity["description"], capacity["updated"]) == (0, "full", "2026-11-01T00:00:00Z")
    assert errors_of(service_schema, service) == []
