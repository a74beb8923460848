"""The search's filter dimensions, declared once: query parameter, what the index stores for it,
its vocabulary and facet key, and the label people read.

Parsing (params.py), the facet keys (snapshot.py), the facet payload (facets.py), the results
page's "Clear filters", the API documentation test and the index's schema version (index.py hashes
STORED_KEYS) loop over these. No Whoosh here: index.py imports this, never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass

from socialmap.i18n import _l


@dataclass(frozen=True)
class Dimension:
    key: str  # facet and snapshot dimension
    param: str | None  # query parameter (?theme=…); None: counted, but not a filter of the search page or API
    params_field: str | None  # SearchParams attribute the parameter fills
    stored: tuple[str, ...]  # the keys of a document's `meta` it is read from
    label: object  # lazily translated
    vocabulary: str | None = None  # taxonomy vocabulary its codes come from
    checkboxes: bool = False  # shown as a group of checkboxes in the results page's filter panel


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("theme", "theme", "themes", ("themes",), _l("Theme"), "theme", checkboxes=True),
    Dimension("kind", "kind", "kinds", ("kind",), _l("Kind of help"), "kind", checkboxes=True),
    Dimension("tier", "tier", "tiers", ("tier",), _l("Step"), checkboxes=True),
    Dimension("audience", "audience", "audiences", ("audiences",), _l("For whom"), "audience", checkboxes=True),
    Dimension("cost", "cost", "costs", ("cost",), _l("Cost"), "cost", checkboxes=True),
    # a place or municipality counts services there and services serving it
    Dimension("municipality", "municipality", "municipality_ids", ("munis", "area_munis"), _l("Municipality")),
    Dimension("place", "place", "places", ("places", "area_places"), _l("Village or town")),
    Dimension("day", "open", "weekdays", ("days",), _l("Open on")),
    Dimension("capacity", "capacity", "capacities", ("capacity",), _l("Places")),
    # set by the referral pages (alternatives for an indicated-care product), not a parameter of search
    Dimension("alternative", None, "alternatives", ("alternatives",), _l("Can be an alternative for (indicated care)")),
)  # fmt: skip

BY_KEY = {d.key: d for d in DIMENSIONS}
KEYS = tuple(d.key for d in DIMENSIONS)
FILTERS = tuple(d for d in DIMENSIONS if d.param)
FILTER_PARAMS = tuple(d.param for d in FILTERS)
CODE_FILTERS = tuple(d for d in FILTERS if d.vocabulary)
CHECKBOX_FILTERS = tuple(d for d in FILTERS if d.checkboxes)  # in the panel's order
# What else a document's meta holds: identity, distance, sorting and freshness.
OTHER_STORED = ("id", "loc", "sort", "assured")
STORED_KEYS = tuple(sorted({key for d in DIMENSIONS for key in d.stored} | set(OTHER_STORED)))
