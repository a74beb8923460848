"""Organisations, services, locations, schedules and the taxonomies they use."""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.catalogue import views

    app.register_blueprint(views.bp)
