"""/vrijwilligerswerk for residents; posting and ending a vacancy from the dashboard."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from socialmap import clock
from socialmap.accounts.access import NotAllowed
from socialmap.catalogue.queries import get_organization
from socialmap.extensions import db
from socialmap.i18n import _
from socialmap.search.params import MAX_QUERY_LENGTH, BadParameter, resolve_near_or_raise
from socialmap.volunteering import queries, services

bp = Blueprint("volunteering", __name__)


@bp.get("/vrijwilligerswerk")
def vacancies():
    near_text = request.args.get("near", "").strip()[:MAX_QUERY_LENGTH]
    near, problem = None, None
    if near_text:
        try:
            near = resolve_near_or_raise(near_text)
        except BadParameter as error:
            problem = error
    hits = queries.list_vacancies_near(near) if problem is None else []
    return render_template("volunteering/vacancies.html", hits=hits, near=near, near_text=near_text, problem=problem)


@bp.route("/beheer/organisaties/<int:organization_id>/vacatures/nieuw", methods=["GET", "POST"])
@login_required
def new_vacancy(organization_id: int):
    organization = get_organization(organization_id)
    if organization is None:
        abort(404)
    if not current_user.can_edit_organization(organization):
        abort(403)
    errors: dict[str, str] = {}
    if request.method == "POST":
        try:
            services.post_vacancy(current_user, organization, request.form.to_dict(), clock.today())
        except NotAllowed:
            abort(403)
        except services.ValidationFailed as failure:
            errors = failure.errors
        else:
            db.session.commit()
            flash(_("Your vacancy is online."))
            return redirect(url_for("catalogue.dashboard"))
    return render_template("volunteering/vacancy_form.html", organization=organization, row=request.form,
                           errors=errors), 400 if errors else 200  # fmt: skip


@bp.post("/beheer/vacatures/<int:vacancy_id>/beeindigen")
@login_required
def end_vacancy(vacancy_id: int):
    vacancy = queries.get_vacancy(vacancy_id)
    if vacancy is None:
        abort(404)
    try:
        services.end_vacancy(current_user, vacancy)
    except NotAllowed:
        abort(403)
    db.session.commit()
    flash(_("The vacancy is no longer shown."))
    return redirect(url_for("catalogue.dashboard"))
