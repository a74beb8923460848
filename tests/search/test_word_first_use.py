"""A word's first search in a process (its posting lists in every field and its synonyms' looked
up together, its weights summed only where it is found: search/index.py, search/matching.py,
issue 13) finds and ranks what its repeat and a fresh process find, over more than one segment."""

from __future__ import annotations

from socialmap.extensions import db as _db
from tests.conftest import make_app
from tests.factories import make_service


def found(client, words: str) -> list[int]:
    response = client.get("/api/v1/services", query_string={"q": words})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return [item["id"] for item in response.json["items"]]


def first_and_repeat(database_url, tmp_path, words: list[str]) -> list[tuple[list[int], list[int]]]:
    """In a new process on the same index folder: each search's first answer and its repeat."""
    process = make_app(database_url, tmp_path)
    with process.app_context():
        try:
            client = process.test_client()
            return [(found(client, word), found(client, word)) for word in words]
        finally:
            _db.session.remove()
            _db.engine.dispose()


def test_a_words_first_search_finds_its_synonyms_in_every_field_and_segment(client, db, database_url, tmp_path):
    own_name = make_service(name="Vervoer Exloo", place_name="Exloo", description_nl="Elke dinsdag.")
    taxi = make_service(name="Dorpshulp Heeg", place_name="Heeg", description_nl="Met de taxi naar de dokter.")
    only_the_doctor = make_service(name="Huisarts Bolsward", place_name="Bolsward", description_nl="Naar de dokter.")
    overdrawn = make_service(name="Geldcafe", place_name="Exloo", description_nl="Rood staan? Kom langs.")
    red_door = make_service(name="De rode deur", place_name="Heeg", description_nl="De deur is rood.")
    db.session.commit()
    assert found(client, "fietsenmaker") == []  # the first segment is searched before the next is written
    bus = make_service(name="Buurtbus Heeg", place_name="Heeg", description_nl="Wij rijden door het dorp.")
    db.session.commit()  # a second segment

    expected = {
        # own word in a name (4) over a synonym in a name and one in a description (2 + a little)
        # over a synonym in a description (1); a document with neither is not found
        "vervoer": [own_name.id, bus.id, taxi.id],
        # a synonym of two words ("rood staan") needs both in the same field
        "schulden": [overdrawn.id],
    }
    answers = first_and_repeat(database_url, tmp_path, list(expected))
    for (word, ids), (first, repeat) in zip(expected.items(), answers, strict=True):
        assert first == ids, word
        assert repeat == first, word
    assert only_the_doctor.id not in answers[0][0] and red_door.id not in answers[1][0]
    # a process that met the synonyms first (kept posting lists) answers the same
    again = first_and_repeat(database_url, tmp_path, ["taxi", "buurtbus", "rood", *expected])
    assert [first for first, _ in again[3:]] == list(expected.values())
