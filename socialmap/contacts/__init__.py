"""One place to ask (centraal aanspreekpunt): the social team or desk that covers a village, kept by
its municipal editors and shown on every village page, results page with a place and service page.

The model and its reads live in socialmap/places (it is data about villages); the writes check
access (socialmap/accounts/access.py), which sits above places, so they live here.
"""

from flask import Flask


def init_app(app: Flask) -> None:
    from socialmap.contacts import views
    from socialmap.places.queries import get_contact_point_for

    app.register_blueprint(views.bp)
    # Village, results and service pages belong to other packages; their templates ask here.
    app.jinja_env.globals["contact_point_for"] = lambda place: (
        get_contact_point_for(place.id, place.municipality_id) if place is not None else None)
