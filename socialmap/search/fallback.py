"""Searching without an index: while a process has no usable index (a new machine, a deleted or
damaged folder being rebuilt in the background), residents still get an answer.

Plain SQL finds the services whose texts contain the query's words (no stemming, synonyms or
typo tolerance: correct, but coarser); the same filters, distances, facets and order as the
indexed search then run over those services' documents. Slower — every candidate is loaded from
the database — and said in the log, so it is only the bridge until the rebuild is done.
"""

from __future__ import annotations

import logging
import time

import numpy as np
from flask import g, has_request_context
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from socialmap.catalogue.models import Organization, Service
from socialmap.extensions import db
from socialmap.search import dimensions
from socialmap.search.documents import iter_searchable_documents, searchable_ids
from socialmap.search.query import query_concepts
from socialmap.search.snapshot import SegmentColumns, Snapshot

log = logging.getLogger(__name__)
_TEXT_COLUMNS = (Service.name_nl, Service.name_fy, Service.name_en, Service.description_nl, Service.description_fy,
                 Service.description_en, Organization.name)  # fmt: skip
_NAME_COLUMNS = (Service.name_nl, Service.name_fy, Service.name_en)
_last_warning = 0.0


class _WordMatch:
    """Which documents hold the words (any of them) and a score: words found, names counting double."""

    def __init__(self, docs: np.ndarray, scores: np.ndarray):
        self.docs, self._scores = docs, scores

    def scores(self, selected: np.ndarray) -> np.ndarray:
        return self._scores[selected]


def _containing(session: Session, word: str, columns) -> set[int]:
    pattern = f"%{word.lower()}%"
    condition = or_(*(func.lower(column).like(pattern) for column in columns))
    return set(session.scalars(select(Service.id).join(Organization).where(condition)))


def search(params):
    """The same answer shape as service.search_services, from SQL."""
    from socialmap.search.service import SearchOutcome, _search

    global _last_warning
    if has_request_context():
        g.answered_without_index = True  # the response cache keeps no such answer (web/cache.py)
    if time.monotonic() - _last_warning > 60:
        _last_warning = time.monotonic()
        log.warning("search answered from SQL: no usable search index in this process yet")
    with Session(db.engine) as session:
        ids = searchable_ids(session)
        concepts = query_concepts(params.q) if params.q.strip() else []
        found = {concept: _containing(session, concept, _TEXT_COLUMNS) for concept in concepts}
        in_names = {concept: _containing(session, concept, _NAME_COLUMNS) for concept in concepts}
        if concepts:
            wanted = set().union(*found.values())
            ids = [i for i in ids if i in wanted]
        metas = [document.meta for document in iter_searchable_documents(session, ids)]
    if not metas:
        return SearchOutcome(0, [], {dimension: {} for dimension in dimensions.KEYS})
    snapshot = Snapshot(None, [(0, SegmentColumns(metas), np.empty(0, dtype=np.int64))])
    position = {int(service_id): i for i, service_id in enumerate(snapshot.service_ids.tolist())}

    def text_match(_index, snapshot, _text, _concepts, _scope) -> _WordMatch:
        scores = np.zeros(snapshot.size)
        for concept in concepts:
            for service_id in found[concept]:
                if service_id in position:
                    scores[position[service_id]] += 2.0 if service_id in in_names[concept] else 1.0
        return _WordMatch(scores > 0, scores)

    return _search(None, params, snapshot=snapshot, text_match=text_match)
