"""search_services(): words, place, filters and facets in one call — what the API and pages use.

Ranking (documented in docs/search.md):
- with words and a place: 0.7 × relevance (relative to the best hit) + 0.3 × closeness, where
  closeness = 1 − distance / radius, and a service whose service area covers the place counts
  as distance 0;
- with words only: relevance; with a place only: distance, then name; neither: name.
Facets are "disjunctive": the counts for one dimension apply every other filter but not its own,
so a resident sees how many results each other choice would give.
"""

from __future__ import annotations

import gc
import logging
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from itertools import chain

from sqlalchemy.orm import Session

from socialmap.catalogue.freshness import hidden_before
from socialmap.extensions import db
from socialmap.places.queries import ResolvedPoint
from socialmap.search import geo, get_index
from socialmap.search import index as ix
from socialmap.search.documents import documents_for_ids, iter_searchable_documents, service_ids_for
from socialmap.search.geo import bounding_box
from socialmap.search.synonyms import load_synonyms, split_concepts
from socialmap.text import edit_distance, normalize_name

log = logging.getLogger(__name__)

DEFAULT_RADIUS_KM = 15.0
MAX_RADIUS_KM = 100.0
TEXT_WEIGHT, DISTANCE_WEIGHT = 0.7, 0.3
TYPO_MIN_LENGTH = 5
HALF_EARTH_KM = 20_000.0
CELL_LAT, CELL_LON = 0.02, 0.03  # grid cells of about 2.2 × 2 km at 53° N
DIMENSIONS = ("tier", "theme", "kind", "audience", "cost", "municipality", "place", "day", "capacity", "alternative")


@dataclass
class SearchParams:
    q: str = ""
    near: ResolvedPoint | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    tiers: frozenset[int] = frozenset()
    themes: frozenset[str] = frozenset()
    kinds: frozenset[str] = frozenset()
    audiences: frozenset[str] = frozenset()
    costs: frozenset[str] = frozenset()
    municipality_ids: frozenset[int] = frozenset()
    places: frozenset[tuple[int, int]] = frozenset()  # (place id, its municipality id)
    weekdays: frozenset[int] = frozenset()
    capacities: frozenset[str] = frozenset()
    alternatives: frozenset[str] = frozenset()  # indicated-care products the service can replace
    include_stale: bool = False  # professionals see entries nobody confirmed for a year, flagged
    page: int = 1
    per_page: int = 20


@dataclass
class Hit:
    service_id: int
    distance_km: float | None
    relevance: float | None  # relative to the best match, 0–1


@dataclass
class SearchOutcome:
    total: int
    hits: list[Hit]
    facets: dict[str, dict]
    suggestion: str | None = None
    ordered_ids: list[int] = field(default_factory=list, repr=False)  # every result, for the map


_FACET_KEYS: dict[tuple[str, object], int] = {}
_FACET_PAIRS: list[tuple[str, object]] = []


def _facet_key(dimension: str, value: object) -> int:
    """Intern (dimension, value): there are only a few hundred (codes, places, days)."""
    key = _FACET_KEYS.get((dimension, value))
    if key is None:
        key = _FACET_KEYS[(dimension, value)] = len(_FACET_PAIRS)
        _FACET_PAIRS.append((dimension, value))
    return key


class DocMeta:
    __slots__ = ("service_id", "tier", "kind", "cost", "themes", "audiences", "locations", "places",
                 "municipalities", "area_places", "area_municipalities", "days", "sort_key", "facet_keys",
                 "all_facet_keys", "radian_locations", "cells", "assured", "capacity",
                 "alternatives")  # fmt: skip

    def __init__(self, meta: dict):
        self.service_id = meta["id"]
        self.tier = meta["tier"]
        self.kind = meta["kind"]
        self.cost = meta["cost"]
        self.themes = frozenset(meta["themes"])
        self.audiences = frozenset(meta["audiences"])
        self.locations = tuple(tuple(loc) for loc in meta["loc"])
        # (latitude, longitude) in radians and cos(latitude): haversine without repeated conversions
        self.radian_locations = tuple((math.radians(lat), math.radians(lon), math.cos(math.radians(lat)))
                                      for lat, lon in self.locations)  # fmt: skip
        self.cells = frozenset(_cell(lat, lon) for lat, lon in self.locations)
        self.places = frozenset(meta["places"])
        self.municipalities = frozenset(meta["munis"])
        self.area_places = frozenset(meta["area_places"])
        self.area_municipalities = frozenset(meta["area_munis"])
        self.days = frozenset(meta["days"])
        self.sort_key = meta["sort"]
        self.assured = meta.get("assured", 0)  # date.toordinal() of the last confirmation
        self.capacity = meta.get("capacity")
        self.alternatives = frozenset(meta.get("alternatives", ()))
        # (dimension, value) pairs as small ints, so facet counting is one C-speed Counter.update
        self.facet_keys = {dimension: tuple(_facet_key(dimension, v) for v in _facet_values(self, dimension))
                           for dimension in DIMENSIONS}  # fmt: skip
        self.all_facet_keys = tuple(key for keys in self.facet_keys.values() for key in keys)


class Snapshot:
    """Per index state: every live document's meta plus lookup tables for place searches."""

    def __init__(self, token: object, documents: Iterable[tuple[int, DocMeta]]):
        self.token = token
        self.docs: dict[int, DocMeta] = dict(documents)

    # Built on first use: a search with words never needs them.
    @cached_property
    def grid(self) -> dict[tuple[int, int], list[int]]:
        grid: dict[tuple[int, int], list[int]] = {}
        for docnum, doc in self.docs.items():
            for cell in doc.cells:
                grid.setdefault(cell, []).append(docnum)
        return grid

    @cached_property
    def by_area_place(self) -> dict[int, list[int]]:
        index: dict[int, list[int]] = {}
        for docnum, doc in self.docs.items():
            for place_id in doc.area_places:
                index.setdefault(place_id, []).append(docnum)
        return index

    @cached_property
    def by_area_municipality(self) -> dict[int, list[int]]:
        index: dict[int, list[int]] = {}
        for docnum, doc in self.docs.items():
            for municipality_id in doc.area_municipalities:
                index.setdefault(municipality_id, []).append(docnum)
        return index

    @cached_property
    def all_docs(self) -> frozenset[int]:
        return frozenset(self.docs)

    def confirmed_since(self, day: int) -> frozenset[int]:
        """Services a person confirmed on or after `day` (an ordinal); kept per day."""
        cached = self.__dict__.get("_confirmed")
        if cached is None or cached[0] != day:
            cached = (day, frozenset(d for d, doc in self.docs.items() if doc.assured >= day))
            self.__dict__["_confirmed"] = cached
        return cached[1]

    @cached_property
    def _by_value(self) -> dict[tuple[str, object], set[int]]:
        """(dimension, value) → services; "place" and "municipality" include service areas."""
        index: dict[tuple[str, object], set[int]] = {}
        for docnum, doc in self.docs.items():
            for key in doc.all_facet_keys:
                index.setdefault(_FACET_PAIRS[key], set()).add(docnum)
            for municipality_id in doc.area_municipalities:
                index.setdefault(("area_municipality", municipality_id), set()).add(docnum)
        return index

    def docs_with_any(self, dimension: str, values) -> frozenset[int]:
        key = (dimension, frozenset(values))
        cache = self.__dict__.setdefault("_any_cache", {})
        if key not in cache:
            if len(cache) > 5000:
                cache.clear()
            cache[key] = frozenset().union(*(self._by_value.get((dimension, v), ()) for v in values))
        return cache[key]

    @cached_property
    def by_name(self) -> list[int]:
        return sorted(self.docs, key=lambda d: (self.docs[d].sort_key, self.docs[d].service_id))


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_LAT), math.floor(lon / CELL_LON)


# -- keeping the index ready ----------------------------------------------------------------
def rebuild_index() -> int:
    """Rebuild the whole index from the database (the `socialmap reindex` command)."""
    index = get_index()
    with Session(db.engine) as session:
        count = index.rebuild(iter_searchable_documents(session))
    index.needs_rebuild = False
    index.checked = True
    index.snapshot = None
    return count


# Above this many changed services one rebuild is faster than updating them one by one.
BULK_CHANGE = 2000


def refresh_services(changes: set[tuple[str, int]]) -> None:
    """Write the committed state of changed services into the index (called after commit).

    `changes` holds ("service" | "location" | "organization", id) pairs collected at flush.
    """
    index = get_index()
    if len(changes) > BULK_CHANGE:
        rebuild_index()
        return
    if not _ensure_ready(index):
        return  # a rebuild just read the committed state, including these changes
    with Session(db.engine) as session:
        documents, removed = documents_for_ids(session, service_ids_for(session, changes))
    index.update(documents, removed)


def _ensure_ready(index) -> bool:
    """Rebuild when the index is missing, of an older schema or unreadable; True if it was fine."""
    if index.checked and not index.needs_rebuild:
        return True
    if index.needs_rebuild or not index.is_usable():
        log.info("search index at %s missing, outdated or damaged: rebuilding", index.path)
        rebuild_index()
        return False
    index.checked = True
    return True


def _snapshot(index) -> Snapshot:
    searcher = ix.fresh_searcher(index)
    if index.snapshot is None or index.snapshot.token is not searcher:
        token, documents = ix.live_documents(index, DocMeta)
        index.snapshot = Snapshot(token, documents)
        # The snapshot is long-lived and large: keep the cyclic garbage collector from walking it
        # on every collection, which showed up as 20-40 ms pauses in the p95 latency.
        gc.freeze()
    return index.snapshot


# -- searching ------------------------------------------------------------------------------
def search_services(params: SearchParams) -> SearchOutcome:
    """Search the catalogue; never fails because of the index (it is rebuilt when damaged)."""
    index = get_index()
    _ensure_ready(index)
    try:
        return _search(index, params)
    except Exception:  # noqa: BLE001 — a damaged index must not cost the resident an answer
        log.exception("search failed; rebuilding the index and trying again")
        index.needs_rebuild = True
        _ensure_ready(index)
        return _search(index, params)


def _search(index, params: SearchParams) -> SearchOutcome:
    """Narrow with sets first (words, grid cells, filters: C-speed), then do per-service work
    (distances, facet counts, scores) only for what is left."""
    snapshot = _snapshot(index)
    match: TextMatch | None = None
    suggestion = None
    scope: set[int] | None = None  # None: every service
    if params.q.strip():
        match = _text_match(index, snapshot, params.q)
        scope = match.docs
        if not match.docs:
            suggestion = _suggestion(index, params.q)
    maybe_far: set[int] = set()
    if params.near:
        inside, maybe_far = _near_candidates(snapshot, params.near, params.radius_km)
        nearby = inside | maybe_far
        scope = nearby if scope is None else scope & nearby
    if not params.include_stale:
        fresh = snapshot.confirmed_since(hidden_before().toordinal())
        scope = fresh if scope is None else scope & fresh
    passing, near_misses = _apply_filters(snapshot, scope, params)

    distances: dict[int, float] | None = None
    if params.near and match is None:
        # A place only: an exact distance decides membership only in the ring of boundary cells,
        # and the page needs only the nearest few, found cell by cell from the centre outward.
        ring = passing & maybe_far
        passing = (passing - maybe_far) | _distances(snapshot, ring, params.near, params.radius_km).keys()
        distances = _nearest(snapshot, passing, params.near, params.page * params.per_page)
    elif params.near:
        # Words and a place: the blend needs every result's distance.
        distances = _distances(snapshot, passing, params.near, params.radius_km)
        passing = passing & distances.keys()
    if params.near:
        # the facets' near misses: exact distances only where it is in doubt
        doubtful = maybe_far & set().union(*near_misses.values())
        too_far = doubtful - _distances(snapshot, doubtful, params.near, params.radius_km).keys()
        near_misses = {dimension: docs - too_far for dimension, docs in near_misses.items()}
    facets = _count_facets(snapshot, passing, near_misses)

    relevance = match.scores(passing) if match is not None else None
    if relevance is None and distances is None:
        # browsing: alphabetical
        ordered = list(snapshot.by_name) if len(passing) == len(snapshot.docs) else [
            d for d in snapshot.by_name if d in passing]
    elif relevance is None:
        # nearest first; beyond the page the order is only stable, not by distance
        known = sorted(distances, key=lambda d: (distances[d], d))
        ordered = known + sorted(passing - distances.keys())
    else:
        ordered = _rank(passing, relevance, distances, params.radius_km)
    start = (params.page - 1) * params.per_page
    top = (max(relevance.values(), default=1.0) or 1.0) if relevance else 1.0
    page = [
        Hit(snapshot.docs[d].service_id, distances[d] if distances is not None else None,
            relevance[d] / top if relevance else None)
        for d in ordered[start : start + params.per_page]
    ]  # fmt: skip
    return SearchOutcome(len(ordered), page, facets, suggestion, [snapshot.docs[d].service_id for d in ordered])


def _distances(snapshot: Snapshot, docnums: Iterable[int], near: ResolvedPoint, radius_km: float) -> dict[int, float]:
    """docnum → km from the point for those within the radius; a service whose area covers the
    resident's village (or whole municipality) counts as 0 km, wherever its office is."""
    served_place = near.place.id if near.place is not None else None
    served_municipality = near.place.municipality_id if near.place is not None else None
    point_lat, point_lon = math.radians(near.latitude), math.radians(near.longitude)
    cos_point = math.cos(point_lat)
    # haversine's a = sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2) grows with distance: compare a, not km
    limit = math.sin(radius_km / (2 * geo.EARTH_RADIUS_KM)) ** 2
    sin, asin, sqrt, docs = math.sin, math.asin, math.sqrt, snapshot.docs
    reach: dict[int, float] = {}
    for docnum in docnums:
        doc = docs[docnum]
        if served_place in doc.area_places or served_municipality in doc.area_municipalities:
            reach[docnum] = 0.0
            continue
        best = 2.0
        for lat, lon, cos_lat in doc.radian_locations:
            a = sin((lat - point_lat) / 2) ** 2 + cos_point * cos_lat * sin((lon - point_lon) / 2) ** 2
            if a < best:
                best = a
        if best <= limit:
            reach[docnum] = 2 * geo.EARTH_RADIUS_KM * asin(sqrt(best))
    return reach


def _nearest(snapshot: Snapshot, passing: set[int], near: ResolvedPoint, want: int) -> dict[int, float]:
    """Exact distances for at least the `want` nearest of `passing` (all of them when fewer):
    services whose area covers the place first (0 km), then grid cells by their distance."""
    served: set[int] = set()
    if near.place is not None:
        served = passing & (set(snapshot.by_area_place.get(near.place.id, ()))
                            | set(snapshot.by_area_municipality.get(near.place.municipality_id, ())))  # fmt: skip
    found = dict.fromkeys(served, 0.0)
    cells = []
    row_at, col_at = _cell(near.latitude, near.longitude)
    for row, col in snapshot.grid:
        if abs(row - row_at) > 60 or abs(col - col_at) > 60:  # beyond 100 km: never in reach
            continue
        # nearest point of the cell to the centre
        lat = min(max(near.latitude, row * CELL_LAT), (row + 1) * CELL_LAT)
        lon = min(max(near.longitude, col * CELL_LON), (col + 1) * CELL_LON)
        cells.append((geo.haversine_km(near.latitude, near.longitude, lat, lon), row, col))
    cells.sort()
    kth = float("inf")
    for cell_distance, row, col in cells:
        if len(found) >= want and cell_distance > kth:
            break
        todo = [d for d in snapshot.grid[(row, col)] if d in passing and d not in found]
        if todo:
            found.update(_distances(snapshot, todo, near, HALF_EARTH_KM))
            if len(found) >= want:
                kth = sorted(found.values())[want - 1]
    return found


def _near_candidates(snapshot: Snapshot, near: ResolvedPoint, radius_km: float):
    """(surely within reach, maybe within reach). Grid cells of the bounding box whose far corner
    lies inside the circle hold services that are surely within reach, as do services whose area
    covers the place; services in the other cells need an exact distance."""
    south, north, west, east = bounding_box(near.latitude, near.longitude, radius_km)
    (row_from, col_from), (row_to, col_to) = _cell(south, west), _cell(north, east)
    inside: set[int] = set()
    maybe: set[int] = set()
    for row in range(row_from, row_to + 1):
        for col in range(col_from, col_to + 1):
            docs = snapshot.grid.get((row, col))
            if not docs:
                continue
            lats, lons = (row * CELL_LAT, (row + 1) * CELL_LAT), (col * CELL_LON, (col + 1) * CELL_LON)
            corners = [(lat, lon) for lat in lats for lon in lons]
            if all(geo.haversine_km(near.latitude, near.longitude, lat, lon) < radius_km for lat, lon in corners):
                inside.update(docs)
            else:
                maybe.update(docs)
    if near.place is not None:
        inside.update(snapshot.by_area_place.get(near.place.id, ()))
        inside.update(snapshot.by_area_municipality.get(near.place.municipality_id, ()))
    return inside, maybe - inside


SYNONYM_FACTOR = 0.4  # a word's synonyms count, but less than the word itself
THEME_WEIGHT = 2.0  # a synonym group that names a theme matches services of that theme
PHRASE_BONUS = 3.0  # the exact phrase in a name or description


def _typo_neighbours(index, word: str) -> list[str]:
    """Index and synonym-list words one edit away (a swap of two letters counts as one)."""
    if len(word) < TYPO_MIN_LENGTH or " " in word or index.word_frequency(word):
        return []
    candidates = set(index.words_one_edit_away(word)) | load_synonyms().one_edit_away(word)
    return sorted(w for w in candidates if edit_distance(w, word) == 1)


def _concept_sets(index, concept: str) -> tuple[list[tuple[float, frozenset[int]]], frozenset[int]]:
    """How one word or phrase of the query matches: ([(weight, documents)] heaviest first, all of them).

    Weight = the field it matches in (name 4, English name 3, organisation 2.5, theme 2,
    description 1), × 0.4 for a synonym. Kept as sets (C-speed unions); a document's weight is only
    looked up for the few that survive place and filters."""
    synonyms = load_synonyms()
    spellings = [concept] + _typo_neighbours(index, concept)
    groups = [g for spelling in spellings for g in synonyms.groups_for(spelling)]
    related = [t for t in dict.fromkeys(t for g in groups for t in g.terms) if t not in spellings]
    weighted: list[tuple[float, frozenset[int]]] = []
    for alternatives, factor in ((spellings, 1.0), (related, SYNONYM_FACTOR)):
        for field_name, (_analyzer, boost) in ix.TEXT_FIELDS.items():
            tokens = [t for t in (index.analyse(field_name, alternative) for alternative in alternatives) if t]
            if tokens:
                weighted.append((boost * factor, index.docs_with_any(field_name, tokens)))
    for code in {c for g in groups for c in g.themes}:
        weighted.append((THEME_WEIGHT, index.docs_with_all("theme", [code])))
    weighted = [(w, docs) for w, docs in sorted(weighted, key=lambda pair: -pair[0]) if docs]
    return weighted, frozenset().union(*(docs for _w, docs in weighted))


@dataclass
class TextMatch:
    """Which documents match the words, and how to score them (only those that survive the filters)."""

    docs: set[int]
    per_concept: list[tuple[list[tuple[float, frozenset[int]]], float]]  # ([(weight, docs)], idf) per word
    factor: float = 1.0
    phrase_docs: frozenset[int] = frozenset()
    phrase_weight: float = 0.0

    def score(self, docnum: int) -> float:
        total = 0.0
        for weighted, idf in self.per_concept:
            total += next((weight for weight, docs in weighted if docnum in docs), 0.0) * idf
        return self.factor * total + (self.phrase_weight if docnum in self.phrase_docs else 0.0)

    def scores(self, selected: set[int]) -> dict[int, float]:
        """score() for many documents at once: per word, one dict built with C-speed set and dict
        operations (lightest weight first, so the heaviest field wins), then one sum per document."""
        if len(selected) < 500:
            return {d: self.score(d) for d in selected}
        per_word = []
        for weighted, idf in self.per_concept:
            weights: dict[int, float] = {}
            for weight, docs in reversed(weighted):
                weights.update(dict.fromkeys(docs & selected, weight * idf * self.factor))
            per_word.append(weights)
        if len(per_word) == 1:
            totals = per_word[0]
        else:
            totals = {d: sum(w.get(d, 0.0) for w in per_word) for d in selected}
        if self.phrase_weight:
            for docnum in self.phrase_docs & selected:
                totals[docnum] = totals.get(docnum, 0.0) + self.phrase_weight
        return totals


def _text_match(index, snapshot: Snapshot, text: str) -> TextMatch:
    """Relevance, documented: for each query word its best field weight × its rarity (idf), summed;
    every word must match (else any word, at half weight); the exact phrase adds a bonus."""
    concepts = [c for c in split_concepts(text, load_synonyms()) if c not in ix.ALL_STOPWORDS]
    if not concepts:
        return TextMatch(set(), [])
    total_docs = max(len(snapshot.docs), 1)
    per_concept, matched = [], []
    for concept in concepts:
        weighted, docs = _concept_sets(index, concept)
        per_concept.append((weighted, math.log(1 + total_docs / (1 + len(docs)))))
        matched.append(docs)
    live = snapshot.all_docs  # posting sets may still hold deleted documents
    match = TextMatch(set(live.intersection(*matched)), per_concept)
    if not match.docs and len(per_concept) > 1:
        match.docs = set(live & frozenset().union(*matched))
        match.factor = 0.5  # scattered words rank lower
    if len(concepts) > 1 and match.docs:
        phrase_docs: set[int] = set()
        for field_name in ix.PHRASE_FIELDS:
            tokens = index.analyse(field_name, text)
            if len(tokens) > 1:
                phrase_docs |= index.docs_with_phrase(field_name, tokens)
        match.phrase_docs = frozenset(phrase_docs)
        match.phrase_weight = PHRASE_BONUS * max(idf for _w, idf in per_concept)
    return match


def _suggestion(index, text: str) -> str | None:
    """'Did you mean': each unknown word replaced by the most common index word one or two edits away."""
    synonyms = load_synonyms()
    words = normalize_name(text).split()
    changed = False
    corrected = []
    for word in words:
        if word in ix.ALL_STOPWORDS or index.word_frequency(word) or synonyms.groups_for(word) or len(word) < 3:
            corrected.append(word)
            continue
        vocabulary = set(index.vocabulary_near(word, 2)) | set(synonyms.by_term)
        near = [(edit_distance(w, word), -index.word_frequency(w), w)
                for w in vocabulary if abs(len(w) - len(word)) <= 2]  # fmt: skip
        near = [n for n in near if n[0] <= 2]
        if near:
            corrected.append(min(near)[2])
            changed = True
        else:
            corrected.append(word)
    return " ".join(corrected) if changed else None


def _facet_values(doc: DocMeta, dimension: str) -> Iterable:
    if dimension == "tier":
        return (doc.tier,)
    if dimension == "theme":
        return doc.themes
    if dimension == "kind":
        return (doc.kind,)
    if dimension == "audience":
        return doc.audiences
    if dimension == "cost":
        return (doc.cost,) if doc.cost else ()
    if dimension == "municipality":
        return doc.municipalities | doc.area_municipalities
    if dimension == "place":
        return doc.places | doc.area_places
    if dimension == "capacity":
        return (doc.capacity,) if doc.capacity else ()
    if dimension == "alternative":
        return doc.alternatives
    return doc.days


def _filter_sets(snapshot: Snapshot, params: SearchParams) -> dict[str, frozenset[int]]:
    """For each dimension the user filtered on: the services that pass it (any chosen value)."""
    chosen = {
        "tier": params.tiers, "theme": params.themes, "kind": params.kinds, "audience": params.audiences,
        "cost": params.costs, "municipality": params.municipality_ids, "day": params.weekdays,
        "capacity": params.capacities, "alternative": params.alternatives,
    }  # fmt: skip
    sets = {dimension: snapshot.docs_with_any(dimension, values) for dimension, values in chosen.items() if values}
    if params.places:
        # at a place or serving it: listed in its area, or covering its whole municipality
        sets["place"] = snapshot.docs_with_any("place", {p for p, _m in params.places}) | snapshot.docs_with_any(
            "area_municipality", {m for _p, m in params.places})
    return sets


def _apply_filters(snapshot: Snapshot, scope: set[int] | None, params: SearchParams):
    """(services passing every filter, {dimension: services failing only that one}) within scope;
    the second feeds the facet counts, which leave out their own dimension's filter."""
    sets = _filter_sets(snapshot, params)
    universe = scope if scope is not None else snapshot.all_docs
    if not sets:
        return set(universe), {}
    passing = set(universe).intersection(*sets.values())
    near_misses = {}
    for dimension, own in sets.items():
        others = [s for d, s in sets.items() if d != dimension]
        near_misses[dimension] = set(universe).intersection(*others) - own
    return passing, near_misses


def _count_facets(snapshot: Snapshot, passing: set[int], near_misses: dict[str, set[int]]) -> dict[str, dict]:
    docs = snapshot.docs
    counter: Counter = Counter()
    counter.update(chain.from_iterable(docs[d].all_facet_keys for d in passing))
    for dimension, missed in near_misses.items():
        counter.update(chain.from_iterable(docs[d].facet_keys[dimension] for d in missed))
    facets: dict[str, dict] = {dimension: {} for dimension in DIMENSIONS}
    for key, count in counter.items():
        dimension, value = _FACET_PAIRS[key]
        facets[dimension][value] = count
    return facets


def _rank(selected, relevance, distances, radius_km) -> list[int]:
    """Docnums in the documented order. Equal ranks keep docnum order, which is stable for one
    state of the index; sorting on a float key alone runs in C."""
    if not selected:
        return []
    if relevance is not None:
        top = max(relevance.values(), default=1.0) or 1.0
        if distances is not None:
            ranks = {d: -(TEXT_WEIGHT * relevance[d] / top + DISTANCE_WEIGHT * (1 - min(distances[d] / radius_km, 1.0)))
                     for d in selected}  # fmt: skip
        else:
            ranks = {d: -relevance[d] for d in selected}
    else:
        ranks = distances
    ordered = sorted(selected)
    ordered.sort(key=ranks.__getitem__)
    return ordered
