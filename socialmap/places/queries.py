"""Reads for places, and resolving what people type as "near" into a point."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from socialmap import reference
from socialmap.extensions import db
from socialmap.geo import haversine_km
from socialmap.i18n import _
from socialmap.places.models import ContactPoint, Municipality, Place, PlaceName, Postcode, contact_point_place
from socialmap.text import normalize_name

_LATLON = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*,\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_POSTCODE = re.compile(r"^\s*(\d{4})\s*([A-Za-z]{2})?\s*$")
# A point given as coordinates belongs to a village when it is this close to it.
NEAREST_PLACE_KM = 3.0
# "My location" travels rounded to two decimals (about 1 km), never to the metre.
COORDINATE_DECIMALS = 2
# How alike a typed name and a place name must be to suggest it: "Heg" → Heeg (0.86), but
# "Amsterdam" must not become Steendam (0.71): that place is simply not on this map.
SUGGESTION_CUTOFF = 0.75


@dataclass
class ResolvedPoint:
    """Where "near" points at; `place` is set when we know the village (service areas need it)."""

    latitude: float
    longitude: float
    place: Place | None = None
    label: str | None = None

    def name(self, language: str) -> str:
        """The village found (in the page's language); never raw coordinates."""
        if self.place is not None:
            return self.place.display_name(language)
        return self.label or _("your location")


@dataclass
class PlaceNotFound(Exception):
    """`suggestions`: places spelt alike. `outside`: nothing alike, so it is probably a place the map
    does not cover; `nearest` then holds the nearest covered place when we can tell (a postcode)."""

    text: str
    suggestions: list[Place] = field(default_factory=list)
    nearest: list[Place] = field(default_factory=list)

    @property
    def outside(self) -> bool:
        return not self.suggestions


@dataclass
class PlaceAmbiguous(Exception):
    text: str
    candidates: list[Place] = field(default_factory=list)


@dataclass
class BadCoordinates(Exception):
    text: str


def resolve_near(text: str) -> ResolvedPoint:
    """A place name (Dutch or Frisian), a PC4/PC6 postcode or 'lat,lon' → a point.

    Raises PlaceNotFound (with spelling suggestions), PlaceAmbiguous (with the candidates)
    or BadCoordinates.
    """
    latlon = _LATLON.match(text)
    if latlon:
        lat, lon = round_coordinates(float(latlon.group(1)), float(latlon.group(2)))
        if not (-90 <= lat <= 90 and -180 <= lon <= 180):
            raise BadCoordinates(text)
        return ResolvedPoint(lat, lon, place=nearest_place(lat, lon))
    postcode = _POSTCODE.match(text)
    if postcode:
        row = db.session.scalars(
            select(Postcode).options(joinedload(Postcode.place)).where(Postcode.pc4 == postcode.group(1))
            .order_by(Postcode.id)
        ).first()  # fmt: skip
        if row is None:
            raise PlaceNotFound(text, nearest=_nearest_by_postcode(postcode.group(1)))
        return ResolvedPoint(row.latitude, row.longitude, place=row.place, label=row.pc4)
    place = resolve_place_name(text)
    return ResolvedPoint(place.latitude, place.longitude, place=place)


def round_coordinates(lat: float, lon: float) -> tuple[float, float]:
    """Coordinates as they may travel in a URL or a log: to about a kilometre."""
    return round(lat, COORDINATE_DECIMALS), round(lon, COORDINATE_DECIMALS)


def is_coordinates(text: str) -> bool:
    return bool(_LATLON.match(text))


def _nearest_by_postcode(pc4: str) -> list[Place]:
    """For a postcode the map does not know: the covered place with the numerically nearest PC4
    in the same postcode region (the first two digits), if any — 8650 is next to IJlst's 8651,
    1012 (Amsterdam) is near nothing here."""
    rows = db.session.scalars(
        select(Postcode).options(joinedload(Postcode.place)).where(Postcode.pc4.startswith(pc4[:2]))
    ).all()  # fmt: skip
    if not rows:
        return []
    nearest = min(rows, key=lambda row: (abs(int(row.pc4) - int(pc4)), row.id))
    return [nearest.place]


def resolve_place_name(text: str) -> Place:
    """'IJlst', 'Drylts', 'drylts', 'Súdwest Fryslân' style names; 'Name, Municipality' to choose."""
    name, _sep, municipality = text.partition(",")
    key = normalize_name(name)
    if not key:
        raise PlaceNotFound(text)
    ids = _places_named(str(db.engine.url)).get(key, ())
    if len(ids) == 1 and not municipality.strip():
        place = db.session.get(Place, ids[0])  # the usual case: one place, found by primary key
        if place is not None:
            return place
    query = select(Place).options(joinedload(Place.municipality)).where(Place.id.in_(ids))
    if municipality.strip():
        query = query.join(Municipality).where(Municipality.slug == normalize_name(municipality).replace(" ", "-"))
    candidates = db.session.scalars(query).unique().all()
    if not candidates:
        raise PlaceNotFound(text, suggest_places(key))
    if len(candidates) > 1:
        # 'Exloo' the village beats an 'Exloo' hamlet elsewhere: people mean the official place.
        official = [p for p in candidates if p.kind == "woonplaats"]
        if len(official) == 1:
            return official[0]
        raise PlaceAmbiguous(text, sorted(candidates, key=lambda p: (p.municipality.name, p.name_nl)))
    return candidates[0]


@reference.cached(maxsize=4)
def _all_names(database_url: str) -> tuple[tuple[str, int], ...]:
    # The gazetteer only changes with `socialmap init`, so one read per process and database.
    return tuple(db.session.execute(select(PlaceName.normalized, PlaceName.place_id)).all())


@reference.cached(maxsize=4)
def _places_named(database_url: str) -> dict[str, tuple[int, ...]]:
    """Normalised name → ids of the places called so (Dutch, Frisian and other names)."""
    places: dict[str, list[int]] = {}
    for normalized, place_id in _all_names(database_url):
        if place_id not in places.setdefault(normalized, []):
            places[normalized].append(place_id)
    return {name: tuple(ids) for name, ids in places.items()}


def suggest_places(key: str, limit: int = 5) -> list[Place]:
    """Closest place names by spelling ('Drylst' → Drylts)."""
    names = _all_names(str(db.engine.url))
    by_name: dict[str, int] = {}
    for normalized, place_id in names:
        by_name.setdefault(normalized, place_id)
    close = difflib.get_close_matches(key, list(by_name), n=limit * 2, cutoff=SUGGESTION_CUTOFF)
    ids: list[int] = []
    for name in close:
        if by_name[name] not in ids:
            ids.append(by_name[name])
    places = {p.id: p for p in db.session.scalars(select(Place).where(Place.id.in_(ids[:limit])))}
    return [places[i] for i in ids[:limit] if i in places]


def nearest_place(lat: float, lon: float) -> Place | None:
    box = 0.05  # about 5 km; enough for NEAREST_PLACE_KM
    rows = db.session.scalars(
        select(Place).where(Place.latitude.between(lat - box, lat + box), Place.longitude.between(lon - box, lon + box))
    ).all()
    scored = sorted((haversine_km(lat, lon, p.latitude, p.longitude), p.kind != "woonplaats", p.id, p) for p in rows)
    return scored[0][3] if scored and scored[0][0] <= NEAREST_PLACE_KM else None


def autocomplete_places(text: str, limit: int = 10) -> list[Place]:
    """Places whose Dutch, Frisian or other name starts with what was typed; official ones first."""
    key = normalize_name(text)
    if not key:
        return []
    rows = db.session.scalars(
        select(Place)
        .join(PlaceName)
        .options(joinedload(Place.municipality))
        .where(PlaceName.normalized.startswith(key, autoescape=True))
        .distinct()
    ).unique().all()
    rows.sort(key=lambda p: (p.kind != "woonplaats", normalize_name(p.name_nl) != key, p.name_nl))
    return rows[:limit]


def get_place_by_slug(slug: str) -> Place | None:
    return db.session.scalars(select(Place).where(Place.slug == slug)).first()


def list_municipalities() -> list[Municipality]:
    return list(db.session.scalars(select(Municipality).order_by(Municipality.name)))


def get_contact_point_for(place_id: int, municipality_id: int) -> ContactPoint | None:
    """Who to ask in this village: the contact point that lists it, else its municipality's one that
    lists no villages (it covers the rest)."""
    listing = (select(ContactPoint).join(contact_point_place)
               .where(contact_point_place.c.place_id == place_id).order_by(ContactPoint.name))  # fmt: skip
    found = db.session.scalars(listing.limit(1)).first()
    if found is None:
        whole = (select(ContactPoint).where(ContactPoint.municipality_id == municipality_id,
                                            ~ContactPoint.places.any()).order_by(ContactPoint.name))  # fmt: skip
        found = db.session.scalars(whole.limit(1)).first()
    return found


def get_contact_point(contact_point_id: int) -> ContactPoint | None:
    return db.session.get(ContactPoint, contact_point_id)


def list_contact_points(municipality_ids: frozenset[int] | None) -> list[ContactPoint]:
    """Contact points of these municipalities (None: every one), by municipality and name."""
    query = select(ContactPoint).options(joinedload(ContactPoint.municipality), joinedload(ContactPoint.places))
    if municipality_ids is not None:
        query = query.where(ContactPoint.municipality_id.in_(municipality_ids))
    return list(db.session.scalars(query.order_by(ContactPoint.municipality_id, ContactPoint.name)).unique())


def find_municipality(name: str) -> Municipality | None:
    """A municipality by its Dutch or Frisian name, case and accents free, or by its slug."""
    key = normalize_name(name)
    return next((m for m in list_municipalities()
                 if key in (normalize_name(m.name), normalize_name(m.name_fy or "")) or m.slug == name.strip()),
                None)  # fmt: skip


def find_place_in(municipality_id: int, name: str) -> Place | None:
    """A village of this municipality by any of its names (a woonplaats before a hamlet of that name)."""
    query = (select(Place).join(PlaceName)
             .where(Place.municipality_id == municipality_id, PlaceName.normalized == normalize_name(name))
             .order_by(Place.kind.desc()))  # fmt: skip
    return db.session.scalars(query).first()


def list_places_of(municipality_id: int) -> list[Place]:
    return list(db.session.scalars(select(Place).where(Place.municipality_id == municipality_id)
                                   .order_by(Place.name_nl)))  # fmt: skip
