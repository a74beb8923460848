"""The search's filter dimensions, declared once: query parameter, what the index stores for it,
its vocabulary and facet key, and the label people read.

A dimension says how to read its values from a Service (`reads`); documents.py stores them.
Parsing (params.py), SearchParams.filters (keyed by `key`), the facet keys (snapshot.py), the facet
payload (facets.py), the results page's filter panel and "Clear filters", the API documentation's
filter table (tools/api_filter_table.py) and the index's schema version (index.py hashes STORED_KEYS)
loop over these. No Whoosh here: index.py imports this, never the other way round.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from socialmap.i18n import _l

Read = Callable[[object], object]  # a Service → what a document's meta stores under one key


def _codes(attribute: str) -> Read:
    return lambda service: [t.code for t in getattr(service, attribute)]


def _code(attribute: str) -> Read:
    return lambda service: term.code if (term := getattr(service, attribute)) is not None else None


def _located(read: Callable[[object], object]) -> Read:
    return lambda service: sorted({read(loc) for loc in service.locations})


@dataclass(frozen=True)
class Dimension:
    key: str  # facet and snapshot dimension, and the key of SearchParams.filters
    param: str | None  # query parameter (?theme=…); None: counted, but not a filter of the search page or API
    reads: Mapping[str, Read] = field(hash=False)  # the keys of a document's `meta` it is read from → how
    label: object = None  # lazily translated
    vocabulary: str | None = None  # taxonomy vocabulary its codes come from
    checkboxes: bool = False  # shown as a group of checkboxes in the results page's filter panel
    doc: str = ""  # its values, for docs/api.md (English; a code filter names its vocabulary file by itself)

    @property
    def stored(self) -> tuple[str, ...]:
        return tuple(self.reads)


DIMENSIONS: tuple[Dimension, ...] = (
    Dimension("theme", "theme", {"themes": _codes("themes")}, _l("Theme"), "theme", checkboxes=True),
    Dimension("kind", "kind", {"kind": _code("kind")}, _l("Kind of help"), "kind", checkboxes=True),
    Dimension("tier", "tier", {"tier": lambda s: s.tier_level}, _l("Help level"), checkboxes=True,
              doc="1–4 (1 own strength, 2 social network, 3 general provisions, 4 collective provisions)"),
    Dimension("audience", "audience", {"audiences": _codes("audiences")}, _l("For whom"), "audience",
              checkboxes=True),
    Dimension("cost", "cost", {"cost": _code("cost")}, _l("Cost"), "cost", checkboxes=True),
    Dimension("language", "language", {"languages": _codes("languages")}, _l("Languages spoken"), "language",
              checkboxes=True, doc="languages spoken at the service (`language=fy`: Frisian spoken)"),
    # a place or municipality counts services there and services serving it
    Dimension("municipality", "municipality", {
        "munis": _located(lambda loc: loc.place.municipality_id),
        "area_munis": lambda s: sorted(m.id for m in s.area_municipalities)}, _l("Municipality"),
              doc="slug (`sudwest-fryslan`) or name"),
    Dimension("place", "place", {
        "places": _located(lambda loc: loc.place_id),
        "area_places": lambda s: sorted(p.id for p in s.area_places)}, _l("Village or town"),
              doc="a place (slug or name): services located there or serving it"),
    Dimension("day", "open", {"days": lambda s: sorted({sc.weekday for loc in s.locations for sc in loc.schedules})},
              _l("Open on"), doc="weekday: `ma di wo do vr za zo` (also `monday`…, `maandag`…, Frisian "
              "`mo ti wo to fr so si`, where `so` is sneon: Saturday)"),
    Dimension("capacity", "capacity", {"capacity": lambda s: s.capacity}, _l("Places"),
              doc="places as the organisation last reported them: `available`, `full`, `waitlist`"),
    # set by the referral pages (alternatives for an indicated-care product), not a parameter of search
    Dimension("alternative", None, {"alternatives": _codes("alternatives_for")},
              _l("Can be an alternative for (indicated care)")),
)  # fmt: skip

BY_KEY = {d.key: d for d in DIMENSIONS}
KEYS = tuple(d.key for d in DIMENSIONS)
FILTERS = tuple(d for d in DIMENSIONS if d.param)
FILTER_PARAMS = tuple(d.param for d in FILTERS)
CODE_FILTERS = tuple(d for d in FILTERS if d.vocabulary)
CHECKBOX_FILTERS = tuple(d for d in FILTERS if d.checkboxes)  # in the panel's order
# What else a document's meta holds: identity, distance, sorting and freshness.
OTHER_STORED = ("id", "loc", "sort", "assured")
READS = {key: read for d in DIMENSIONS for key, read in d.reads.items()}  # a key two dimensions read: one reader
STORED_KEYS = tuple(sorted(set(READS) | set(OTHER_STORED)))


def stored_values(service) -> dict[str, object]:
    """What a document's meta holds for the dimensions (documents.py adds OTHER_STORED)."""
    return {key: read(service) for key, read in READS.items()}
