"""Step 6 of a search (search/service.py): the services left → their order and the page shown.
Takes the selected document numbers, their relevance (or None without words) and the `Reach`
(or None without a place); gives positions into the selection, best first. docs/search.md, "Order":
- with words and a place: relevance × the weight of the service's place tier;
- with words only: relevance; with a place only: tier, distance, then name; neither: name.
A stable sort keeps document order for equal ranks: one order per index state.
"""

from __future__ import annotations

import numpy as np

from socialmap.search.distances import PLACE_ELSEWHERE, Reach
from socialmap.search.snapshot import Snapshot

# With words and a place, relevance × the weight of the service's place tier (docs/search.md): in
# the village 1, in the village for the whole municipality 0.9, serving the village through its
# service area 0.85, serving the whole municipality 0.7; elsewhere 0.35, falling to 0.175 at the
# radius — so a name match 8 km away still beats a word found only in a village service's theme
# expansion, but not the same topic in the village itself.
PLACE_WEIGHTS = np.array([1.0, 0.9, 0.85, 0.7, 0.35])


def order(snapshot: Snapshot, selected: np.ndarray, relevance: np.ndarray | None, reach: Reach | None,
          radius_km: float) -> np.ndarray:  # fmt: skip
    """Positions into `selected`, best first."""
    if reach is not None:
        tiers = reach.tiers[selected] if reach.tiers is not None else np.full(len(selected), PLACE_ELSEWHERE)
        # within a tier the nearest first; a service serving the village from beyond the radius last
        kilometres = reach.kilometres[selected]
    if relevance is not None and reach is not None:
        weight = PLACE_WEIGHTS[tiers]
        elsewhere = tiers == PLACE_ELSEWHERE
        weight[elsewhere] *= 1 - np.minimum(kilometres[elsewhere] / (2 * radius_km), 0.5)
        return np.argsort(-(relevance * weight), kind="stable")
    if relevance is not None:
        return np.argsort(-relevance, kind="stable")
    if reach is not None:
        return np.lexsort((snapshot.name_rank[selected], kilometres, tiers))  # own village first, then nearest
    return np.argsort(snapshot.name_rank[selected], kind="stable")


def page(ordered: np.ndarray, number: int, per_page: int) -> np.ndarray:
    """The positions shown on page `number` (from 1)."""
    start = (number - 1) * per_page
    return ordered[start : start + per_page]


def relative(relevance: np.ndarray) -> np.ndarray:
    """Relevance relative to the best match, 0–1."""
    return relevance / (relevance.max(initial=0.0) or 1.0)
