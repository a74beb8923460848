"""Load test: status codes under concurrent load, against a local server only (127.0.0.1).

    .venv/bin/python bench/load_test.py --requests 2000 --concurrency 16

Starts the app (demo catalogue, its own temporary instance folder) on a free loopback port with
Werkzeug's threaded server, sends a bounded number of mixed requests (pages, API, bad input) and
reports the count of each status class and the latency. It stops by itself.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from werkzeug.serving import make_server  # noqa: E402

from socialmap import create_app  # noqa: E402
from socialmap.catalogue.importer import import_services  # noqa: E402
from socialmap.catalogue.taxonomy import load_taxonomies  # noqa: E402
from socialmap.cli import DEMO_FILE  # noqa: E402
from socialmap.extensions import db  # noqa: E402
from socialmap.migrate import upgrade_database  # noqa: E402
from socialmap.places.services import load_gazetteer  # noqa: E402
from socialmap.search.service import rebuild_index  # noqa: E402

PATHS = [
    "/", "/?lang=fy", "/zoeken?q=eenzaamheid&near=IJlst", "/zoeken?q=iensumens&near=Drylts&lang=fy",
    "/zoeken?near=8651", "/zoeken?q=schulden&near=Sneek&theme=debts", "/plaatsen/ijlst", "/over",
    "/api/v1/services?q=vervoer&near=Heeg", "/api/v1/services?near=Exloo&tier=2", "/api/v1/places?q=dry",
    "/api/v1/services.geojson?q=koffie&near=Heeg",
    # bad input: these must be 4xx, never 5xx
    "/zoeken?near=Nergenshuizen", "/api/v1/services?tier=9", "/api/v1/services?radius_km=abc",
    "/zoeken?q=" + "x" * 250, "/bestaat-niet",
]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("load_results.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="socialmap-load-") as folder:
        app = create_app({"INSTANCE_PATH": folder, "SECRET_KEY": "load",
                          "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/load.db"})  # fmt: skip
        with app.app_context():
            upgrade_database()
            load_gazetteer()
            load_taxonomies()
            import_services(DEMO_FILE, source="demo")
            db.session.commit()
            rebuild_index()
        server = make_server("127.0.0.1", 0, app, threaded=True)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}"
        rng = random.Random(1)
        urls = [base + rng.choice(PATHS) for _ in range(args.requests)]

        def fetch(url: str) -> tuple[int, float]:
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = 0  # connection refused or timed out
            return status, time.perf_counter() - started

        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
            results = list(pool.map(fetch, urls))
        elapsed = time.perf_counter() - started
        server.shutdown()
    classes = Counter(f"{status // 100}xx" if status else "failed" for status, _ in results)
    latencies = sorted(t for _, t in results)
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    summary = {"requests": len(results), "concurrency": args.concurrency, "seconds": round(elapsed, 1),
               "per_second": round(len(results) / elapsed, 1), "status": dict(sorted(classes.items())),
               "p50_ms": round(cuts[49] * 1000, 1), "p95_ms": round(cuts[94] * 1000, 1)}  # fmt: skip
    print(json.dumps(summary, indent=2))
    args.output.write_text(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
