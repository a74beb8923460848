"""The editors' page of a service's activities and closures: add one, remove one."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from socialmap import clock
from socialmap.accounts.access import NotAllowed, can_edit
from socialmap.activities import queries, services
from socialmap.catalogue.models import Service
from socialmap.extensions import db
from socialmap.i18n import _

bp = Blueprint("activities", __name__)


def _service(service_id: int) -> Service:
    service = db.session.get(Service, service_id)
    if service is None or service.deleted_at is not None:
        abort(404)
    if not can_edit(current_user, service):
        abort(403)
    return service


@bp.route("/beheer/diensten/<int:service_id>/activiteiten", methods=["GET", "POST"])
@login_required
def dated(service_id: int):
    service = _service(service_id)
    errors: dict[str, str] = {}
    which = "closure" if request.form.get("form") == "closure" else "activity"
    if request.method == "POST":
        post = services.post_closure if which == "closure" else services.post_activity
        try:
            post(current_user, service, request.form.to_dict(), clock.today())
        except NotAllowed:
            abort(403)
        except services.ValidationFailed as failure:
            errors = failure.errors
        else:
            db.session.commit()
            flash(_("Saved. Residents see it at once."))
            return redirect(url_for("activities.dated", service_id=service.id))
    return render_template("activities/dated.html", service=service, errors=errors, which=which, row=request.form,
                           dated=queries.list_dated([service.id], clock.today())[service.id]), 400 if errors else 200


@bp.post("/beheer/activiteiten/<int:activity_id>/verwijderen")
@login_required
def remove_activity(activity_id: int):
    activity = queries.get_activity(activity_id)
    if activity is None:
        abort(404)
    try:
        services.remove_activity(current_user, activity)
    except NotAllowed:
        abort(403)
    service_id = activity.service_id
    db.session.commit()
    flash(_("Removed."))
    return redirect(url_for("activities.dated", service_id=service_id))


@bp.post("/beheer/sluitingen/<int:closure_id>/verwijderen")
@login_required
def remove_closure(closure_id: int):
    closure = queries.get_closure(closure_id)
    if closure is None:
        abort(404)
    try:
        services.remove_closure(current_user, closure)
    except NotAllowed:
        abort(403)
    service_id = closure.service_id
    db.session.commit()
    flash(_("Removed."))
    return redirect(url_for("activities.dated", service_id=service_id))
