"""Scale the demo catalogue to N services over the real gazetteer, for benchmarks.

Each generated service copies a demo service's texts, kind, tier, themes and audiences (so the
vocabulary is realistic), moves it to a random place of the four municipalities with a little
jitter, and sometimes gives it a service area of nearby villages. Rows are written with
SQLAlchemy Core in bulk: loading speed is not what we measure.

    python bench/generate.py --services 10000   # into $SOCIALMAP_INSTANCE_PATH (or instance/)
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import time

from sqlalchemy import delete, insert, select

from socialmap import create_app
from socialmap.catalogue.models import (
    Location,
    Organization,
    Schedule,
    Service,
    TaxonomyTerm,
    service_area_municipality,
    service_area_place,
    service_audience,
    service_theme,
)
from socialmap.cli import DEMO_FILE
from socialmap.extensions import db
from socialmap.places.models import Place

SCHEDULE_CODES = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6}


def demo_rows() -> list[dict]:
    with DEMO_FILE.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def generate(count: int, seed: int = 2026) -> None:
    rng = random.Random(seed)
    terms = {(t.vocabulary, t.code): t.id for t in db.session.scalars(select(TaxonomyTerm))}
    places = db.session.scalars(select(Place)).all()
    templates = demo_rows()
    for table in (service_theme, service_audience, service_area_place, service_area_municipality):
        db.session.execute(delete(table))
    for model in (Schedule, Location, Service, Organization):
        db.session.execute(delete(model))
    org_count = max(count // 3, 1)
    db.session.execute(insert(Organization), [
        {"id": i, "name": f"Bench organisatie {i}", "slug": f"bench-{i}", "description": "", "status": "active",
         "is_trusted": True, "created_at": dt.datetime(2026, 1, 1), "updated_at": dt.datetime(2026, 1, 1)}
        for i in range(1, org_count + 1)
    ])  # fmt: skip
    services, locations, schedules, themes, audiences, areas, area_munis = [], [], [], [], [], [], []
    schedule_id = 0
    for service_id in range(1, count + 1):
        row = rng.choice(templates)
        where = rng.choice(places)
        name = f"{row['name']} {where.name_nl}" if rng.random() < 0.7 else row["name"]
        services.append({
            "id": service_id, "organization_id": rng.randint(1, org_count), "source": "bench",
            "external_id": f"bench-{service_id}", "name_nl": name, "name_fy": row["name_fy"] or None,
            "description_nl": row["description_nl"], "description_fy": row["description_fy"] or None,
            "description_en": row["description_en"] or None, "kind_id": terms[("kind", row["kind"])],
            "tier_level": int(row["tier"]), "cost_id": terms.get(("cost", row["cost"])), "status": "active",
            "assured_at": dt.date(2026, 6, 1), "created_at": dt.datetime(2026, 1, 1),
            "updated_at": dt.datetime(2026, 1, 1), "version": 1,
        })  # fmt: skip
        locations.append({
            "id": service_id, "service_id": service_id, "place_id": where.id, "address": "Dorpsstraat 1",
            "latitude": where.latitude + rng.uniform(-0.01, 0.01),
            "longitude": where.longitude + rng.uniform(-0.015, 0.015),
        })  # fmt: skip
        for entry in filter(None, (part.strip() for part in row["schedule"].split(";"))):
            day, hours = entry.split(" ")
            opens, closes = hours.split("-")
            schedule_id += 1
            schedules.append({"id": schedule_id, "location_id": service_id, "weekday": SCHEDULE_CODES[day],
                              "opens_at": dt.time.fromisoformat(opens), "closes_at": dt.time.fromisoformat(closes)})
        themes += [{"service_id": service_id, "term_id": terms[("theme", c)]} for c in row["themes"].split(";") if c]
        audiences += [{"service_id": service_id, "term_id": terms[("audience", c)]}
                      for c in row["audiences"].split(";") if c]  # fmt: skip
        if rng.random() < 0.2:
            nearby = sorted(places, key=lambda p: (p.latitude - where.latitude) ** 2
                            + (p.longitude - where.longitude) ** 2)  # fmt: skip
            areas += [{"service_id": service_id, "place_id": p.id} for p in nearby[1 : rng.randint(3, 7)]]
        elif rng.random() < 0.02:
            area_munis.append({"service_id": service_id, "municipality_id": where.municipality_id})
    for table, rows in ((Service, services), (Location, locations), (Schedule, schedules), (service_theme, themes),
                        (service_audience, audiences), (service_area_place, areas),
                        (service_area_municipality, area_munis)):  # fmt: skip
        for start in range(0, len(rows), 5000):
            db.session.execute(insert(table), rows[start : start + 5000])
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=10_000)
    args = parser.parse_args()
    app = create_app()
    with app.app_context():
        started = time.perf_counter()
        generate(args.services)
        print(f"generated {args.services} services in {time.perf_counter() - started:.1f} s")


if __name__ == "__main__":
    main()
