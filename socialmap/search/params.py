"""Turn query-string arguments into SearchParams, with one clear error per bad parameter.

Shared by the JSON API and the web pages, so both accept exactly the same input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import select

from socialmap.catalogue.models import CAPACITY_STATES, FRISIAN_WEEKDAY_CODES, WEEKDAY_CODES
from socialmap.catalogue.queries import taxonomy_codes
from socialmap.extensions import db
from socialmap.i18n import _, current_language
from socialmap.places.models import Municipality, Place
from socialmap.places.queries import (
    BadCoordinates,
    PlaceAmbiguous,
    PlaceNotFound,
    list_municipalities,
    resolve_near,
    resolve_place_name,
)
from socialmap.search import dimensions
from socialmap.search.service import DEFAULT_RADIUS_KM, MAX_RADIUS_KM, SearchParams
from socialmap.text import normalize_name

MAX_QUERY_LENGTH = 200
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
MAX_PAGE = 1000
WEEKDAY_ALIASES = {
    **{code: i for i, code in enumerate(WEEKDAY_CODES)},
    **{code: i for i, code in enumerate(FRISIAN_WEEKDAY_CODES)},  # "so" is sneon: Saturday
    **{name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                         "sunday"))},  # fmt: skip
    **{name: i for i, name in enumerate(("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag",
                                         "zondag"))},  # fmt: skip
}


# "iten yn Drylts", "koffie in Exloo", "help near Sneek": residents put the village in the words.
# Only a preposition followed by a name that is exactly one place counts, so "Dorpskamer IJlst" or
# "hulp bij opvoeden" stay words.
PLACE_IN_WORDS = re.compile(
    r"^(?P<words>.*\S)\s+(?:in|yn|bij|by|te|near|around|rond|om|omtrent)\s+(?P<place>[^,]{2,60})$", re.IGNORECASE)


def split_place_from_words(q: str) -> tuple[str, str] | None:
    """(words, place) when the search text ends in "in/yn/bij/near <one known place>", else None."""
    match = PLACE_IN_WORDS.match(q.strip())
    if match is None:
        return None
    try:
        place = resolve_place_name(match["place"])
    except (PlaceNotFound, PlaceAmbiguous):
        return None
    return match["words"], place.display_name(current_language())


@dataclass
class BadParameter(Exception):
    code: str
    field: str
    message: str
    extra: dict = field(default_factory=dict)


def _one(args, name: str) -> str:
    values = args.getlist(name)
    return values[-1].strip() if values else ""


def _many(args, name: str) -> list[str]:
    """Repeatable filters: ?theme=a&theme=b, and ?theme=a,b for hand-written links."""
    return [part.strip() for value in args.getlist(name) for part in value.split(",") if part.strip()]


def _codes(args, name: str, vocabulary: str) -> frozenset[str]:
    known = taxonomy_codes(vocabulary)
    chosen = _many(args, name)
    for code in chosen:
        if code not in known:
            message = _("Unknown %(field)s “%(value)s”. Choose from: %(codes)s.",
                        field=name, value=code[:50], codes=", ".join(known))  # fmt: skip
            raise BadParameter(f"unknown_{name}", name, message)
    return frozenset(chosen)


def _integer(args, name: str, default: int, low: int, high: int) -> int:
    raw = _one(args, name)
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not low <= value <= high:
        raise BadParameter(f"bad_{name}", name, _("%(field)s must be a whole number from %(low)s to %(high)s.",
                                                  field=name, low=low, high=high))  # fmt: skip
    return value


@dataclass
class ParsedSearch:
    params: SearchParams
    filters: dict[str, list[str]]  # what the user chose, to show and to keep in links


def parse_search_args(args) -> ParsedSearch:
    """Validate every parameter; raise BadParameter for the first bad one."""
    q = _one(args, "q")
    if len(q) > MAX_QUERY_LENGTH:
        raise BadParameter("q_too_long", "q", _("The search text is longer than %(n)s characters. Please shorten it.",
                                                n=MAX_QUERY_LENGTH))  # fmt: skip

    near = None
    near_text = _one(args, "near")
    if len(near_text) > MAX_QUERY_LENGTH:
        raise BadParameter("near_too_long", "near", _("The place is longer than %(n)s characters.",
                                                      n=MAX_QUERY_LENGTH))  # fmt: skip
    if near_text:
        near = resolve_near_or_raise(near_text)

    radius = DEFAULT_RADIUS_KM
    radius_text = _one(args, "radius_km")
    if radius_text:
        try:
            radius = float(radius_text.replace(",", "."))
        except ValueError:
            radius = -1.0
        if not 0 < radius <= MAX_RADIUS_KM or radius != radius:  # the last test catches NaN
            message = _("The distance must be a number of kilometres above 0 and at most %(max)s.",
                        max=int(MAX_RADIUS_KM))
            raise BadParameter("bad_radius_km", "radius_km", message)

    tiers = []
    for value in _many(args, "tier"):
        if value not in ("1", "2", "3", "4"):
            raise BadParameter("unknown_tier", "tier", _("The tier must be 1, 2, 3 or 4."))
        tiers.append(int(value))

    municipality_ids = []
    chosen_municipalities = _many(args, "municipality")
    municipalities = {m.slug: m for m in db.session.scalars(select(Municipality))} if chosen_municipalities else {}
    by_name = {normalize_name(m.name): m for m in municipalities.values()}
    for value in chosen_municipalities:
        municipality = municipalities.get(value) or by_name.get(normalize_name(value))
        if municipality is None:
            raise BadParameter("unknown_municipality", "municipality", _(
                "Unknown municipality “%(value)s”. Choose from: %(names)s.", value=value[:50],
                names=", ".join(m.slug for m in municipalities.values())))  # fmt: skip
        municipality_ids.append(municipality.id)

    places = []
    for value in _many(args, "place"):
        place = db.session.scalars(select(Place).where(Place.slug == value)).first()
        if place is None:
            try:
                place = resolve_place_name(value)
            except PlaceNotFound as error:
                raise _unknown_place("place", value, error) from None
            except PlaceAmbiguous as error:
                raise _ambiguous_place("place", value, error.candidates) from None
        places.append((place.id, place.municipality_id))

    weekdays = []
    for value in _many(args, "open"):
        day = WEEKDAY_ALIASES.get(value.lower())
        if day is None:
            codes = FRISIAN_WEEKDAY_CODES if current_language() == "fy" else WEEKDAY_CODES  # both are accepted
            raise BadParameter("bad_open", "open", _("Choose a day: %(days)s.", days=", ".join(codes)))
        weekdays.append(day)

    capacities = _many(args, "capacity")
    for value in capacities:
        if value not in CAPACITY_STATES:
            message = _("Unknown %(field)s “%(value)s”. Choose from: %(codes)s.", field="capacity",
                        value=value[:50], codes=", ".join(CAPACITY_STATES))  # fmt: skip
            raise BadParameter("unknown_capacity", "capacity", message)

    # keyed by dimension (search/dimensions.py): every code filter is parsed the same way
    chosen_values = {
        "tier": tiers, "municipality": municipality_ids, "place": places, "day": weekdays, "capacity": capacities,
        **{d.key: _codes(args, d.param, d.vocabulary) for d in dimensions.CODE_FILTERS},
    }  # fmt: skip
    params = SearchParams(
        q=q,
        near=near,
        radius_km=radius,
        filters={key: frozenset(values) for key, values in chosen_values.items() if values},
        page=_integer(args, "page", 1, 1, MAX_PAGE),
        per_page=_integer(args, "per_page", DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
    )
    chosen = {name: _many(args, name) for name in dimensions.FILTER_PARAMS}
    return ParsedSearch(params, {k: v for k, v in chosen.items() if v})


def resolve_near_or_raise(text: str):
    try:
        return resolve_near(text)
    except PlaceNotFound as error:
        raise _unknown_place("near", text, error) from None
    except PlaceAmbiguous as error:
        raise _ambiguous_place("near", text, error.candidates) from None
    except BadCoordinates:
        raise BadParameter("bad_coordinates", "near", _("“%(value)s” are not valid coordinates; use latitude,longitude "
                                                        "like 53.01,5.62.", value=text[:50])) from None  # fmt: skip


def _unknown_place(field_name: str, text: str, error: PlaceNotFound) -> BadParameter:
    if not error.outside:
        return BadParameter("unknown_place", field_name, _("We do not know the place “%(value)s”.", value=text[:50]),
                            {"suggestions": error.suggestions})  # fmt: skip
    # Nothing spelt alike: most likely a place beyond the map. Say which area it covers rather than
    # offer a village that merely rhymes ("Amsterdam" is not "Steendam").
    language = current_language()
    names = ", ".join(m.display_name(language) for m in list_municipalities())
    message = _("“%(value)s” is not on this map. The map covers the municipalities %(municipalities)s.",
                value=text[:50], municipalities=names)
    return BadParameter("unknown_place", field_name, message, {"suggestions": [], "nearest": error.nearest,
                                                                "outside": True})  # fmt: skip


def _ambiguous_place(field_name: str, text: str, candidates: list) -> BadParameter:
    return BadParameter("ambiguous_place", field_name, _("There are several places called “%(value)s”. "
                                                        "Which one do you mean?", value=text[:50]),
                        {"candidates": candidates})  # fmt: skip
