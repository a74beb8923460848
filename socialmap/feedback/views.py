"""The correction form's two pages, handling a correction from the dashboard, and counting page views."""

from __future__ import annotations

import logging
import time

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import SQLAlchemyError

from socialmap.accounts.access import NotAllowed
from socialmap.catalogue.queries import get_visible_service
from socialmap.extensions import csrf, db, limiter
from socialmap.feedback import emails, services
from socialmap.feedback.forms import HONEYPOT, form_token, read_form
from socialmap.feedback.models import Correction
from socialmap.i18n import _

bp = Blueprint("feedback", __name__)
log = logging.getLogger(__name__)


def _correction_limit() -> str:
    return current_app.config.get("CORRECTION_RATE_LIMIT", "10 per hour; 30 per day")


@bp.post("/diensten/<int:service_id>/correctie")
@csrf.exempt  # the service page sets no cookie, so no CSRF token: the form's signed token stands in (forms.py)
@limiter.limit(_correction_limit)
def suggest_correction(service_id: int):
    service = get_visible_service(service_id) or abort(404)
    form = read_form(request.form, service.id)
    if form.errors:
        return render_template("feedback/correction.html", service=service, form=form,
                               token=form_token(service.id), honeypot=HONEYPOT), 400  # fmt: skip
    if form.is_valid:  # spam gets the same thank-you page, and nothing is kept or sent
        correction = services.create_correction(service, form.message, form.email)
        db.session.commit()
        for address in services.correction_recipients(correction):
            emails.send_new_correction(address, correction)
    return redirect(url_for("feedback.correction_thanks", service_id=service.id), 303)


@bp.get("/diensten/<int:service_id>/correctie/bedankt")
def correction_thanks(service_id: int):
    service = get_visible_service(service_id) or abort(404)
    return render_template("feedback/thanks.html", service=service)


@bp.post("/beheer/correcties/<int:correction_id>/afgehandeld")
@login_required
def handle_correction(correction_id: int):
    correction = db.session.get(Correction, correction_id) or abort(404)
    try:
        services.handle_correction(current_user, correction, request.form.get("note", ""))
    except NotAllowed:
        abort(403)
    db.session.commit()
    flash(_("Marked as handled. Thank you."))
    return redirect(url_for("catalogue.dashboard"))


def count_service_page_view(response):
    """An after-request hook: a service page a person read (200, not a redirect or a crawler) counts
    one in this process's counter, and every PAGE_VIEW_FLUSH_SECONDS the counts go to the database in
    one statement. A hook, so the resident pages need not know this package."""
    counter = current_app.extensions["page_views"]
    read = request.endpoint == "web.service_detail" and request.method == "GET" and response.status_code == 200
    if read:
        services.count_page_view(counter, request.view_args["service_id"], request.user_agent.string)
    if time.monotonic() - counter.flushed_at >= current_app.config["PAGE_VIEW_FLUSH_SECONDS"]:
        write_page_views(counter)
    return response


def write_page_views(counter: services.PageViewCounter) -> None:
    try:
        services.flush_page_views(counter)
    except SQLAlchemyError:  # the reader still gets the page; only these counts are lost
        log.exception("page views not written")
