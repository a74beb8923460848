"""Loading the taxonomies (data/taxonomy/*.csv) into the database, idempotently."""

from __future__ import annotations

import csv
from pathlib import Path

from sqlalchemy import select

from socialmap import reference
from socialmap.catalogue import fields
from socialmap.catalogue.models import TaxonomyTerm, Tier, TierLabel
from socialmap.config import DATA_DIR
from socialmap.extensions import db
from socialmap.places.models import Municipality

TAXONOMY_DIR = DATA_DIR / "taxonomy"
# The vocabularies: those of the service fields (catalogue/fields.py) and the referral forms' own.
# The codes are fixed by the import format, labels are ours.
OTHER_VOCABULARIES = ("reason", "outcome")
LANGS = ("nl", "fy", "en")


def vocabularies() -> tuple[str, ...]:
    return tuple(dict.fromkeys((*fields.VOCABULARIES, *OTHER_VOCABULARIES)))


def vocabulary_file(vocabulary: str, folder: Path = TAXONOMY_DIR) -> Path:
    """By convention `<vocabulary>s.csv` (themes.csv) or `<vocabulary>.csv` (accessibility.csv),
    with the columns code, label_nl, label_fy, label_en."""
    for name in (f"{vocabulary}s.csv", f"{vocabulary}.csv"):
        if (folder / name).exists():
            return folder / name
    raise FileNotFoundError(f"no {vocabulary}s.csv or {vocabulary}.csv in {folder} for the vocabulary {vocabulary}")


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load_taxonomies(folder: Path = TAXONOMY_DIR) -> int:
    """Create or update every vocabulary term, tier and municipal tier label; returns the term count."""
    terms = {(t.vocabulary, t.code): t for t in db.session.scalars(select(TaxonomyTerm))}
    count = 0
    for vocabulary in vocabularies():
        for position, row in enumerate(_rows(vocabulary_file(vocabulary, folder))):
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
