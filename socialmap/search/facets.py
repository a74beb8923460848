"""Step 5 of a search (search/service.py): facet counts, and later their readable form.

`count_facets` takes the snapshot, the selected services and each filtered dimension's near misses
(search/filters.py); gives {dimension: {value: count}}. Counts are *disjunctive*: a dimension's counts
apply every other filter but not its own, so a resident sees how many results each other choice
would give. `facet_payload` turns values into readable keys (codes and slugs) instead of database
ids, for the API and the pages.
"""

from __future__ import annotations

import numpy as np
from sqlalchemy import select

from socialmap import reference
from socialmap.catalogue.models import WEEKDAY_CODES
from socialmap.extensions import db
from socialmap.places.models import Municipality, Place
from socialmap.search import dimensions
from socialmap.search.snapshot import Snapshot

MAX_PLACE_FACETS = 30


def count_facets(snapshot: Snapshot, selected: np.ndarray, near_misses: dict[str, np.ndarray]) -> dict[str, dict]:
    """{dimension: {value: services}} over the selected services, plus, for each filtered dimension,
    the services that fail only its own filter."""
    counts = snapshot.count_keys(selected)
    pairs = snapshot.facet_pairs
    facets: dict[str, dict] = {dimension: {} for dimension in dimensions.KEYS}
    for key, count in zip(np.flatnonzero(counts).tolist(), counts[counts > 0].tolist(), strict=True):
        dimension, value = pairs[key]
        facets[dimension][value] = count
    for dimension, missed in near_misses.items():
        extra = snapshot.count_keys(np.flatnonzero(missed), dimension)  # only this dimension's keys
        counted = facets[dimension]
        for key, count in zip(np.flatnonzero(extra).tolist(), extra[extra > 0].tolist(), strict=True):
            value = pairs[key][1]
            counted[value] = counted.get(value, 0) + count
    return facets


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
