"""Facet counts with readable keys (codes and slugs) instead of database ids."""

from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select

from socialmap.catalogue.models import WEEKDAY_CODES
from socialmap.extensions import db
from socialmap.places.models import Municipality, Place

MAX_PLACE_FACETS = 30


@lru_cache(maxsize=4)
def _slugs(database_url: str) -> tuple[dict[int, str], dict[int, str]]:
    # Reference data: read once per process and database.
    municipalities = dict(db.session.execute(select(Municipality.id, Municipality.slug)).all())
    places = dict(db.session.execute(select(Place.id, Place.slug)).all())
    return municipalities, places


def facet_payload(facets: dict[str, dict]) -> dict[str, dict[str, int]]:
    municipality_slugs, place_slugs = _slugs(str(db.engine.url))
    places = sorted(facets["place"].items(), key=lambda kv: (-kv[1], place_slugs.get(kv[0], "")))
    return {
        "tier": {str(k): v for k, v in sorted(facets["tier"].items())},
        "theme": dict(sorted(facets["theme"].items())),
        "kind": dict(sorted(facets["kind"].items())),
        "audience": dict(sorted(facets["audience"].items())),
        "cost": dict(sorted(facets["cost"].items())),
        "municipality": {municipality_slugs[k]: v for k, v in sorted(facets["municipality"].items())},
        "place": {place_slugs[k]: v for k, v in places[:MAX_PLACE_FACETS]},
        "open": {WEEKDAY_CODES[k]: v for k, v in sorted(facets["day"].items())},
        "capacity": dict(sorted(facets["capacity"].items())),
    }
