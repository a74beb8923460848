"""Dated happenings of a service: one-off activities and closures ("gesloten 24 december – 2 januari")."""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.activities import views

    app.register_blueprint(views.bp)
