"""Searching in Frisian (issue 18): stop words, plural and verb-noun endings, Frisian vocabulary."""

import pytest

from socialmap.search.service import SearchParams, search_services
from tests.factories import make_org, make_service


@pytest.fixture
def catalogue(db):
    org = make_org("Stichting Welzijn Zuidwest")
    services = {
        "eetpunt": make_service(org, name="Eetpunt IJlst", name_fy="Tegearre ite Drylts", place_name="IJlst",
                                kind="village_room", tier=4, themes=("meals", "meeting"),
                                description_nl="Samen eten in IJlst: een warme maaltijd voor een kleine bijdrage.",
                                description_fy="Tegearre ite yn Drylts: in waarm miel foar in lytse bydrage."),
        "kofje": make_service(org, name="Koffieochtend IJlst", name_fy="Kofjemoarn Drylts", place_name="IJlst",
                              description_nl="Koffie in het dorpshuis.",
                              description_fy="Kofje yn it doarpshûs fan Drylts, yn 'e moarntiid."),
        "beweeg": make_service(org, name="Beweegclub 55+", place_name="Heeg", themes=("health",),
                               description_nl="Stoelgym en wandelen.",
                               description_fy="Tegearre bewege: stoelgym, kuierjen of fytsen."),
        "bus": make_service(org, name="Dorpsbus Heeg", place_name="Heeg", themes=("transport",),
                            description_nl="De bus rijdt op werkdagen.",
                            description_fy="De bus rydt op wurkdagen tusken de doarpen."),
        "voedsel": make_service(org, name="Uitgiftepunt voedselhulp Sneek", place_name="Sneek", themes=("debts",),
                                description_nl="Uitgiftepunt voor voedselpakketten."),
        "buren": make_service(org, name="Burenhulp Heeg", place_name="Heeg", themes=("household",),
                              description_nl="Buren helpen elkaar."),
    }  # fmt: skip
    db.session.commit()
    return {key: service.id for key, service in services.items()}


def found(q: str) -> list[int]:
    return [hit.service_id for hit in search_services(SearchParams(q=q)).hits]


def test_iten_yn_drylts_finds_the_meals_in_ijlst_first(client, catalogue):
    data = client.get("/api/v1/services?q=iten+yn+Drylts&lang=fy").get_json()
    assert data["items"][0]["id"] == catalogue["eetpunt"]


def test_the_frisian_preposition_yn_is_no_search_word(catalogue):
    # "yn" is in every Frisian text; it must not pull in the coffee morning that only shares it
    assert found("iten yn Drylts")[0] == catalogue["eetpunt"]
    assert found("yn 'e moarntiid") == [catalogue["kofje"]]


def test_a_frisian_verb_finds_its_verb_noun_and_a_singular_its_plural(catalogue):
    # (a spelling neighbour such as "lytse" may follow, lower)
    assert found("fytse")[0] == catalogue["beweeg"]  # the text says "fytsen"
    assert found("kuierje")[0] == catalogue["beweeg"]  # the text says "kuierjen"
    assert found("doarp")[0] == catalogue["bus"]  # the text says "doarpen"


def test_everyday_frisian_words_find_their_dutch_services(catalogue):
    assert found("itenspakket")[0] == catalogue["voedsel"]
    assert catalogue["bus"] in found("doarpsbus")


def test_mienskip_means_community_not_neighbours(catalogue):
    assert catalogue["buren"] not in found("mienskip")
