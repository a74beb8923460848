"""Resident web benchmark: page weight (raw and transferred) and server-side render time.

    .venv/bin/python bench/web_bench.py                  # 50k services, 200 result pages
    .venv/bin/python bench/web_bench.py --services 10000 --requests 50

Page weight = the HTML plus every stylesheet and script it links, what a phone downloads on a
first visit (we use system fonts, so no font files): uncompressed, and as transferred with
`Accept-Encoding: gzip, br` (issue 16 budget: 100 KB a page, 50 KB a service page). Render time =
the whole request through the app (search, database, template) measured around the test client:
p50/p95 over many results pages, and the median of a few requests for each page weighed.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import select  # noqa: E402

from bench.search_bench import PAIRS, THEMES, WORDS, prepare_app  # noqa: E402
from socialmap.catalogue.models import Service  # noqa: E402
from socialmap.extensions import db  # noqa: E402
from socialmap.places.models import Place  # noqa: E402
from socialmap.search.service import rebuild_index  # noqa: E402

ASSET = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


COMPRESSED = {"Accept-Encoding": "gzip, br"}


def page_weight(client, url: str) -> dict:
    html = client.get(url).data
    assets = {href: len(client.get(href).data) for href in ASSET.findall(html.decode())}
    sent = len(client.get(url, headers=COMPRESSED).data) + sum(
        len(client.get(href, headers=COMPRESSED).data) for href in assets)
    renders = []
    for _ in range(5):
        started = time.perf_counter()
        client.get(url)
        renders.append(time.perf_counter() - started)
    return {"url": url, "html_kb": round(len(html) / 1024, 1), "assets_kb": round(sum(assets.values()) / 1024, 1),
            "total_kb": round((len(html) + sum(assets.values())) / 1024, 1),
            "transferred_kb": round(sent / 1024, 1), "render_ms": round(statistics.median(renders) * 1000, 1),
            "assets": sorted(assets)}  # fmt: skip


def result_urls(rng: random.Random, places: list[str], count: int) -> list[str]:
    urls = []
    for _ in range(count):
        args = {"near": rng.choice(places)}
        kind = rng.random()
        if kind < 0.4:
            args["q"] = rng.choice(WORDS)
        elif kind < 0.6:
            args["q"] = " ".join(rng.choice(PAIRS))
        elif kind < 0.8:
            args.update(q=rng.choice(WORDS), theme=rng.choice(THEMES), tier=rng.choice("1234"))
        urls.append("/zoeken?" + urlencode(args))
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=50_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--output", type=Path, default=Path(__file__).with_name("web_results.json"))
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="socialmap-web-bench-") as workdir:
        app = prepare_app(args.services, Path(workdir) / "web")
        with app.app_context():
            rebuild_index()
            places = [p.name_nl for p in db.session.scalars(select(Place).where(Place.kind == "woonplaats"))]
            service_id = db.session.scalar(select(Service.id).order_by(Service.id))
        client = app.test_client()
        detail = client.get(f"/diensten/{service_id}").headers["Location"]
        weights = [page_weight(client, url) for url in (
            "/?lang=nl", "/zoeken?q=eenzaamheid&near=IJlst&lang=nl", "/zoeken?q=iensumens&near=Drylts&lang=fy",
            "/zoeken?near=Exloo&lang=nl", detail + "?lang=nl", "/zoeken/kaart?q=eenzaamheid&near=IJlst&lang=nl",
            "/plaatsen/ijlst?lang=nl")]  # fmt: skip
        urls = result_urls(random.Random(7), places, args.requests)
        for url in urls[:20]:
            client.get(url)  # warm: snapshot, caches
        timings = []
        for url in urls:
            started = time.perf_counter()
            response = client.get(url)
            timings.append(time.perf_counter() - started)
            assert response.status_code == 200, (url, response.status_code)
        cuts = statistics.quantiles(timings, n=100, method="inclusive")
        result = {"services": args.services, "requests": len(urls), "render_p50_ms": round(cuts[49] * 1000, 1),
                  "render_p95_ms": round(cuts[94] * 1000, 1), "page_weight": weights}  # fmt: skip
    for weight in weights:
        print(f"  {weight['url'][:48]:<48} {weight['total_kb']:6.1f} KB raw, {weight['transferred_kb']:5.1f} KB "
              f"transferred (HTML {weight['html_kb']} KB), render {weight['render_ms']} ms")
    print(f"  results page render at {args.services}: p50 {result['render_p50_ms']} ms, "
          f"p95 {result['render_p95_ms']} ms")
    args.output.write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
