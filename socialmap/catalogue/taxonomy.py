"""Loading the taxonomies (data/taxonomy/*.csv) into the database, idempotently."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from socialmap import reference
from socialmap.catalogue.models import TaxonomyTerm, Tier, TierLabel
from socialmap.config import DATA_DIR
from socialmap.extensions import db
from socialmap.places.models import Municipality

TAXONOMY_DIR = DATA_DIR / "taxonomy"
# vocabulary → file; the codes are fixed by the import format, labels are ours.
VOCABULARY_FILES = {
    "theme": "themes.csv",
    "audience": "audiences.csv",
    "kind": "kinds.csv",
    "cost": "costs.csv",
    "product": "products.csv",
    "reason": "reasons.csv",
    "outcome": "outcomes.csv",
}
LANGS = ("nl", "fy", "en")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_taxonomies(folder: Path = TAXONOMY_DIR) -> int:
    """Create or update every vocabulary term, tier and municipal tier label; returns the term count."""
    terms = {(t.vocabulary, t.code): t for t in db.session.scalars(select(TaxonomyTerm))}
    count = 0
    for vocabulary, filename in VOCABULARY_FILES.items():
        for position, row in enumerate(_rows(folder / filename)):
            term = terms.get((vocabulary, row["code"]))
            if term is None:
                term = TaxonomyTerm(vocabulary=vocabulary, code=row["code"])
                db.session.add(term)
            term.position = position
            for lang in LANGS:
                setattr(term, f"label_{lang}", row[f"label_{lang}"])
            count += 1

    tiers = {t.level: t for t in db.session.scalars(select(Tier))}
    for row in _rows(folder / "tiers.csv"):
        level = int(row["level"])
        tier = tiers.get(level) or Tier(level=level)
        db.session.add(tier)
        for field in ("label", "description"):
            for lang in LANGS:
                setattr(tier, f"{field}_{lang}", row[f"{field}_{lang}"])
    db.session.flush()

    municipalities = {m.name: m for m in db.session.scalars(select(Municipality))}
    labels = {(t.municipality_id, t.level): t for t in db.session.scalars(select(TierLabel))}
    for row in _rows(folder / "tier_labels.csv"):
        owner = municipalities.get(row["municipality"])
        if owner is None:  # the gazetteer decides which municipalities exist
            continue
        label = labels.get((owner.id, int(row["level"])))
        if label is None:
            label = TierLabel(municipality_id=owner.id, level=int(row["level"]))
            db.session.add(label)
        for lang in LANGS:
            setattr(label, f"label_{lang}", row[f"label_{lang}"])
    db.session.flush()
    reference.changed()  # every process's cached terms and labels follow
    return count
