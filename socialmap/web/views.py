"""Resident pages: home, search results, map, service, organisation, place, about."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, abort, g, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_login import current_user

from socialmap import reference
from socialmap.activities.queries import list_closure_spans, list_dated, list_week_activities
from socialmap.catalogue.cards import load_cards
from socialmap.catalogue.freshness import hidden_before
from socialmap.catalogue.queries import (
    count_places_and_services,
    get_organization,
    get_visible_service,
    get_visible_service_name,
    has_demo_services,
    list_organization_service_ids,
    list_terms,
    list_tiers,
)
from socialmap.extensions import db
from socialmap.i18n import LANGUAGE_COOKIE, LANGUAGES, _, current_language
from socialmap.places.queries import (
    PlaceAmbiguous,
    PlaceNotFound,
    get_place_by_slug,
    is_coordinates,
    list_municipalities,
    resolve_place_name,
    round_coordinates,
)
from socialmap.search.dimensions import CHECKBOX_FILTERS, CODE_FILTERS, FILTER_PARAMS
from socialmap.search.params import MAX_PAGE, WEEKDAY_CODES, BadParameter, parse_search_args, split_place_from_words
from socialmap.search.service import SearchParams, search_services
from socialmap.text import slugify
from socialmap.web import cache, maps
from socialmap.web.presenters import (
    TEMPLATE_HELPERS,
    day_names,
    next_opening,
    now_local,
    qr_svg,
    service_text,
    tier_label,
    tier_plain,
)

bp = Blueprint("web", __name__)

LANGUAGE_NAMES = {"nl": "Nederlands", "fy": "Frysk", "en": "English"}
# When the accessibility statement was last checked against the site (update with the statement).
ACCESSIBILITY_CHECKED_ON = dt.date(2026, 11, 29)


def template_globals() -> dict:
    return {
        "lang": current_language(),
        "languages": [(code, LANGUAGE_NAMES[code]) for code in LANGUAGES],
        "show_demo_notice": has_demo_services(),
        "url_with_lang": _url_with_lang,
        "search_url": _search_url,
        "clear_filters_url": lambda: _search_url(**dict.fromkeys(FILTER_PARAMS)),
        "checkbox_filters": CHECKBOX_FILTERS,
        "service_url": service_url,
        "tier_label": tier_label,
        "service_text": service_text,
        "next_opening": next_opening,
        "now": now_local,
        "day_names": day_names,
        "format_km": lambda km: format_decimal(round(km, 1), format="#,##0.#"),
        "capacity_label": capacity_label,
        "capacity_labels": capacity_labels,
        "is_stale": lambda service: service.assured_at < hidden_before(),
        **TEMPLATE_HELPERS,  # cards: plain help level, phone link, summary without mark-up
        "closures_of": _closures_of,
        "dated_of": lambda service_id: list_dated([service_id], now_local().date())[service_id],
    }


def _closures_of(service_id: int) -> list:
    """A card's closures for its opening line; all services' are read once per request."""
    if "closure_spans" not in g:
        g.closure_spans = list_closure_spans(now_local().date())
    return g.closure_spans.get(service_id, [])


def capacity_labels() -> dict[str, str]:
    return {"available": _("Places free"), "full": _("Full"), "waitlist": _("Waiting list")}


def capacity_label(code: str) -> str:
    return capacity_labels().get(code, code)


def remember_language(response):
    """A language chosen with ?lang= is kept in a cookie for the next visit."""
    chosen = request.args.get("lang")
    if chosen in LANGUAGES and request.cookies.get(LANGUAGE_COOKIE) != chosen:
        response.set_cookie(LANGUAGE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
    return response


# url_for's own keywords: taken from a visitor's query they would change the link itself, or fail (500).
_URL_FOR_KEYWORDS = frozenset({"_anchor", "_method", "_scheme", "_external"})


def _query_args(*route_values: str) -> dict[str, list[str]]:
    """The visitor's query, to carry on to a link or redirect: without parameters named like the route's
    own values (?slug=…) or url_for's keywords (?_scheme=…), which would clash with them."""
    return {name: values for name, values in request.args.to_dict(flat=False).items()
            if name not in route_values and name not in _URL_FOR_KEYWORDS}  # fmt: skip


def _url_with_lang(code: str) -> str:
    """The current page and query in another language, so the switch keeps the page."""
    args = _query_args(*(request.view_args or {}))
    args["lang"] = [code]
    return url_for(request.endpoint or "web.home", **(request.view_args or {}), **args)


def _search_url(endpoint: str = "web.search", **changes) -> str:
    """The current search with some parameters changed (None removes one); a new filter resets the page."""
    args = _query_args()
    args.pop("lang", None)
    if "page" not in changes:
        args.pop("page", None)
    for name, value in changes.items():
        if value is None or value == []:
            args.pop(name, None)
        else:
            args[name] = value if isinstance(value, list) else [value]
    return url_for(endpoint, **args)


def service_url(service) -> str:
    return url_for("web.service_detail", service_id=service.id, slug=slugify(service.name_nl) or "dienst")


def _filter_options(language: str) -> dict[str, list[tuple]]:
    return _reference_options(str(db.engine.url), language)


@reference.cached(maxsize=16)
def _reference_options(database_url: str, language: str) -> dict[str, list[tuple]]:
    """(value, label) per filter, in the page's language; labels are taxonomy data, not gettext.
    Reference data: read once per process, database and language (socialmap/reference.py)."""
    options = {d.key: [(t.code, t.label(language)) for t in list_terms(d.vocabulary)]
               for d in CODE_FILTERS}  # fmt: skip
    options["tier"] = [(t.level, tier_plain(t.level)) for t in list_tiers() if t.level <= 4]  # words of the cards
    options["municipality"] = [(m.id, m.slug, m.display_name(language)) for m in list_municipalities()]
    return options


@bp.get("/")
def home():
    return render_template("web/home.html", municipalities=_municipality_overview(), themes=list_terms("theme"))


_overview: dict[tuple, dict[int, tuple[int, int]]] = {}  # the last counts, per database and content version


def _municipality_overview() -> list[tuple]:
    """Each municipality with its number of places and of visible services; the counts change only
    with a committed change, so they are counted once per content version."""
    key = (str(db.engine.url), cache.content_version())
    counts = _overview.get(key)
    if counts is None:
        counts = count_places_and_services()
        _overview.clear()
        _overview[key] = counts
    return [(m, *counts.get(m.id, (0, 0))) for m in list_municipalities()]


@bp.get("/zoeken")
def search():
    rounded = _rounded_location_url()
    if rounded:
        return redirect(rounded)
    split = split_place_from_words(request.args.get("q", "")) if not request.args.get("near") else None
    if split:  # the fields then show what was understood: the words, and the village as the place
        return redirect(_search_url(q=split[0], near=split[1], page=request.args.get("page")))
    try:
        parsed = parse_search_args(request.args)
    except BadParameter as error:
        return _search_problem(error)
    if current_user.is_authenticated and current_user.sees_unconfirmed_services:
        parsed.params.include_stale = True  # staff see entries nobody confirmed for a year, flagged
    outcome = search_services(parsed.params)
    services = load_cards([hit.service_id for hit in outcome.hits])
    hits = {hit.service_id: hit for hit in outcome.hits}
    return render_template(
        "web/results.html", params=parsed.params, chosen=parsed.filters, outcome=outcome, services=services,
        hits=hits, options=_filter_options(current_language()),
        weekdays=list(enumerate(WEEKDAY_CODES)), pages=_pages(outcome.total, parsed.params),
    )  # fmt: skip


def _search_problem(error: BadParameter):
    if error.code in ("unknown_place", "ambiguous_place"):
        places = error.extra.get("suggestions") or error.extra.get("candidates") or []
        return render_template("web/place_problem.html", error=error, places=places), 200
    # the form keeps what the resident typed, even when it was too long, so it can be shortened
    return render_template("web/search_problem.html", message=error.message), 400


def _rounded_location_url() -> str | None:
    """"My location" with more than ~1 km precision (an old page, a hand-made link) is sent on
    rounded, so the exact point never reaches a result link, a bookmark or a log after this."""
    near = request.args.get("near", "")
    if not is_coordinates(near):
        return None
    lat, lon = (float(x) for x in near.split(","))
    rounded = "{:.2f},{:.2f}".format(*round_coordinates(lat, lon))
    return None if near.replace(" ", "") == rounded else _search_url(near=rounded, page=request.args.get("page"))


def _pages(total: int, params: SearchParams) -> dict:
    last = max(1, -(-total // params.per_page))
    window = range(max(1, params.page - 2), min(last, params.page + 2) + 1)
    return {"current": params.page, "last": last, "window": list(window)}


@bp.get("/zoeken/kaart")
def search_map():
    try:
        parsed = parse_search_args(request.args)
    except BadParameter as error:
        return _search_problem(error)
    near = parsed.params.near
    center = (near.latitude, near.longitude) if near else None
    geojson_url = _search_url("api.services_geojson", lang=current_language())
    outcome = search_services(parsed.params)  # the same results as a list: the map needs tiles and JavaScript
    return render_template("web/map.html", params=parsed.params, map=maps.results_map(geojson_url, center),
                           assets=maps.asset_urls(), outcome=outcome,
                           services=load_cards([hit.service_id for hit in outcome.hits]),
                           pages=_pages(outcome.total, parsed.params))  # fmt: skip


@bp.get("/diensten/<int:service_id>")
@bp.get("/diensten/<int:service_id>-<slug>")
def service_detail(service_id: int, slug: str | None = None):
    if slug is None:  # /diensten/<id>, as the API and QR codes link: on to the readable address, cheaply
        name = get_visible_service_name(service_id)
        if name is None:
            abort(404)
        return redirect(url_for("web.service_detail", service_id=service_id, slug=slugify(name) or "dienst",
                                **_query_args("service_id", "slug")), 301)  # fmt: skip
    service = get_visible_service(service_id)
    if service is None:
        abort(404)
    canonical = slugify(service.name_nl) or "dienst"
    if slug != canonical:
        return redirect(url_for("web.service_detail", service_id=service.id, slug=canonical,
                                **_query_args("service_id", "slug")), 301)  # fmt: skip
    language = current_language()
    points = [(loc.latitude, loc.longitude, loc.address or loc.place.display_name(language))
              for loc in service.locations]  # fmt: skip
    return render_template("web/service.html", service=service, map_data=maps.detail_map_data(points),
                           assets=maps.asset_urls(cluster=False))  # fmt: skip


@bp.get("/diensten/<int:service_id>/blad")
def service_sheet(service_id: int):
    """A service on one printable A4 sheet, with a QR code that leads back to its page."""
    service = get_visible_service(service_id)
    if service is None:
        abort(404)
    page_url = url_for("web.service_detail", service_id=service.id, slug=slugify(service.name_nl) or "dienst",
                       _external=True)  # fmt: skip
    return render_template("web/sheet.html", service=service, page_url=page_url, qr=qr_svg(page_url))


@bp.get("/organisaties/<int:organization_id>")
@bp.get("/organisaties/<int:organization_id>-<slug>")
def organization(organization_id: int, slug: str | None = None):
    found = get_organization(organization_id)
    if found is None or found.status != "active":
        abort(404)
    return render_template("web/organization.html", organization=found,
                           services=load_cards(list_organization_service_ids(found.id)))  # fmt: skip


@bp.get("/plaatsen/<slug>")
def place(slug: str):
    found = get_place_by_slug(slug)
    if found is None:
        # An address made of another of its names (/plaatsen/oosterend, Easterein's before its
        # official name became its address) leads to the village's own address.
        try:
            found = resolve_place_name(slug.replace("-", " "))
        except PlaceNotFound as error:  # a misspelt village ("/plaatsen/heg"): suggest the right one
            problem = BadParameter("unknown_place", "near", _("We do not know the place “%(value)s”.",
                                                             value=slug[:50]))  # fmt: skip
            return render_template("web/place_problem.html", error=problem, places=error.suggestions), 404
        except PlaceAmbiguous as error:
            problem = BadParameter("ambiguous_place", "near", _("There are several places called “%(value)s”. "
                                                               "Which one do you mean?", value=slug[:50]))  # fmt: skip
            return render_template("web/place_problem.html", error=problem, places=error.candidates), 404
        return redirect(url_for("web.place", slug=found.slug, **_query_args("slug")), 301)
    # Twenty cards a page, as on the search page, with plain links to the next (no JavaScript needed).
    params = SearchParams(filters={"place": frozenset({(found.id, found.municipality_id)})},
                          page=min(request.args.get("page", 1, type=int), MAX_PAGE))  # fmt: skip
    if params.page < 1:
        return redirect(url_for("web.place", slug=found.slug))
    outcome = search_services(params)
    pages = _pages(outcome.total, params)
    if params.page > pages["last"]:
        return redirect(url_for("web.place", slug=found.slug, page=pages["last"]))
    services = load_cards([hit.service_id for hit in outcome.hits])
    located = [s for s in services if found.id in s.place_ids]
    serving = [s for s in services if s not in located]
    week = list_week_activities([s.id for s in services], now_local().date())
    def place_page_url(page: int) -> str:  # page 1 is the village's own address
        return url_for("web.place", slug=found.slug, page=page if page > 1 else None)

    return render_template("web/place.html", place=found, located=located, serving=serving, total=outcome.total,
                           week=week, pages=pages, place_page_url=place_page_url)  # fmt: skip


@bp.get("/over")
def about():
    return render_template("web/about.html")


@bp.get("/toegankelijkheid")
def accessibility():
    return render_template("web/accessibility.html", checked_on=ACCESSIBILITY_CHECKED_ON)
