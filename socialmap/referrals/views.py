"""Professionals: alternatives, the referral button, follow-up. Reports for municipalities and teams."""

from __future__ import annotations

import uuid

from flask import Blueprint, Response, abort, flash, g, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from markupsafe import Markup, escape

from socialmap.accounts.models import TEAM_KINDS
from socialmap.catalogue.cards import load_cards
from socialmap.catalogue.models import Service
from socialmap.catalogue.queries import list_terms
from socialmap.extensions import db
from socialmap.i18n import _, current_language
from socialmap.ids import read_id
from socialmap.places.queries import PlaceAmbiguous, PlaceNotFound
from socialmap.referrals import queries, reports, services
from socialmap.referrals.charts import bar_chart, coverage_map
from socialmap.referrals.coverage import list_coverage
from socialmap.referrals.export import spreadsheet_csv
from socialmap.referrals.models import DECISIONS, ESCALATED, NO_PRODUCT, OUTCOMES, Referral
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
                                                   filters={"alternative": frozenset({product})}))  # fmt: skip
            services_found = load_cards([h.service_id for h in outcome.hits])
            hits = {h.service_id: h for h in outcome.hits}
    return render_template("referrals/alternatives.html", products=products, product=product, near_text=near_text,
                           near=near, services=services_found, hits=hits, problem=problem,
                           problem_places=problem_places)  # fmt: skip


@bp.post("/verwijzingen")
@login_required
def create():
    form = request.form
    service = db.session.get(Service, read_id(form.get("service_id")) or 0) if form.get("service_id") else None
    place, place_error, choices = _household_place(form.get("place", ""))
    try:
        referral, created = services.record_referral(current_user, service, form.get("instead_of", NO_PRODUCT), place,
                                                     form.get("reason") or None, form.get("submission_key", ""),
                                                     form.get("decision") or None)  # fmt: skip
    except services.NotAllowed:
        abort(403)
    except services.ReferralError as failure:
        # The form again, open, with each message next to its field and what was chosen kept (the same
        # submission key: a second try still counts once).
        errors = failure.errors | ({"place": place_error} if place_error else {})
        values = {key: form.get(key, "") for key in ("instead_of", "decision", "reason", "place", "submission_key")}
        values |= {"next": safe_next("referrals.follow_ups"), "choices": choices}
        return render_template("referrals/decision.html", service=service, form=values, errors=errors), 400
    db.session.commit()
    if created:
        flash(_("Decision recorded. Thank you. You can undo this for %(n)s minutes on your follow-up page.",
                n=services.UNDO_MINUTES) if referral.decision == ESCALATED else _(
              "Referral recorded. Thank you. You can undo this for 15 minutes on your follow-up page."))  # fmt: skip
    return redirect(safe_next("referrals.follow_ups"))


def _household_place(text: str):
    """(place, message, choices): the village typed or carried over from the search, or why not."""
    if not text.strip():
        return None, None, []
    try:
        return queries.household_place(text), None, []
    except PlaceAmbiguous as error:
        return None, _("There are several places called “%(value)s”. Which one do you mean?", value=text[:50]), list(
            error.candidates)  # fmt: skip
    except PlaceNotFound:
        return None, _("We do not know the place “%(value)s”.", value=text[:50]), []


def referral_form_values(near_text: str = "") -> dict:
    """What a referral form starts with on a search, service or alternatives page (a template global)."""
    cache = g.setdefault("referral_defaults", {})
    product = request.args.get("product") or request.args.get("alternatives") or ""
    if (near_text, product) not in cache:
        codes = {p.code for p in list_terms("product")}
        cache[(near_text, product)] = queries.form_defaults(near_text, product, codes, current_language())
    defaults = cache[(near_text, product)]
    return {"instead_of": defaults.product, "decision": "", "reason": "", "place": defaults.village,
            "choices": defaults.choices, "submission_key": new_submission_key(), "next": request.full_path}


def team_experience(service_id: int) -> tuple[int, int | str] | None:
    """(used, helped) of the worker's teams with this service, once they chose it 5 times (a template
    global; one query per page). Helped counts of 1 to 4 show as "< 5", as in every report."""
    if "team_experience" not in g:
        g.team_experience = queries.team_experience(current_user.team_ids)
    found = g.team_experience.get(service_id)
    return (found[0], reports.suppressed(found[1])) if found else None


def household_villages() -> Markup:
    """Once per page: the villages of the worker's municipalities as suggestions for the village field
    (no script needed; a service page has no search to take the village from)."""
    if g.get("household_villages_shown"):
        return Markup("")
    g.household_villages_shown = True
    language = current_language()
    names = sorted({p.display_name(language) for p in queries.list_team_places(current_user)})
    options = "".join(f'<option value="{escape(name)}">' for name in names)
    return Markup(f'<datalist id="household-villages">{options}</datalist>')


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
                           outcomes=OUTCOMES, undo_minutes=services.UNDO_MINUTES, can_undo=services.can_undo,
                           product_labels=_labels("product"), escalated=ESCALATED)  # fmt: skip


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
    if group_by == "organization":
        return {"-": _("none: escalated to indicated care")}
    if group_by == "team_kind":
        return {code: str(label) for code, label in TEAM_KINDS.items()}
    if group_by == "tier":  # the step's name, not its number
        from socialmap.web.presenters import tier_label

        return {str(level): f"{level}. {tier_label(level, None, language)}" for level in range(1, 6)}
    return {}


@bp.get("/rapportages")
@login_required
def report():
    scope = reports.report_scope(current_user)
    if scope is None:
        if current_user.can_see_organization_report:
            return redirect(url_for("referrals.organization_report"))
        abort(403)
    problem, args = None, request.args.to_dict()
    while True:
        try:
            filters, group_by = reports.parse_report_args(args, scope)
            break
        except BadParameter as error:
            # The report without the wrong choice, and the message next to its field (not a bare error page).
            problem, args = problem or error, {k: v for k, v in args.items() if k != error.field}
    rows, summary = reports.published_report(filters, group_by)
    labels = _labels(group_by)
    services.audit(current_user, "report_viewed", {"args": request.args.to_dict()})
    db.session.commit()
    chart_rows = [(labels.get(r["key"], r["key"]), r["count"]) for r in rows]
    outcome_rows = [(outcome_label(code), count) for code, count in summary["outcomes"].items()]
    return render_template(
        "referrals/report.html", rows=rows, labels=labels, group_by=group_by, groups=reports.GROUPS,
        summary=summary, municipalities=reports.report_municipalities(current_user), outcomes=OUTCOMES,
        decisions=DECISIONS,
        chart=bar_chart(_("Decisions per %(group)s", group=group_label(group_by)), chart_rows),
        outcome_chart=bar_chart(_("Outcomes of front-line help"), outcome_rows), outcome_label=outcome_label,
        group_label=group_label, decision_heading=decision_heading, percent=percent, problem=problem,
    ), 400 if problem else 200  # fmt: skip


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
    rows, _summary = reports.published_report(filters, group_by)
    labels = _labels(group_by)
    headings = [group_label(group_by), _("Number of decisions"), *(decision_heading(code) for code in DECISIONS),
                _("Substitution share (%)"), _("Front-line help"),
                *(outcome_label(code) for code in (*OUTCOMES, "pending"))]  # fmt: skip
    text = spreadsheet_csv([headings] + [
        [labels.get(row["key"], row["key"]), row["count"], *row["decisions"].values(),
         percent(row["substitution_share"]), row["front_line_help"], *row["outcomes"].values()]
        for row in rows])  # fmt: skip
    services.audit(current_user, "report_exported", {"args": request.args.to_dict()})
    db.session.commit()
    return Response(text, mimetype="text/csv",
                    headers={"Content-Disposition": f"attachment; filename=verwijzingen-{group_by}.csv"})  # fmt: skip


@bp.get("/rapportages/witte-vlekken")
@login_required
def coverage():
    """The coverage map of a municipality for a product: villages without a front-line alternative."""
    scope = reports.report_scope(current_user) or abort(403)
    allowed = reports.report_municipalities(current_user)
    args = {"municipality": allowed[0].slug if allowed else "", "product": "household_help"} | request.args.to_dict()
    try:
        municipality, product, filters = reports.parse_coverage_args(args, current_user, scope)
    except BadParameter as error:
        return render_template("referrals/coverage.html", problem=error, args=args, municipalities=allowed,
                               rows=[], chart=""), 400  # fmt: skip
    rows = list_coverage(municipality, product, filters)
    services.audit(current_user, "coverage_viewed", {"args": args})
    db.session.commit()
    language = current_language()
    title = _("Villages without a front-line alternative in red")
    chart = coverage_map(title, [(r.place.latitude, r.place.longitude, r.place.display_name(language),
                                  r.alternatives > 0) for r in rows])  # fmt: skip
    return render_template("referrals/coverage.html", problem=None, args=args, municipalities=allowed, rows=rows,
                           chart=chart, municipality=municipality, product=product)  # fmt: skip


@bp.get("/rapportages/witte-vlekken.csv")
@login_required
def coverage_csv():
    scope = reports.report_scope(current_user) or abort(403)
    try:
        municipality, product, filters = reports.parse_coverage_args(request.args, current_user, scope)
    except BadParameter as error:
        return render_template("errors/bad_request.html", message=error.message), 400
    language = current_language()
    rows = list_coverage(municipality, product, filters)
    text = spreadsheet_csv([[_("Village"), _("Municipality"), _("Indicated care"), _("Front-line alternatives"),
                             _("Escalations for lack of an alternative")]] + [
        [r.place.display_name(language), municipality.display_name(language), _labels("product").get(product),
         r.alternatives, r.not_found] for r in rows])  # fmt: skip
    services.audit(current_user, "coverage_exported", {"args": request.args.to_dict()})
    db.session.commit()
    return Response(text, mimetype="text/csv", headers={
        "Content-Disposition": f"attachment; filename=witte-vlekken-{municipality.slug}-{product}.csv"})  # fmt: skip


@bp.get("/organisatie/verwijzingen")
@login_required
def organization_report():
    if not current_user.can_see_organization_report:
        abort(403)
    quarters, rows = reports.organization_quarters([o.id for o in current_user.organizations], reports.ReportFilter())
    return render_template("referrals/organization_report.html", quarters=quarters, rows=rows)


def decision_heading(code: str) -> str:
    """Short column headings for the decision types (their full titles are in models.DECISIONS)."""
    return {"front_line": _("Instead of indicated care"), "prevention": _("Prevention"),
            "bridging": _("While waiting"), "step_down": _("Stepping down"),
            "indicated_care": _("Escalated to indicated care")}.get(code, code)  # fmt: skip


def percent(share: float | None) -> int | str:
    return "" if share is None else round(share * 100)


def group_label(code: str) -> str:
    return {"month": _("month"), "team": _("team"), "team_kind": _("kind of team"), "tier": _("step"),
            "theme": _("theme"),
            "product": _("indicated care avoided"), "place": _("village"),
            "organization": _("organisation")}.get(code, code)  # fmt: skip


def outcome_label(code: str) -> str:
    return {"helped": _("helped"), "partly": _("partly helped"), "escalated": _("indicated care after all"),
            "did_not_go": _("did not go"), "unknown": _("unknown"),
            "pending": _("not yet known")}.get(code, code)  # fmt: skip
