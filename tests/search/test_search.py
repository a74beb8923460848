"""Search behaviour on a small catalogue with exact expectations."""

import pytest
from werkzeug.datastructures import MultiDict

from socialmap.places.queries import resolve_near
from socialmap.search.params import parse_search_args
from socialmap.search.service import SearchParams, search_services
from tests.factories import make_org, make_service, place


@pytest.fixture
def catalogue(db):
    welzijn = make_org("Stichting Welzijn Zuidwest")
    services = {
        "schuldhulp": make_service(welzijn, name="Schuldhulp inloop", place_name="Sneek", kind="general_service",
                                   tier=3, themes=("debts", "administration"), audiences=("adults",),
                                   description_nl="Vragen over geld en post? Kom langs.",
                                   schedules=((1, "13:00", "16:00"),)),
        "maatje": make_service(name="Maatjesproject", place_name="Heeg", kind="volunteer_group", tier=2,
                               themes=("loneliness",), audiences=("older_people",),
                               description_nl="Een vrijwilliger komt op bezoek als je weinig mensen ziet."),
        "kafee": make_service(name="Kafee Easterein", place_name="Oosterend", kind="village_room", tier=3,
                              themes=("meeting",), cost="contribution",
                              description_nl="Elke week open.", description_fy="Moetingsplak foar mantelsoargers.",
                              schedules=((2, "09:00", "12:00"), (4, "09:00", "12:00"))),
        "boodschappen": make_service(name="Hulp in huis", place_name="Exloo", kind="volunteer_group", tier=2,
                                     themes=("household",), description_nl="Vrijwilligers doen de boodschappen."),
        "vervoer": make_service(welzijn, name="Vrijwillige vervoersdienst", place_name="Bolsward",
                                kind="volunteer_group", tier=2, themes=("transport",), area=("IJlst",),
                                description_nl="Een rit naar de huisarts of het ziekenhuis."),
        "ver_weg": make_service(name="Ontmoeting Hengelo", place_name="Hengelo (Gld)", kind="village_room", tier=3,
                                themes=("meeting",), description_nl="Koffie en een praatje."),
        "phrase": make_service(name="Ochtend in Heeg", place_name="Heeg", kind="village_room", tier=3,
                               themes=("meeting",), description_nl="Samen koffie drinken met de buren."),
        "scattered": make_service(name="Middag in Heeg", place_name="Heeg", kind="village_room", tier=3,
                                  themes=("meeting",), description_nl="Koffie, en daarna samen thee drinken."),
    }  # fmt: skip
    db.session.commit()
    return {key: service.id for key, service in services.items()}


def ids(outcome):
    return [hit.service_id for hit in outcome.hits]


def search(**kwargs):
    kwargs.setdefault("per_page", 100)
    return search_services(SearchParams(**kwargs))


def test_a_frisian_word_finds_a_dutch_description(catalogue):
    assert ids(search(q="iensumens")) == [catalogue["maatje"]]


def test_a_dutch_word_finds_a_frisian_description(catalogue):
    assert ids(search(q="mantelzorg")) == [catalogue["kafee"]]


def test_dutch_stemming_finds_plural_from_singular(catalogue):
    assert ids(search(q="boodschap")) == [catalogue["boodschappen"]]


def test_a_swapped_letter_still_finds_the_word(catalogue):
    assert ids(search(q="schuldhlup")) == [catalogue["schuldhulp"]]


def test_a_theme_word_finds_services_of_that_theme(catalogue):
    assert ids(search(q="eenzaam")) == [catalogue["maatje"]]


def test_an_organisation_name_finds_its_services(catalogue):
    assert sorted(ids(search(q="welzijn zuidwest"))) == sorted([catalogue["schuldhulp"], catalogue["vervoer"]])


def test_nothing_found_gives_a_suggestion(catalogue):
    outcome = search(q="thea")
    assert outcome.total == 0
    assert outcome.suggestion == "thee"


def test_names_rank_above_descriptions(db, catalogue):
    make_service(name="Koffiehoek", place_name="Heeg", description_nl="Een plek in het dorp.")
    db.session.commit()
    assert search(q="koffiehoek").total == 1
    make_service(name="Dorpsplein", place_name="Heeg", description_nl="Bij de koffiehoek.")
    db.session.commit()
    first, second = search(q="koffiehoek").hits
    from socialmap.catalogue.models import Service

    assert db.session.get(Service, first.service_id).name_nl == "Koffiehoek"
    assert db.session.get(Service, second.service_id).name_nl == "Dorpsplein"


def test_an_exact_phrase_ranks_above_scattered_words(catalogue):
    assert ids(search(q="samen koffie drinken"))[:2] == [catalogue["phrase"], catalogue["scattered"]]


def test_drylts_ijlst_and_8651_are_the_same_place(db):
    points = [resolve_near(text) for text in ("Drylts", "IJlst", "ijlst", "8651", "8651 AB", "DRYLTS")]
    assert {p.place.id for p in points} == {place("IJlst").id}
    assert resolve_near("Súdwest Fryslân".replace("Súdwest Fryslân", "Snits")).place.name_nl == "Sneek"


def test_a_service_area_makes_a_village_served_at_distance_zero(catalogue):
    outcome = search(near=resolve_near("IJlst"), radius_km=2)
    hits = {hit.service_id: hit.distance_km for hit in outcome.hits}
    assert hits == {catalogue["vervoer"]: 0.0}


def test_the_radius_excludes_what_is_farther(catalogue):
    near_sneek = resolve_near("Sneek")
    within_5 = set(ids(search(near=near_sneek, radius_km=5)))
    within_100 = set(ids(search(near=near_sneek, radius_km=100)))
    assert within_5 == {catalogue["schuldhulp"]}
    assert catalogue["ver_weg"] not in within_100  # Hengelo is about 150 km away
    assert catalogue["boodschappen"] in within_100  # Exloo is about 95 km away
    for hit in search(near=near_sneek, radius_km=20).hits:
        assert hit.distance_km <= 20


def test_without_words_results_are_ordered_by_distance(catalogue):
    distances = [hit.distance_km for hit in search(near=resolve_near("Sneek"), radius_km=30).hits]
    assert len(distances) >= 5
    assert distances == sorted(distances)


def test_the_whole_result_list_is_nearest_first_then_by_name(catalogue):
    near_heeg = resolve_near("Heeg")
    everything = search(near=near_heeg, radius_km=30)
    paged = search(near=near_heeg, radius_km=30, per_page=2)
    assert len(everything.hits) >= 5
    assert paged.ordered_ids == ids(everything)  # the map's order beyond the page is the list's order
    # three services in Heeg are equally near: alphabetical among themselves
    assert ids(everything)[:3] == [catalogue["maatje"], catalogue["scattered"], catalogue["phrase"]]
    assert [hit.distance_km for hit in everything.hits[:3]] == [everything.hits[0].distance_km] * 3


# "ontmoeten" finds few services by its words, so it widens to the meeting theme: a broad result set
@pytest.mark.parametrize("query", [{}, {"q": "ontmoeten"}, {"near": "Sneek", "radius_km": "60"}])
def test_a_facet_count_is_the_number_of_results_when_that_value_is_chosen(catalogue, query):
    facets = search_services(_parsed(per_page="100", **query)).facets
    parameter = {"tier": "tier", "theme": "theme", "kind": "kind", "audience": "audience", "cost": "cost",
                 "day": "open", "capacity": "capacity"}  # fmt: skip
    weekday_codes = ("ma", "di", "wo", "do", "vr", "za", "zo")
    checked = 0
    for dimension, name in parameter.items():
        for value, count in facets[dimension].items():
            chosen = weekday_codes[value] if dimension == "day" else str(value)
            assert search_services(_parsed(per_page="100", **query, **{name: chosen})).total == count, (name, value)
            checked += 1
    assert checked >= 8


def test_with_words_and_place_relevance_and_distance_are_blended(db, catalogue):
    outcome = search(q="koffie", near=resolve_near("Heeg"), radius_km=30)
    assert ids(outcome)[0] in (catalogue["phrase"], catalogue["scattered"])
    assert catalogue["ver_weg"] not in ids(outcome)


def _parsed(**args):
    return parse_search_args(MultiDict(args)).params


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ({"tier": "2"}, {"maatje", "boodschappen", "vervoer"}),
        ({"theme": "meeting"}, {"kafee", "ver_weg", "phrase", "scattered"}),
        ({"kind": "general_service"}, {"schuldhulp"}),
        ({"audience": "older_people"}, {"maatje"}),
        ({"cost": "contribution"}, {"kafee"}),
        ({"municipality": "bronckhorst"}, {"ver_weg"}),
        ({"place": "IJlst"}, {"vervoer"}),
        ({"open": "wo"}, {"kafee"}),
        ({"tier": "3", "theme": "meeting", "municipality": "sudwest-fryslan"}, {"kafee", "phrase", "scattered"}),
    ],
)
def test_each_filter_selects_exactly_its_services(catalogue, args, expected):
    outcome = search_services(_parsed(per_page="100", **args))
    assert set(ids(outcome)) == {catalogue[k] for k in expected}


def test_facet_counts_apply_the_other_filters_but_not_their_own(catalogue):
    outcome = search_services(_parsed(tier="3", per_page="100"))
    facets = outcome.facets
    assert facets["tier"] == {3: 5, 2: 3}  # tier counts ignore the tier filter
    assert facets["theme"] == {"debts": 1, "administration": 1, "meeting": 4}
    assert facets["kind"] == {"general_service": 1, "village_room": 4}
    assert facets["cost"] == {"free": 4, "contribution": 1}
    assert facets["day"] == {1: 1, 2: 1, 4: 1}
    assert sum(facets["municipality"].values()) == 5


def test_a_paused_or_deleted_service_disappears_after_commit(db, catalogue):
    from socialmap.catalogue.models import Service, utcnow

    assert ids(search(q="boodschap")) == [catalogue["boodschappen"]]
    service = db.session.get(Service, catalogue["boodschappen"])
    service.status = "paused"
    db.session.flush()
    assert ids(search(q="boodschap")) == [catalogue["boodschappen"]]  # not before the commit
    db.session.commit()
    assert ids(search(q="boodschap")) == []
    service = db.session.get(Service, catalogue["maatje"])
    service.deleted_at = utcnow()
    db.session.commit()
    assert ids(search(q="iensumens")) == []


def test_an_edit_is_findable_right_after_commit(db, catalogue):
    from socialmap.catalogue.models import Service

    db.session.get(Service, catalogue["ver_weg"]).name_nl = "Jeu de boules Hengelo"
    db.session.commit()
    assert ids(search(q="boules")) == [catalogue["ver_weg"]]


def test_edited_and_removed_services_count_once_in_filters_and_facets(db, catalogue):
    from socialmap.catalogue.models import Service

    before = search(near=resolve_near("Heeg"), radius_km=30)
    # an edit rewrites the document in a new index segment and deletes the old one
    db.session.get(Service, catalogue["phrase"]).name_nl = "Koffieochtend in Heeg"
    db.session.get(Service, catalogue["scattered"]).status = "paused"
    db.session.commit()
    after = search(near=resolve_near("Heeg"), radius_km=30)
    assert after.total == before.total - 1
    assert catalogue["phrase"] in after.ordered_ids and catalogue["scattered"] not in after.ordered_ids
    assert after.facets["theme"]["meeting"] == before.facets["theme"]["meeting"] - 1
    assert search(near=resolve_near("Heeg"), radius_km=30, filters={"theme": frozenset({"meeting"})}).total == (
        after.facets["theme"]["meeting"])


def test_a_big_rebuild_written_by_several_processes_finds_the_same(app, catalogue, monkeypatch):
    import threading

    from socialmap.search import get_index
    from socialmap.search import index as search_index
    from socialmap.search.service import rebuild_index

    queries = [{"q": "koffie"}, {"q": "iensumens"}, {"near": resolve_near("Heeg"), "radius_km": 30},
               {"filters": {"theme": frozenset({"meeting"})}}]  # fmt: skip
    before = [(search(**q).total, sorted(search(**q).ordered_ids), search(**q).facets) for q in queries]
    monkeypatch.setattr(search_index, "PARALLEL_FROM", 1)
    monkeypatch.setattr(search_index, "PARALLEL_BATCH", 2)
    monkeypatch.setattr(threading, "active_count", lambda: 1)  # whatever the test runner runs
    monkeypatch.setattr(search_index.os, "cpu_count", lambda: 2)
    assert rebuild_index() == len(catalogue)
    assert len(get_index().searcher().reader().leaf_readers()) >= 2  # the processes' own segments
    after = [(search(**q).total, sorted(search(**q).ordered_ids), search(**q).facets) for q in queries]
    assert after == before


def test_a_threaded_process_never_forks_writers(monkeypatch):
    import threading

    from socialmap.search import index as search_index

    monkeypatch.setattr(threading, "active_count", lambda: 4)
    assert search_index.writer_processes(100_000) == 1
    monkeypatch.setattr(threading, "active_count", lambda: 1)
    assert search_index.writer_processes(100) == 1
    assert search_index.writer_processes(100_000) == min(search_index.os.cpu_count() or 1, 4)


def test_searches_in_other_threads_survive_edits_without_a_rebuild(app, db, catalogue, monkeypatch):
    import threading

    from socialmap.catalogue.models import Service
    from socialmap.search import service as search_service

    rebuilds, failures = [], []
    monkeypatch.setattr(search_service, "rebuild_index", lambda: rebuilds.append(1))
    stop = threading.Event()

    def keep_searching():
        with app.app_context():
            while not stop.is_set():
                try:
                    for words in ("koffie", "iensumens", "vervoer heeg", "boules"):
                        search(q=words)
                except Exception as error:  # noqa: BLE001 — collected for the assertion below
                    failures.append(error)

    threads = [threading.Thread(target=keep_searching) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        for round_ in range(6):  # each commit writes a new index segment: new searcher, new snapshot
            db.session.get(Service, catalogue["ver_weg"]).name_nl = f"Jeu de boules Hengelo {round_}"
            db.session.commit()
    finally:
        stop.set()
        for thread in threads:
            thread.join()
    assert failures == [] and rebuilds == []
    assert ids(search(q="boules")) == [catalogue["ver_weg"]]


def test_a_corrupted_index_is_rebuilt_and_search_keeps_answering(app, catalogue):
    from pathlib import Path

    from socialmap.search import get_index

    index = get_index()
    search(q="boodschap")  # the first search builds the index (commits only write the change log)
    index.close()
    for path in Path(index.path).iterdir():
        path.write_bytes(b"garbage")
    assert ids(search(q="boodschap")) == [catalogue["boodschappen"]]


def test_a_missing_or_outdated_index_is_rebuilt(app, catalogue):
    import shutil

    from socialmap.search import get_index
    from socialmap.search.index import VERSION_FILE

    index = get_index()
    search(q="boodschap")  # the first search builds the index (commits only write the change log)
    (index.path / VERSION_FILE).write_text("1")
    index.close()
    assert ids(search(q="boodschap")) == [catalogue["boodschappen"]]
    index.close()
    shutil.rmtree(index.path)
    assert ids(search(q="boodschap")) == [catalogue["boodschappen"]]
