"""Editors' pages: dashboard, service form, pause/delete, history and revert, review queue."""

from __future__ import annotations

import datetime as dt
import json

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required, login_user

from socialmap.accounts import emails
from socialmap.accounts.forms import NewPasswordForm, SignUpForm
from socialmap.accounts.services import AccountError, read_link_token
from socialmap.catalogue import display, fields, services
from socialmap.catalogue import emails as catalogue_emails
from socialmap.catalogue import queries as q
from socialmap.catalogue.freshness import service_for_confirm_link
from socialmap.catalogue.models import ChangeRequest, Organization, Revision, Service
from socialmap.clock import utcnow
from socialmap.extensions import db
from socialmap.i18n import _, current_language
from socialmap.ids import read_id
from socialmap.places.queries import list_municipalities
from socialmap.security import safe_next

bp = Blueprint("catalogue", __name__, url_prefix="")
# People read a field's label, never its name (history, review queue, form errors).
bp.add_app_template_global(fields.label, "field_label")
bp.add_app_template_global(display.value_text, "value_text")
bp.add_app_template_global(display.action_label, "action_label")
# How long an organisation's dashboard shows the municipality's decisions on its changes.
DECISIONS_SHOWN_DAYS = 60


def _problems(failure: services.ValidationFailed) -> str:
    """A refused save as people read it: each field's label with its problem."""
    return "; ".join(f"{fields.label(name)}: {message}" if name in fields.BY_NAME else message
                     for name, message in failure.errors.items())  # fmt: skip


def _service_or_404(service_id: int) -> Service:
    service = db.session.get(Service, service_id)
    if service is None:
        abort(404)
    return service


def _editable_service(service_id: int) -> Service:
    service = _service_or_404(service_id)
    if not current_user.can_edit_organization(service.organization):
        abort(403)
    return service


@bp.get("/beheer")
@login_required
def dashboard():
    stale_before = dt.date.today() - dt.timedelta(days=current_app.config["FRESHNESS_REMIND_DAYS"])
    return render_template(
        "catalogue/dashboard.html",
        services=q.list_editable_services([o.id for o in current_user.organizations]),
        changes=q.list_pending_changes(current_user),
        pending_organizations=q.list_pending_organizations(current_user),
        stale=q.list_stale_services(current_user, stale_before),
        my_changes=services.list_organization_changes([o.id for o in current_user.organizations],
                                                      utcnow() - dt.timedelta(days=DECISIONS_SHOWN_DAYS)),
        invitable=q.list_invitable_organizations(current_user),
        is_curator=current_user.is_curator, change_diff=_change_diff,
        municipalities=[m for m in list_municipalities() if current_user.can_curate(m.id)],
    )  # fmt: skip


def _change_diff(change: ChangeRequest) -> dict:
    old = services.service_row(change.service) if change.service else {}
    return services.diff(old, services.proposed_row(change))


def _form_context(organization: Organization, service: Service | None, row: dict, errors: dict,
                  base: dict | None = None) -> dict:  # fmt: skip
    language = current_language()
    pending = services.pending_change(service)
    return {
        "organization": organization, "service": service, "row": row, "errors": errors,
        "version": request.form.get("version") or (service.version if service else ""),
        # What the form started from, sent back so that saving merges only this editor's changes.
        "base": request.form.get("base") or (json.dumps(base) if base is not None else ""),
        "pending": pending, "pending_diff": _change_diff(pending) if pending is not None else {},
        "pending_is_ours": pending is not None and not services.publishes_directly(current_user, organization),
        "options": {**{f.name: [(t.code, t.label(language)) for t in q.list_terms(f.vocabulary)]
                       for f in fields.FIELDS if f.vocabulary},
                    "tier": [(t.level, t.label(language)) for t in q.list_tiers() if t.level <= 4],
                    "municipality": [(m.name, m.name) for m in list_municipalities()],
                    "capacity": [(code, str(text)) for code, text in fields.CAPACITY_LABELS.items()]},
        "fields": fields.FIELDS,
    }  # fmt: skip


def _submitted() -> dict:
    return {f.name: request.form.getlist(f.name) if f.is_list else request.form.get(f.name, "")
            for f in fields.FIELDS}


@bp.route("/beheer/organisaties/<int:organization_id>/diensten/nieuw", methods=["GET", "POST"])
@login_required
def new_service(organization_id: int):
    organization = db.session.get(Organization, organization_id) or abort(404)
    if not current_user.can_edit_organization(organization):
        abort(403)
    if request.method == "GET":
        municipality = organization.municipality.name if organization.municipality else ""
        row = {**services.normalise_input({}), "municipality": municipality, "tier": "3"}
        return render_template("catalogue/service_form.html", **_form_context(organization, None, row, {}))
    return _save(organization, None)


@bp.route("/beheer/diensten/<int:service_id>", methods=["GET", "POST"])
@login_required
def edit_service(service_id: int):
    service = _editable_service(service_id)
    if request.method == "GET":
        row = services.shown_row(current_user, service)
        return render_template("catalogue/service_form.html", **_form_context(service.organization, service, row, {},
                                                                                 base=row))  # fmt: skip
    return _save(service.organization, service)


def _posted_base() -> dict | None:
    try:
        base = json.loads(request.form.get("base") or "null")
    except ValueError:
        return None
    return base if isinstance(base, dict) else None


def _save(organization: Organization, service: Service | None):
    data, found = services.locate_for_form(_submitted(), _posted_base())
    if found is not None:  # where the geocoder puts the address: the editor checks it, then saves again
        row = {**services.normalise_input(data), "latitude": f"{found.latitude:.6f}",
               "longitude": f"{found.longitude:.6f}"}  # fmt: skip
        return render_template("catalogue/service_form.html", **_form_context(organization, service, row, {}),
                               geocoded=found)  # fmt: skip
    version = request.form.get("version", type=int)
    try:
        outcome = services.save_service(current_user, organization, service, data, version, base=_posted_base(),
                                        language=current_language())  # fmt: skip
    except services.NotAllowed:
        abort(403)
    except services.ValidationFailed as failure:
        context = _form_context(organization, service, services.normalise_input(data), failure.errors)
        return render_template("catalogue/service_form.html", **context), 400
    except services.EditConflict as conflict:
        return render_template("catalogue/conflict.html", service=service, conflict=conflict, review=None,
                               action=url_for("catalogue.edit_service", service_id=service.id),
                               base=json.dumps(conflict.current), fields=fields.FIELDS), 409  # fmt: skip
    db.session.commit()
    if outcome.published:
        flash(_("Saved. Residents see the change right away."))
        return redirect(url_for("catalogue.edit_service", service_id=outcome.service.id))
    flash(_("Saved. The municipality checks the change before residents see it."))
    return redirect(url_for("catalogue.dashboard"))


@bp.route("/beheer/wijzigingen/<int:change_id>/bewerken", methods=["GET", "POST"])
@login_required
def edit_new_service(change_id: int):
    """A proposed new service, still waiting or rejected, changed by its organisation."""
    change = db.session.get(ChangeRequest, change_id) or abort(404)
    if not current_user.can_edit_organization(change.organization):
        abort(403)
    if change.service is not None:
        return redirect(url_for("catalogue.edit_service", service_id=change.service_id))
    if request.method == "GET":
        row = services.normalise_input(change.state or {})
        return render_template("catalogue/service_form.html", **_form_context(change.organization, None, row, {}))
    data = _submitted()
    try:
        services.amend_new_service(current_user, change, data, language=current_language())
    except services.NotAllowed:
        abort(403)
    except services.ValidationFailed as failure:
        context = _form_context(change.organization, None, services.normalise_input(data), failure.errors)
        return render_template("catalogue/service_form.html", **context), 400
    db.session.commit()
    flash(_("Saved. The municipality checks the change before residents see it."))
    return redirect(url_for("catalogue.dashboard"))


def _service_action(service_id: int, action, message: str):
    service = _service_or_404(service_id)
    try:
        action(current_user, service)
    except services.NotAllowed:
        abort(403)
    db.session.commit()
    flash(message)
    return redirect(safe_next("catalogue.dashboard"))


@bp.post("/beheer/diensten/<int:service_id>/pauzeren")
@login_required
def pause_service(service_id: int):
    return _service_action(service_id, lambda u, s: services.set_status(u, s, "paused"), _("Paused."))


@bp.post("/beheer/diensten/<int:service_id>/heropenen")
@login_required
def reopen_service(service_id: int):
    return _service_action(service_id, lambda u, s: services.set_status(u, s, "active"), _("Open again."))


@bp.route("/beheer/diensten/<int:service_id>/verwijderen", methods=["GET", "POST"])
@login_required
def delete_service(service_id: int):
    """A page that asks first (works without JavaScript); only its confirmed form deletes."""
    if request.method == "GET" or request.form.get("confirm") != "1":
        service = _editable_service(service_id)
        return render_template("catalogue/confirm_delete.html", service=service)
    return _service_action(service_id, services.delete_service, _("Deleted. You can undo this on the dashboard."))


@bp.post("/beheer/diensten/<int:service_id>/terugzetten")
@login_required
def restore_service(service_id: int):
    return _service_action(service_id, services.restore_service, _("Restored."))


@bp.post("/beheer/diensten/<int:service_id>/bevestigen")
@login_required
def confirm_service(service_id: int):
    return _service_action(service_id, services.confirm_service, _("Thank you: marked as still correct."))


@bp.get("/beheer/diensten/<int:service_id>/geschiedenis")
@login_required
def history(service_id: int):
    service = _editable_service(service_id)
    return render_template("catalogue/history.html", service=service, revisions=q.list_revisions(service.id),
                           fields=fields.FIELDS,
                           can_revert=current_user.can_curate(service.organization.municipality_id))  # fmt: skip


@bp.post("/beheer/revisies/<int:revision_id>/herstellen")
@login_required
def revert(revision_id: int):
    revision = db.session.get(Revision, revision_id) or abort(404)
    try:
        services.revert_to(current_user, revision)
    except services.NotAllowed:
        abort(403)
    except services.ValidationFailed as failure:
        flash(_("This version cannot be restored: %(problems)s", problems=_problems(failure)))
        return redirect(url_for("catalogue.history", service_id=revision.service_id))
    db.session.commit()
    flash(_("The older version is back."))
    return redirect(url_for("catalogue.history", service_id=revision.service_id))


@bp.post("/beheer/wijzigingen/<int:change_id>/goedkeuren")
@login_required
def approve(change_id: int):
    change = db.session.get(ChangeRequest, change_id) or abort(404)
    keep = {f.name: request.form[f"keep-{f.name}"] for f in fields.FIELDS if f"keep-{f.name}" in request.form}
    try:
        services.approve_change(current_user, change, request.form.get("message"),
                                keep=keep if request.form.get("resolved") else None,
                                seen_version=request.form.get("version", type=int))  # fmt: skip
        if request.form.get("trust"):
            services.set_trusted(current_user, change.organization, True)
    except services.NotAllowed:
        abort(403)
    except services.EditConflict as conflict:
        return render_template("catalogue/conflict.html", service=change.service, conflict=conflict, review=change,
                               action=url_for("catalogue.approve", change_id=change.id), base="",
                               fields=fields.FIELDS), 409  # fmt: skip
    except services.ValidationFailed as failure:
        flash(_problems(failure))
        return redirect(url_for("catalogue.dashboard"))
    db.session.commit()
    catalogue_emails.send_change_decided(change)
    flash(_("Approved and published."))
    return redirect(url_for("catalogue.dashboard"))


@bp.post("/beheer/wijzigingen/<int:change_id>/afwijzen")
@login_required
def reject(change_id: int):
    change = db.session.get(ChangeRequest, change_id) or abort(404)
    try:
        services.reject_change(current_user, change, request.form.get("message", ""))
    except services.NotAllowed:
        abort(403)
    except services.ValidationFailed as failure:
        flash(_problems(failure))
        return redirect(url_for("catalogue.dashboard"))
    db.session.commit()
    catalogue_emails.send_change_decided(change)
    flash(_("Rejected; the organisation sees your message on its dashboard and by e-mail."))
    return redirect(url_for("catalogue.dashboard"))


@bp.post("/beheer/organisaties/<int:organization_id>/goedkeuren")
@login_required
def approve_organization(organization_id: int):
    organization = db.session.get(Organization, organization_id) or abort(404)
    try:
        services.approve_organization(current_user, organization, trusted=bool(request.form.get("trust")))
    except services.NotAllowed:
        abort(403)
    db.session.commit()
    flash(_("The organisation is approved."))
    return redirect(url_for("catalogue.dashboard"))


@bp.post("/beheer/organisaties/<int:organization_id>/vertrouwen")
@login_required
def trust_organization(organization_id: int):
    organization = db.session.get(Organization, organization_id) or abort(404)
    try:
        services.set_trusted(current_user, organization, request.form.get("trusted") == "1")
    except services.NotAllowed:
        abort(403)
    db.session.commit()
    return redirect(url_for("catalogue.dashboard"))


@bp.post("/beheer/uitnodigen")
@login_required
def invite():
    """An existing listing is chosen by its id; a name only ever makes a new listing."""
    organization_id = read_id(request.form.get("organization_id"))
    municipality = next((m for m in list_municipalities() if m.slug == request.form.get("municipality")), None)
    if organization_id is None and municipality is None:
        abort(400)
    try:
        organization, token = services.invite_organization(current_user, request.form.get("email", ""),
                                                           organization_id=organization_id, municipality=municipality,
                                                           new_name=request.form.get("organization", ""))  # fmt: skip
    except services.NotAllowed:
        abort(403)
    except AccountError as error:
        flash(error.message)
        return redirect(url_for("catalogue.dashboard")), 303
    db.session.commit()
    emails.send_invitation(request.form["email"].strip(), organization.name, token)
    flash(_("Invitation sent."))
    return redirect(url_for("catalogue.dashboard"))


@bp.post("/beheer/organisaties/<int:organization_id>/redacteuren")
@login_required
def invite_organization_editor(organization_id: int):
    organization = db.session.get(Organization, organization_id) or abort(404)
    try:
        token = services.invite_editor(current_user, request.form.get("email", ""), organization)
    except services.NotAllowed:
        abort(403)
    except AccountError as error:
        flash(error.message)
        return redirect(url_for("catalogue.dashboard"))
    emails.send_invitation(request.form["email"].strip(), organization.name, token)
    flash(_("Invitation sent."))
    return redirect(url_for("catalogue.dashboard"))


@bp.route("/nog-juist/<token>", methods=["GET", "POST"])
def still_correct(token: str):
    """The link in the reminder: no password, signed, single-use, expiring. Opening it only shows the
    entry and one button: mail scanners fetch every link, and must not confirm what nobody checked."""
    service = service_for_confirm_link(token)
    if service is None:
        return render_template("accounts/message.html", title=_("Link not valid"),
                               message=_("This link has expired or was already used.")), 400  # fmt: skip
    if request.method == "GET":
        return render_template("catalogue/still_correct.html", service=service)
    services.confirm_service_by_link(service)
    db.session.commit()
    return render_template("accounts/message.html", title=_("Thank you"),
                           message=_("“%(name)s” is marked as still correct.", name=service.name_nl))


# Sign-up and invitations make or join an organisation, so they are the catalogue's pages (the
# catalogue stands on accounts, never the other way round); the templates stay with the other
# account pages.
@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def accept(token: str):
    payload = read_link_token("invite", token)
    if payload is None:
        return render_template("accounts/message.html", title=_("Link not valid"),
                               message=_("This link has expired or was already used. Ask for a new one.")), 400
    if services.invitation_is_used(token):
        return render_template("accounts/message.html", title=_("Invitation already used"),
                               message=_("This invitation was already used: the account exists. Sign in with its "
                                         "e-mail address and password, or ask for a new password on the sign-in "
                                         "page.")), 400  # fmt: skip
    form = NewPasswordForm()
    if form.validate_on_submit():
        try:
            user = services.accept_invitation(token, form.password.data)
        except AccountError as error:
            return render_template("accounts/message.html", title=_("Link not valid"), message=error.message), 400
        db.session.commit()
        login_user(user)
        return redirect(url_for("catalogue.dashboard"))
    return render_template("accounts/new_password.html", form=form, title=_("Welcome! Choose a password"))


@bp.route("/aanmelden", methods=["GET", "POST"])
def sign_up():
    form = SignUpForm()
    municipalities = list_municipalities()
    form.municipality.choices = [(m.slug, m.name) for m in municipalities]
    if form.validate_on_submit():
        municipality = next(m for m in municipalities if m.slug == form.municipality.data)
        try:
            outcome = services.sign_up_organization(form.organization.data, municipality, form.email.data,
                                                    form.password.data)
        except AccountError as error:
            getattr(form, error.field, form.organization).errors.append(error.message)
        else:
            db.session.commit()
            send = emails.send_sign_up_welcome if outcome.is_new else emails.send_sign_up_attempt
            send(outcome.user.email, form.organization.data.strip())
            # The same page either way: it must not reveal which addresses have an account.
            return render_template("accounts/message.html", title=_("Check your e-mail"),
                                   message=_("Thank you. We sent an e-mail to the address you gave; it tells you "
                                             "what happens next."))  # fmt: skip
    return render_template("accounts/sign_up.html", form=form), 200 if not form.errors else 400
