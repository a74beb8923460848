"""The OpenAPI document at /api/openapi.json, and a conformance run over every operation it documents.

Schemathesis is not installed here, so the run is hand-written: for each documented GET operation,
Hypothesis draws values for its parameters from their schemas (valid ones, boundary ones and
arbitrary text), and every answer must be below 500, have a documented status and conform to the
documented schema (the HSDS parts against the official compiled service.json, tests/hsds/schema).
Also: CORS only on public reads, the data licence in the API root and on /over."""

from __future__ import annotations

import copy
import gzip
import json
from pathlib import Path
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator, FormatChecker

from socialmap.accounts.services import create_token
from socialmap.catalogue.importer import import_services
from socialmap.cli import DEMO_FILE
from tests.factories import personas

SCHEMA_DIR = Path(__file__).parent / "schema"
ORIGIN = {"Origin": "https://www.gemeente.example"}


@pytest.fixture(scope="module")
def official():
    with gzip.open(SCHEMA_DIR / "service.json.gz", "rt", encoding="utf-8") as file:
        return json.load(file)


@pytest.fixture
def demo(db):
    import_services(DEMO_FILE, source="demo")
    db.session.commit()


def local_components(document: dict, official: dict) -> dict:
    """The document's components with the HSDS references pointing at our copy of the schema."""
    components = copy.deepcopy(document["components"])
    schemas = components["schemas"]
    assert schemas["Service"]["$ref"].endswith("/3.0/schema/compiled/service.json")
    schemas["Service"] = official
    schemas["Organization"] = official["properties"]["organization"]
    schemas["ServiceAtLocation"] = official["properties"]["service_at_locations"]["items"]
    return components


def value_strategy(schema: dict, path_values: list[str]):
    if path_values:
        # No "/" in a path value: WSGI decodes %2F before routing, so it is another address, not this id.
        return st.sampled_from(path_values) | st.text(max_size=40).filter(lambda t: "/" not in t)
    kind = schema.get("type")
    if "enum" in schema:
        valid = st.sampled_from(schema["enum"])
    elif kind == "integer":
        valid = st.integers(min_value=schema.get("minimum", -5), max_value=schema.get("maximum", 10**6)).map(str)
    elif kind == "number":
        valid = st.floats(min_value=0.1, max_value=schema.get("maximum", 100)).map(lambda x: f"{x:.2f}")
    elif kind == "boolean":
        valid = st.sampled_from(["true", "false"])
    elif schema.get("format") == "date-time":
        valid = st.datetimes().map(lambda d: d.isoformat() + "Z")
    elif schema.get("format") == "uuid":
        valid = st.uuids().map(str)
    else:
        valid = st.sampled_from(["koffie", "IJlst", "8651", "Drylts", "schulden", ""])
    return valid | st.integers(min_value=-10**12, max_value=10**12).map(str) | st.text(max_size=30)


def operations(document: dict) -> list[tuple[str, dict]]:
    return [(path, op["get"]) for path, op in sorted(document["paths"].items())]


def test_the_document_is_openapi_3_1_and_lists_both_apis(client):
    document = client.get("/api/openapi.json").get_json()
    assert document["openapi"] == "3.1.0"
    paths = set(document["paths"])
    assert {"/api/hsds/", "/api/hsds/services", "/api/hsds/services/{id}", "/api/hsds/organizations",
            "/api/hsds/organizations/{id}", "/api/hsds/taxonomies", "/api/hsds/taxonomy_terms",
            "/api/hsds/service_at_locations", "/api/v1/services", "/api/v1/services/{id}"} <= paths  # fmt: skip
    assert document["info"]["license"]["name"].startswith("CC0")
    page = client.get("/api/")
    assert page.status_code == 200 and "/api/openapi.json" in page.get_data(as_text=True)


def test_every_documented_operation_conforms(app, client, demo, official):
    document = client.get("/api/openapi.json").get_json()
    components = local_components(document, official)
    hsds_ids = [s["id"] for s in client.get("/api/hsds/services?minimal=true&per_page=5").get_json()["contents"]]
    org_ids = [o["id"] for o in client.get("/api/hsds/organizations?per_page=5").get_json()["contents"]]
    v1_ids = [str(s["id"]) for s in client.get("/api/v1/services?per_page=5").get_json()["items"]]
    seen: dict[str, set[int]] = {}

    def checker(path: str, operation: dict):
        def check(values):
            in_path, query = values
            url = path
            for name, value in in_path.items():
                url = url.replace("{" + name + "}", quote(value, safe="") or "x")
            response = client.get(url, query_string=query)
            status = response.status_code
            where = f"GET {url} {query}: {status}"
            assert status < 500, where
            assert str(status) in operation["responses"], where
            seen.setdefault(path, set()).add(status)
            content = operation["responses"][str(status)]["content"]
            schema = next(iter(content.values()))["schema"]
            body = json.loads(response.get_data(as_text=True))
            validator = Draft202012Validator({**schema, "components": components}, format_checker=FormatChecker())
            errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(body)]
            assert errors == [], where

        return check

    for path, operation in operations(document):
        ids = {"/api/hsds/services/{id}": hsds_ids, "/api/hsds/organizations/{id}": org_ids,
               "/api/v1/services/{id}": v1_ids}.get(path, [])  # fmt: skip
        strategies = {p["name"]: value_strategy(p["schema"], ids if p["in"] == "path" else [])
                      for p in operation["parameters"]}  # fmt: skip
        required = {p["name"] for p in operation["parameters"] if p.get("required")}
        optional = st.fixed_dictionaries({}, optional={k: v for k, v in strategies.items() if k not in required})
        drawn = st.tuples(st.fixed_dictionaries({k: strategies[k] for k in required}), optional)
        run = settings(max_examples=25, deadline=None, database=None,
                       suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])(
            given(drawn)(checker(path, operation)))  # fmt: skip
        run()
    # Every operation was reached and answered 200 at least once.
    assert {p for p, statuses in seen.items() if 200 in statuses} == set(document["paths"])


@pytest.mark.parametrize("path", ["/api/v1/services", "/api/v1/services.geojson", "/api/v1/places?q=ijl",
                                  "/api/hsds/", "/api/hsds/services", "/api/openapi.json"])
def test_public_reads_may_be_fetched_from_any_site(client, path):
    response = client.get(path, headers=ORIGIN)
    assert response.status_code == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "Access-Control-Allow-Credentials" not in response.headers


def test_editor_referral_and_page_addresses_get_no_cors(client, db):
    people = personas()
    token = create_token(people.volunteer_editor, "cors")[0]
    db.session.commit()
    bearer = {**ORIGIN, "Authorization": f"Bearer {token}"}
    answers = [
        client.post("/api/v1/services", json={"name": "x"}, headers=bearer),
        client.open("/api/v1/services", method="OPTIONS", headers={**ORIGIN, "Access-Control-Request-Method": "POST"}),
        client.get("/api/v1/reports/referrals", headers=bearer),
        client.post("/api/v1/referrals", json={}, headers=bearer),
        client.get("/", headers=ORIGIN),
        client.get("/api/", headers=ORIGIN),
    ]
    assert [r.headers.get("Access-Control-Allow-Origin") for r in answers] == [None] * len(answers)


def test_the_data_licence_is_stated_and_configurable(app, client):
    assert client.get("/api/hsds/").get_json()["license"]["id"] == "CC0-1.0"
    assert "CC0" in client.get("/over").get_data(as_text=True)
    app.config["DATA_LICENCE"] = "CC-BY-4.0"
    assert client.get("/api/hsds/").get_json()["license"]["url"] == "https://creativecommons.org/licenses/by/4.0/"
    # a setting changes with a restart, which empties the response cache; here, ask past it
    assert "Creative Commons Attribution 4.0" in client.get("/over", headers={"Cache-Control": "no-cache"}).get_data(
        as_text=True)
