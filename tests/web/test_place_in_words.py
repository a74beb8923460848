"""Residents put the village in the words: "koffie in Exloo", "iten yn Drylts"."""

from urllib.parse import parse_qs, urlparse

import pytest

from tests.factories import make_service


@pytest.fixture
def catalogue(db):
    make_service(name="Koffieochtend Exloo", place_name="Exloo")
    make_service(name="Dorpskamer IJlst", place_name="IJlst", description_nl="Koffie en een praatje.")
    db.session.commit()


def _redirect_args(response) -> dict:
    assert response.status_code == 302
    return {k: v[0] for k, v in parse_qs(urlparse(response.headers["Location"]).query).items()}


@pytest.mark.parametrize(("typed", "words", "place"), [
    ("koffie in Exloo", "koffie", "Exloo"),
    ("iten yn Drylts", "iten", "IJlst"),
    ("help near Sneek", "help", "Sneek"),
    ("hulp bij de boodschappen bij Exloo", "hulp bij de boodschappen", "Exloo"),
])  # fmt: skip
def test_a_village_at_the_end_of_the_words_becomes_the_place(client, catalogue, typed, words, place):
    args = _redirect_args(client.get("/zoeken", query_string={"q": typed, "lang": "nl"}))
    assert args["q"] == words
    assert args["near"] == place


@pytest.mark.parametrize("typed", ["Dorpskamer IJlst", "hulp bij opvoeden", "koffie in Amsterdam", "eten in de buurt"])
def test_words_that_do_not_end_in_a_known_place_stay_words(client, catalogue, typed):
    response = client.get("/zoeken", query_string={"q": typed})
    assert response.status_code == 200


def test_a_chosen_place_is_never_overridden(client, catalogue):
    response = client.get("/zoeken", query_string={"q": "koffie in Exloo", "near": "IJlst"})
    assert response.status_code == 200
