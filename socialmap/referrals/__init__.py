"""Referral decisions by social teams, their outcomes, and the reports built from them.

Privacy by design: a referral describes a decision, never a person. There is no column that could
hold a client's name, address, birth date, BSN or free text.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.catalogue.queries import list_terms
    from socialmap.referrals import views

    app.register_blueprint(views.bp)
    app.jinja_env.globals.update(
        new_submission_key=views.new_submission_key,
        referral_products=lambda: list_terms("product"),
        referral_reasons=lambda: list_terms("reason"),
        outcome_label=views.outcome_label,
    )
