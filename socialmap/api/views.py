"""GET /api/v1/services, /api/v1/services/<id>, /api/v1/places."""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for

from socialmap import clock
from socialmap.activities.queries import list_dated
from socialmap.api.errors import error_response
from socialmap.api.serialize import service_item
from socialmap.catalogue.queries import get_services_for_api, get_visible_service, list_map_points
from socialmap.i18n import _, current_language
from socialmap.places.models import display_name
from socialmap.places.queries import autocomplete_places
from socialmap.search.facets import facet_payload
from socialmap.search.params import MAX_QUERY_LENGTH, BadParameter, parse_search_args
from socialmap.search.service import search_services
from socialmap.security import public_data
from socialmap.text import slugify

bp = Blueprint("api", __name__, url_prefix="/api/v1")


def bad_parameter(error: BadParameter):
    extra = {}
    if "suggestions" in error.extra:
        extra["suggestions"] = [_place_json(p) for p in error.extra["suggestions"]]
    if "candidates" in error.extra:
        extra["candidates"] = [_place_json(p) for p in error.extra["candidates"]]
    return error_response(400, error.code, error.message, error.field, **extra)


def _place_json(place) -> dict:
    return {
        "name": place.display_name(current_language()),
        "official_name": place.official_name,
        "name_nl": place.name_nl,
        "name_fy": place.name_fy,
        "municipality": place.municipality.name,
        "lat": place.latitude,
        "lon": place.longitude,
    }


def _check_language():
    lang = request.args.get("lang")
    if lang is not None and lang not in ("nl", "fy", "en"):
        raise BadParameter("bad_lang", "lang", _("The language must be nl, fy or en."))


@bp.get("/services")
@public_data
def list_services():
    try:
        _check_language()
        parsed = parse_search_args(request.args)
    except BadParameter as error:
        return bad_parameter(error)
    params, language = parsed.params, current_language()
    outcome = search_services(params)
    services = get_services_for_api([hit.service_id for hit in outcome.hits])
    distances = {hit.service_id: hit.distance_km for hit in outcome.hits}
    dated = list_dated([s.id for s in services], clock.today())  # one read for the page's activities
    near = params.near
    return jsonify(
        total=outcome.total,
        page=params.page,
        per_page=params.per_page,
        near={"name": near.name(language), "lat": near.latitude, "lon": near.longitude} if near else None,
        suggestion=outcome.suggestion,
        facets=facet_payload(outcome.facets),
        items=[service_item(s, language, distances.get(s.id), dated[s.id]) for s in services],
    )


MAX_MAP_FEATURES = 5000


@bp.get("/services.geojson")
@public_data
def services_geojson():
    """Every result of a search (not one page) as GeoJSON points, for the map."""
    try:
        _check_language()
        parsed = parse_search_args(request.args)
    except BadParameter as error:
        return bad_parameter(error)
    outcome = search_services(parsed.params)
    language = current_language()
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [longitude, latitude]},
            "properties": {"id": service_id, "name": {"fy": name_fy, "en": name_en}.get(language) or name_nl,
                           "url": url_for("web.service_detail", service_id=service_id, slug=slugify(name_nl)),
                           "place": display_name(*place, language)},
        }
        for service_id, name_nl, name_fy, name_en, latitude, longitude, *place in list_map_points(
            outcome.ordered_ids[:MAX_MAP_FEATURES])
    ]  # fmt: skip
    response = jsonify(type="FeatureCollection", features=features)
    response.mimetype = "application/geo+json"
    return response


@bp.get("/services/<int:service_id>")
@public_data
def get_service(service_id: int):
    try:
        _check_language()
    except BadParameter as error:
        return bad_parameter(error)
    service = get_visible_service(service_id)
    if service is None:
        return error_response(404, "not_found", _("There is no service with this number."))
    response = jsonify(service_item(service, current_language()))
    response.headers["ETag"] = f'"v{service.version}"'
    return response


@bp.get("/places")
@public_data
def list_places():
    text = request.args.get("q", "")
    if len(text) > MAX_QUERY_LENGTH:
        message = _("The search text is longer than %(n)s characters. Please shorten it.", n=MAX_QUERY_LENGTH)
        return error_response(400, "q_too_long", message, "q")
    return jsonify([_place_json(p) for p in autocomplete_places(text)])
