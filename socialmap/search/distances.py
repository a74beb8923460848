"""Step 1 of a search (search/service.py): a point and a radius → how far each service is and how it
relates to the resident's village. Takes the snapshot, the resolved point (with its place, when it
names a village) and the radius; gives a `Reach`: the services within reach, the kilometres to
each one's nearest location, the distance shown (0 km for a service whose area covers the village)
and each service's place tier. docs/search.md, "Place and distance" and "Place tiers".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from socialmap import geo
from socialmap.places.queries import ResolvedPoint
from socialmap.search.snapshot import Snapshot, unit_vectors

# Place tiers, best first (see place_tiers).
PLACE_LOCATED, PLACE_LOCATED_MUNICIPALITY_WIDE, PLACE_SERVING, PLACE_SERVING_MUNICIPALITY, PLACE_ELSEWHERE = range(5)


@dataclass
class Reach:
    within: np.ndarray  # mask: the services within the radius, or serving the village from beyond it
    kilometres: np.ndarray  # to each service's nearest location, inf beyond the radius
    distance: np.ndarray  # as shown: kilometres, but 0 for a service whose area covers the village
    tiers: np.ndarray | None  # place tier of each service; None when the point names no village


def reach(snapshot: Snapshot, near: ResolvedPoint, radius_km: float) -> Reach:
    """How far every service is from the point, and which are within reach."""
    kilometres = distances(snapshot, near.latitude, near.longitude, radius_km)
    distance = kilometres.copy()
    tiers = None
    if near.place is not None:
        tiers = place_tiers(snapshot, near.place.id, near.place.municipality_id)
        # a service whose area covers the village is there for its residents: 0 km
        distance[(tiers > PLACE_LOCATED) & (tiers < PLACE_ELSEWHERE)] = 0.0
    return Reach(distance <= radius_km, kilometres, distance, tiers)


def place_tiers(snapshot: Snapshot, place_id: int, municipality_id: int) -> np.ndarray:
    """How each service relates to the resident's village (docs/search.md, "Place tiers"):
    0 located there and for the village itself, 1 located there but for the whole municipality,
    2 serving it through its service area, 3 serving its whole municipality, 4 elsewhere."""
    tiers = np.full(snapshot.size, PLACE_ELSEWHERE, dtype=np.int8)
    tiers[snapshot.area_municipality_doc[snapshot.area_municipality == municipality_id]] = PLACE_SERVING_MUNICIPALITY
    tiers[snapshot.area_place_doc[snapshot.area_place == place_id]] = PLACE_SERVING
    located = snapshot.located_doc[snapshot.located_place == place_id]
    tiers[located] = np.where(snapshot.municipality_wide[located], PLACE_LOCATED_MUNICIPALITY_WIDE, PLACE_LOCATED)
    return tiers


def distances(snapshot: Snapshot, latitude: float, longitude: float, radius_km: float) -> np.ndarray:
    """Kilometres from the point to each service's nearest location, inf beyond the radius."""
    distance = np.full(snapshot.size, np.inf)
    south, north, _west, _east = geo.bounding_box(latitude, longitude, radius_km)
    # the latitude band of the circle (binary search), then the exact test on contiguous slices
    first = int(np.searchsorted(snapshot.location_lat, south, side="left"))
    last = int(np.searchsorted(snapshot.location_lat, north, side="right"))
    x0, y0, z0 = unit_vectors(np.radians([latitude]), np.radians([longitude]))[:, 0]
    band = slice(first, last)
    dx, dy, dz = snapshot.location_x[band] - x0, snapshot.location_y[band] - y0, snapshot.location_z[band] - z0
    # haversine's a = sin²(c/2) = (chord between the unit vectors)² / 4
    a = (dx * dx + dy * dy + dz * dz) / 4
    within = np.flatnonzero(a <= math.sin(radius_km / (2 * geo.EARTH_RADIUS_KM)) ** 2)
    km = 2 * geo.EARTH_RADIUS_KM * np.arcsin(np.sqrt(a[within]))
    rows = first + within
    docs, shared = snapshot.location_doc[rows], snapshot.location_shared[rows]
    distance[docs[~shared]] = km[~shared]
    np.minimum.at(distance, docs[shared], km[shared])
    return distance
