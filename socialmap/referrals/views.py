"""Professionals: alternatives, the referral button, follow-up. Reports for municipalities and teams."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required

from socialmap.catalogue.cards import load_cards
from socialmap.catalogue.models import Service
from socialmap.catalogue.queries import list_terms
from socialmap.extensions import db
from socialmap.i18n import _, current_language
from socialmap.ids import read_id
from socialmap.places.queries import PlaceAmbiguous, PlaceNotFound, list_municipalities, resolve_place_name
from socialmap.referrals import reports, services
from socialmap.referrals.charts import bar_chart
from socialmap.referrals.export import spreadsheet_csv
from socialmap.referrals.models import NO_PRODUCT, OUTCOMES, Referral
from socialmap.search.params import BadParameter, resolve_near_or_raise
from socialmap.search.service import SearchParams, search_services
from socialmap.security import safe_next

bp = Blueprint("referrals", __name__)


def new_submission_key() -> str:
    return uuid.uuid4().hex


@bp.get("/professionals/alternatieven")
@login_required
def alternatives():
    """Pick an indicated-care product and a village: the front-line services that can stand in for it."""
    if not current_user.can_see_alternatives:
        abort(403)
    products = list_terms("product")
    product = request.args.get("product", "")
    near_text = request.args.get("near", "").strip()
    services_found, hits, problem, near, problem_places = [], {}, None, None, []
    if product and near_text:
        if product not in {p.code for p in products}:
            abort(400)
        try:
            near = resolve_near_or_raise(near_text)
        except BadParameter as error:
            problem = error.message  # a misspelt village gets the same suggestions as on the resident pages
            problem_places = error.extra.get("suggestions") or error.extra.get("candidates") or error.extra.get(
                "nearest") or []
        else:
            outcome = search_services(SearchParams(near=near, radius_km=25, include_stale=True, per_page=50,
                                                   alternatives=frozenset({product})))  # fmt: skip
            services_found = load_cards([h.service_id for h in outcome.hits])
            hits = {h.service_id: h for h in outcome.hits}
    return render_template("referrals/alternatives.html", products=products, product=product, near_text=near_text,
                           near=near, services=services_found, hits=hits, problem=problem,
                           problem_places=problem_places)  # fmt: skip


@bp.post("/verwijzingen")
@login_required
def create():
    service = db.session.get(Service, read_id(request.form.get("service_id")) or 0)
    place = None
    try:
        place = resolve_place_name(request.form.get("place", ""))
    except (PlaceNotFound, PlaceAmbiguous):
        place = None
    try:
        referral, created = services.record_referral(current_user, service, request.form.get("instead_of", NO_PRODUCT),
                                                     place, request.form.get("reason") or None,
                                                     request.form.get("submission_key", ""))  # fmt: skip
    except services.NotAllowed:
        abort(403)
    except services.ReferralError as failure:
        flash(" ".join(failure.errors.values()))
        return redirect(safe_next("web.home"))
    db.session.commit()
    if created:
        flash(_("Referral recorded. Thank you. You can undo this for 15 minutes on your follow-up page."))
    return redirect(safe_next("referrals.follow_ups"))


def _on_referral(referral_id: int, action, done_message: str):
    """Load, let the service decide, commit once, and go back to the follow-up list."""
    referral = db.session.get(Referral, referral_id) or abort(404)
    try:
        action(referral)
    except services.NotAllowed:
        abort(403)
    except services.ReferralError as failure:
        flash(" ".join(failure.errors.values()))
        return redirect(url_for("referrals.follow_ups"))
    db.session.commit()
    flash(done_message)
    return redirect(url_for("referrals.follow_ups"))


@bp.post("/verwijzingen/<int:referral_id>/ongedaan")
@login_required
def undo(referral_id: int):
    return _on_referral(referral_id, lambda r: services.undo_referral(current_user, r),
                        _("The referral is taken back."))  # fmt: skip


@bp.get("/verwijzingen/opvolgen")
@login_required
def follow_ups():
    if not current_user.can_refer:
        abort(403)
    recent = db.session.scalars(
        db.select(Referral).where(Referral.worker == current_user.pseudonym)
        .order_by(Referral.created_at.desc()).limit(20)
    ).all()  # fmt: skip
    return render_template("referrals/follow_ups.html", due=services.list_follow_ups(current_user), recent=recent,
                           outcomes=OUTCOMES, undo_minutes=services.UNDO_MINUTES)  # fmt: skip


@bp.post("/verwijzingen/<int:referral_id>/uitkomst")
@login_required
def outcome(referral_id: int):
    chosen = request.form.get("outcome", "")
    return _on_referral(referral_id, lambda r: services.record_outcome(current_user, r, chosen), _("Outcome saved."))


def _labels(group_by: str) -> dict[str, str]:
    language = current_language()
    if group_by in ("theme", "product"):
        labels = {t.code: t.label(language) for t in list_terms(group_by)}
        labels[NO_PRODUCT] = _("none (prevention)")
        labels["-"] = _("no theme")
        return labels
    return {}


@bp.get("/rapportages")
@login_required
def report():
    scope = reports.report_scope(current_user)
    if scope is None:
        if current_user.can_see_organization_report:
            return redirect(url_for("referrals.organization_report"))
        abort(403)
    try:
        filters, group_by = reports.parse_report_args(request.args, scope)
    except BadParameter as error:
        return render_template("errors/bad_request.html", message=error.message), 400
    referrals = reports.load_referrals(filters)
    rows, summary = reports.protect(reports.group(referrals, group_by), reports.summary(referrals), group_by)
    labels = _labels(group_by)
    services.audit(current_user, "report_viewed", {"args": request.args.to_dict()})
    db.session.commit()
    chart_rows = [(labels.get(r["key"], r["key"]), r["count"]) for r in rows]
    outcome_rows = [(outcome_label(code), count) for code, count in summary["outcomes"].items()]
    return render_template(
        "referrals/report.html", rows=rows, labels=labels, group_by=group_by, groups=reports.GROUPS,
        summary=summary, municipalities=list_municipalities(), outcomes=OUTCOMES,
        chart=bar_chart(_("Referral decisions per %(group)s", group=group_label(group_by)), chart_rows),
        outcome_chart=bar_chart(_("Outcomes"), outcome_rows), outcome_label=outcome_label,
        group_label=group_label,
    )  # fmt: skip


@bp.get("/rapportages.csv")
@login_required
def report_csv():
    scope = reports.report_scope(current_user)
    if scope is None:
        abort(403)
    try:
        filters, group_by = reports.parse_report_args(request.args, scope)
    except BadParameter as error:
        return render_template("errors/bad_request.html", message=error.message), 400
    referrals = reports.load_referrals(filters)
    rows, _summary = reports.protect(reports.group(referrals, group_by), reports.summary(referrals), group_by)
    labels = _labels(group_by)
    outcome_headings = [outcome_label(code) for code in (*OUTCOMES, "pending")]
    text = spreadsheet_csv([[group_label(group_by), _("Number of decisions"), *outcome_headings]] + [
        [labels.get(row["key"], row["key"]), row["count"], *row["outcomes"].values()] for row in rows])  # fmt: skip
    services.audit(current_user, "report_exported", {"args": request.args.to_dict()})
    db.session.commit()
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=verwijzingen-{group_by}.csv"})  # fmt: skip


@bp.get("/organisatie/verwijzingen")
@login_required
def organization_report():
    if not current_user.can_see_organization_report:
        abort(403)
    counts = reports.organization_counts([o.id for o in current_user.organizations], reports.ReportFilter())
    return render_template("referrals/organization_report.html", counts=counts)


def group_label(code: str) -> str:
    return {"month": _("month"), "team": _("team"), "tier": _("step"), "theme": _("theme"),
            "product": _("indicated care avoided"), "place": _("village"),
            "organization": _("organisation")}.get(code, code)  # fmt: skip


def outcome_label(code: str) -> str:
    return {"helped": _("helped"), "partly": _("partly helped"), "escalated": _("indicated care after all"),
            "did_not_go": _("did not go"), "unknown": _("unknown"),
            "pending": _("not yet known")}.get(code, code)  # fmt: skip
