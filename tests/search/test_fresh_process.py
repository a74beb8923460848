"""A fresh process answers its first search from the index's columns files (issue 13: first answer
within 1 s at 50k services): the first process to read a segment writes its filters, facets and
locations as arrays beside it, and every later process loads them instead of parsing each document."""

from __future__ import annotations

import logging
from pathlib import Path

from socialmap.cli import main
from socialmap.extensions import db as _db
from tests.conftest import make_app
from tests.factories import make_service

QUERIES = [
    {"q": "koffie"},
    {"q": "koffie", "near": "Exloo", "radius": "30"},
    {"near": "Bolsward"},
    {"q": "vervoer", "theme": "transport"},
]


def answers(client) -> list:
    responses = [client.get("/api/v1/services", query_string=query) for query in QUERIES]
    assert all(r.status_code == 200 for r in responses), [r.get_data(as_text=True)[:300] for r in responses]
    return [(r.json["total"], [item["id"] for item in r.json["items"]], r.json["facets"]) for r in responses]


def catalogue(db) -> None:
    make_service(name="Koffie in Exloo", place_name="Exloo", themes=("meeting", "loneliness"), tier=1,
                 schedules=((0, "09:00", "12:00"),))  # fmt: skip
    make_service(name="Koffie en vervoer", place_name="Bolsward", kind="volunteer_group", themes=("transport",),
                 cost="contribution", area=("Heeg",),
                 description_nl="Koffie onderweg, vervoer naar de dokter.")  # fmt: skip
    make_service(name="Vrijwillig vervoer", place_name="Heeg", themes=("transport",), tier=2,
                 area_municipalities=("Súdwest-Fryslân",))  # fmt: skip
    make_service(name="Koffieochtend Buinen", place_name="Buinen", audiences=("older_people",),
                 latitude=52.93, longitude=6.83)  # fmt: skip
    db.session.commit()


def columns_files(app) -> list[Path]:
    return sorted(Path(app.config["SEARCH_INDEX_PATH"]).glob("socialmap-columns-*.npz"))


def test_a_second_process_answers_the_same_from_the_columns_file_the_first_one_wrote(app, db, client, database_url,
                                                                                      tmp_path):  # fmt: skip
    catalogue(db)
    first = answers(client)
    assert columns_files(app), "the first process to read the segment writes its columns file"

    second = make_app(database_url, tmp_path)  # a fresh process on the same index folder
    with second.app_context():
        try:
            assert answers(second.test_client()) == first
        finally:
            _db.session.remove()
            _db.engine.dispose()


def test_an_unreadable_columns_file_is_read_from_the_segment_instead(app, db, client, database_url, tmp_path, caplog):
    catalogue(db)
    first = answers(client)
    for path in columns_files(app):
        path.write_bytes(b"not an array file")

    second = make_app(database_url, tmp_path)
    with second.app_context(), caplog.at_level(logging.WARNING):
        try:
            assert answers(second.test_client()) == first
        finally:
            _db.session.remove()
            _db.engine.dispose()
    assert any("unreadable" in record.getMessage() for record in caplog.records)


def test_a_reindex_writes_every_segments_columns_file_before_anyone_searches(app, db, runner):
    catalogue(db)
    result = runner.invoke(main, ["reindex"])
    assert result.exit_code == 0, result.output

    index_path = Path(app.config["SEARCH_INDEX_PATH"])
    segments = {path.stem for path in index_path.glob("MAIN_*.seg")}
    assert segments
    assert {path.name.removeprefix("socialmap-columns-").split("-", 1)[0] for path in columns_files(app)} == segments
