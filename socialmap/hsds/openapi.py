"""/api/openapi.json (OpenAPI 3.1 of the public /api/v1 and /api/hsds reads) and the human page /api/."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, url_for

from socialmap.hsds.mapping import HSDS_VERSION
from socialmap.licence import data_licence
from socialmap.security import public_data

bp = Blueprint("openapi", __name__)

HSDS_SCHEMA = "https://raw.githubusercontent.com/openreferral/specification/3.0/schema/compiled/"
ERROR = {"$ref": "#/components/schemas/Error"}


def _query(name: str, description: str, schema: dict | None = None) -> dict:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema or {"type": "string"}}  # fmt: skip


def _path(name: str, description: str) -> dict:
    return {"name": name, "in": "path", "required": True, "description": description, "schema": {"type": "string"}}


def _json(schema: dict, description: str = "OK") -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _op(operation_id: str, summary: str, parameters: list, ok: dict, *, not_found: bool = False) -> dict:
    # Any address can get a 400: a NUL byte or broken character is refused before the view runs.
    responses = {"200": ok, "400": _json(ERROR, "A parameter is not valid; the error names it.")}
    if not_found:
        responses["404"] = _json(ERROR, "Not found.")
    return {"get": {"operationId": operation_id, "summary": summary, "parameters": parameters, "responses": responses}}


PAGE = [_query("page", "Page number, from 1.", {"type": "integer", "minimum": 1}),
        _query("per_page", "Results per page (1-500, default 50).", {"type": "integer", "minimum": 1, "maximum": 500}),
        _query("format", "Only json.", {"type": "string", "enum": ["json"]})]  # fmt: skip
UUID = {"type": "string", "format": "uuid"}
SERVICE_FILTERS = [
    _query("search", "Full text search, as on the site."),
    _query("taxonomy_term_id", "Services with this taxonomy term.", UUID),
    _query("taxonomy_id", "Services with any term of this taxonomy.", UUID),
    _query("organization_id", "Services of this organisation.", UUID),
    _query("modified_after", "Modified on or after this moment (ISO 8601).", {"type": "string", "format": "date-time"}),
]
FLAG = {"type": "boolean"}
V1_SEARCH = [
    _query("q", "Search text."), _query("near", "A village, town or postcode."),
    _query("radius_km", "Distance from `near` in km.", {"type": "number", "exclusiveMinimum": 0, "maximum": 100}),
    _query("lang", "Language of the texts.", {"type": "string", "enum": ["nl", "fy", "en"]}),
    _query("page", "Page number.", {"type": "integer", "minimum": 1}),
    _query("per_page", "Results per page.", {"type": "integer", "minimum": 1, "maximum": 100}),
]  # fmt: skip


def _page_of(item: dict) -> dict:
    return {"allOf": [{"$ref": "#/components/schemas/Page"},
                      {"type": "object", "required": ["contents"],
                       "properties": {"contents": {"type": "array", "items": item}}}]}  # fmt: skip


def document() -> dict:
    hsds = f"{HSDS_SCHEMA}"
    paths = {
        "/api/hsds/": _op("hsdsRoot", "Version, profile and OpenAPI document of this HSDS API.", [], _json({
            "type": "object", "required": ["version", "profile", "openapi_url"],
            "properties": {"version": {"type": "string"}, "profile": {"type": "string", "format": "uri"},
                           "openapi_url": {"type": "string", "format": "uri"},
                           "license": {"type": "object"}}})),
        "/api/hsds/services": _op("hsdsListServices", "Services, paged.",
                                  SERVICE_FILTERS + [_query("minimal", "Only id and last_modified.", FLAG),
                                                     _query("full", "Fully nested services.", FLAG)] + PAGE,
                                  _json(_page_of({"anyOf": [{"$ref": "#/components/schemas/Service"},
                                                            {"$ref": "#/components/schemas/MinimalService"}]}))),
        "/api/hsds/services/{id}": _op("hsdsGetService", "One fully nested service.", [_path("id", "HSDS id")],
                                       _json({"$ref": "#/components/schemas/Service"}), not_found=True),
        "/api/hsds/organizations": _op("hsdsListOrganizations", "Organisations, paged.", PAGE,
                                       _json(_page_of({"$ref": "#/components/schemas/Organization"}))),
        "/api/hsds/organizations/{id}": _op("hsdsGetOrganization", "One organisation.", [_path("id", "HSDS id")],
                                            _json({"$ref": "#/components/schemas/Organization"}), not_found=True),
        "/api/hsds/taxonomies": _op("hsdsListTaxonomies", "Our vocabularies as taxonomies.", PAGE,
                                    _json(_page_of({"type": "object", "required": ["id", "name", "description"]}))),
        "/api/hsds/taxonomy_terms": _op("hsdsListTaxonomyTerms", "Every term, with its code.",
                                        [SERVICE_FILTERS[2]] + PAGE,
                                        _json(_page_of({"type": "object", "required": ["id", "name", "description"]}))),
        "/api/hsds/service_at_locations": _op(
            "hsdsListServiceAtLocations", "Where services are offered; paged by service.",
            SERVICE_FILTERS + [_query("postcode", "A Dutch postcode (1234 or 1234AB).", {"type": "string"}),
                               _query("proximity", "Metres from the postcode's centre.", {"type": "integer",
                                                                                         "minimum": 1})] + PAGE,
            _json(_page_of({"$ref": "#/components/schemas/ServiceAtLocation"}))),
        "/api/v1/services": _op("v1ListServices", "Search services (the site's search).", V1_SEARCH,
                                _json({"type": "object", "required": ["total", "page", "per_page", "items"]})),
        "/api/v1/services.geojson": _op("v1ServicesGeoJSON", "Every result of a search as GeoJSON points.",
                                        V1_SEARCH[:4], {"description": "OK", "content": {"application/geo+json": {
                                            "schema": {"type": "object", "required": ["type", "features"]}}}}),
        "/api/v1/services/{id}": _op("v1GetService", "One service in the asked language.",
                                     [{**_path("id", "Service number"), "schema": {"type": "integer", "minimum": 1}},
                                      V1_SEARCH[3]],
                                     _json({"type": "object", "required": ["id", "name"]}), not_found=True),
        "/api/v1/places": _op("v1ListPlaces", "Places whose name starts with `q`.", [_query("q", "Text typed.")],
                              _json({"type": "array", "items": {"type": "object", "required": ["name"]}})),
        "/api/v1/vacancies": _op("v1ListVacancies", "Current volunteer vacancies, nearest first with `near`.",
                                 [V1_SEARCH[1], V1_SEARCH[3]],
                                 _json({"type": "object", "required": ["total", "near", "items"]})),
    }  # fmt: skip
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sociale Kaart open data",
            "version": "1",
            "description": "Public, read-only. HSDS 3.0 with a Dutch profile under /api/hsds; "
                           "the site's own search under /api/v1. Editing and referral endpoints need a token and are "
                           "described in docs/api.md.",
            "license": {"name": data_licence(current_app.config)["name"],
                        "url": data_licence(current_app.config)["url"]},
            "x-hsds-version": HSDS_VERSION,
        },
        "servers": [{"url": url_for("openapi.page", _external=True).removesuffix("/api/")}],
        "paths": paths,
        "components": {"schemas": {
            "Page": {"type": "object", "required": ["total_items", "total_pages", "page_number", "size",
                                                    "first_page", "last_page", "empty"],
                     "properties": {k: {"type": "integer"} for k in ("total_items", "total_pages", "page_number",
                                                                     "size")}
                     | {k: {"type": "boolean"} for k in ("first_page", "last_page", "empty")}},
            "Service": {"$ref": f"{hsds}service.json"},
            # minimal=true: "just service 'id' and 'modified_date'" (HSDS's name for our last_modified).
            "MinimalService": {"type": "object", "required": ["id"], "additionalProperties": False,
                               "properties": {"id": {"type": "string", "format": "uuid"},
                                              "last_modified": {"type": "string", "format": "date-time"}}},
            "Organization": {"$ref": f"{hsds}organization.json"},
            "ServiceAtLocation": {"$ref": f"{hsds}service_at_location.json"},
            "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "field": {"type": ["string", "null"]}}}}},
        }},
    }  # fmt: skip


@bp.get("/api/openapi.json")
@public_data
def document_json():
    return jsonify(document())


@bp.get("/api/")
def page():
    return render_template("api/index.html", operations=sorted(document()["paths"]),
                           licence=data_licence(current_app.config))  # fmt: skip
