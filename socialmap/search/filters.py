"""Steps 2 and 4 of a search (search/service.py): freshness and the resident's filters.

`confirmed` takes the snapshot and gives the services a person confirmed recently enough to show
residents (catalogue/freshness.py). `narrow` takes the snapshot, the scope (within reach, confirmed,
matching the words) and the chosen values per dimension; gives the services passing every filter
and, per filtered dimension, the services failing only that one — which the facet counts
(search/facets.py) add, since a dimension's counts leave out its own filter. Values within one
filter are OR-ed, filters are AND-ed (docs/search.md, "Filters and facets").
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from socialmap.catalogue.freshness import hidden_before
from socialmap.search.snapshot import Snapshot


def confirmed(snapshot: Snapshot) -> np.ndarray:
    """Services confirmed since the day before which entries are hidden from residents."""
    return snapshot.confirmed_since(hidden_before().toordinal())


def narrow(snapshot: Snapshot, scope: np.ndarray, filters: Mapping[str, frozenset]):
    """(services passing every filter, {dimension: services failing only that one}) within scope."""
    masks = _filter_masks(snapshot, filters)
    passing = np.logical_and.reduce([scope, *masks.values()])
    near_misses = {}
    for dimension, own in masks.items():
        others = [m for d, m in masks.items() if d != dimension]
        near_misses[dimension] = np.logical_and.reduce([scope, *others]) & ~own
    return passing, near_misses


def _filter_masks(snapshot: Snapshot, filters: Mapping[str, frozenset]) -> dict[str, np.ndarray]:
    """For each dimension the user filtered on: the services that pass it (any chosen value)."""
    masks = {dimension: snapshot.docs_with_any(dimension, values)
             for dimension, values in filters.items() if values and dimension != "place"}  # fmt: skip
    if places := filters.get("place"):
        # at a place or serving it: listed in its area, or covering its whole municipality
        masks["place"] = snapshot.docs_with_any("place", {p for p, _m in places}) | snapshot.docs_with_any(
            "area_municipality", {m for _p, m in places})
    return masks
