"""Resident-facing pages that span features (home, search, service, place)."""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap import contacts
    from socialmap.web import assets, views

    assets.init_app(app)  # fingerprinted static URLs, a year's cache, gzip/br
    # Who to ask per village: its box is on the resident pages here, its management under /beheer.
    contacts.init_app(app)
    app.register_blueprint(views.bp)
    app.context_processor(views.template_globals)
    app.after_request(views.remember_language)
    from socialmap.web.markdown import render_markdown

    app.add_template_filter(render_markdown, "markdown")
    from socialmap.i18n import format_date, format_datetime

    # Flask-Babel's own filters capitalise Frisian months; every template gets the one function.
    app.add_template_filter(format_date, "dateformat")
    app.add_template_filter(format_datetime, "datetimeformat")
    from socialmap.web import cache

    cache.init_app(app)  # last: its after-request hook must see the answer before the others change it
