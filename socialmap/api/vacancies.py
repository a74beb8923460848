"""GET /api/v1/vacancies?near=… for everyone; POST /api/v1/vacancies with an editor's token."""

from __future__ import annotations

from flask import g, jsonify, request, url_for

from socialmap import clock
from socialmap.accounts.access import NotAllowed
from socialmap.api.auth import token_required
from socialmap.api.errors import error_response, invalid_fields
from socialmap.api.views import bad_parameter, bp
from socialmap.catalogue.queries import get_organization
from socialmap.extensions import csrf, db
from socialmap.i18n import _, current_language
from socialmap.ids import read_id
from socialmap.search.params import MAX_QUERY_LENGTH, BadParameter, resolve_near_or_raise
from socialmap.security import public_data
from socialmap.volunteering import services
from socialmap.volunteering.models import Vacancy
from socialmap.volunteering.queries import list_vacancies_near


def vacancy_json(vacancy: Vacancy, language: str, distance_km: float | None = None) -> dict:
    description, used = vacancy.description(language)
    return {
        "id": vacancy.id,
        "organization": {"id": vacancy.organization.id, "name": vacancy.organization.name,
                         "url": url_for("web.organization", organization_id=vacancy.organization.id,
                                        slug=vacancy.organization.slug, _external=True)},  # fmt: skip
        "title": vacancy.title,
        "description": description,
        "lang": used,
        "place": vacancy.place.display_name(language) if vacancy.place else None,
        "service_area": {"places": [p.display_name(language) for p in vacancy.area_places],
                         "municipality": vacancy.area_municipality.display_name(language)
                         if vacancy.area_municipality else None}
        if vacancy.area_places or vacancy.area_municipality else None,  # fmt: skip
        "hours_per_week": vacancy.hours_per_week,
        "contact": vacancy.contact,
        "expires_on": vacancy.expires_on.isoformat(),
        "distance_km": round(distance_km, 2) if distance_km is not None else None,
    }


@bp.get("/vacancies")
@public_data
def list_vacancies():
    near_text = request.args.get("near", "").strip()
    near = None
    if len(near_text) > MAX_QUERY_LENGTH:
        return error_response(400, "near_too_long", _("The place is longer than %(n)s characters.",
                                                       n=MAX_QUERY_LENGTH), "near")  # fmt: skip
    if near_text:
        try:
            near = resolve_near_or_raise(near_text)
        except BadParameter as error:
            return bad_parameter(error)
    language = current_language()
    hits = list_vacancies_near(near)
    return jsonify(
        total=len(hits),
        near={"name": near.name(language), "lat": near.latitude, "lon": near.longitude} if near else None,
        items=[vacancy_json(hit.vacancy, language, hit.distance_km) for hit in hits],
    )


@bp.post("/vacancies")
@csrf.exempt
@token_required(lambda user: user.edits_services)
def create_vacancy():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error_response(400, "bad_json", _("Send a JSON object."))
    organization_id = read_id(data.get("organization_id"))
    organization = get_organization(organization_id) if organization_id else None
    if organization is None:
        return invalid_fields({"organization_id": _("Give the number of your organisation.")})
    try:
        vacancy = services.post_vacancy(g.api_user, organization, data, clock.today())
    except NotAllowed:
        return error_response(403, "forbidden", _("You may only post vacancies for your own organisation."))
    except services.ValidationFailed as failure:
        return invalid_fields(failure.errors)
    db.session.commit()
    return jsonify(vacancy_json(vacancy, current_language())), 201
