"""Posting lists come from each segment's postings file (search/index.py, issue 13: no word decoded
by Whoosh at search time), phrases from the word pairs indexed beside the words. A missing, cut
short or damaged postings file is derived again from the segment: the answers stay the same."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from socialmap.catalogue.models import Service
from socialmap.extensions import db as _db
from tests.conftest import make_app
from tests.factories import make_service

QUERIES = [{"q": "koffie ochtend"}, {"q": "ochtend koffie"}, {"q": "vervoer"}, {"q": "koffie", "near": "Exloo"},
           {"q": "vervoer dokter"}, {"q": "koffie in de ochtend samen"}]  # fmt: skip


def answers(client) -> list:
    responses = [client.get("/api/v1/services", query_string=query) for query in QUERIES]
    assert all(r.status_code == 200 for r in responses), [r.get_data(as_text=True)[:300] for r in responses]
    return [(r.json["total"], [item["id"] for item in r.json["items"]], r.json["facets"]) for r in responses]


def found(client, words: str) -> list[int]:
    response = client.get("/api/v1/services", query_string={"q": words})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    return [item["id"] for item in response.json["items"]]


@pytest.fixture
def catalogue(db) -> dict[str, Service]:
    services = {
        "morning": make_service(name="Inloop Exloo", place_name="Exloo", description_nl="Koffie in de ochtend."),
        "walk": make_service(name="Wandelclub Heeg", place_name="Heeg",
                             description_nl="Wandelen in de ochtend, koffie na afloop."),  # fmt: skip
        "transport": make_service(name="Vrijwillig vervoer", place_name="Bolsward",
                                  description_nl="Vervoer naar de dokter."),  # fmt: skip
    }
    db.session.commit()
    return services


def postings_files(app) -> list[Path]:
    return sorted(Path(app.config["SEARCH_INDEX_PATH"]).glob("socialmap-postings-*.bin"))


def in_a_fresh_process(database_url, tmp_path):
    """What a new process on the same index folder answers."""
    second = make_app(database_url, tmp_path)
    with second.app_context():
        try:
            return answers(second.test_client())
        finally:
            _db.session.remove()
            _db.engine.dispose()


def test_words_in_a_row_rank_above_the_same_words_apart(client, catalogue):
    assert found(client, "koffie ochtend")[:2] == [catalogue["morning"].id, catalogue["walk"].id]
    assert found(client, "ochtend koffie")[:2] == [catalogue["walk"].id, catalogue["morning"].id]


def test_a_pair_is_never_found_as_a_word(client, catalogue):
    assert found(client, "koffie") and found(client, "ochtend")
    assert found(client, '"koffie ochtend"') == found(client, "koffie ochtend")


def test_a_missing_postings_file_is_derived_again(app, client, catalogue, database_url, tmp_path):
    first = answers(client)
    files = postings_files(app)
    assert files, "the first process to read a segment writes its postings file"
    for path in files:
        path.unlink()
    assert in_a_fresh_process(database_url, tmp_path) == first
    assert postings_files(app) == files


@pytest.mark.parametrize("damage", ["cut_short", "empty", "overwritten_header", "overwritten_lists"])
def test_a_damaged_postings_file_is_derived_again(app, client, catalogue, database_url, tmp_path, caplog, damage):
    first = answers(client)
    files = postings_files(app)
    intact = {path: path.read_bytes() for path in files}
    for path, data in intact.items():
        if damage == "cut_short":
            path.write_bytes(data[: len(data) // 2])
        elif damage == "empty":
            path.write_bytes(b"")
        elif damage == "overwritten_header":
            path.write_bytes(data[:8] + b"\xff" * 64 + data[72:])
        else:  # every document number of every list, where only their CRCs tell
            header = json.loads(data[12 : 12 + int.from_bytes(data[8:12], "little")])
            _dtype, count, offset, _crc = header["arrays"]["docs"]
            start = 12 + int.from_bytes(data[8:12], "little") + offset
            path.write_bytes(data[:start] + b"\x01\x00\x00\x00" * count + data[start + 4 * count :])

    with caplog.at_level(logging.WARNING):
        assert in_a_fresh_process(database_url, tmp_path) == first
    assert any("postings" in record.getMessage() or "posting list" in record.getMessage()
               for record in caplog.records)  # fmt: skip
    assert {path: path.read_bytes() for path in postings_files(app)} == intact  # written again, whole


def test_an_edit_is_found_from_its_own_segment_and_its_old_version_is_not(app, client, catalogue, db):
    answers(client)
    before = postings_files(app)
    morning, walk, transport = (db.session.get(Service, catalogue[key].id) for key in ("morning", "walk", "transport"))
    morning.description_nl = "Ochtendwandeling, dan koffie."
    walk.description_nl = "Koffie in de ochtend, daarna wandelen."
    transport.name_nl, transport.description_nl = "Fietsenmaker", "Wij repareren fietsen."
    db.session.commit()

    assert found(client, "fietsenmaker") == [transport.id]
    assert found(client, "dokter") == []  # the old version is deleted from its segment
    assert found(client, "koffie ochtend")[:2] == [walk.id, morning.id]  # the pair in the new segment
    assert len(postings_files(app)) == len(before) + 1  # the new segment's, written by its first reader
