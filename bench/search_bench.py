"""Search benchmark: Sociale Kaart's search against a naive SQL LIKE + Python distance baseline.

In one run, for each catalogue size: generate the catalogue (bench/generate.py), build the
index (time and size), then time 200 queries of each kind through the API's own view function
(parse → search → load page → JSON), and the same queries through the naive baseline.

    .venv/bin/python bench/search_bench.py                 # 10k, 50k, 100k
    .venv/bin/python bench/search_bench.py --sizes 10000 --queries 50
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select, text  # noqa: E402

from bench.generate import generate  # noqa: E402
from socialmap import create_app  # noqa: E402
from socialmap.api.views import list_services  # noqa: E402
from socialmap.catalogue.models import Service  # noqa: E402
from socialmap.catalogue.taxonomy import load_taxonomies  # noqa: E402
from socialmap.extensions import db  # noqa: E402
from socialmap.geo import haversine_km  # noqa: E402
from socialmap.migrate import upgrade_database  # noqa: E402
from socialmap.places.models import Place  # noqa: E402
from socialmap.places.queries import resolve_near  # noqa: E402
from socialmap.places.services import load_gazetteer  # noqa: E402
from socialmap.search.params import parse_search_args  # noqa: E402
from socialmap.search.service import SearchParams, rebuild_index, search_services  # noqa: E402

WORDS = ["koffie", "vervoer", "schulden", "eenzaamheid", "boodschappen", "taal", "mantelzorg", "maaltijd",
         "vrijwilliger", "dorpshuis", "computer", "opvoeding", "wonen", "werk", "iensumens", "ferfier",
         "administratie", "bewegen", "klussen", "jongeren"]  # fmt: skip
PAIRS = [("hulp", "boodschappen"), ("koffie", "ochtend"), ("schulden", "inloop"), ("taal", "cafe"),
         ("samen", "eten"), ("vervoer", "dokter"), ("mantelzorg", "steunpunt"), ("digitaal", "spreekuur")]  # fmt: skip
TYPOS = ["schuldhlup", "boodschapen", "mantelzrog", "vrijwiliger", "eenzaamhied", "maaltjid", "vervoerr"]
THEMES = ["meeting", "loneliness", "debts", "transport", "meals", "household", "informal_care", "language"]
KINDS = ("one_word", "two_words", "word_near_radius", "word_near_tier_theme", "typo", "near_only")


def make_queries(rng: random.Random, places: list[str], count: int) -> dict[str, list[dict]]:
    def near() -> str:
        return rng.choice(places)

    return {
        "one_word": [{"q": rng.choice(WORDS)} for _ in range(count)],
        "two_words": [{"q": " ".join(rng.choice(PAIRS))} for _ in range(count)],
        "word_near_radius": [{"q": rng.choice(WORDS), "near": near(), "radius_km": rng.choice([5, 10, 15, 25])}
                             for _ in range(count)],  # fmt: skip
        "word_near_tier_theme": [{"q": rng.choice(WORDS), "near": near(), "tier": rng.choice("1234"),
                                  "theme": rng.choice(THEMES)} for _ in range(count)],  # fmt: skip
        "typo": [{"q": rng.choice(TYPOS)} for _ in range(count)],
        "near_only": [{"near": near()} for _ in range(count)],
    }


def timed_search(app, args: dict) -> float:
    """parse_search_args + search_services: the search function the API view and the pages call."""
    with app.test_request_context("/api/v1/services?" + urlencode(args)):
        from flask import request

        started = time.perf_counter()
        search_services(parse_search_args(request.args).params)
        return time.perf_counter() - started


def timed_api(app, args: dict) -> float:
    """The whole API view: search, load the page of services, build the JSON."""
    with app.test_request_context("/api/v1/services?" + urlencode(args)):
        started = time.perf_counter()
        response = list_services()
        elapsed = time.perf_counter() - started
    status = response[1] if isinstance(response, tuple) else response.status_code
    assert status == 200, (args, response)
    return elapsed


NAIVE_SQL = """
SELECT s.id, s.name_nl, l.latitude, l.longitude
FROM service s JOIN location l ON l.service_id = s.id
WHERE s.status = 'active' AND s.deleted_at IS NULL {where}
"""


def naive_search(args: dict) -> list[tuple]:
    """What one would write without an index: LIKE on names and descriptions, distance in Python."""
    clauses, params = [], {}
    for i, word in enumerate(args.get("q", "").split()):
        clauses.append(f"AND (lower(s.name_nl) LIKE :w{i} OR lower(s.description_nl) LIKE :w{i} "
                       f"OR lower(coalesce(s.description_fy, '')) LIKE :w{i})")  # fmt: skip
        params[f"w{i}"] = f"%{word.lower()}%"
    if "tier" in args:
        clauses.append("AND s.tier_level = :tier")
        params["tier"] = int(args["tier"])
    if "theme" in args:
        clauses.append("AND EXISTS (SELECT 1 FROM service_theme st JOIN taxonomy_term t ON t.id = st.term_id "
                       "WHERE st.service_id = s.id AND t.code = :theme)")  # fmt: skip
        params["theme"] = args["theme"]
    rows = db.session.execute(text(NAIVE_SQL.format(where=" ".join(clauses))), params).all()
    if "near" in args:
        point = resolve_near(args["near"])
        radius = float(args.get("radius_km", 15))
        scored = [(haversine_km(point.latitude, point.longitude, r.latitude, r.longitude), r.id) for r in rows]
        rows = sorted(s for s in scored if s[0] <= radius)
    return rows[:20]


def timed_naive(args: dict) -> float:
    started = time.perf_counter()
    naive_search(args)
    return time.perf_counter() - started


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=100, method="inclusive")
    return cuts[49] * 1000, cuts[94] * 1000


def edit_visibility_seconds() -> float:
    """Time from the commit of an edit until search finds the edited service."""
    service = db.session.scalars(select(Service).order_by(Service.id).limit(1)).one()
    service.name_nl = "Zeldzaamwoord jeu de boules"
    started = time.perf_counter()
    db.session.commit()
    while not search_services(SearchParams(q="zeldzaamwoord")).total:
        if time.perf_counter() - started > 30:
            return float("inf")
    return time.perf_counter() - started


def prepare_app(size: int, folder: Path):
    """An app on its own SQLite database in `folder`, with `size` generated services (index not built)."""
    folder.mkdir(parents=True, exist_ok=True)
    app = create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'bench.db'}",
                      "SEARCH_INDEX_PATH": str(folder / "index"), "SERVER_NAME": "localhost"})  # fmt: skip
    with app.app_context():
        upgrade_database()
        load_gazetteer()
        load_taxonomies()
        db.session.commit()
        generate(size)
        db.session.remove()
    return app


def run_size(size: int, query_count: int, workdir: Path) -> dict:
    app = prepare_app(size, workdir / f"n{size}")
    folder = workdir / f"n{size}"
    result: dict = {"services": size}
    with app.app_context():
        started = time.perf_counter()
        rebuild_index()
        result["index_build_s"] = round(time.perf_counter() - started, 1)
        result["index_size_mb"] = round(sum(p.stat().st_size for p in (folder / "index").iterdir()) / 2**20, 1)
        places = [p.name_nl for p in db.session.scalars(select(Place).where(Place.kind == "woonplaats"))]
        queries = make_queries(random.Random(size), places, query_count)
        for args in queries["one_word"][:20]:  # warm caches: the snapshot, stemmer, SQLite pages
            timed_api(app, args)
            timed_naive(args)
        result["queries"] = {}
        # Cold: the first time each distinct query runs after start-up (posting lists not yet cached).
        cold = {kind: [timed_search(app, args) for args in {json.dumps(a, sort_keys=True): a for a in queries[kind]}
                       .values()] for kind in KINDS}  # fmt: skip
        for kind in KINDS:
            ours = [timed_search(app, args) for args in queries[kind]]
            api = [timed_api(app, args) for args in queries[kind]]
            naive = [timed_naive(args) for args in queries[kind]]
            (p50, p95), (a50, a95), (n50, n95) = percentiles(ours), percentiles(api), percentiles(naive)
            result["queries"][kind] = {"p50_ms": round(p50, 1), "p95_ms": round(p95, 1),
                                       "api_p50_ms": round(a50, 1), "api_p95_ms": round(a95, 1),
                                       "naive_p50_ms": round(n50, 1), "naive_p95_ms": round(n95, 1),
                                       "speedup_p95": round(n95 / p95, 1),
                                       "cold_p50_ms": round(percentiles(cold[kind])[0], 1),
                                       "cold_max_ms": round(max(cold[kind]) * 1000, 1)}  # fmt: skip
            print(f"  {size:>6} {kind:<22} search p50 {p50:6.1f} p95 {p95:6.1f} | api p50 {a50:6.1f} p95 {a95:6.1f}"
                  f" | naive p50 {n50:7.1f} p95 {n95:7.1f} ms", flush=True)  # fmt: skip
        result["edit_visible_s"] = round(edit_visibility_seconds(), 2)
        db.session.remove()
        db.engine.dispose()
    print(f"  {size:>6} index build {result['index_build_s']} s, {result['index_size_mb']} MB, "
          f"edit visible after {result['edit_visible_s']} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("search_results.json"))
    args = parser.parse_args()
    machine = {"python": platform.python_version(), "cpus": os.cpu_count(), "platform": platform.platform()}
    with tempfile.TemporaryDirectory(prefix="socialmap-bench-") as workdir:
        results = [run_size(size, args.queries, Path(workdir)) for size in args.sizes]
    args.output.write_text(json.dumps({"machine": machine, "results": results}, indent=2))
    print(f"written {args.output}")


if __name__ == "__main__":
    main()
