"""/api/v1: the public JSON API, thin views over the same services as the web pages."""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.api import editing, errors, views  # noqa: F401  (editing adds write routes to views.bp)

    app.register_blueprint(views.bp)
    errors.register(app)
