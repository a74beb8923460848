"""Facet keys (the small ints that stand for a (dimension, value) pair while counting) are numbered
per index state: edits that bring new values and take old ones away do not grow a table for the
life of the process, and every state counts its own values."""

import threading

from sqlalchemy import select

from socialmap.catalogue.models import Service
from socialmap.places.models import Place
from socialmap.search import get_index
from socialmap.search.service import SearchParams, search_services
from tests.factories import make_service


def place_facet(words: str) -> dict[int, int]:
    return search_services(SearchParams(q=words, per_page=100)).facets["place"]


def test_a_service_moving_through_many_villages_keeps_the_facet_key_table_small(db):
    moving = make_service(name="Rijdende winkel", place_name="IJlst", description_nl="Boodschappen aan huis.")
    make_service(name="Koffieochtend", place_name="Exloo")
    db.session.commit()
    villages = db.session.scalars(select(Place).where(Place.kind == "woonplaats").order_by(Place.id).limit(40)).all()
    sizes = []
    for village in villages:
        db.session.get(Service, moving.id).locations[0].place_id = village.id
        db.session.commit()
        assert place_facet("winkel") == {village.id: 1}  # each state counts only the village it is in now
        sizes.append(len(get_index().snapshot.facet_pairs))
    # 40 villages went through; a state's table holds the values of the documents in its segments,
    # and the ones deleted by edits leave when Whoosh merges those segments away
    assert max(sizes) <= sizes[0] + 10


def test_each_index_state_numbers_only_its_own_values(db):
    make_service(name="Koffieochtend", place_name="IJlst", themes=("meeting",))
    db.session.commit()
    search_services(SearchParams(q="koffie"))
    before = get_index().snapshot
    make_service(name="Schuldhulp", place_name="Exloo", themes=("debts",))
    db.session.commit()
    search_services(SearchParams(q="schuldhulp"))
    after = get_index().snapshot
    assert after is not before
    assert ("theme", "debts") in after.facet_pairs and ("theme", "debts") not in before.facet_pairs
    assert len(set(after.facet_pairs)) == len(after.facet_pairs) == after.key_count


def test_facet_counts_stay_right_while_other_threads_search_new_index_states(app, db):
    service = make_service(name="Rijdende winkel", place_name="IJlst", description_nl="Boodschappen aan huis.")
    db.session.commit()
    villages = db.session.scalars(select(Place).where(Place.kind == "woonplaats").order_by(Place.id).limit(8)).all()
    wrong, stop = [], threading.Event()

    def keep_counting():
        with app.app_context():
            while not stop.is_set():
                counts = place_facet("winkel")
                if len(counts) != 1 or sum(counts.values()) != 1:  # one service: one village, counted once
                    wrong.append(counts)

    threads = [threading.Thread(target=keep_counting) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for village in villages:
            db.session.get(Service, service.id).locations[0].place_id = village.id
            db.session.commit()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert wrong == []
    assert place_facet("winkel") == {villages[-1].id: 1}
