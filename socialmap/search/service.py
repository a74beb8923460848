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
from dataclasses import dataclass, field

import numpy as np
from sqlalchemy.orm import Session

from socialmap.catalogue.freshness import hidden_before
from socialmap.extensions import db
from socialmap.places.queries import ResolvedPoint
from socialmap.search import get_index
from socialmap.search import index as ix
from socialmap.search.documents import (
    documents_for_ids,
    iter_searchable_documents,
    searchable_ids,
    service_ids_for,
)
from socialmap.search.snapshot import DIMENSIONS, FACET_PAIRS, SegmentColumns, Snapshot
from socialmap.search.synonyms import load_synonyms, split_concepts
from socialmap.text import edit_distance, normalize_name

log = logging.getLogger(__name__)

DEFAULT_RADIUS_KM = 15.0
MAX_RADIUS_KM = 100.0
TEXT_WEIGHT, DISTANCE_WEIGHT = 0.7, 0.3
TYPO_MIN_LENGTH = 5


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


# -- keeping the index ready ----------------------------------------------------------------
def rebuild_index() -> int:
    """Rebuild the whole index from the database (the `socialmap reindex` command)."""
    index = get_index()
    with Session(db.engine) as session:
        ids = searchable_ids(session)
        count = index.rebuild(iter_searchable_documents(session, ids), expected=len(ids))
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
        index.snapshot = Snapshot(*ix.live_segments(index, SegmentColumns))
        # What is alive now (app, reference caches, the parsed segments) lives long: keep the cyclic
        # garbage collector from walking it on every full collection (20-40 ms pauses at 50k).
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
    """Narrow with masks (words, reach, freshness, filters), then count facets, score and order
    what is left; every step is a numpy operation over the snapshot's arrays."""
    snapshot = _snapshot(index)
    match: TextMatch | None = None
    suggestion = None
    scope = snapshot.live
    if params.q.strip():
        match = _text_match(index, snapshot, params.q)
        scope = scope & match.docs
        if not match.docs.any():
            suggestion = _suggestion(index, params.q)
    distance = None
    if params.near:
        place = params.near.place
        served = snapshot.served_at(place.id, place.municipality_id) if place is not None else np.empty(0, np.int64)
        distance = snapshot.reach(params.near.latitude, params.near.longitude, params.radius_km, served)
        scope = scope & (distance <= params.radius_km)
    if not params.include_stale:
        scope = scope & snapshot.confirmed_since(hidden_before().toordinal())
    passing, near_misses = _apply_filters(snapshot, scope, params)
    selected = np.flatnonzero(passing)
    facets = _count_facets(snapshot, selected, near_misses)

    relevance = match.scores(snapshot, selected) if match is not None else None
    top = (relevance.max(initial=0.0) or 1.0) if relevance is not None else 1.0  # the best match
    if relevance is not None and distance is not None:
        closeness = 1 - np.minimum(distance[selected] / params.radius_km, 1.0)
        # a stable sort keeps document order for equal ranks: one order per index state
        order = np.argsort(-(TEXT_WEIGHT * relevance / top + DISTANCE_WEIGHT * closeness), kind="stable")
    elif relevance is not None:
        order = np.argsort(-relevance, kind="stable")
    elif distance is not None:
        order = np.lexsort((snapshot.name_rank[selected], distance[selected]))  # nearest, then by name
    else:
        order = np.argsort(snapshot.name_rank[selected], kind="stable")
    ordered = selected[order]
    start = (params.page - 1) * params.per_page
    shown = order[start : start + params.per_page]
    page = [
        Hit(int(snapshot.service_ids[selected[i]]),
            float(distance[selected[i]]) if distance is not None else None,
            float(relevance[i] / top) if relevance is not None else None)
        for i in shown.tolist()
    ]  # fmt: skip
    return SearchOutcome(len(ordered), page, facets, suggestion, snapshot.service_ids[ordered].tolist())


SYNONYM_FACTOR = 0.4  # a word's synonyms count, but less than the word itself
THEME_WEIGHT = 2.0  # a synonym group that names a theme matches services of that theme
PHRASE_BONUS = 3.0  # the exact phrase in a name or description


def _typo_neighbours(index, word: str) -> list[str]:
    """Index and synonym-list words one edit away (a swap of two letters counts as one)."""
    if len(word) < TYPO_MIN_LENGTH or " " in word or index.word_frequency(word):
        return []
    candidates = set(index.words_one_edit_away(word)) | load_synonyms().one_edit_away(word)
    return sorted(w for w in candidates if edit_distance(w, word) == 1)


def _concept_masks(index, snapshot: Snapshot, concept: str) -> tuple[list[tuple[float, np.ndarray]], np.ndarray]:
    """How one word or phrase of the query matches: ([(weight, documents)] heaviest first, all of them).

    Weight = the field it matches in (name 4, English name 3, organisation 2.5, theme 2,
    description 1), × 0.4 for a synonym. Posting lists become masks once per index state."""
    synonyms = load_synonyms()
    spellings = [concept] + _typo_neighbours(index, concept)
    groups = [g for spelling in spellings for g in synonyms.groups_for(spelling)]
    related = [t for t in dict.fromkeys(t for g in groups for t in g.terms) if t not in spellings]
    weighted: list[tuple[float, np.ndarray]] = []
    for alternatives, factor in ((spellings, 1.0), (related, SYNONYM_FACTOR)):
        for field_name, (_analyzer, boost) in ix.TEXT_FIELDS.items():
            tokens = tuple(t for t in (index.analyse(field_name, alternative) for alternative in alternatives) if t)
            if tokens:
                weighted.append((boost * factor, _posting_mask(index, snapshot, "any", field_name, tokens)))
    for code in {c for g in groups for c in g.themes}:
        weighted.append((THEME_WEIGHT, _posting_mask(index, snapshot, "any", "theme", ((code,),))))
    weighted = sorted(weighted, key=lambda pair: -pair[0])
    union = np.logical_or.reduce([mask for _w, mask in weighted]) if weighted else np.zeros(snapshot.size, bool)
    return weighted, union


def _posting_mask(index, snapshot: Snapshot, kind: str, field_name: str, tokens: tuple) -> np.ndarray:
    """Documents with any of the token alternatives ("any") or with the phrase ("phrase"), as a
    mask kept for this index state."""

    def build() -> np.ndarray:
        if kind == "phrase":
            return snapshot.mask_of(index.docs_with_phrase(field_name, tokens))
        return snapshot.mask_of(index.docs_with_any(field_name, tokens))

    return snapshot.cached_mask((kind, field_name, tokens), build)


@dataclass
class TextMatch:
    """Which documents match the words, and how to score them (only those that survive the filters)."""

    docs: np.ndarray  # mask
    per_concept: list[tuple[list[tuple[float, np.ndarray]], float]]  # ([(weight, mask)], idf) per word
    factor: float = 1.0
    phrase_docs: np.ndarray | None = None
    phrase_weight: float = 0.0

    def scores(self, snapshot: Snapshot, selected: np.ndarray) -> np.ndarray:
        """Per selected document: for each word the heaviest field it matches × the word's idf,
        summed; × factor; + the phrase bonus."""
        total = np.zeros(len(selected))
        for weighted, idf in self.per_concept:
            best = np.zeros(len(selected))
            for weight, mask in weighted:
                np.maximum(best, mask[selected] * weight, out=best)
            total += best * idf
        total *= self.factor
        if self.phrase_docs is not None:
            total += self.phrase_docs[selected] * self.phrase_weight
        return total


def _text_match(index, snapshot: Snapshot, text: str) -> TextMatch:
    """Relevance, documented: for each query word its best field weight × its rarity (idf), summed;
    every word must match (else any word, at half weight); the exact phrase adds a bonus."""
    concepts = [c for c in split_concepts(text, load_synonyms()) if c not in ix.ALL_STOPWORDS]
    if not concepts:
        return TextMatch(np.zeros(snapshot.size, bool), [])
    total_docs = max(snapshot.count, 1)
    per_concept, matched = [], []
    for concept in concepts:
        weighted, docs = _concept_masks(index, snapshot, concept)
        per_concept.append((weighted, math.log(1 + total_docs / (1 + int(np.count_nonzero(docs))))))
        matched.append(docs)
    match = TextMatch(np.logical_and.reduce(matched), per_concept)
    if not match.docs.any() and len(per_concept) > 1:
        match.docs = np.logical_or.reduce(matched)
        match.factor = 0.5  # scattered words rank lower
    if len(concepts) > 1 and match.docs.any():
        phrase_docs = np.zeros(snapshot.size, bool)
        for field_name in ix.PHRASE_FIELDS:
            tokens = index.analyse(field_name, text)
            if len(tokens) > 1:
                phrase_docs |= _posting_mask(index, snapshot, "phrase", field_name, tokens)
        match.phrase_docs = phrase_docs
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


def _filter_masks(snapshot: Snapshot, params: SearchParams) -> dict[str, np.ndarray]:
    """For each dimension the user filtered on: the services that pass it (any chosen value)."""
    chosen = {
        "tier": params.tiers, "theme": params.themes, "kind": params.kinds, "audience": params.audiences,
        "cost": params.costs, "municipality": params.municipality_ids, "day": params.weekdays,
        "capacity": params.capacities, "alternative": params.alternatives,
    }  # fmt: skip
    masks = {dimension: snapshot.docs_with_any(dimension, values) for dimension, values in chosen.items() if values}
    if params.places:
        # at a place or serving it: listed in its area, or covering its whole municipality
        masks["place"] = snapshot.docs_with_any("place", {p for p, _m in params.places}) | snapshot.docs_with_any(
            "area_municipality", {m for _p, m in params.places})
    return masks


def _apply_filters(snapshot: Snapshot, scope: np.ndarray, params: SearchParams):
    """(services passing every filter, {dimension: services failing only that one}) within scope;
    the second feeds the facet counts, which leave out their own dimension's filter."""
    masks = _filter_masks(snapshot, params)
    passing = np.logical_and.reduce([scope, *masks.values()])
    near_misses = {}
    for dimension, own in masks.items():
        others = [m for d, m in masks.items() if d != dimension]
        near_misses[dimension] = np.logical_and.reduce([scope, *others]) & ~own
    return passing, near_misses


def _count_facets(snapshot: Snapshot, selected: np.ndarray, near_misses: dict[str, np.ndarray]) -> dict[str, dict]:
    counts = snapshot.count_keys(selected)
    facets: dict[str, dict] = {dimension: {} for dimension in DIMENSIONS}
    for key in np.flatnonzero(counts).tolist():
        dimension, value = FACET_PAIRS[key]
        facets[dimension][value] = int(counts[key])
    for dimension, missed in near_misses.items():
        extra = snapshot.count_keys(np.flatnonzero(missed))
        for key in np.flatnonzero(extra).tolist():
            pair_dimension, value = FACET_PAIRS[key]
            if pair_dimension == dimension:
                facets[dimension][value] = facets[dimension].get(value, 0) + int(extra[key])
    return facets
