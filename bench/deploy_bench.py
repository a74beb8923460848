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
- load: gunicorn with 2 workers, 8 concurrent clients for --seconds, on two mixes: "fixed", the 11
  URLs of every earlier run (comparable with them; after the first round nearly all answered from the
  response cache), and "varied": random words, villages, postcodes, service pages, village pages and
  API pages 1-3, so that most requests miss the cache. Then two app servers (2 workers each, own index
  folders) on the one database, requests alternating. The load comes from `wrk` (Debian package
  wrk, a Lua script) when it is installed, so the client does not eat the server's two cores, else
  from Python threads; the JSON says which. The cache hit ratio is counted from the X-Cache header.
With --existing URL FOLDER only the load is measured, on a catalogue already in that database and
index folder. Only against 127.0.0.1. Writes bench/deploy_results.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
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
from urllib.parse import quote

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


VARIED_URLS = 5000  # distinct URLs to choose from in the varied mix
WRK_SCRIPT = """
local paths = {%s}
local threads = {}
local counter = 0
function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end
function init(args)
  math.randomseed(id * 7919)
  hits, misses, uncached, server_errors = 0, 0, 0, 0
end
function request()
  return wrk.format("GET", paths[math.random(#paths)])
end
function response(status, headers, body)
  local cache = headers["X-Cache"]
  if cache == "hit" then hits = hits + 1
  elseif cache == "miss" then misses = misses + 1
  else uncached = uncached + 1 end
  if status >= 500 then server_errors = server_errors + 1 end
end
function done(summary, latency, requests)
  local h, m, u, e = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    h = h + t:get("hits"); m = m + t:get("misses"); u = u + t:get("uncached"); e = e + t:get("server_errors")
  end
  local socket = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format('RESULT {"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, ' ..
    '"hits": %%d, "misses": %%d, "uncached": %%d, "server_errors": %%d, "socket_errors": %%d}\\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), h, m, u, e, socket))
end
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


def varied_paths(url: str, count: int, seed: int = 2) -> list[str]:
    """Random searches, village and service pages and API pages 1-3 on this catalogue: mostly
    different URLs, so mostly misses of the response cache."""
    from bench.search_bench import WORDS
    from socialmap.text import slugify

    engine = create_engine(url)
    with engine.connect() as connection:
        villages = [tuple(r) for r in connection.execute(text(
            "SELECT slug, name_nl FROM place ORDER BY id"))]  # fmt: skip
        postcodes = list(connection.scalars(text("SELECT DISTINCT pc4 FROM postcode ORDER BY 1")))
        pages = [f"/diensten/{i}-{slugify(name) or 'dienst'}" for i, name in connection.execute(text(
            "SELECT id, name_nl FROM service WHERE status = 'active' AND deleted_at IS NULL ORDER BY id"))]  # fmt: skip
    engine.dispose()
    rng = random.Random(seed)
    makers = [
        lambda: f"/zoeken?q={rng.choice(WORDS)}&near={rng.choice(villages)[1]}",
        lambda: f"/zoeken?q={rng.choice(WORDS)}&near={rng.choice(postcodes)}",
        lambda: f"/zoeken?q={rng.choice(WORDS)}",
        lambda: rng.choice(pages),
        lambda: f"/plaatsen/{rng.choice(villages)[0]}",
        lambda: f"/api/v1/services?q={rng.choice(WORDS)}&near={rng.choice(villages)[1]}&page={rng.randint(1, 3)}",
        lambda: f"/api/v1/services?near={rng.choice(postcodes)}&page={rng.randint(1, 3)}",
    ]
    return [quote(rng.choice(makers)().replace(" ", "+"), safe="/?=&+-") for _ in range(count)]


def start_gunicorn(url: str, instance: Path, port: int, workers: int = 2) -> subprocess.Popen:
    process = subprocess.Popen([str(BIN / "gunicorn"), "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
                                "socialmap.wsgi:app"], env=environment(url, instance), cwd=ROOT,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
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
    except BaseException:  # no server left behind on the port
        process.terminate()
        process.wait(30)
        raise
    return process


def load(bases: list[str], seconds: float, paths: list[str], concurrency: int = 8) -> dict:
    """Requests from `concurrency` clients for `seconds`, from wrk when it is installed (one base only)."""
    if shutil.which("wrk") and len(bases) == 1:
        return load_with_wrk(bases[0], seconds, paths, concurrency)
    return load_with_threads(bases, seconds, paths, concurrency)


def load_with_wrk(base: str, seconds: float, paths: list[str], concurrency: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT % ", ".join(json.dumps(p.replace(" ", "+")) for p in paths))
    try:
        out = subprocess.run(["wrk", "-t", "2", "-c", str(concurrency), "-d", f"{seconds:.0f}s", "--timeout", "30s",
                              "-s", script.name, base], check=True, capture_output=True, text=True).stdout  # fmt: skip
    finally:
        os.unlink(script.name)
    if "RESULT " not in out:
        raise RuntimeError(f"wrk gave no result: {out[-2000:]}")
    found = json.loads(out[out.index("RESULT ") + 7:].splitlines()[0])
    duration = found["duration_us"] / 1e6
    return {"client": "wrk 2 threads", "requests": found["requests"],
            "requests_per_s": round(found["requests"] / duration, 1), "p50_ms": round(found["p50_us"] / 1000, 1),
            "p95_ms": round(found["p95_us"] / 1000, 1), "errors": found["server_errors"] + found["socket_errors"],
            **hit_ratio(found["hits"], found["misses"], found["uncached"])}  # fmt: skip


def hit_ratio(hits: int, misses: int, uncached: int) -> dict:
    """Of the answers the cache could hold (X-Cache hit or miss); `uncached`: redirects, health checks."""
    return {"cache_hits": hits, "cache_misses": misses, "not_cacheable": uncached,
            "cache_hit_ratio": round(hits / (hits + misses), 3) if hits + misses else None}  # fmt: skip


def load_with_threads(bases: list[str], seconds: float, paths: list[str], concurrency: int) -> dict:
    rng = random.Random(1)
    latencies, errors, stop = [], [], time.monotonic() + seconds
    caching = {"hit": 0, "miss": 0, None: 0}
    lock = threading.Lock()

    def client(n: int) -> None:
        while time.monotonic() < stop:
            url = bases[n % len(bases)] + rng.choice(paths).replace(" ", "+")
            started = time.perf_counter()
            cache = None
            try:
                with urllib.request.urlopen(url, timeout=30) as response:
                    response.read()
                    ok = response.status < 500
                    cache = response.headers.get("X-Cache")
            except urllib.error.HTTPError as error:
                ok = error.code < 500
            except OSError:
                ok = False
            with lock:
                latencies.append(time.perf_counter() - started)
                caching[cache if cache in caching else None] += 1
                if not ok:
                    errors.append(url)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"client": f"python urllib, {concurrency} threads", "requests": len(latencies),
            "requests_per_s": round(len(latencies) / seconds, 1),
            "p50_ms": round(1000 * percentile(latencies, 0.5), 1),
            "p95_ms": round(1000 * percentile(latencies, 0.95), 1), "errors": len(errors),
            **hit_ratio(caching["hit"], caching["miss"], caching[None])}  # fmt: skip


def measure_load(url: str, one: Path, two: Path | None, seconds: float, port: int) -> dict:
    """Both mixes on one app server (2 workers), then, with a second folder, on two alternating."""
    results, processes = {}, []
    varied = varied_paths(url, VARIED_URLS)
    bases = [f"http://127.0.0.1:{port}", f"http://127.0.0.1:{port + 1}"]
    try:
        processes.append(start_gunicorn(url, one, port))
        results["gunicorn_2_workers"] = load(bases[:1], seconds, PATHS)
        results["gunicorn_2_workers_varied"] = load(bases[:1], seconds, varied)
        if two is not None:
            processes.append(start_gunicorn(url, two, port + 1))
            results["two_app_servers"] = load(bases, seconds, PATHS)
            results["two_app_servers_varied"] = load(bases, seconds, varied)
    finally:
        for process in processes:
            process.terminate()
            process.wait(30)
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--existing", nargs=2, metavar=("DATABASE_URL", "INSTANCE_FOLDER"),
                        help="only the load, on a catalogue that is already there (not written to but page views)")
    parser.add_argument("--port", type=int, default=8101, help="the first app server's; the second's is next")
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("deploy_results.json"))
    args = parser.parse_args()
    results: dict = {"load": os.getloadavg()}
    if args.existing:
        url, folder = args.existing
        results.update(measure_load(url, Path(folder), None, args.seconds, args.port))
        print(json.dumps(results, indent=2))
        args.output.write_text(json.dumps(results, indent=2) + "\n")
        return
    server = create_engine(SERVER_URL, isolation_level="AUTOCOMMIT")
    name = f"socialmap_bench_{uuid.uuid4().hex[:8]}"
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(SERVER_URL).set(database=name).render_as_string(hide_password=False)
    results["services"] = args.services
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
            results.update(measure_load(url, one, two, args.seconds, args.port))
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()
    print(json.dumps(results, indent=2))
    args.output.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
