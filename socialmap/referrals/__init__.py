"""Referral decisions by social teams, their outcomes, and the reports built from them.

Privacy by design: a referral describes a decision, never a person. There is no column that could
hold a client's name, address, birth date, BSN or free text.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.catalogue.queries import list_terms
    from socialmap.i18n import current_language
    from socialmap.referrals import queries, views
    from socialmap.referrals.models import DECISIONS, ESCALATION_REASONS

    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(
        new_submission_key=views.new_submission_key,
        referral_products=lambda: list_terms("product"),
        referral_reasons=lambda: list_terms("reason"),
        outcome_label=views.outcome_label,
        referral_form_values=views.referral_form_values,
        household_villages=views.household_villages,
        team_experience=views.team_experience,
        place_choice=lambda place: queries.place_choice(place, current_language()),
        escalation_reasons=ESCALATION_REASONS,
        decision_labels=DECISIONS,
    )
