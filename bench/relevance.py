"""Relevance of search on the demo catalogue, measured against bench/judgements.tsv.

Each judgement is a query a resident, social worker or volunteer would type, with the services a
person expects in the top 3 (`expect`) and others that are fine near the top (`also`), written by
reading the catalogue before the search was tuned. A query is a *hit* when its top 3 holds
min(3, len(expect)) of the expected services. nDCG@5 gives an expected service gain 2 and an
`also` service gain 1. Every fourth judgement is held out: it was not looked at while tuning.

    .venv/bin/python bench/relevance.py            # table per language, kind and held-out/tuned
    .venv/bin/python bench/relevance.py --misses   # also list each missed query with its top 5

The queries run through the same path as the pages (parse_search_args → search_services).
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

JUDGEMENTS_FILE = Path(__file__).with_name("judgements.tsv")
DEMO_PREFIX = "demo-"


@dataclass(frozen=True)
class Judgement:
    id: str
    lang: str
    kinds: tuple[str, ...]
    q: str
    near: str
    expect: tuple[str, ...]  # demo external ids, e.g. "demo-0057"
    also: tuple[str, ...]
    holdout: bool
    note: str = ""

    def args(self) -> dict[str, str]:
        return {k: v for k, v in (("q", self.q), ("near", self.near)) if v}


@dataclass
class Outcome:
    judgement: Judgement
    top: list[str]  # external ids of the first five results
    hit: bool
    ndcg: float


def load_judgements(path: Path = JUDGEMENTS_FILE) -> list[Judgement]:
    def ids(cell: str) -> tuple[str, ...]:
        return tuple(DEMO_PREFIX + x.strip() for x in cell.split(";") if x.strip())

    with path.open(encoding="utf-8", newline="") as handle:
        lines = [line for line in handle if not line.startswith("#")]
    rows = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    return [Judgement(r["id"], r["lang"], tuple(r["kinds"].split(";")), r["q"], r["near"], ids(r["expect"]),
                      ids(r["also"]), r["holdout"] == "yes", r.get("note") or "")
            for r in rows]  # fmt: skip


def score(judgement: Judgement, top: list[str]) -> Outcome:
    expected = set(judgement.expect)
    hit = len(expected & set(top[:3])) >= min(3, len(expected))
    gains = {**{x: 1 for x in judgement.also}, **{x: 2 for x in judgement.expect}}
    dcg = sum(gains.get(x, 0) / math.log2(i + 2) for i, x in enumerate(top[:5]))
    ideal = sorted(gains.values(), reverse=True)[:5]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return Outcome(judgement, top[:5], hit, dcg / idcg if idcg else 0.0)


def run_judgements(top_ids, external: dict[int, str], judgements: list[Judgement]) -> list[Outcome]:
    """Score each judgement; `top_ids(args)` returns the service ids of the first five results for
    the query arguments (the benchmark calls the search directly, the test goes through the API)."""
    return [score(j, [external.get(i, "?") for i in top_ids(j.args())]) for j in judgements]


def search_top_ids(app):
    """The pages' own parse + search, inside `app`."""
    from flask import request

    from socialmap.search.params import parse_search_args
    from socialmap.search.service import search_services

    def top_ids(args: dict) -> list[int]:
        with app.test_request_context("/zoeken", query_string={**args, "per_page": "5"}):
            return [hit.service_id for hit in search_services(parse_search_args(request.args).params).hits]

    return top_ids


def external_ids() -> dict[int, str]:
    from sqlalchemy import select

    from socialmap.catalogue.models import Service
    from socialmap.extensions import db

    return dict(db.session.execute(select(Service.id, Service.external_id)).all())


@dataclass
class Figures:
    queries: int
    hit_rate: float  # 0–1
    ndcg5: float


def figures(outcomes: list[Outcome]) -> Figures:
    n = len(outcomes)
    return Figures(n, sum(o.hit for o in outcomes) / n if n else 0.0, sum(o.ndcg for o in outcomes) / n if n else 0.0)


def breakdown(outcomes: list[Outcome]) -> dict[str, dict[str, Figures]]:
    """Figures overall, per language, per kind of query, and held-out vs tuned."""
    groups: dict[str, dict[str, list[Outcome]]] = {"all": {"all": outcomes}, "language": defaultdict(list),
                                                   "kind": defaultdict(list), "set": defaultdict(list)}  # fmt: skip
    for outcome in outcomes:
        groups["language"][outcome.judgement.lang].append(outcome)
        for kind in outcome.judgement.kinds:
            groups["kind"][kind].append(outcome)
        groups["set"]["held-out" if outcome.judgement.holdout else "tuned"].append(outcome)
    return {name: {key: figures(v) for key, v in sorted(members.items())} for name, members in groups.items()}


def demo_app(folder: Path):
    """An app on its own SQLite database in `folder` with the demo catalogue and a fresh index."""
    from socialmap import create_app
    from socialmap.catalogue.importer import import_services
    from socialmap.catalogue.taxonomy import load_taxonomies
    from socialmap.cli import DEMO_FILE
    from socialmap.extensions import db
    from socialmap.migrate import upgrade_database
    from socialmap.places.services import load_gazetteer
    from socialmap.search.service import rebuild_index

    app = create_app({"INSTANCE_PATH": str(folder), "SECRET_KEY": "bench",
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder / 'relevance.db'}",
                      "SEARCH_INDEX_PATH": str(folder / "index"), "SERVER_NAME": "localhost"})  # fmt: skip
    with app.app_context():
        upgrade_database()
        load_gazetteer()
        load_taxonomies()
        import_services(DEMO_FILE, source="demo")
        db.session.commit()
        rebuild_index()
    return app


def table(report: dict[str, dict[str, Figures]]) -> str:
    lines = ["| group | queries | top-3 hit rate | nDCG@5 |", "|---|---:|---:|---:|"]
    for name, members in report.items():
        for key, f in members.items():
            label = "all queries" if name == "all" else f"{name}: {key}"
            lines.append(f"| {label} | {f.queries} | {f.hit_rate:.0%} | {f.ndcg5:.2f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the missed queries with their top 5")
    parser.add_argument("--tuned-only", action="store_true", help="leave the held-out quarter out (while tuning)")
    args = parser.parse_args()
    judgements = [j for j in load_judgements() if not (args.tuned_only and j.holdout)]
    with tempfile.TemporaryDirectory(prefix="socialmap-relevance-") as folder:
        app = demo_app(Path(folder))
        with app.app_context():
            outcomes = run_judgements(search_top_ids(app), external_ids(), judgements)
    print(table(breakdown(outcomes)))
    if args.misses:
        for o in outcomes:
            if not o.hit:
                j = o.judgement
                top = " ".join(x.removeprefix(DEMO_PREFIX) for x in o.top)
                expect = " ".join(x.removeprefix(DEMO_PREFIX) for x in j.expect)
                print(f"MISS {j.id} [{j.lang}] q={j.q!r} near={j.near!r}: top {top} — expected {expect}")


if __name__ == "__main__":
    main()
