"""/api/v1: the public JSON API, thin views over the same services as the web pages."""

from flask import Flask


def init_app(app: Flask) -> None:
    # editing and referrals add their routes to views.bp
    from socialmap.api import activities, editing, errors, referrals, vacancies, views  # noqa: F401

    app.register_blueprint(views.bp)
    errors.register(app)
