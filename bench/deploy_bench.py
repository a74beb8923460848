"""Production figures on PostgreSQL (issue 13): rebuild time, a fresh process's first answer and
memory, follower lag between two app servers, and gunicorn under load.

    .venv/bin/python bench/deploy_bench.py --services 50000 --seconds 30

Makes its own throw-away PostgreSQL database on SOCIALMAP_BENCH_POSTGRES_URL (default: the test
server, postgres@127.0.0.1:5432), generates the catalogue (bench/generate.py), and measures:
- rebuild: `socialmap reindex` in its own process (wall time);
- first answer: a new process, from its start to the answer of its first search, and its peak
  resident memory after 50 more searches;
- follower lag: an edit committed through one app server until a search through another (own
  index folder, same database) finds it — every search checks the change log first, so this is
  the cost of that check and of writing the change, not a polling interval;
- load: gunicorn with 2 workers, mixed requests from 8 client threads for --seconds; then two
  app servers (2 workers each, own index folders) on the one database, requests alternating.
Only against 127.0.0.1. Writes bench/deploy_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

BIN = Path(sys.executable).parent
SERVER_URL = os.environ.get("SOCIALMAP_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
PATHS = [
    "/zoeken?q=eenzaamheid&near=IJlst", "/zoeken?q=iensumens&near=Drylts&lang=fy", "/zoeken?near=8651",
    "/api/v1/services?q=vervoer&near=Heeg", "/api/v1/services?q=hulp bij opvoeden&near=Sneek",
    "/api/v1/services?near=Exloo&tier=2", "/api/v1/services?q=koffie", "/api/v1/services?q=schuldhulp&near=Bolsward",
    "/plaatsen/ijlst", "/", "/healthz",
]  # fmt: skip

FIRST_ANSWER = """
import resource, sys, time
started = float(sys.argv[1])
from socialmap import create_app
from socialmap.search.service import SearchParams, search_services
app = create_app()
with app.app_context():
    search_services(SearchParams(q="eenzaamheid"))
    first = time.time() - started
    for word in ["vervoer", "koffie", "schulden", "opvoeden", "boodschappen"] * 10:
        search_services(SearchParams(q=word))
print(first, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def environment(url: str, instance: Path) -> dict:
    return {**os.environ, "SOCIALMAP_DATABASE_URL": url, "SOCIALMAP_INSTANCE_PATH": str(instance),
            "SOCIALMAP_SECRET_KEY": "bench" * 8, "SOCIALMAP_PRODUCTION": "true", "SOCIALMAP_LOG_FORMAT": "text",
            "SOCIALMAP_RATELIMIT_STORAGE_URI": "memory://"}  # fmt: skip


def prepare(url: str, instance: Path, services: int) -> None:
    env = environment(url, instance)
    subprocess.run([str(BIN / "socialmap"), "init"], env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, str(ROOT / "bench" / "generate.py"), "--services", str(services)], env=env,
                   check=True, capture_output=True)  # fmt: skip


def timed_reindex(url: str, instance: Path) -> float:
    started = time.perf_counter()
    subprocess.run([str(BIN / "socialmap"), "reindex"], env=environment(url, instance), check=True, capture_output=True)
    return time.perf_counter() - started


def first_answer(url: str, instance: Path) -> tuple[float, float]:
    started = time.time()
    out = subprocess.run([sys.executable, "-c", FIRST_ANSWER, str(started)], env=environment(url, instance),
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout.split()  # fmt: skip
    return float(out[0]), float(out[1])


def follower_lag(url: str, one: Path, two: Path, edits: int) -> list[float]:
    os.environ.update({k: v for k, v in environment(url, one).items() if k.startswith("SOCIALMAP_")})
    from socialmap import create_app
    from socialmap.catalogue.models import Service
    from socialmap.extensions import db
    from socialmap.search.service import SearchParams, search_services

    first = create_app({"INSTANCE_PATH": str(one), "SEARCH_INDEX_PATH": str(one / "search-index")})
    second = create_app({"INSTANCE_PATH": str(two), "SEARCH_INDEX_PATH": str(two / "search-index")})
    with second.app_context():
        search_services(SearchParams(q="koffie"))  # open (or wait for) its index
    lags = []
    for n in range(edits):
        word = f"volgwoord{uuid.uuid4().hex[:8]}"
        with first.app_context():
            service = db.session.get(Service, 1 + n)
            service.name_nl = f"{word} {service.name_nl}"
            db.session.commit()
        committed = time.perf_counter()
        with second.app_context():
            while not search_services(SearchParams(q=word)).total:
                time.sleep(0.005)
        lags.append(time.perf_counter() - committed)
    for app in (first, second):
        with app.app_context():
            db.engine.dispose()
    return lags


def start_gunicorn(url: str, instance: Path, port: int, workers: int = 2) -> subprocess.Popen:
    process = subprocess.Popen([str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                                "socialmap.wsgi:app"], env=environment(url, instance), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
            break
        except OSError:
            time.sleep(0.2)
    for path in PATHS:  # every worker opens its index and builds its snapshot before timing
        for _ in range(workers * 2):
            urllib.request.urlopen(f"http://127.0.0.1:{port}{path.replace(' ', '+')}", timeout=60).read()
    return process


def load(bases: list[str], seconds: float, concurrency: int = 8) -> dict:
    rng = random.Random(1)
    latencies, errors, stop = [], [], time.monotonic() + seconds
    lock = threading.Lock()

    def client(n: int) -> None:
        while time.monotonic() < stop:
            url = bases[n % len(bases)] + rng.choice(PATHS).replace(" ", "+")
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    response.read()
                    ok = response.status < 500
            except urllib.error.HTTPError as error:
                ok = error.code < 500
            except OSError:
                ok = False
            with lock:
                latencies.append(time.perf_counter() - started)
                if not ok:
                    errors.append(url)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"requests": len(latencies), "requests_per_s": round(len(latencies) / seconds, 1),
            "p50_ms": round(1000 * percentile(latencies, 0.5), 1),
            "p95_ms": round(1000 * percentile(latencies, 0.95), 1), "errors": len(errors)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("deploy_results.json"))
    args = parser.parse_args()
    server = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    name = f"socialmap_bench_{uuid.uuid4().hex[:8]}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    results: dict = {"services": args.services, "load": os.getloadavg()}
    processes = []
    try:
        with tempfile.TemporaryDirectory(prefix="socialmap-deploy-") as folder:
            one, two = Path(folder) / "one", Path(folder) / "two"
            prepare(url, one, args.services)
            results["rebuild_s"] = [round(timed_reindex(url, one), 1) for _ in range(2)]
            answers = [first_answer(url, one) for _ in range(3)]
            results["first_answer_s"] = [round(a, 2) for a, _ in answers]
            results["peak_rss_mb"] = [round(m) for _, m in answers]
            timed_reindex(url, two)
            lags = follower_lag(url, one, two, args.edits)
            results["follower_lag_ms"] = {"p50": round(1000 * statistics.median(lags), 1),
                                          "p95": round(1000 * percentile(lags, 0.95), 1),
                                          "max": round(1000 * max(lags), 1)}  # fmt: skip
            processes.append(start_gunicorn(url, one, 8101))
            results["gunicorn_2_workers"] = load(["http://127.0.0.1:8101"], args.seconds)
            processes.append(start_gunicorn(url, two, 8102))
            results["two_app_servers"] = load(["http://127.0.0.1:8101", "http://127.0.0.1:8102"], args.seconds)
    finally:
        for process in processes:
            process.terminate()
            process.wait(30)
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
    print(json.dumps(results, indent=2))
    args.output.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
