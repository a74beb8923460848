"""Resident-facing pages that span features (home, search, service, place)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.web import views

    app.register_blueprint(views.bp)
    app.context_processor(views.template_globals)
    app.after_request(views.remember_language)
    from socialmap.web.markdown import render_markdown

    app.add_template_filter(render_markdown, "markdown")
