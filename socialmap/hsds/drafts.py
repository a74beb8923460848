"""A plain HSDS package (no Dutch profile): each service becomes a draft for a municipal editor.

Every row that belongs to a service is kept with it (its organisation, locations, addresses,
schedules, phones, areas, attributes with their terms — taxonomies we do not know included), and
values that cannot be right here are named by file, line and column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from socialmap.catalogue.importer import NL_BOUNDS, ImportSummary
from socialmap.hsds.services import save_draft
from socialmap.i18n import _
from socialmap.places.queries import PlaceAmbiguous, PlaceNotFound, resolve_place_name

_POSTCODE = re.compile(r"^\d{4}\s?[A-Za-z]{2}$")
# Tables that describe the package or vocabularies rather than a service.
REFERENCE_TABLES = {"taxonomies", "taxonomy_terms", "meta_table_descriptions", "metadata"}


@dataclass
class DraftSummary(ImportSummary):
    drafts: int = 0
    problems: list[str] = field(default_factory=list)


def _where(table: str, line: int, column: str, message: str) -> str:
    return _("%(file)s line %(line)s, column %(column)s: %(message)s", file=f"{table}.csv", line=line, column=column,
             message=message)  # fmt: skip


def _location_problems(line: int, row: dict) -> list[str]:
    south, north, west, east = NL_BOUNDS
    found = []
    for column, low, high in (("latitude", south, north), ("longitude", west, east)):
        text = row.get(column, "")
        try:
            value = float(text)
        except ValueError:
            value = None
        if text and (value is None or not low <= value <= high):
            found.append(_where("locations", line, column,
                                _("“%(value)s” is not a position in the Netherlands (placeholder?)", value=text)))
    return found


def _address_problems(line: int, row: dict) -> list[str]:
    found = []
    if row.get("postal_code") and not _POSTCODE.match(row["postal_code"]):
        found.append(_where("addresses", line, "postal_code",
                            _("“%(value)s” is not a Dutch postcode like 8651 AB", value=row["postal_code"])))
    if row.get("country") and row["country"].upper() not in ("NL", "NLD"):
        found.append(_where("addresses", line, "country",
                            _("“%(value)s” is not the Netherlands", value=row["country"])))
    return found


def _rows_for(tables, key: str, values: set[str]) -> dict[str, list[dict]]:
    """Every row of every table whose ``key`` column is one of ``values``, with its line."""
    return {name: [{"_line": line, **row} for line, row in rows if row.get(key) in values]
            for name, rows in tables.items() if any(row.get(key) in values for _l, row in rows)}  # fmt: skip


def import_drafts(tables: dict[str, list[tuple[int, dict]]], source: str = "hsds") -> DraftSummary:
    """Keep each service of a plain package as a draft; flushes, never commits."""
    summary = DraftSummary()
    terms = {row["id"]: {"_line": line, **row} for line, row in tables.get("taxonomy_terms", [])}
    drafts = []
    for line, service in tables["services"]:
        data: dict[str, list[dict]] = {"services": [{"_line": line, **service}]}
        ids = {service["id"]}
        for name, rows in _rows_for(tables, "service_id", ids).items():
            data.setdefault(name, []).extend(rows)
        data.update({k: v for k, v in _rows_for(tables, "link_id", ids).items() if k == "attributes"})
        location_ids = {r["location_id"] for r in data.get("service_at_locations", []) if r.get("location_id")}
        sal_ids = {r["id"] for r in data.get("service_at_locations", [])}
        data["locations"] = [{"_line": n, **r} for n, r in tables.get("locations", []) if r.get("id") in location_ids]
        for key, values in (("location_id", location_ids), ("service_at_location_id", sal_ids)):
            for name, rows in _rows_for(tables, key, values).items():
                known = {id(r) for r in data.get(name, [])}
                seen = {r.get("id") for r in data.get(name, [])}
                data.setdefault(name, []).extend(r for r in rows if r.get("id") not in seen and id(r) not in known)
        if service.get("organization_id"):
            data["organizations"] = [{"_line": n, **r} for n, r in tables.get("organizations", [])
                                     if r.get("id") == service["organization_id"]]  # fmt: skip
            # what belongs to the organisation (funding, programs, identifiers …), not to other services
            for name, rows in _rows_for(tables, "organization_id", {service["organization_id"]}).items():
                seen = {r.get("id") for r in data.get(name, [])}
                if name != "services":
                    data.setdefault(name, []).extend(r for r in rows if r.get("id") not in seen)
        data["taxonomy_terms"] = [terms[a["taxonomy_term_id"]] for a in data.get("attributes", [])
                                  if a.get("taxonomy_term_id") in terms]  # fmt: skip
        problems: list[str] = []
        for row in data["locations"]:
            problems += _location_problems(row["_line"], row)
        municipality_id = None
        for row in data.get("addresses", []):
            problems += _address_problems(row["_line"], row)
            try:
                municipality_id = municipality_id or resolve_place_name(row.get("city", "")).municipality_id
            except (PlaceNotFound, PlaceAmbiguous):
                problems.append(_where("addresses", row["_line"], "city",
                                       _("“%(value)s” is not a place we know", value=row.get("city", ""))))
        drafts.append((service, municipality_id, data, problems))
    # Rows linked to no service (an attribute of something the package does not contain) are kept
    # with every draft and named, so an editor can decide; nothing is dropped quietly.
    kept = {(name, row["_line"]) for _s, _m, data, _p in drafts for name, rows in data.items() for row in rows}
    unattached = {name: [{"_line": line, **row} for line, row in rows if (name, line) not in kept]
                  for name, rows in tables.items() if name not in REFERENCE_TABLES}  # fmt: skip
    unattached = {name: rows for name, rows in unattached.items() if rows}
    used_terms = [terms[a["taxonomy_term_id"]] for a in unattached.get("attributes", [])
                  if a.get("taxonomy_term_id") in terms]  # fmt: skip
    if used_terms:
        unattached["taxonomy_terms"] = used_terms
    notes = [_("%(file)s line %(line)s: linked to no service in the package; kept with the drafts",
               file=f"{name}.csv", line=row["_line"]) for name, rows in unattached.items() for row in rows]  # fmt: skip
    for service, municipality_id, data, problems in drafts:
        if unattached:
            data["unattached"] = unattached
        save_draft(source, service["id"], service.get("name", ""), municipality_id, data, problems + notes)
        summary.drafts += 1
        summary.problems += problems
    summary.problems += notes
    return summary
