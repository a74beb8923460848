"""/embed/…: a compact village list that a municipality's or village's own website puts in an <iframe>.

Only these pages may be framed, by any site (``frame-ancestors *``): they show what any resident
sees, have no forms and no session-dependent content, and every link opens in a new tab on our site.
"""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request, url_for

from socialmap.catalogue.cards import load_cards
from socialmap.places.queries import get_place_by_slug
from socialmap.search.params import BadParameter, parse_search_args
from socialmap.search.service import SearchParams, search_services
from socialmap.security import allow_framing

bp = Blueprint("embed", __name__, url_prefix="/embed")

MAX_ITEMS = 40  # a widget lists, it does not page: the full list is one link away


@bp.get("/plaatsen/<slug>")
@allow_framing("*")
def place(slug: str):
    found = get_place_by_slug(slug)
    if found is None:
        abort(404)
    at_place = frozenset({(found.id, found.municipality_id)})
    outcome = search_services(SearchParams(filters={"place": at_place}, per_page=MAX_ITEMS))
    services = load_cards([hit.service_id for hit in outcome.hits])
    more = url_for("web.place", slug=found.slug, _external=True)
    return render_template("embed/list.html", place=found, services=services, total=outcome.total, more_url=more)


@bp.get("/zoeken")
@allow_framing("*")
def search():
    try:
        parsed = parse_search_args(request.args)
    except BadParameter as error:
        return render_template("embed/list.html", problem=error.message, services=[], total=0, place=None,
                               more_url=url_for("web.search", _external=True, **request.args)), 400  # fmt: skip
    parsed.params.per_page = MAX_ITEMS
    parsed.params.page = 1
    outcome = search_services(parsed.params)
    services = load_cards([hit.service_id for hit in outcome.hits])
    more = url_for("web.search", _external=True, **request.args)
    return render_template("embed/list.html", place=None, services=services, total=outcome.total, more_url=more)


def snippet(slug: str) -> str:
    """The HTML a municipal editor copies into their own site."""
    src = url_for("embed.place", slug=slug, _external=True)
    return f'<iframe src="{src}" title="Sociale Kaart" width="100%" height="480" loading="lazy"></iframe>'
