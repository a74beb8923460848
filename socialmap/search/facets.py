"""Facet counts with readable keys (codes and slugs) instead of database ids."""

from __future__ import annotations

from sqlalchemy import select

from socialmap import reference
from socialmap.catalogue.models import WEEKDAY_CODES
from socialmap.extensions import db
from socialmap.places.models import Municipality, Place
from socialmap.search import dimensions

MAX_PLACE_FACETS = 30


@reference.cached(maxsize=4)
def _slugs(database_url: str) -> tuple[dict[int, str], dict[int, str]]:
    # Reference data: read once per process and database.
    municipalities = dict(db.session.execute(select(Municipality.id, Municipality.slug)).all())
    places = dict(db.session.execute(select(Place.id, Place.slug)).all())
    return municipalities, places


def facet_payload(facets: dict[str, dict]) -> dict[str, dict[str, int]]:
    municipality_slugs, place_slugs = _slugs(str(db.engine.url))
    places = sorted(facets["place"].items(), key=lambda kv: (-kv[1], place_slugs.get(kv[0], "")))
    # Keyed by query parameter, so a count can be put straight back into a link. Codes read as they
    # are; these dimensions count ids or numbers that have a readable key:
    readable = {
        "tier": lambda: {str(k): v for k, v in sorted(facets["tier"].items())},
        "municipality": lambda: {municipality_slugs[k]: v for k, v in sorted(facets["municipality"].items())},
        "place": lambda: {place_slugs[k]: v for k, v in places[:MAX_PLACE_FACETS]},
        "day": lambda: {WEEKDAY_CODES[k]: v for k, v in sorted(facets["day"].items())},
    }
    return {d.param: readable[d.key]() if d.key in readable else dict(sorted(facets[d.key].items()))
            for d in dimensions.FILTERS}  # fmt: skip
