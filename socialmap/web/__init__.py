"""Resident-facing pages that span features (home, search)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.web import views

    app.register_blueprint(views.bp)
    app.context_processor(views.template_globals)
