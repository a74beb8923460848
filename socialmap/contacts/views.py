"""/beheer/aanspreekpunten: municipal editors keep who to ask in each village of their municipalities."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from socialmap.accounts.access import NotAllowed
from socialmap.contacts import services
from socialmap.contacts.forms import ContactPointForm
from socialmap.extensions import db
from socialmap.i18n import _, current_language
from socialmap.places.queries import get_contact_point, list_contact_points, list_municipalities, list_places_of

bp = Blueprint("contacts", __name__)


@bp.get("/beheer/aanspreekpunten")
@login_required
def contact_points():
    if not current_user.is_curator:
        abort(403)
    ids = current_user.curated_municipality_ids
    municipalities = [m for m in list_municipalities() if ids is None or m.id in ids]
    return render_template("contacts/list.html", municipalities=municipalities,
                           contact_points=list_contact_points(ids))  # fmt: skip


@bp.route("/beheer/aanspreekpunten/nieuw", methods=["GET", "POST"])
@login_required
def new_contact_point():
    slug = request.args.get("gemeente")
    municipality = next((m for m in list_municipalities() if m.slug == slug), None)
    if not current_user.can_curate(municipality.id if municipality else None):
        abort(403)
    if municipality is None:
        abort(404)
    return _edit(municipality.id, None)


@bp.route("/beheer/aanspreekpunten/<int:contact_point_id>", methods=["GET", "POST"])
@login_required
def edit_contact_point(contact_point_id: int):
    contact_point = get_contact_point(contact_point_id)
    if contact_point is None:
        abort(404)
    if not current_user.can_curate(contact_point.municipality_id):
        abort(403)
    return _edit(contact_point.municipality_id, contact_point)


@bp.post("/beheer/aanspreekpunten/<int:contact_point_id>/verwijderen")
@login_required
def delete_contact_point(contact_point_id: int):
    contact_point = get_contact_point(contact_point_id)
    if contact_point is None:
        abort(404)
    try:
        services.delete_contact_point(current_user, contact_point)
    except NotAllowed:
        abort(403)
    db.session.commit()
    flash(_("The contact point is removed."))
    return redirect(url_for("contacts.contact_points"))


def _edit(municipality_id: int, contact_point):
    municipality = next((m for m in list_municipalities() if m.id == municipality_id), None)
    if municipality is None:
        abort(404)
    places = {p.id: p for p in list_places_of(municipality_id)}
    form = ContactPointForm(obj=contact_point)
    language = current_language()
    form.place.choices = [("", "—")] + [(str(i), p.display_name(language)) for i, p in places.items()]
    form.places.choices = [(i, p.display_name(language)) for i, p in places.items()]
    if request.method == "GET" and contact_point is not None:
        form.place.data = str(contact_point.place_id or "")
        form.places.data = [p.id for p in contact_point.places]
    problems: list[str] = []
    if form.validate_on_submit():
        data = services.ContactPointData(
            **{name: getattr(form, name).data for name in services.TEXT_FIELDS},
            place=places.get(int(form.place.data)) if form.place.data else None,
            places=[places[i] for i in form.places.data or []],
        )
        try:
            services.save_contact_point(current_user, municipality_id, data, contact_point)
        except NotAllowed:
            abort(403)
        except services.ContactPointInvalid as invalid:
            problems = invalid.problems
        else:
            db.session.commit()
            flash(_("The contact point is saved."))
            return redirect(url_for("contacts.contact_points"))
    status = 400 if request.method == "POST" else 200
    return render_template("contacts/form.html", form=form, contact_point=contact_point, problems=problems,
                           municipality=municipality), status  # fmt: skip
