"""Volunteer vacancies: organisations ask for volunteers, residents find them near their village."""

from flask import Flask


def init_app(app: Flask) -> None:
    from flask_babel import format_decimal

    from socialmap.volunteering import queries, views

    app.register_blueprint(views.bp)
    # The organisation's dashboard and the village and organisation pages show vacancies; their
    # views belong to other packages, so the templates ask for them here.
    app.jinja_env.globals.update(
        organization_vacancies=queries.list_organization_vacancies,
        place_vacancies=queries.list_place_vacancies,
        format_hours=lambda hours: format_decimal(hours, format="#,##0.#"),
    )
