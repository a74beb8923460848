"""The caches of an index state are bounded: when one is full it starts again empty, and searches in
other threads that are reading it at that moment still get the same answers."""

import threading

from socialmap.search import get_index, snapshot
from socialmap.search.service import SearchParams, search_services
from tests.factories import make_service

SEARCHES = [SearchParams(q="koffie"), SearchParams(q="vervoer dokter"), SearchParams(q="boodschapen"),
            SearchParams(q="samen eten", filters={"theme": frozenset({"meals"})}),
            SearchParams(q="koffie ochtend")]  # fmt: skip


def answer(params: SearchParams) -> tuple:
    outcome = search_services(params)
    return outcome.ordered_ids, [(h.service_id, h.relevance) for h in outcome.hits], outcome.facets


def test_full_caches_start_again_without_changing_answers_in_other_threads(app, db, monkeypatch):
    make_service(name="Koffieochtend", description_nl="Elke week koffie drinken.", themes=("meeting",))
    make_service(name="Vrijwillig vervoer", place_name="Bolsward", description_nl="Vervoer naar de dokter.",
                 themes=("transport",))  # fmt: skip
    make_service(name="Boodschappendienst", description_nl="Wij doen boodschappen.", themes=("household",))
    make_service(name="Samen eten", place_name="IJlst", description_nl="Samen eten in het dorpshuis.",
                 themes=("meals",))  # fmt: skip
    db.session.commit()
    expected = [answer(params) for params in SEARCHES]
    get_index().snapshot = None  # the same index state again, with empty caches
    # room for one entry: every new mask or word replaces the whole cache
    monkeypatch.setattr(snapshot, "MASK_CACHE_BYTES", 1)
    monkeypatch.setattr(snapshot, "WORD_CACHE_BYTES", 1)
    wrong = []

    def keep_searching():
        with app.app_context():
            for _ in range(30):
                for params, answer_before in zip(SEARCHES, expected, strict=True):
                    if answer(params) != answer_before:
                        wrong.append(params.q)

    threads = [threading.Thread(target=keep_searching) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert wrong == []
