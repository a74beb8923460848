"""POST /api/v1/services/<id>/activities and /closures: dated news of a service, shown at once."""

from __future__ import annotations

from flask import g, jsonify, request

from socialmap import clock
from socialmap.accounts.access import NotAllowed
from socialmap.activities import services
from socialmap.api.auth import token_required
from socialmap.api.errors import error_response, invalid_fields
from socialmap.api.serialize import activity_json, closure_json
from socialmap.api.views import bp
from socialmap.catalogue.models import Service
from socialmap.extensions import csrf, db
from socialmap.i18n import _, current_language


def _post(service_id: int, post, to_json):
    service = db.session.get(Service, service_id)
    if service is None or service.deleted_at is not None:
        return error_response(404, "not_found", _("There is no service with this number."))
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error_response(400, "bad_json", _("Send a JSON object."))
    try:
        created = post(g.api_user, service, data, clock.today())
    except NotAllowed:
        return error_response(403, "forbidden", _("You may only change your own organisation's services."))
    except services.ValidationFailed as failure:
        return invalid_fields(failure.errors)
    db.session.commit()
    return jsonify(to_json(created)), 201


@bp.post("/services/<int:service_id>/activities")
@csrf.exempt
@token_required(lambda user: user.edits_services)
def create_activity(service_id: int):
    return _post(service_id, services.post_activity, lambda a: activity_json(a, current_language()))


@bp.post("/services/<int:service_id>/closures")
@csrf.exempt
@token_required(lambda user: user.edits_services)
def create_closure(service_id: int):
    return _post(service_id, services.post_closure, closure_json)
