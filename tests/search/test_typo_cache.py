"""Typo neighbours are kept per index state: a word that reaches the index later is found by its typos too."""

from socialmap.search.service import SearchParams, search_services
from tests.factories import make_service


def found(words: str) -> list[int]:
    return [hit.service_id for hit in search_services(SearchParams(q=words)).hits]


def test_a_typo_finds_a_word_added_after_the_same_typo_was_searched(db):
    coffee = make_service(name="Koffieochtend")
    db.session.commit()
    assert found("koffieochtnd")[0] == coffee.id
    assert found("soepmidag") == []  # remembered for this index state: no neighbours
    soup = make_service(name="Soepmiddag", description_nl="Samen soep eten.")
    db.session.commit()
    assert found("soepmidag") == [soup.id]  # a new index state: its typo neighbours are looked up again
    assert found("koffieochtnd")[0] == coffee.id
