"""POST/PATCH /api/v1/referrals for a team's case system; GET /api/v1/reports/referrals for municipalities."""

from __future__ import annotations

import uuid

from flask import g, jsonify, request

from socialmap.api.auth import token_required
from socialmap.api.errors import error_response, invalid_fields
from socialmap.api.views import bp
from socialmap.catalogue.models import Service
from socialmap.extensions import csrf, db
from socialmap.i18n import _
from socialmap.ids import read_id
from socialmap.places.queries import PlaceAmbiguous, PlaceNotFound
from socialmap.referrals import reports, services
from socialmap.referrals.coverage import list_coverage
from socialmap.referrals.models import DECISIONS, NO_PRODUCT, Referral
from socialmap.referrals.queries import household_place
from socialmap.search.params import BadParameter


def referral_json(referral: Referral) -> dict:
    return {
        "id": referral.id,
        "decision": referral.decision,
        "service_id": referral.service_id,
        "team": referral.team.name,
        "team_kind": referral.team.kind,
        "instead_of": referral.instead_of,
        "place": referral.place.name_nl,
        "reason": referral.reason,
        "decided_on": referral.decided_on.isoformat(),
        "outcome": referral.outcome,
        "outcome_on": referral.outcome_on.isoformat() if referral.outcome_on else None,
    }


@bp.post("/referrals")
@csrf.exempt
@token_required(lambda user: user.can_refer)
def create_referral():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return error_response(400, "bad_json", _("Send a JSON object."))
    service = None
    if data.get("service_id") is not None:  # an escalation (decision indicated_care) names no service
        service_id = read_id(data.get("service_id"))
        service = db.session.get(Service, service_id) if service_id else None
        if service is None:
            return invalid_fields({"service_id": _("There is no service with this number.")})
    place = None
    if isinstance(data.get("place"), str):
        try:
            place = household_place(data["place"])  # a village name or a postcode
        except (PlaceNotFound, PlaceAmbiguous):
            place = None
    # Idempotency-Key lets a case system retry safely; without it every call is a new decision.
    key = request.headers.get("Idempotency-Key") or uuid.uuid4().hex
    instead_of, reason, decision = data.get("instead_of", NO_PRODUCT), data.get("reason"), data.get("decision")
    if not isinstance(instead_of, str):
        return invalid_fields({"instead_of": _("Give a product code or “none”.")})
    if reason is not None and not isinstance(reason, str):
        return invalid_fields({"reason": _("Give a reason code.")})
    if decision is not None and (not isinstance(decision, str) or not decision):
        return invalid_fields({"decision": _("Give one of: %(codes)s.", codes=", ".join(DECISIONS))})
    try:
        referral, created = services.record_referral(g.api_user, service, instead_of, place, reason, key[:64],
                                                     decision)  # fmt: skip
    except services.ReferralError as failure:
        return invalid_fields(failure.errors)
    db.session.commit()
    return jsonify(referral_json(referral)), 201 if created else 200


@bp.patch("/referrals/<int:referral_id>")
@csrf.exempt
@token_required(lambda user: user.can_refer)
def update_referral(referral_id: int):
    referral = db.session.get(Referral, referral_id)
    if referral is None:
        return error_response(404, "not_found", _("There is no referral with this number."))
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("outcome"), str):
        return invalid_fields({"outcome": _("Give one of: helped, partly, escalated, did_not_go, unknown.")})
    try:
        services.record_outcome(g.api_user, referral, data["outcome"])
    except services.NotAllowed:
        return error_response(403, "forbidden", _("Only the professional who recorded it can add the outcome."))
    except services.ReferralError as failure:
        return invalid_fields(failure.errors)
    db.session.commit()
    return jsonify(referral_json(referral))


@bp.get("/reports/referrals")
@token_required(lambda user: user.can_see_reports)
def referral_report():
    scope = reports.report_scope(g.api_user)
    try:
        filters, group_by = reports.parse_report_args(request.args, scope)
    except BadParameter as error:
        return error_response(400, error.code, error.message, error.field)
    rows, summary = reports.published_report(filters, group_by)
    services.audit(g.api_user, "report_api", {"args": request.args.to_dict()})
    db.session.commit()
    return jsonify(group_by=group_by, summary=summary, rows=rows)


@bp.get("/reports/coverage")
@token_required(lambda user: user.can_see_reports)
def coverage_report():
    """Villages of a municipality with their front-line alternatives for a product and the escalations
    for lack of one: the coverage map as data."""
    scope = reports.report_scope(g.api_user)
    try:
        municipality, product, filters = reports.parse_coverage_args(request.args, g.api_user, scope)
    except BadParameter as error:
        return error_response(400, error.code, error.message, error.field)
    rows = list_coverage(municipality, product, filters)
    services.audit(g.api_user, "coverage_api", {"args": request.args.to_dict()})
    db.session.commit()
    return jsonify(municipality=municipality.name, product=product, rows=[
        {"place": r.place.name_nl, "municipality": municipality.name, "product": product,
         "alternatives": r.alternatives, "not_found": r.not_found} for r in rows])  # fmt: skip
