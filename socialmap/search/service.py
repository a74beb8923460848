"""search_services(): words, place, filters and facets in one call — what the API and pages use.

One search is a pipeline over the snapshot of one index state (`_search`, docs/search.md "How one
search runs"); each step is one module:

1. search/distances.py  point + radius → kilometres, place tiers, the services within reach
2. search/filters.py    `confirmed`: hide entries nobody confirmed for a year
3. search/query.py      text → concepts (filler words left out);
   search/matching.py   concepts → matching services and their relevance, or a suggestion
4. search/filters.py    `narrow`: the resident's filters, and each filter's near misses
5. search/facets.py     facet counts (disjunctive) over what passes
6. search/ranking.py    order (relevance × place-tier weight, distance, name) and the page

search/snapshot.py holds the arrays the steps read; search/index.py is the only module that
touches Whoosh.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from socialmap.places.queries import ResolvedPoint
from socialmap.search import dimensions, distances, facets, fallback, filters, follower, get_index, matching, ranking
from socialmap.search import index as ix
from socialmap.search.query import query_concepts
from socialmap.search.snapshot import SegmentColumns, Snapshot

DEFAULT_RADIUS_KM = 15.0
MAX_RADIUS_KM = 100.0


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
    """The snapshot of the pinned searcher's index state, made once per state and shared by threads."""
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
    """One search, step by step (docs/search.md, "How one search runs"). Each step narrows a mask
    over the snapshot's documents or reads arrays from it; all of them see the same index state.
    The SQL fallback (fallback.py) brings its own snapshot and word matching, and no index."""
    snapshot = snapshot if snapshot is not None else _snapshot(index)
    scope = snapshot.live
    # 1. where: distances and place tiers (search/distances.py)
    reach = distances.reach(snapshot, params.near, params.radius_km) if params.near else None
    if reach is not None:
        scope = scope & reach.within
    # 2. freshness (search/filters.py): residents do not see entries nobody confirmed for a year
    if not params.include_stale:
        scope = scope & filters.confirmed(snapshot)
    # 3. words: the query's concepts (search/query.py), matched and scored (search/matching.py)
    match = suggestion = None
    if params.q.strip():
        match = (text_match or matching.match_words)(index, snapshot, params.q, query_concepts(params.q), scope)
        scope = scope & match.docs
        if not match.docs.any() and index is not None:
            suggestion = matching.suggestion(index, params.q)
    # 4. the resident's filters (search/filters.py), 5. facet counts over what passes (search/facets.py)
    passing, near_misses = filters.narrow(snapshot, scope, params.filters)
    selected = np.flatnonzero(passing)
    facet_counts = facets.count_facets(snapshot, selected, near_misses)
    # 6. order and page (search/ranking.py)
    relevance = match.scores(selected) if match is not None else None
    order = ranking.order(snapshot, selected, relevance, reach, params.radius_km)
    shown_relevance = ranking.relative(relevance) if relevance is not None else None
    hits = [
        Hit(int(snapshot.service_ids[selected[i]]),
            float(reach.distance[selected[i]]) if reach is not None else None,
            float(shown_relevance[i]) if shown_relevance is not None else None)
        for i in ranking.page(order, params.page, params.per_page).tolist()
    ]  # fmt: skip
    ordered = selected[order]
    return SearchOutcome(len(ordered), hits, facet_counts, suggestion, snapshot.service_ids[ordered].tolist())
