"""HSDS's tabular serialisation (CSV files and a datapackage.json), written from and read into the catalogue.

Export writes the same objects as the API (mapping.py), flattened one table per HSDS object, with our
profile's columns added. Import turns a package back into rows of our own import format and hands them
to the catalogue importer, so the same validation, all-or-nothing rule and line-and-column messages
apply; a problem is reported at the line of the HSDS file it came from.
"""

from __future__ import annotations

import csv
import io
import json
import urllib.request
import zipfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import select

from socialmap.catalogue.importer import COLUMNS, ImportFailed, ImportProblem, ImportSummary, import_services
from socialmap.catalogue.models import WEEKDAY_CODES, Service
from socialmap.catalogue.queries import DISPLAY_OPTIONS
from socialmap.extensions import db
from socialmap.hsds import queries
from socialmap.hsds.drafts import import_drafts
from socialmap.hsds.mapping import (
    HSDS_VERSION,
    LANGS,
    VOCABULARIES,
    WEEKDAYS,
    prune,
    service_json,
    taxonomy_json,
    taxonomy_term_json,
    tier_term_json,
)
from socialmap.hsds.services import apply_statuses, update_organizations
from socialmap.i18n import _
from socialmap.places.models import Place

# table → columns (HSDS's own first, then the profile's)
TABLES = {
    "organizations": ("id", "name", "description", "email", "website", "phone", "municipality"),
    "services": ("id", "organization_id", "name", "description", "url", "email", "status", "assured_date",
                 "last_modified", "name_fy", "name_en", "description_fy", "description_en", "tier", "external_id",
                 "source", "alternatives_for", "application_process", "application_process_nl",
                 "application_process_fy", "application_process_en"),
    "phones": ("id", "service_id", "number", "type"),
    "locations": ("id", "location_type", "name", "latitude", "longitude", "place", "approximate"),
    "addresses": ("id", "location_id", "address_1", "city", "region", "state_province", "postal_code", "country",
                  "address_type"),
    "service_at_locations": ("id", "service_id", "location_id"),
    "schedules": ("id", "service_at_location_id", "freq", "wkst", "byday", "opens_at", "closes_at", "notes"),
    "service_areas": ("id", "service_id", "name", "description", "extent_type", "uri"),
    "taxonomies": ("id", "name", "description", "uri", "version"),
    "taxonomy_terms": ("id", "code", "name", "description", "taxonomy", "taxonomy_id", "language", "name_fy",
                       "name_en"),
    "attributes": ("id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "value"),
}  # fmt: skip


def _flatten(services: list[dict]) -> dict[str, list[dict]]:
    """Fully nested HSDS services → rows per table (organisations and used terms included)."""
    tables: dict[str, list[dict]] = defaultdict(list)
    organizations, terms = {}, {}
    for s in services:
        if "organization" in s:
            organization = s["organization"]
            phones = organization.get("phones") or [{}]
            organizations[organization["id"]] = {**organization, "phone": phones[0].get("number", "")}
        tables["services"].append({**s, "alternatives_for": ";".join(s.get("alternatives_for", []))})
        tables["phones"] += [{**p, "service_id": s["id"]} for p in s.get("phones", [])]
        tables["service_areas"] += [{**a, "service_id": s["id"]} for a in s.get("service_areas", [])]
        for attribute in s.get("attributes", []):
            tables["attributes"].append({**attribute, "link_id": s["id"]})
            if attribute.get("taxonomy_term"):
                terms[attribute["taxonomy_term"]["id"]] = attribute["taxonomy_term"]
        for sal in s.get("service_at_locations", []):
            location = sal.get("location") or {"id": sal.get("location_id", "")}
            tables["service_at_locations"].append({**sal, "service_id": s["id"], "location_id": location["id"]})
            tables["locations"].append({**location, "place": (location.get("place") or {}).get("slug", "")})
            tables["addresses"] += [{**a, "location_id": location["id"]} for a in location.get("addresses", [])]
            tables["schedules"] += [{**x, "service_at_location_id": sal["id"]} for x in sal.get("schedules", [])]
    tables["organizations"] = list(organizations.values())
    tables["taxonomy_terms"] = list(terms.values())
    return tables


def _rows_of(services: list[dict], base_url: str) -> dict[str, list[dict]]:
    tables = _flatten(services)
    tables["taxonomies"] = [taxonomy_json(v, base_url) for v in VOCABULARIES]
    terms, tiers = queries.list_all_terms()
    tables["taxonomy_terms"] = [taxonomy_term_json(t, base_url) for t in terms] + [
        tier_term_json(t, base_url) for t in tiers]
    return tables


def export_package(folder: Path, base_url: str, licence: dict) -> dict[str, int]:
    """Write every published service as an HSDS tabular package into ``folder``; rows per table."""
    folder.mkdir(parents=True, exist_ok=True)
    services = [prune(service_json(s, base_url)) for s in db.session.scalars(
        queries.published_services().options(*DISPLAY_OPTIONS).order_by(Service.id)).unique()]
    tables = _rows_of(services, base_url)
    resources = []
    for name, columns in TABLES.items():
        with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as file:
            writer = csv.DictWriter(file, fieldnames=columns, extrasaction="ignore", lineterminator="\n")
            writer.writeheader()
            writer.writerows(tables.get(name, []))
        resources.append({"name": name, "path": f"{name}.csv", "profile": "tabular-data-resource",
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
                          "schema": {"fields": [{"name": c, "type": "string"} for c in columns]}})  # fmt: skip
    package = {"profile": "tabular-data-package", "name": "sociale-kaart", "title": "Sociale Kaart",
               "version": HSDS_VERSION, "licenses": [{"name": licence["id"], "path": licence["url"],
                                                      "title": licence["name"]}],
               "resources": resources}  # fmt: skip
    (folder / "datapackage.json").write_text(json.dumps(package, indent=2, ensure_ascii=False), encoding="utf-8")
    return {name: len(tables.get(name, [])) for name in TABLES}


# -- import ---------------------------------------------------------------------------------------
# Our import column → where its value was in the package, for messages.
PACKAGE_COLUMNS = {
    "organization": "organization_id (organizations.csv name)", "description_nl": "description",
    "kind": "attributes.csv kind", "tier": "tier", "themes": "attributes.csv theme",
    "audiences": "attributes.csv audience", "cost": "attributes.csv cost",
    "municipality": "addresses.csv region", "place": "locations.csv place", "address": "addresses.csv address_1",
    "postcode": "addresses.csv postal_code", "service_area": "service_areas.csv",
    "latitude": "locations.csv latitude", "longitude": "locations.csv longitude", "schedule": "schedules.csv",
    "phone": "phones.csv number", "website": "url",
}  # fmt: skip
@dataclass
class Line:
    """Where a value came from: the HSDS file and its line, for messages."""

    table: str
    line: int


# Names the specification's own example package uses for our tables.
TABLE_ALIASES = {"service_at_location": "service_at_locations"}


def read_package(source: Path) -> dict[str, list[tuple[int, dict]]]:
    """(line, row) per table of a package folder or .zip: every CSV in it (nothing is left behind),
    our tables always present, empty when the package lacks them."""
    texts: dict[str, str] = {}
    if source.is_dir():
        for path in sorted(source.glob("*.csv")):
            texts[TABLE_ALIASES.get(path.stem, path.stem)] = path.read_text(encoding="utf-8-sig")
    else:
        with zipfile.ZipFile(source) as archive:
            for member in sorted(archive.namelist()):
                if member.endswith(".csv"):
                    stem = Path(member).stem
                    texts[TABLE_ALIASES.get(stem, stem)] = archive.read(member).decode("utf-8-sig")
    tables = {}
    for name in sorted(set(TABLES) | set(texts)):
        reader = csv.DictReader(io.StringIO(texts.get(name, "")))
        tables[name] = []
        for row in reader:
            tables[name].append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))
    return tables


def _schedule_text(schedules: list[dict]) -> str:
    entries = []
    for row in schedules:
        if row.get("byday", "").upper() in WEEKDAYS and row.get("opens_at") and row.get("closes_at"):
            day = WEEKDAY_CODES[WEEKDAYS.index(row["byday"].upper())]
            entries.append(f"{day} {row['opens_at'][:5]}-{row['closes_at'][:5]}")
    return "; ".join(entries)


def package_rows(tables: dict[str, list[tuple[int, dict]]]) -> dict[str, list[tuple[dict, Line]]]:
    """Rows of our import format per source, each with the services.csv line it came from."""
    by = defaultdict(lambda: defaultdict(list))
    for table, key in (("phones", "service_id"), ("service_areas", "service_id"), ("attributes", "link_id"),
                       ("service_at_locations", "service_id"), ("addresses", "location_id"),
                       ("schedules", "service_at_location_id")):  # fmt: skip
        for _line, row in tables[table]:
            by[table][row.get(key, "")].append(row)
    organizations = {row["id"]: row for _line, row in tables["organizations"]}
    locations = {row["id"]: row for _line, row in tables["locations"]}
    terms = {row["id"]: row for _line, row in tables["taxonomy_terms"]}
    place_names = dict(db.session.execute(select(Place.slug, Place.name_nl)).all())
    municipality_of = {p.slug: p.municipality.name for p in db.session.scalars(select(Place))}

    out: dict[str, list[tuple[dict, Line]]] = defaultdict(list)
    for line, service in tables["services"]:
        codes = defaultdict(list)
        for attribute in by["attributes"][service["id"]]:
            term = terms.get(attribute.get("taxonomy_term_id", ""), {})
            codes[attribute.get("link_type", "")].append(term.get("code") or attribute.get("value", ""))
        sals = by["service_at_locations"][service["id"]]
        location = locations.get(sals[0]["location_id"], {}) if sals else {}
        address = (by["addresses"][location.get("id", "")] or [{}])[0]
        slug = location.get("place", "")
        areas = []
        for area in by["service_areas"][service["id"]]:
            if area.get("extent_type") == "municipality":
                areas.append("*")
            else:
                areas.append(place_names.get(area.get("uri", ""), area.get("name", "")))
        row = {
            "external_id": service.get("external_id") or service["id"],
            "organization": organizations.get(service.get("organization_id", ""), {}).get("name", ""),
            "name": service.get("name", ""), "name_fy": service.get("name_fy", ""),
            "name_en": service.get("name_en", ""),
            "description_nl": service.get("description", ""), "description_fy": service.get("description_fy", ""),
            "description_en": service.get("description_en", ""),
            "kind": ";".join(codes["kind"]), "tier": service.get("tier") or ";".join(codes["tier"]),
            "themes": ";".join(codes["theme"]), "audiences": ";".join(codes["audience"]),
            "cost": ";".join(codes["cost"]),
            "alternatives_for": service.get("alternatives_for") or ";".join(codes["alternative_for"]),
            "languages": ";".join(codes["language"]), "accessibility": ";".join(codes["accessibility"]),
            "application_process": ";".join(codes["application_process"]),
            **{f"application_process_{lang}": service.get(f"application_process_{lang}", "") for lang in LANGS},
            "municipality": municipality_of.get(slug) or address.get("region", ""),
            "place": place_names.get(slug) or address.get("city", ""),
            "address": address.get("address_1", ""), "postcode": address.get("postal_code", ""),
            "service_area": ";".join(areas),
            # an approximate point (the village's) is worked out again here, not taken as the address's
            **({"latitude": "", "longitude": ""} if str(location.get("approximate", "")).lower() == "true" else
               {"latitude": location.get("latitude", ""), "longitude": location.get("longitude", "")}),
            "schedule": _schedule_text(by["schedules"][sals[0]["id"]] if sals else []),
            "phone": (by["phones"][service["id"]] or [{}])[0].get("number", ""),
            "email": service.get("email", ""), "website": service.get("url", ""),
        }  # fmt: skip
        row["_status"] = service.get("status", "")
        out[service.get("source") or "hsds"].append((row, Line("services.csv", line)))
    return out


def import_package(source: Path, progress=None) -> ImportSummary:
    """Import an HSDS package (folder or .zip) through the catalogue importer, per source; flushes,
    never commits. Raises ImportFailed with the HSDS file's lines when anything is wrong."""
    return import_tables(read_package(source), progress)


def fetch_api_services(url: str, opener=None, per_page: int = 100, max_pages: int = 10_000) -> list[dict]:
    """Every fully nested service of an HSDS API (its root or /services), walking its pages."""
    opener = opener or (lambda address: urllib.request.urlopen(address, timeout=30))  # noqa: S310 — http(s) only
    if urlsplit(url).scheme not in ("http", "https"):
        raise ValueError(_("Only http and https addresses can be read."))
    base = url.rstrip("/").removesuffix("/services")
    services: list[dict] = []
    for page in range(1, max_pages + 1):
        with opener(f"{base}/services?full=true&per_page={per_page}&page={page}") as response:
            body = json.loads(response.read().decode("utf-8"))
        contents = body.get("contents") or []
        services += contents
        if body.get("last_page", True) or not contents:
            break
    return services


def import_api(url: str, progress=None, opener=None) -> ImportSummary:
    """Import every service of an HSDS API; problems are named by the service's position (line 2 is the
    first, as in a file with a header)."""
    flat = _flatten(fetch_api_services(url, opener))
    tables = {name: [(i, row) for i, row in enumerate(flat.get(name, []), start=2)] for name in TABLES}
    return import_tables(tables, progress)


def has_profile(tables: dict[str, list[tuple[int, dict]]]) -> bool:
    """A package with our profile classifies its services (a tier, our kind taxonomy)."""
    return any(row.get("tier") for _line, row in tables["services"]) or any(
        row.get("taxonomy", "").startswith("socialmap-") for _line, row in tables["taxonomy_terms"])


def import_tables(tables: dict[str, list[tuple[int, dict]]], progress=None) -> ImportSummary:
    if tables["services"] and not has_profile(tables):
        return import_drafts(tables)
    if not tables["services"]:
        raise ImportFailed([ImportProblem(1, None, _("the package has no services.csv or it is empty"))])
    total = ImportSummary()
    problems: list[ImportProblem] = []
    for origin, rows in package_rows(tables).items():
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n", extrasaction="ignore")
        writer.writeheader()
        writer.writerows(row for row, _where in rows)
        try:
            summary = import_services(io.StringIO(buffer.getvalue()), source=origin, progress=progress)
        except ImportFailed as failure:
            # The importer counts lines of the converted file (a description may span lines).
            reader = csv.DictReader(io.StringIO(buffer.getvalue()))
            index = {}
            for i, _row in enumerate(reader):
                index[reader.line_num] = i
            for problem in failure.problems:
                where = rows[index[problem.line]][1] if problem.line in index else Line("services.csv", 1)
                column = PACKAGE_COLUMNS.get(problem.column or "", problem.column)
                problems.append(ImportProblem(where.line, column, problem.message))
            continue
        apply_statuses(origin, {row["external_id"]: status for row, _where in rows
                                if (status := row.pop("_status", ""))})  # fmt: skip
        total.created += summary.created
        total.updated += summary.updated
        total.unchanged += summary.unchanged
    if problems:
        raise ImportFailed(problems)
    # The importer makes an organisation from its first service's row; the package says it itself.
    update_organizations([row for _line, row in tables["organizations"]])
    return total
