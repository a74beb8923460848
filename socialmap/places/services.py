"""Writes for places: loading the gazetteer from data/gazetteer (idempotent)."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from socialmap import reference
from socialmap.config import DATA_DIR
from socialmap.extensions import db
from socialmap.places.models import Municipality, Place, PlaceName, Postcode
from socialmap.text import normalize_name, slugify

GAZETTEER_DIR = DATA_DIR / "gazetteer"
# GeoNames alternate names include Cyrillic, Arabic … ; people here type Latin script.
_LATIN_NAME = re.compile(r"^[0-9a-z .'\-]+$")


@dataclass
class GazetteerSummary:
    municipalities: int
    places: int
    postcodes: int


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _place_kind(feature_code: str) -> str:
    return "kern" if feature_code == "PPL" else "hamlet"


def load_gazetteer(folder: Path = GAZETTEER_DIR) -> GazetteerSummary:
    """Create or update municipalities, places with their names, and PC4 postcodes.

    Official woonplaatsen come from places_detail.csv; the other kernen and hamlets from
    geonames_populated_places_all.csv. GeoNames ids are the stable key, so a second run
    updates rows in place instead of adding new ones.
    """
    municipalities = {m.name: m for m in db.session.scalars(select(Municipality))}
    places_by_geonameid = {p.geonameid: p for p in db.session.scalars(select(Place))}
    used_slugs = {p.slug: p.geonameid for p in places_by_geonameid.values()}

    def municipality(name: str) -> Municipality:
        if name not in municipalities:
            municipalities[name] = Municipality(name=name, slug=slugify(name))
            db.session.add(municipalities[name])
        return municipalities[name]

    def upsert_place(row: dict, kind: str, aliases: list[str]) -> Place:
        geonameid = int(row["geonameid"])
        place = places_by_geonameid.get(geonameid)
        owner = municipality(row["municipality"])
        if place is None:
            place = Place(geonameid=geonameid, slug=_free_slug(row, owner, used_slugs, geonameid))
            places_by_geonameid[geonameid] = place
            db.session.add(place)
        place.municipality = owner
        place.name_nl = row["name_nl"]
        place.name_fy = row.get("name_fy") or None
        place.official_language = _official_language(row)
        _follow_official_name(place, used_slugs, geonameid)
        place.kind = kind
        place.latitude = float(row["lat"])
        place.longitude = float(row["lon"])
        place.population = int(row["population"]) if row.get("population") else None
        _sync_names(place, aliases)
        return place

    official_keys: set[tuple[str, str]] = set()
    official_by_name: dict[tuple[str, str], Place] = {}
    for row in _read_csv(folder / "places_detail.csv"):
        aliases = row["geonames_alternatenames"].split("|") + [row["official_woonplaats"], row["geonames_name"]]
        place = upsert_place(row, "woonplaats", aliases)
        key = (row["municipality"], normalize_name(row["name_nl"]))
        official_keys.add(key)
        official_by_name[(row["municipality"], row["official_woonplaats"])] = place

    for row in _read_csv(folder / "geonames_populated_places_all.csv"):
        if row["is_official_woonplaats_match"] == "yes":
            continue
        if (row["municipality"], normalize_name(row["name"])) in official_keys:
            continue
        row = {**row, "name_nl": row["name"], "name_fy": ""}
        upsert_place(row, _place_kind(row["feature_code"]), row["alternatenames"].split("|"))

    db.session.flush()
    postcode_count = _load_postcodes(folder, official_by_name, municipalities)
    reference.changed()  # every process's cached place names follow
    return GazetteerSummary(len(municipalities), len(places_by_geonameid), postcode_count)


def _official_language(row: dict) -> str:
    """Language "fy" when the official woonplaats name is the Frisian one and not the Dutch form (Easterein)."""
    official = row.get("official_woonplaats")
    # Exact spelling: Kûbaard is official, Kubaard is not (they share one search key).
    return "fy" if official and official == row.get("name_fy") and official != row["name_nl"] else "nl"


def _free_slug(row: dict, owner: Municipality, used: dict[str, int | None], geonameid: int) -> str:
    name = row.get("official_woonplaats") or row["name_nl"]
    for candidate in (slugify(name), f"{slugify(name)}-{owner.slug}"):
        if used.get(candidate, geonameid) == geonameid:
            used[candidate] = geonameid
            return candidate
    candidate = f"{slugify(name)}-{geonameid}"
    used[candidate] = geonameid
    return candidate


def _follow_official_name(place: Place, used: dict[str, int | None], geonameid: int) -> None:
    """A place whose official name changed (Oosterend → Easterein) gets the address of its official
    name when that is free; the old address keeps working (the place view redirects it)."""
    wanted = slugify(place.official_name)
    if place.slug is None or place.slug == wanted or not place.slug.startswith(slugify(place.name_nl)):
        return
    if used.get(wanted, geonameid) == geonameid:
        used.pop(place.slug, None)
        used[wanted] = geonameid
        place.slug = wanted


def _sync_names(place: Place, aliases: list[str]) -> None:
    wanted: dict[str, tuple[str, str]] = {}
    for name, language in [(place.name_nl, "nl"), (place.name_fy, "fy")] + [(a, "alias") for a in aliases]:
        if not name:
            continue
        key = normalize_name(name)
        if key and _LATIN_NAME.match(key) and key not in wanted:
            wanted[key] = (name, language)
    existing = {n.normalized: n for n in place.names}
    for key, name in existing.items():
        if key not in wanted:
            place.names.remove(name)
    for key, (name, language) in wanted.items():
        if key in existing:
            existing[key].name, existing[key].language = name, language
        else:
            place.names.append(PlaceName(name=name, normalized=key, language=language))


def _load_postcodes(folder: Path, places: dict[tuple[str, str], Place], municipalities: dict) -> int:
    existing = {(p.pc4, p.place_id): p for p in db.session.scalars(select(Postcode))}
    count = 0
    for row in _read_csv(folder / "postcodes.csv"):
        place = places.get((row["municipality"], row["place"]))
        if place is None:
            continue
        postcode = existing.get((row["postcode"], place.id))
        if postcode is None:
            postcode = Postcode(pc4=row["postcode"], place=place)
            db.session.add(postcode)
        postcode.municipality = municipalities[row["municipality"]]
        postcode.latitude = float(row["lat"])
        postcode.longitude = float(row["lon"])
        count += 1
    return count
