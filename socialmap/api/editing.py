"""POST /api/v1/services and PATCH /api/v1/services/<id>: the same service layer as the web forms."""

from __future__ import annotations

from flask import g, jsonify, request

from socialmap.api.auth import token_required
from socialmap.api.errors import error_response, invalid_fields
from socialmap.api.serialize import service_item
from socialmap.api.views import bp
from socialmap.catalogue import services
from socialmap.catalogue.models import Organization, Service
from socialmap.catalogue.queries import DISPLAY_OPTIONS
from socialmap.extensions import csrf, db
from socialmap.i18n import _, current_language
from socialmap.ids import read_id


def _etag(service: Service) -> str:
    return f'"v{service.version}"'


def _version_conflict():
    message = _("The service changed since you read it. Read it again (new ETag) and apply your change to it.")
    return error_response(412, "version_conflict", message)


def _json_body() -> dict | None:
    data = request.get_json(silent=True)
    return data if isinstance(data, dict) else None


def _saved(outcome: services.SaveOutcome):
    db.session.commit()
    if not outcome.published:
        body = {"status": "pending", "change_request_id": outcome.change_request.id,
                "message": _("The municipality checks the change before residents see it.")}  # fmt: skip
        return jsonify(body), 202
    service = db.session.scalars(
        db.select(Service).options(*DISPLAY_OPTIONS).where(Service.id == outcome.service.id)
    ).unique().one()
    response = jsonify(service_item(service, current_language()))
    response.headers["ETag"] = _etag(service)
    return response


def _save(organization: Organization, service: Service | None, data: dict, expected_version: int | None):
    try:
        outcome = services.save_service(g.api_user, organization, service, data, expected_version)
    except services.NotAllowed:
        return error_response(403, "forbidden", _("You may only change your own organisation's services."))
    except services.ValidationFailed as failure:
        return invalid_fields(failure.errors)
    except services.EditConflict:
        return _version_conflict()
    return _saved(outcome)


@bp.post("/services")
@csrf.exempt
@token_required(lambda user: user.edits_services)
def create_service():
    data = _json_body()
    if data is None:
        return error_response(400, "bad_json", _("Send a JSON object."))
    organization_id = read_id(data.get("organization_id"))
    organization = db.session.get(Organization, organization_id) if organization_id else None
    if organization is None:
        return invalid_fields({"organization_id": _("Give the number of your organisation.")})
    return _save(organization, None, data, None)


@bp.patch("/services/<int:service_id>")
@csrf.exempt
@token_required(lambda user: user.edits_services)
def update_service(service_id: int):
    service = db.session.get(Service, service_id)
    if service is None or service.deleted_at is not None:
        return error_response(404, "not_found", _("There is no service with this number."))
    data = _json_body()
    if data is None:
        return error_response(400, "bad_json", _("Send a JSON object."))
    if not g.api_user.can_edit_organization(service.organization):
        return error_response(403, "forbidden", _("You may only change your own organisation's services."))
    expected = None
    if request.headers.get("If-Match"):
        if request.headers["If-Match"].strip() != _etag(service):
            return _version_conflict()
        expected = service.version
    merged = {**services.service_row(service), **{k: v for k, v in data.items() if k in services.EDIT_FIELDS}}
    return _save(service.organization, service, merged, expected)
