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
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from socialmap.catalogue.freshness import hidden_before
from socialmap.places.queries import ResolvedPoint
from socialmap.search import dimensions, fallback, follower, get_index
from socialmap.search import index as ix
from socialmap.search.snapshot import (
    DIMENSIONS,
    FACET_PAIRS,
    PLACE_ELSEWHERE,
    PLACE_LOCATED,
    SegmentColumns,
    Snapshot,
)
from socialmap.search.synonyms import load_synonyms, split_concepts
from socialmap.text import edit_distance, normalize_name

log = logging.getLogger(__name__)

DEFAULT_RADIUS_KM = 15.0
MAX_RADIUS_KM = 100.0
TYPO_MIN_LENGTH = 5
# With words and a place, relevance × the weight of the service's place tier (docs/search.md): in
# the village 1, in the village for the whole municipality 0.9, serving the village through its
# service area 0.85, serving the whole municipality 0.7; elsewhere 0.35, falling to 0.175 at the
# radius — so a name match 8 km away still beats a word found only in a village service's theme
# expansion, but not the same topic in the village itself.
PLACE_WEIGHTS = np.array([1.0, 0.9, 0.85, 0.7, 0.35])


@dataclass
class SearchParams:
    q: str = ""
    near: ResolvedPoint | None = None
    radius_km: float = DEFAULT_RADIUS_KM
    # dimension key (search/dimensions.py) → the values chosen, any of which passes: codes; tier levels,
    # municipality ids and weekdays as ints; "place" as (place id, its municipality id); "alternative":
    # indicated-care products the service can replace
    filters: Mapping[str, frozenset] = field(default_factory=dict)
    include_stale: bool = False  # professionals see entries nobody confirmed for a year, flagged
    page: int = 1
    per_page: int = 20

    def __post_init__(self) -> None:
        unknown = set(self.filters) - set(dimensions.KEYS)
        if unknown:
            raise ValueError(f"not a search dimension: {', '.join(sorted(unknown))}")


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


# -- keeping the index ready (search/follower.py) -------------------------------------------
def rebuild_index() -> int:
    """Rebuild the whole index from the database (the `socialmap reindex` command): a new index
    generation, which every other process notices and follows."""
    index = get_index()
    count = follower.rebuild(index, new_generation=True)
    index.snapshot = None
    return count


def _snapshot(index) -> Snapshot:
    searcher = ix.fresh_searcher(index)
    snapshot = index.snapshot
    if snapshot is None or snapshot.token is not searcher:
        snapshot = index.snapshot = Snapshot(*ix.live_segments(index, SegmentColumns))
    return snapshot


# -- searching ------------------------------------------------------------------------------
def search_services(params: SearchParams) -> SearchOutcome:
    """Search the catalogue. The index first catches up with the database's change log; without
    a usable index (missing, damaged, being rebuilt in the background) the answer comes from SQL.
    Only index damage leads to a rebuild: any other error is a bug and is raised."""
    index = get_index()
    if not follower.prepare(index):
        return fallback.search(params)
    try:
        with index.pinned():
            return _search(index, params)
    except ix.IndexDamaged:
        follower.start_rebuild(index, "damaged")
    if index.open():  # rebuilt already (SEARCH_REBUILD_IN_BACKGROUND off)
        with index.pinned():
            return _search(index, params)
    return fallback.search(params)


def _search(index, params: SearchParams, snapshot: Snapshot | None = None, text_match=None) -> SearchOutcome:
    """Narrow with masks (words, reach, freshness, filters), then count facets, score and order
    what is left; every step is a numpy operation over the snapshot's arrays."""
    # the SQL fallback (fallback.py) brings its own snapshot and word matching, and no index
    snapshot = snapshot if snapshot is not None else _snapshot(index)
    match: TextMatch | None = None
    suggestion = None
    scope = snapshot.live
    distance = raw_distance = place_tiers = None
    if params.near:
        near, place = params.near, params.near.place
        raw_distance = snapshot.distances(near.latitude, near.longitude, params.radius_km)
        distance = raw_distance.copy()
        if place is not None:
            place_tiers = snapshot.place_tiers(place.id, place.municipality_id)
            # a service whose area covers the village is there for its residents: 0 km
            distance[(place_tiers > PLACE_LOCATED) & (place_tiers < PLACE_ELSEWHERE)] = 0.0
        scope = scope & (distance <= params.radius_km)
    if not params.include_stale:
        scope = scope & snapshot.confirmed_since(hidden_before().toordinal())
    if params.q.strip():
        match = (text_match or _text_match)(index, snapshot, params.q, scope)
        scope = scope & match.docs
        if not match.docs.any() and index is not None:
            suggestion = _suggestion(index, params.q)
    passing, near_misses = _apply_filters(snapshot, scope, params)
    selected = np.flatnonzero(passing)
    facets = _count_facets(snapshot, selected, near_misses)

    relevance = match.scores(selected) if match is not None else None
    top = (relevance.max(initial=0.0) or 1.0) if relevance is not None else 1.0  # the best match
    if distance is not None:
        tiers = place_tiers[selected] if place_tiers is not None else np.full(len(selected), PLACE_ELSEWHERE)
        # within a tier the nearest first; a service serving the village from beyond the radius last
        kilometres = raw_distance[selected]
    if relevance is not None and distance is not None:
        weight = PLACE_WEIGHTS[tiers]
        elsewhere = tiers == PLACE_ELSEWHERE
        weight[elsewhere] *= 1 - np.minimum(kilometres[elsewhere] / (2 * params.radius_km), 0.5)
        # a stable sort keeps document order for equal ranks: one order per index state
        order = np.argsort(-(relevance * weight), kind="stable")
    elif relevance is not None:
        order = np.argsort(-relevance, kind="stable")
    elif distance is not None:
        order = np.lexsort((snapshot.name_rank[selected], kilometres, tiers))  # own village first, then nearest
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


# Where a word is found (docs/search.md, "Relevance"): the service's own name over its description
# over its theme labels over its organisation's name (an organisation called "Dorpshuis …" must not
# outrank the village hall's own activities).
FIELD_WEIGHTS = {"name_nl": 4.0, "name_fy": 4.0, "name_en": 4.0, "description_nl": 2.0, "description_fy": 2.0,
                 "description_en": 2.0, "themes_text": 1.5, "organization": 1.5}  # fmt: skip
# How it is found: the exact word, only its stem, a synonym, the theme a synonym group names, a
# typo correction — each weaker than the one before.
EXACT, STEM, SYNONYM, TYPO = 1.0, 0.85, 0.5, 0.3
THEME_EXPANSION = 0.6  # a field-less weight: below a synonym in a description
THEME_EXPANSION_BELOW = 3  # themes widen a word only when it finds fewer services than this within reach
FIELD_SPREAD = 0.05  # a word found in several fields counts a little more than in its best one
PHRASE_BONUS = 3.0  # the exact phrase in a name or description
# Words that carry no topic ("hulp bij opvoeden", "help foar âlderein", "help with forms"): left out
# when the query has other words, so they never remove or reorder results.
FILLER_WORDS = ix.ALL_STOPWORDS | frozenset(
    "hulp help helpen ondersteuning zoek zoeken zoekt gezocht nodig graag wil willen kan kunnen iemand iets "
    "mij me mijn m'n ik jij je uw hoe waar wat wie welke waarom wanneer ben heb hebben moet moeten bij naar "
    "voor met een de het in op om er dichtbij buurt omgeving "
    "sykje siket nedich wol kin ien eat my myn my jo hoe wer wêr wat wa yn nei mei foar by oan út "
    "need needs want looking look find finding someone something me my i you your near nearby with for to "
    "at a an the in on please some support".split()
)


TYPO_CACHE_SIZE = 20_000
_typo_cache: tuple[object, dict[str, list[str]]] = (None, {})  # (searcher it was made for, word → neighbours)


def _typo_neighbours(index, word: str) -> list[str]:
    """Index and synonym-list words one edit away (a swap of two letters counts as one).

    Kept per searcher: checking every candidate's edit distance in Python is most of a typo
    search (~30 candidates, ~2 ms at 50k services), and residents repeat the same slips."""
    global _typo_cache
    if len(word) < TYPO_MIN_LENGTH or " " in word or index.word_frequency(word):
        return []
    searcher = index.current_searcher()
    owner, cache = _typo_cache
    if owner is not searcher or len(cache) >= TYPO_CACHE_SIZE:
        cache = {}
        _typo_cache = (searcher, cache)  # replaced whole, so threads never see a half-cleared cache
    found = cache.get(word)
    if found is None:
        candidates = set(index.words_one_edit_away(word)) | load_synonyms().one_edit_away(word)
        found = cache[word] = sorted(w for w in candidates if edit_distance(w, word) == 1)
    return found


@dataclass
class WordMatch:
    """How one word or phrase of the query is found, before theme expansion: per document (full
    arrays over the snapshot) the strongest way it is found — field weight × exact, stem, synonym or
    typo — and the sum over every way, so scoring a search is two gathers, not one per field and
    alternative. Kept per index state (`Snapshot.cached_value`), with the themes its synonym groups name."""

    best: np.ndarray
    spread: np.ndarray
    docs: np.ndarray
    themes: tuple[str, ...]
    typo: bool


@dataclass
class ConceptMatch:
    """One word or phrase of this search: its `WordMatch`, widened to its themes when it finds
    little within reach, and its rarity."""

    word: WordMatch
    docs: np.ndarray
    expansion: tuple[float, np.ndarray] | None = None  # (weight, theme documents)
    idf: float = 0.0
    in_scope: bool = False

    def score(self, selected: np.ndarray) -> np.ndarray:
        best, spread = self.word.best[selected], self.word.spread[selected]
        if self.expansion is not None:
            weight, mask = self.expansion
            found = mask[selected] * weight
            best = np.maximum(best, found)
            spread = spread + found
        return best + FIELD_SPREAD * (spread - best)


def _field_masks(index, snapshot: Snapshot, words: list[str], factor: float) -> list[tuple[float, np.ndarray]]:
    masks = []
    for field_name, weight in FIELD_WEIGHTS.items():
        tokens = tuple(t for t in (index.analyse(field_name, word) for word in words) if t)
        if tokens:
            masks.append((weight * factor, _posting_mask(index, snapshot, "any", field_name, tokens)))
    return masks


def _word_match(index, snapshot: Snapshot, concept: str) -> WordMatch:
    """The word itself in every field; its synonyms (data/synonyms.csv); typo corrections when the
    word is neither in the index nor in the synonym list. Posting lists become masks once per
    index state, and the word's best and summed weights per document once per index state."""

    def build() -> WordMatch:
        synonyms = load_synonyms()
        groups = list(synonyms.groups_for(concept))
        typos = [] if groups else _typo_neighbours(index, concept)
        typo_groups = [g for typo in typos for g in synonyms.groups_for(typo)]
        related = [t for t in dict.fromkeys(t for g in groups for t in g.terms) if t != concept]
        typo_related = [t for t in dict.fromkeys(t for g in typo_groups for t in g.terms) if t not in typos]
        own = _field_masks(index, snapshot, [concept], EXACT)
        other = (_field_masks(index, snapshot, related, SYNONYM) + _field_masks(index, snapshot, typos, TYPO)
                 + _field_masks(index, snapshot, typo_related, TYPO * SYNONYM))  # fmt: skip
        spelling = index.analyse("spell", concept)
        exact = _posting_mask(index, snapshot, "any", "spell", (spelling,)) if len(spelling) == 1 else None
        exactness = np.where(exact, EXACT, STEM) if exact is not None else EXACT
        best, spread = np.zeros(snapshot.size), np.zeros(snapshot.size)
        for (weight, mask), own_word in [(pair, True) for pair in own] + [(pair, False) for pair in other]:
            found = mask * weight * (exactness if own_word else 1.0)
            np.maximum(best, found, out=best)
            spread += found
        docs = best > 0  # every weight is positive
        themes = tuple(sorted({code for g in groups + typo_groups for code in g.themes}))
        return WordMatch(best, spread, docs, themes, bool(typos))

    return snapshot.cached_value(("word", concept), build)


def _concept_match(index, snapshot: Snapshot, concept: str, scope: np.ndarray) -> ConceptMatch:
    """The word's match (`_word_match`), and the themes its synonym groups name, but only when
    that finds little within reach."""
    word = _word_match(index, snapshot, concept)
    match = ConceptMatch(word, word.docs)
    if word.themes and np.count_nonzero(word.docs & scope) < THEME_EXPANSION_BELOW:
        expansion = _posting_mask(index, snapshot, "any", "theme", tuple((code,) for code in word.themes))
        match.expansion = (THEME_EXPANSION * (TYPO if word.typo else 1.0), expansion)
        match.docs = word.docs | expansion
    return match


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
    concepts: list[ConceptMatch]
    phrase_docs: np.ndarray | None = None
    phrase_weight: float = 0.0

    def scores(self, selected: np.ndarray) -> np.ndarray:
        """Per selected document: for each word its best field weight (× how it was found) × the
        word's idf, summed; × the share of the query's idf it covers; + the phrase bonus."""
        total, covered = np.zeros(len(selected)), np.zeros(len(selected))
        for concept in self.concepts:
            found = concept.score(selected)
            total += found * concept.idf
            covered += (found > 0) * (concept.idf if concept.in_scope else 0.0)
        possible = sum(c.idf for c in self.concepts if c.in_scope)
        if possible:
            total *= covered / possible  # matching more of the words ranks higher
        if self.phrase_docs is not None:
            total += self.phrase_docs[selected] * self.phrase_weight
        return total


def query_concepts(text: str) -> list[str]:
    """The words and known phrases of a query that carry its topic; filler words only when there
    is nothing else ("hulp" alone still searches)."""
    return list(_query_concepts(text))


@lru_cache(maxsize=10_000)  # the synonym list is read once per process (load_synonyms)
def _query_concepts(text: str) -> tuple[str, ...]:
    concepts = split_concepts(text, load_synonyms())
    content = [c for c in concepts if c not in FILLER_WORDS]
    return tuple(content or [c for c in concepts if c not in ix.ALL_STOPWORDS])


def _text_match(index, snapshot: Snapshot, text: str, scope: np.ndarray) -> TextMatch:
    """Soft matching (docs/search.md): a service matching any word is a candidate, ranked by the
    words it matches; with three or more words that occur within reach it must match half of them."""
    concepts = [_concept_match(index, snapshot, c, scope) for c in query_concepts(text)]
    if not concepts:
        return TextMatch(np.zeros(snapshot.size, bool), [])
    total_docs = max(snapshot.count, 1)
    for concept in concepts:
        concept.idf = math.log(1 + total_docs / (1 + int(np.count_nonzero(concept.docs))))
        concept.in_scope = bool((concept.docs & scope).any())
    matched = sum(c.docs.astype(np.int8) for c in concepts)
    present = sum(c.in_scope for c in concepts)
    match = TextMatch(matched >= (math.ceil(present / 2) if present >= 3 else 1), concepts)
    if not (match.docs & scope).any():
        match.docs = matched >= 1  # scattered words still find something, ranked by what they match
    if len(concepts) > 1 and match.docs.any():
        match.phrase_docs = snapshot.cached_mask(("phrases", text), lambda: _phrase_mask(index, snapshot, text))
        match.phrase_weight = PHRASE_BONUS * max(c.idf for c in concepts)
    return match


def _phrase_mask(index, snapshot: Snapshot, text: str) -> np.ndarray:
    """Documents with the query's words as a phrase in a name or description."""
    phrase_docs = np.zeros(snapshot.size, bool)
    for field_name in ix.PHRASE_FIELDS:
        tokens = index.analyse(field_name, text)
        if len(tokens) > 1:
            phrase_docs |= _posting_mask(index, snapshot, "phrase", field_name, tokens)
    return phrase_docs


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
    masks = {dimension: snapshot.docs_with_any(dimension, values)
             for dimension, values in params.filters.items() if values and dimension != "place"}  # fmt: skip
    if places := params.filters.get("place"):
        # at a place or serving it: listed in its area, or covering its whole municipality
        masks["place"] = snapshot.docs_with_any("place", {p for p, _m in places}) | snapshot.docs_with_any(
            "area_municipality", {m for _p, m in places})
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
    for key, count in zip(np.flatnonzero(counts).tolist(), counts[counts > 0].tolist(), strict=True):
        dimension, value = FACET_PAIRS[key]
        facets[dimension][value] = count
    for dimension, missed in near_misses.items():
        extra = snapshot.count_keys(np.flatnonzero(missed), dimension)  # only this dimension's keys
        counted = facets[dimension]
        for key, count in zip(np.flatnonzero(extra).tolist(), extra[extra > 0].tolist(), strict=True):
            value = FACET_PAIRS[key][1]
            counted[value] = counted.get(value, 0) + count
    return facets
