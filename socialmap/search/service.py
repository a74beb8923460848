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

import logging
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from socialmap.extensions import db
from socialmap.places.queries import ResolvedPoint
from socialmap.search import get_index
from socialmap.search import index as ix
from socialmap.search.documents import documents_for_ids, iter_searchable_documents, service_ids_for
from socialmap.search.geo import bounding_box, haversine_km
from socialmap.search.synonyms import load_synonyms, split_concepts
from socialmap.text import edit_distance, normalize_name

log = logging.getLogger(__name__)

DEFAULT_RADIUS_KM = 15.0
MAX_RADIUS_KM = 100.0
TEXT_WEIGHT, DISTANCE_WEIGHT = 0.7, 0.3
TYPO_MIN_LENGTH = 5
CELL_LAT, CELL_LON = 0.05, 0.08  # grid cells of about 5.5 km square at 53° N
DIMENSIONS = ("tier", "theme", "kind", "audience", "cost", "municipality", "place", "day")


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
    page: int = 1
    per_page: int = 20


@dataclass
class Hit:
    service_id: int
    distance_km: float | None
    relevance: float | None
    rank: float


@dataclass
class SearchOutcome:
    total: int
    hits: list[Hit]
    facets: dict[str, dict]
    suggestion: str | None = None
    all_hits: list[Hit] = field(default_factory=list, repr=False)


class DocMeta:
    __slots__ = ("service_id", "tier", "kind", "cost", "themes", "audiences", "locations", "places",
                 "municipalities", "area_places", "area_municipalities", "days", "sort_key")  # fmt: skip

    def __init__(self, meta: dict):
        self.service_id = meta["id"]
        self.tier = meta["tier"]
        self.kind = meta["kind"]
        self.cost = meta["cost"]
        self.themes = frozenset(meta["themes"])
        self.audiences = frozenset(meta["audiences"])
        self.locations = tuple(tuple(loc) for loc in meta["loc"])
        self.places = frozenset(meta["places"])
        self.municipalities = frozenset(meta["munis"])
        self.area_places = frozenset(meta["area_places"])
        self.area_municipalities = frozenset(meta["area_munis"])
        self.days = frozenset(meta["days"])
        self.sort_key = meta["sort"]


class Snapshot:
    """Per index state: every live document's meta plus lookup tables for place searches."""

    def __init__(self, token: object, documents: Iterable[tuple[int, dict]]):
        self.token = token
        self.docs: dict[int, DocMeta] = {}
        self.grid: dict[tuple[int, int], list[int]] = {}
        self.by_area_place: dict[int, list[int]] = {}
        self.by_area_municipality: dict[int, list[int]] = {}
        for docnum, meta in documents:
            doc = DocMeta(meta)
            self.docs[docnum] = doc
            for cell in {_cell(lat, lon) for lat, lon in doc.locations}:
                self.grid.setdefault(cell, []).append(docnum)
            for place_id in doc.area_places:
                self.by_area_place.setdefault(place_id, []).append(docnum)
            for municipality_id in doc.area_municipalities:
                self.by_area_municipality.setdefault(municipality_id, []).append(docnum)
        self.by_name = sorted(self.docs, key=lambda d: (self.docs[d].sort_key, self.docs[d].service_id))


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
    searcher = ix.current_searcher(index)
    if index.snapshot is None or index.snapshot.token is not searcher:
        token, documents = ix.live_documents(index)
        index.snapshot = Snapshot(token, documents)
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
    snapshot = _snapshot(index)
    distances = _within_reach(snapshot, params.near, params.radius_km) if params.near else None

    relevance: dict[int, float] | None = None
    suggestion = None
    if params.q.strip():
        allowed = set(distances) if distances is not None else None
        relevance = _text_scores(index, params.q, allowed)
        if not relevance:
            suggestion = _suggestion(index, params.q)

    if relevance is not None:
        candidates: Iterable[int] = relevance.keys()
    elif distances is not None:
        candidates = distances.keys()
    else:
        candidates = snapshot.by_name
    selected, facets = _filter_and_count(snapshot, candidates, params)
    hits = _rank(snapshot, selected, relevance, distances, params.radius_km)
    start = (params.page - 1) * params.per_page
    return SearchOutcome(len(hits), hits[start : start + params.per_page], facets, suggestion, hits)


def _within_reach(snapshot: Snapshot, near: ResolvedPoint, radius_km: float) -> dict[int, float]:
    """docnum → km for services within the radius; those serving the place count as 0 km."""
    south, north, west, east = bounding_box(near.latitude, near.longitude, radius_km)
    (row_from, col_from), (row_to, col_to) = _cell(south, west), _cell(north, east)
    reach: dict[int, float] = {}
    seen: set[int] = set()
    for row in range(row_from, row_to + 1):
        for col in range(col_from, col_to + 1):
            for docnum in snapshot.grid.get((row, col), ()):
                if docnum in seen:
                    continue
                seen.add(docnum)
                best = min(haversine_km(near.latitude, near.longitude, lat, lon)
                           for lat, lon in snapshot.docs[docnum].locations)  # fmt: skip
                if best <= radius_km:
                    reach[docnum] = best
    if near.place is not None:
        for docnum in snapshot.by_area_place.get(near.place.id, ()):
            reach[docnum] = 0.0
        for docnum in snapshot.by_area_municipality.get(near.place.municipality_id, ()):
            reach[docnum] = 0.0
    return reach


SYNONYM_BOOST = 0.6  # a word's synonyms count, but less than the word itself


def _typo_neighbours(index, word: str) -> list[str]:
    """Index and synonym-list words one edit away (a swap of two letters counts as one)."""
    if len(word) < TYPO_MIN_LENGTH or " " in word or index.word_frequency(word):
        return []
    candidates = set(index.vocabulary_near(word, 2)) | set(load_synonyms().by_term)
    return sorted(w for w in candidates if abs(len(w) - len(word)) <= 1 and edit_distance(w, word) == 1)


def _concept_queries(index, text: str) -> list:
    synonyms = load_synonyms()
    queries = []
    for concept in split_concepts(text, synonyms):
        if concept in ix.ALL_STOPWORDS:
            continue
        spellings = [concept] + _typo_neighbours(index, concept)
        groups = [g for spelling in spellings for g in synonyms.groups_for(spelling)]
        related = [t for g in groups for t in g.terms if t not in spellings]
        options = [q for alt in spellings for q in _field_queries(index, alt)]
        options += [ix.boosted(q, SYNONYM_BOOST) for alt in dict.fromkeys(related) for q in _field_queries(index, alt)]
        options += [ix.boosted(ix.term_query("theme", code), 2.0) for code in {c for g in groups for c in g.themes}]
        if options:
            queries.append(ix.any_of(options))
    return queries


def _field_queries(index, text: str) -> list:
    queries = []
    for field_name in ix.TEXT_FIELDS:
        tokens = index.analyse(field_name, text)
        if len(tokens) == 1:
            queries.append(ix.term_query(field_name, tokens[0]))
        elif tokens:
            queries.append(ix.all_of([ix.term_query(field_name, t) for t in tokens]))
    return queries


def _text_scores(index, text: str, allowed: set[int] | None) -> dict[int, float]:
    concepts = _concept_queries(index, text)
    if not concepts:
        return {}
    required = ix.all_of(concepts)
    words = normalize_name(text).split()
    if len(words) > 1:
        phrases = [ix.phrase_query(f, toks, 3.0) for f in ix.PHRASE_FIELDS
                   if len(toks := index.analyse(f, text)) > 1]  # fmt: skip
        if phrases:
            required = ix.and_maybe(required, ix.any_of(phrases))
    scores = ix.run_query(index, required, allowed)
    if not scores and len(concepts) > 1:
        scores = ix.run_query(index, ix.any_of(concepts), allowed)  # scattered words, ranked lower
        scores = {d: s * 0.5 for d, s in scores.items()}
    return scores


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
    return doc.days


def _filters(params: SearchParams) -> list[tuple[str, object]]:
    """(dimension, test) for each dimension the user filtered on."""
    place_ids = {p for p, _m in params.places}
    place_municipalities = {m for _p, m in params.places}
    tests = {
        "tier": (params.tiers, lambda d: d.tier in params.tiers),
        "theme": (params.themes, lambda d: not d.themes.isdisjoint(params.themes)),
        "kind": (params.kinds, lambda d: d.kind in params.kinds),
        "audience": (params.audiences, lambda d: not d.audiences.isdisjoint(params.audiences)),
        "cost": (params.costs, lambda d: d.cost in params.costs),
        "municipality": (params.municipality_ids, lambda d: not (d.municipalities | d.area_municipalities)
                         .isdisjoint(params.municipality_ids)),
        "place": (params.places, lambda d: not (d.places | d.area_places).isdisjoint(place_ids)
                  or not d.area_municipalities.isdisjoint(place_municipalities)),
        "day": (params.weekdays, lambda d: not d.days.isdisjoint(params.weekdays)),
    }  # fmt: skip
    return [(name, test) for name, (selected, test) in tests.items() if selected]


def _filter_and_count(snapshot: Snapshot, candidates: Iterable[int], params: SearchParams):
    """Apply the filters; count facets with every filter but the dimension's own."""
    filters = _filters(params)
    counters = {dimension: Counter() for dimension in DIMENSIONS}
    selected: list[int] = []
    for docnum in candidates:
        doc = snapshot.docs[docnum]
        failed = [name for name, test in filters if not test(doc)]
        if not failed:
            selected.append(docnum)
            for dimension in DIMENSIONS:
                counters[dimension].update(_facet_values(doc, dimension))
        elif len(failed) == 1:
            counters[failed[0]].update(_facet_values(doc, failed[0]))
    return selected, {dimension: dict(counter) for dimension, counter in counters.items()}


def _rank(snapshot, selected, relevance, distances, radius_km) -> list[Hit]:
    docs = snapshot.docs
    top = max((relevance[d] for d in selected), default=1.0) if relevance else 1.0
    hits = []
    for docnum in selected:
        doc = docs[docnum]
        distance = distances[docnum] if distances is not None else None
        text = relevance[docnum] / top if relevance else None
        if text is not None and distance is not None:
            rank = -(TEXT_WEIGHT * text + DISTANCE_WEIGHT * (1 - min(distance / radius_km, 1.0)))
        elif text is not None:
            rank = -text
        elif distance is not None:
            rank = distance
        else:
            rank = 0.0
        hits.append((rank, doc.sort_key, doc.service_id, Hit(doc.service_id, distance, text, rank)))
    hits.sort(key=lambda h: h[:3])
    return [h[3] for h in hits]
