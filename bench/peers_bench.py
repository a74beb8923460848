"""Our search beside what a team would pick instead, in the same run on the same catalogue (issue 13):
PostgreSQL full-text search and SQLite FTS5, plus the naive baseline of bench/search_bench.py.

    .venv/bin/python bench/peers_bench.py --sizes 50000 --queries 200

- ours: parse_search_args + search_services (words, place, filters, facets, ranking);
- PostgreSQL: the generated services copied into one table with a weighted tsvector (`dutch`
  config: names A, organisation B, descriptions C), a GIN index, a latitude index; words with
  plainto_tsquery, a bounding box then haversine in SQL, ts_rank_cd, LIMIT 20 with the total;
- FTS5: an fts5 table (names weighted 4, descriptions 1 in bm25, diacritics folded) joined to the
  services' coordinates; bounding box in SQL, haversine in SQL (SQLite's math functions);
- naive: LIKE and haversine in Python (search_bench.naive_search).
The peers count no facets and know no synonyms, typos, Frisian stemming or place tiers, so they
do less per query than ours. As written they find nothing for a misspelt word (the "typo" kind),
in ~0.02 ms; so each also runs a second time as a team would make it correct typos, reported
beside it ("+typos"): a query word not in the index's vocabulary is replaced by its nearest word,
- PostgreSQL: a word table from `ts_stat` over a `simple` tsvector of the same texts, with a
  pg_trgm GIN index; nearest by trigram distance (`<->`), then the most frequent; one statement
  for all words, then the search with the corrected words;
- FTS5: the index's own vocabulary (`fts5vocab`) and an FTS5 `trigram` table over it; candidates
  sharing trigrams (best bm25 first, 50), nearest by edit distance, then the most frequent.
Writes bench/peers_results.json.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from flask import current_app  # noqa: E402
from sqlalchemy import create_engine, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from bench.search_bench import KINDS, make_queries, percentiles, prepare_app, timed_naive, timed_search  # noqa: E402
from socialmap.extensions import db  # noqa: E402
from socialmap.geo import bounding_box  # noqa: E402
from socialmap.places.models import Place  # noqa: E402
from socialmap.places.queries import resolve_near  # noqa: E402
from socialmap.search.params import parse_search_args  # noqa: E402
from socialmap.search.service import rebuild_index, search_services  # noqa: E402
from socialmap.text import edit_distance  # noqa: E402

SERVER_URL = os.environ.get("SOCIALMAP_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
ROWS = """
SELECT s.id, s.name_nl, coalesce(s.name_fy, ''), s.description_nl, coalesce(s.description_fy, ''), o.name,
       l.latitude, l.longitude, s.tier_level,
       coalesce((SELECT group_concat(t.code, ' ') FROM service_theme st JOIN taxonomy_term t ON t.id = st.term_id
                 WHERE st.service_id = s.id), '')
FROM service s JOIN organization o ON o.id = s.organization_id JOIN location l ON l.service_id = s.id
WHERE s.status = 'active' AND s.deleted_at IS NULL
"""
HAVERSINE = ("2 * 6371.0 * asin(sqrt(power(sin(radians(latitude - :lat) / 2), 2) + cos(radians(:lat)) * "
             "cos(radians(latitude)) * power(sin(radians(longitude - :lon) / 2), 2)))")  # fmt: skip


def load_postgres(url: str, rows: list[tuple]) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE peer (id int, name_nl text, name_fy text, description_nl text, "
                                "description_fy text, organization text, latitude float8, longitude float8, "
                                "tier int, themes text[], doc tsvector)"))  # fmt: skip
        connection.execute(text("INSERT INTO peer VALUES (:id, :n, :nf, :d, :df, :o, :lat, :lon, :tier, "
                                "string_to_array(:themes, ' '), NULL)"),
                           [dict(zip(("id", "n", "nf", "d", "df", "o", "lat", "lon", "tier", "themes"), r, strict=True))
                            for r in rows])  # fmt: skip
        connection.execute(text(
            "UPDATE peer SET doc = setweight(to_tsvector('dutch', name_nl || ' ' || name_fy), 'A') || "
            "setweight(to_tsvector('dutch', organization), 'B') || "
            "setweight(to_tsvector('dutch', description_nl || ' ' || description_fy), 'C')"))
        connection.execute(text("CREATE INDEX peer_doc ON peer USING gin (doc)"))
        connection.execute(text("CREATE INDEX peer_lat ON peer (latitude)"))
        connection.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        connection.execute(text(
            "CREATE TABLE peer_word AS SELECT word, ndoc FROM ts_stat($$SELECT to_tsvector('simple', name_nl || ' ' "
            "|| name_fy || ' ' || organization || ' ' || description_nl || ' ' || description_fy) FROM peer$$)"))
        connection.execute(text("CREATE UNIQUE INDEX peer_word_word ON peer_word (word)"))
        connection.execute(text("CREATE INDEX peer_word_trigrams ON peer_word USING gin (word gin_trgm_ops)"))
        connection.execute(text("ANALYZE peer"))
        connection.execute(text("ANALYZE peer_word"))
    engine.dispose()


def load_fts5(path: Path, rows: list[tuple]) -> sqlite3.Connection:
    connection = sqlite3.connect(path)
    connection.execute("CREATE VIRTUAL TABLE peer_fts USING fts5(names, organization, descriptions, "
                       "tokenize='unicode61 remove_diacritics 2')")  # fmt: skip
    connection.execute("CREATE TABLE peer (rowid integer, latitude real, longitude real, tier int, themes text)")
    connection.executemany("INSERT INTO peer_fts (rowid, names, organization, descriptions) VALUES (?, ?, ?, ?)",
                           {r[0]: (r[0], f"{r[1]} {r[2]}", r[5], f"{r[3]} {r[4]}") for r in rows}.values())
    connection.executemany("INSERT INTO peer VALUES (?, ?, ?, ?, ?)", [(r[0], r[6], r[7], r[8], r[9]) for r in rows])
    connection.execute("CREATE INDEX peer_lat ON peer (latitude)")
    # `rowid` here is a declared column (a service has a row per location), not SQLite's key:
    # without an index, joining the hits to it scanned the table once per hit (minutes at 50k).
    connection.execute("CREATE INDEX peer_service ON peer (rowid)")
    connection.execute("CREATE VIRTUAL TABLE peer_vocab USING fts5vocab(peer_fts, 'row')")
    connection.execute("CREATE TABLE peer_word (word text PRIMARY KEY, ndoc int)")
    connection.execute("INSERT INTO peer_word SELECT term, doc FROM peer_vocab")
    connection.execute("CREATE VIRTUAL TABLE peer_word_trigrams USING fts5(word, tokenize='trigram')")
    connection.execute("INSERT INTO peer_word_trigrams (rowid, word) SELECT rowid, word FROM peer_word")
    connection.commit()
    return connection


POSTGRES_CORRECTED = """
SELECT coalesce((SELECT word FROM peer_word WHERE word = w),
                (SELECT word FROM peer_word WHERE word % w ORDER BY word <-> w, ndoc DESC LIMIT 1), w)
FROM unnest(string_to_array(lower(:q), ' ')) WITH ORDINALITY AS words (w, n) ORDER BY n
"""


def postgres_correcting_search(connection, args: dict) -> list:
    if args.get("q"):
        args = {**args, "q": " ".join(connection.execute(text(POSTGRES_CORRECTED), {"q": args["q"]}).scalars())}
    return postgres_search(connection, args)


def fts5_corrected(connection: sqlite3.Connection, word: str) -> str:
    word = word.lower()
    if connection.execute("SELECT 1 FROM peer_word WHERE word = ?", (word,)).fetchone() or len(word) < 3:
        return word
    trigrams = " OR ".join('"' + word[i : i + 3].replace('"', "") + '"' for i in range(len(word) - 2))
    candidates = connection.execute(
        "WITH near AS MATERIALIZED (SELECT word FROM peer_word_trigrams WHERE peer_word_trigrams MATCH ? "
        "ORDER BY rank LIMIT 50) SELECT near.word, peer_word.ndoc FROM near JOIN peer_word USING (word)",
        (trigrams,)).fetchall()  # fmt: skip
    return min(candidates, key=lambda c: (edit_distance(c[0], word), -c[1]))[0] if candidates else word


def fts5_correcting_search(connection: sqlite3.Connection, args: dict) -> list:
    if args.get("q"):
        args = {**args, "q": " ".join(fts5_corrected(connection, word) for word in args["q"].split())}
    return fts5_search(connection, args)


def _where(args: dict) -> tuple[list[str], dict]:
    clauses, params = [], {}
    if "near" in args:
        point = resolve_near(args["near"])
        radius = float(args.get("radius_km", 15))
        south, north, west, east = bounding_box(point.latitude, point.longitude, radius)
        clauses += ["latitude BETWEEN :south AND :north", "longitude BETWEEN :west AND :east",
                    f"{HAVERSINE} <= :radius"]  # fmt: skip
        params |= {"south": south, "north": north, "west": west, "east": east, "lat": point.latitude,
                   "lon": point.longitude, "radius": radius}  # fmt: skip
    if "tier" in args:
        clauses.append("tier = :tier")
        params["tier"] = int(args["tier"])
    return clauses, params


def postgres_search(connection, args: dict) -> list:
    clauses, params = _where(args)
    rank = "0.0"
    if args.get("q"):
        clauses.append("doc @@ plainto_tsquery('dutch', :q)")
        params["q"] = args["q"]
        rank = "ts_rank_cd(doc, plainto_tsquery('dutch', :q))"
    if "theme" in args:
        clauses.append(":theme = ANY(themes)")
        params["theme"] = args["theme"]
    order = ", ".join([f"{rank} DESC"] * (rank != "0.0") + [HAVERSINE if "near" in args else "name_nl"])
    sql = (f"SELECT id, count(*) OVER () FROM peer WHERE {' AND '.join(clauses) or 'true'} "
           f"ORDER BY {order} LIMIT 20")  # fmt: skip
    return connection.execute(text(sql), params).all()


def fts5_search(connection: sqlite3.Connection, args: dict) -> list:
    clauses, params = _where(args)
    if "theme" in args:
        clauses.append("(' ' || themes || ' ') LIKE :theme")
        params["theme"] = f"% {args['theme']} %"
    if args.get("q"):
        words = " ".join('"' + w.replace('"', "") + '"' for w in args["q"].split())
        params["q"] = words
        # bm25() only works where the fts table drives the query: rank first, then join
        sql = (f"WITH hits AS MATERIALIZED (SELECT rowid AS id, bm25(peer_fts, 4.0, 2.0, 1.0) AS rank "
               f"FROM peer_fts WHERE peer_fts MATCH :q) "
               f"SELECT peer.rowid, count(*) OVER () FROM hits JOIN peer ON peer.rowid = hits.id "
               f"WHERE 1 {''.join(' AND ' + c for c in clauses)} ORDER BY hits.rank LIMIT 20")  # fmt: skip
    else:
        order = HAVERSINE if "near" in args else "rowid"
        sql = f"SELECT rowid, count(*) OVER () FROM peer WHERE {' AND '.join(clauses) or '1'} ORDER BY {order} LIMIT 20"
    return connection.execute(sql, params).fetchall()


def search_params(args: dict):
    from flask import request

    with current_app.test_request_context("/api/v1/services?" + urlencode(args)):
        return parse_search_args(request.args).params


def timed(function, *arguments) -> float:
    started = time.perf_counter()
    function(*arguments)
    return time.perf_counter() - started


def run_size(size: int, query_count: int, workdir: Path, postgres_url: str) -> dict:
    app = prepare_app(size, workdir / f"n{size}")
    result: dict = {"services": size, "load": os.getloadavg()}
    with app.app_context():
        started = time.perf_counter()
        rebuild_index()
        result["index_build_s"] = round(time.perf_counter() - started, 1)
        rows = [tuple(r) for r in db.session.execute(text(ROWS)).all()]
        started = time.perf_counter()
        load_postgres(postgres_url, rows)
        result["postgres_build_s"] = round(time.perf_counter() - started, 1)
        started = time.perf_counter()
        lite = load_fts5(workdir / f"fts5-{size}.db", rows)
        result["fts5_build_s"] = round(time.perf_counter() - started, 1)
        lite.create_function("radians", 1, math.radians, deterministic=True)
        pg_engine = create_engine(postgres_url)
        places = [p.name_nl for p in db.session.scalars(select(Place).where(Place.kind == "woonplaats"))]
        queries = make_queries(random.Random(size), places, query_count)
        result["queries"] = {}
        with pg_engine.connect() as pg:
            for args in queries["one_word"][:20] + queries["typo"][:5]:  # warm every contender
                timed_search(app, args), postgres_search(pg, args), fts5_search(lite, args), timed_naive(args)
                postgres_correcting_search(pg, args), fts5_correcting_search(lite, args)
            for kind in KINDS:
                ours = [timed_search(app, args) for args in queries[kind]]
                postgres = [timed(postgres_search, pg, args) for args in queries[kind]]
                fts5 = [timed(fts5_search, lite, args) for args in queries[kind]]
                postgres_typos = [timed(postgres_correcting_search, pg, args) for args in queries[kind]]
                fts5_typos = [timed(fts5_correcting_search, lite, args) for args in queries[kind]]
                naive = [timed_naive(args) for args in queries[kind]]
                figures = {name: percentiles(samples) for name, samples in
                           (("ours", ours), ("postgres", postgres), ("fts5", fts5), ("postgres+typos", postgres_typos),
                            ("fts5+typos", fts5_typos), ("naive", naive))}  # fmt: skip
                result["queries"][kind] = {f"{name}_{cut}_ms": round(value, 2) for name, (p50, p95) in figures.items()
                                           for cut, value in (("p50", p50), ("p95", p95))}  # fmt: skip
                result["queries"][kind]["ahead_of_best_peer_p95"] = round(
                    min(figures["postgres"][1], figures["fts5"][1]) / figures["ours"][1], 2)
                result["queries"][kind]["ahead_of_best_correcting_peer_p95"] = round(
                    min(figures["postgres+typos"][1], figures["fts5+typos"][1]) / figures["ours"][1], 2)
                if kind == "typo":  # what each finds at all: the as-written peers nothing
                    result["queries"][kind]["queries_with_results"] = {
                        "ours": sum(bool(search_services(search_params(args)).total) for args in queries[kind]),
                        **{name: sum(bool(search(where, args)) for args in queries[kind]) for name, search, where in
                           (("postgres", postgres_search, pg), ("fts5", fts5_search, lite),
                            ("postgres+typos", postgres_correcting_search, pg),
                            ("fts5+typos", fts5_correcting_search, lite))}}  # fmt: skip
                print(f"  {size:>6} {kind:<22} " + "  ".join(f"{n} p95 {p95:6.1f}" for n, (_p50, p95) in
                                                             figures.items()) + " ms", flush=True)  # fmt: skip
        pg_engine.dispose()
        lite.close()
        db.session.remove()
        db.engine.dispose()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("peers_results.json"))
    args = parser.parse_args()
    server = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    results = []
    try:
        for size in args.sizes:
            name = f"socialmap_peers_{uuid.uuid4().hex[:8]}"
            with server.connect() as connection:
                connection.execute(text(f'CREATE DATABASE "{name}"'))
            url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
            try:
                with tempfile.TemporaryDirectory(prefix="socialmap-peers-") as folder:
                    results.append(run_size(size, args.queries, Path(folder), url))
            finally:
                with server.connect() as connection:
                    connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        server.dispose()
    args.output.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
