"""CSV import of services: validate every row first, then write all or nothing.

Format (UTF-8, header row, one row per service, ';' separates list values) — see README.
"""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from socialmap.catalogue import fields
from socialmap.catalogue.models import (
    FRISIAN_WEEKDAY_CODES,
    WEEKDAY_CODES,
    Location,
    Organization,
    Schedule,
    Service,
    TaxonomyTerm,
    Tier,
    utcnow,
)
from socialmap.extensions import db
from socialmap.i18n import _, current_language
from socialmap.places import geocoding
from socialmap.places.models import Municipality, Place, PlaceName, Postcode
from socialmap.places.queries import SUGGESTION_CUTOFF
from socialmap.text import normalize_name, slugify

# The columns, which are required and how long each may be: declared per field in fields.py.
COLUMNS = fields.IMPORT_COLUMNS
REQUIRED = fields.REQUIRED_COLUMNS
MAX_LENGTH = fields.MAX_LENGTH
FRONT_LINE_TIERS = (1, 2, 3, 4)
WEEKDAY_NUMBERS = {code: number for number, code in enumerate(WEEKDAY_CODES)}
FRISIAN_WEEKDAY_NUMBERS = {code: number for number, code in enumerate(FRISIAN_WEEKDAY_CODES)}
# Frisian codes no Dutch writer uses for another day: read in any input. Only "so" needs care.
_FRISIAN_ONLY = set(FRISIAN_WEEKDAY_CODES) - set(WEEKDAY_CODES) - {"so"}
# The catalogue covers Dutch municipalities: coordinates outside the Netherlands are a mistake.
NL_BOUNDS = (50.7, 53.7, 3.2, 7.3)

_POSTCODE = re.compile(r"^(\d{4})\s?([A-Za-z]{2})?$")
_SCHEDULE_ENTRY = re.compile(r"^([a-z]{2})\s+(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


@dataclass
class ImportProblem:
    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("line %(line)s, column %(column)s: %(message)s",
                     line=self.line, column=self.column, message=self.message)  # fmt: skip
        return _("line %(line)s: %(message)s", line=self.line, message=self.message)


class ImportFailed(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__(str(len(problems)) + " problem(s)")
        self.problems = problems


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class LocationRecord:
    address: str | None
    postcode: str | None
    place_id: int
    latitude: float
    longitude: float
    schedules: tuple[tuple[int, dt.time, dt.time], ...]
    approximate: bool = False  # the village's point, not the address's


@dataclass
class ServiceRecord:
    """One valid row, resolved to database ids, ready to compare and write."""

    line: int
    external_id: str
    organization: str
    municipality_id: int
    fields: dict
    term_ids: dict[str, tuple[int, ...]]
    area_place_ids: tuple[int, ...]
    area_municipality_ids: tuple[int, ...]
    location: LocationRecord
    contact: dict = field(default_factory=dict)


class Lookups:
    """Everything the validation needs, read once per import."""

    def __init__(self) -> None:
        self.terms: dict[str, dict[str, int]] = {}
        for term in db.session.scalars(select(TaxonomyTerm)):
            self.terms.setdefault(term.vocabulary, {})[term.code] = term.id
        self.tiers = set(db.session.scalars(select(Tier.level)))
        municipalities = list(db.session.scalars(select(Municipality)))
        self.municipalities = {normalize_name(m.name): m.id for m in municipalities}
        self.municipality_names = {m.id: m.name for m in municipalities}
        self.place_names: dict[str, list[tuple[int, int, str]]] = {}
        self.spellings: dict[str, str] = {}  # normalised → as written, for suggestions
        rows = db.session.execute(
            select(PlaceName.normalized, PlaceName.name, Place.id, Place.municipality_id, Place.kind).join(Place)
        )
        for normalized, name, place_id, municipality_id, kind in rows:
            self.place_names.setdefault(normalized, []).append((place_id, municipality_id, kind))
            self.spellings.setdefault(normalized, name)
        self.places = {
            p.id: (p.latitude, p.longitude) for p in db.session.scalars(select(Place))
        }
        # (PC4, place) → its point: a PC4 area can span several villages, and only the row's own
        # village's part may place it (never another village's)
        self.postcodes: dict[tuple[str, int], tuple[float, float]] = {}
        for postcode in db.session.scalars(select(Postcode).order_by(Postcode.id)):
            self.postcodes.setdefault((postcode.pc4, postcode.place_id), (postcode.latitude, postcode.longitude))
        self.geocoded: dict[tuple, tuple[float, float] | None] = {}  # one question per address and import

    def locate(self, address: str, postcode: str | None, place_name: str, place_id: int) -> tuple[float, float]:
        """(latitude, longitude, approximate) of an address without coordinates: geocoded when a
        geocoder is configured and finds it in the village; else the village's part of its postcode
        area, else the village's point — both approximate."""
        key = (address, postcode, place_id)
        if key not in self.geocoded:
            found = geocoding.geocode(address, postcode, place_name, self.places[place_id])
            self.geocoded[key] = (found.latitude, found.longitude) if found else None
        if self.geocoded[key]:
            return (*self.geocoded[key], False)
        pc4 = postcode[:4] if postcode else None
        return (*(self.postcodes.get((pc4, place_id)) or self.places[place_id]), True)

    def place(self, name: str, municipality_id: int, *, within: bool = False) -> tuple[int | None, str | None]:
        """Resolve a Dutch or Frisian place name; prefer the row's municipality and official places.
        `within`: the place must lie in that municipality (a location; a service area may reach over
        the border)."""
        candidates = self.place_names.get(normalize_name(name), [])
        local = [c for c in candidates if c[1] == municipality_id]
        if candidates and not local and within:
            others = ", ".join(sorted({self.municipality_names[c[1]] for c in candidates}))
            return None, _("“%(place)s” is in %(other)s, not in %(municipality)s", place=name, other=others,
                           municipality=self.municipality_names[municipality_id])  # fmt: skip
        local = local or candidates
        if not local:
            suggestion = nearest_spelling(normalize_name(name), self.spellings)
            if suggestion:
                return None, _("unknown place “%(name)s”; did you mean “%(suggestion)s”?", name=name,
                               suggestion=suggestion)  # fmt: skip
            return None, _("unknown place “%(name)s”", name=name)
        official = [c for c in local if c[2] == "woonplaats"] or local
        if len({c[0] for c in official}) > 1:
            return None, _("place name “%(name)s” is ambiguous", name=name)
        return official[0][0], None


def nearest_spelling(key: str, spellings: dict[str, str]) -> str | None:
    """The known spelling closest to `key` (normalised → as written), if any is close: "Drylst" → Drylts."""
    close = difflib.get_close_matches(key, list(spellings), n=1, cutoff=SUGGESTION_CUTOFF)
    return spellings[close[0]] if close else None


def read_rows(source: Path | str | io.TextIOBase) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and (line number, row) pairs; a BOM from spreadsheet programs is ignored."""
    if isinstance(source, (str, Path)):
        text = Path(source).read_text(encoding="utf-8-sig")
    else:
        text = source.read()
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in (reader.fieldnames or [])]
    reader.fieldnames = header
    rows = [(reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}) for row in reader]
    return header, rows


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(";") if part.strip()]


def parse_schedule(value: str, language: str = "nl") -> tuple[list[tuple[int, dt.time, dt.time]], str | None]:
    """'ma 09:00-12:00; wo 13:30-16:00' → [(0, 09:00, 12:00), (2, 13:30, 16:00)].

    Dutch codes (ma di wo do vr za zo) always; the Frisian ones (mo ti wo to fr so si) too, since no
    Dutch code means another day. Only Frisian "so" (sneon, Saturday) looks like Dutch "zo" (Sunday):
    it is read as Saturday when the input is Frisian — written on a Frisian page (``language``) or
    using another Frisian-only code — and otherwise refused with a question, never guessed.
    """
    parts = _split(value)
    codes = {part.lower()[:2] for part in parts}
    frisian = language == "fy" or bool(codes & _FRISIAN_ONLY)
    entries = []
    for part in parts:
        match = _SCHEDULE_ENTRY.match(part.lower())
        day = match.group(1) if match else ""
        if day == "so" and not frisian:
            return [], _("“%(part)s”: write za for Saturday or zo for Sunday", part=part)
        if not match or (day not in WEEKDAY_NUMBERS and day not in FRISIAN_WEEKDAY_NUMBERS):
            return [], _("“%(part)s” is not like “ma 09:00-12:00”", part=part)
        day, h1, m1, h2, m2 = match.groups()
        try:
            opens, closes = dt.time(int(h1), int(m1)), dt.time(int(h2), int(m2))
        except ValueError:
            return [], _("“%(part)s” has a time that does not exist", part=part)
        if opens >= closes:
            return [], _("in “%(part)s” the closing time is not after the opening time", part=part)
        entries.append((WEEKDAY_NUMBERS.get(day, FRISIAN_WEEKDAY_NUMBERS.get(day)), opens, closes))
    return sorted(entries), None


def validate_rows(
    header: list[str], rows: Iterable[tuple[int, dict[str, str]]], lookups: Lookups
) -> tuple[list[ServiceRecord], list[ImportProblem]]:
    problems: list[ImportProblem] = []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        return [], [ImportProblem(1, c, _("required column is missing")) for c in missing]
    unknown = [c for c in header if c not in COLUMNS]
    problems += [ImportProblem(1, c, _("unknown column")) for c in unknown]

    records: list[ServiceRecord] = []
    seen_ids: dict[str, int] = {}
    for line, row in rows:
        record, row_problems = validate_row(line, row, lookups)
        external_id = row.get("external_id", "")
        if external_id and external_id in seen_ids:
            row_problems.append(ImportProblem(line, "external_id", _(
                "external_id “%(id)s” already used on line %(other)s",
                id=external_id, other=seen_ids[external_id])))  # fmt: skip
        seen_ids.setdefault(external_id, line)
        problems += row_problems
        if record and not row_problems:
            records.append(record)
    if not records and not problems:
        problems.append(ImportProblem(1, None, _("the file has no services")))
    return records, problems


def validate_row(line: int, row: dict[str, str], lookups: Lookups):  # noqa: C901 — one check per column
    """(ServiceRecord or None, problems) for one row in the import format: the rules every way in
    (file, form, API) holds a service to."""
    problems: list[ImportProblem] = []

    def problem(column: str, message: str) -> None:
        problems.append(ImportProblem(line, column, message))

    for column in REQUIRED:
        if not row.get(column):
            problem(column, _("required value is empty"))
    for column, limit in MAX_LENGTH.items():
        if len(row.get(column, "")) > limit:
            problem(column, _("longer than %(n)s characters", n=limit))

    def codes(column: str, vocabulary: str) -> tuple[int, ...]:
        known = lookups.terms.get(vocabulary, {})
        ids = []
        for code in _split(row.get(column, "")):
            suggestion = nearest_spelling(code, {c: c for c in known}) if code not in known else None
            if suggestion:
                problem(column, _("unknown code “%(code)s”; did you mean “%(suggestion)s”? Use one of: %(codes)s",
                                  code=code, suggestion=suggestion, codes=", ".join(known)))  # fmt: skip
            elif code not in known:
                problem(column, _("unknown code “%(code)s”; use one of: %(codes)s",
                                  code=code, codes=", ".join(known)))  # fmt: skip
            else:
                ids.append(known[code])
        return tuple(sorted(set(ids)))

    code_ids = {f.name: codes(f.name, f.vocabulary) for f in fields.CODE_FIELDS}
    for f in fields.CODE_FIELDS:
        if len(code_ids[f.name]) > 1:
            problem(f.name, str(f.one))
    term_ids = {f.name: codes(f.name, f.vocabulary) for f in fields.LIST_FIELDS}

    tier = None
    if row.get("tier"):
        try:
            tier = int(row["tier"])
        except ValueError:
            tier = None
        if tier not in FRONT_LINE_TIERS or tier not in lookups.tiers:
            problem("tier", _("tier must be 1, 2, 3 or 4, not “%(value)s”", value=row["tier"]))

    municipality_id = lookups.municipalities.get(normalize_name(row.get("municipality", "")))
    if row.get("municipality") and municipality_id is None:
        spellings = {normalize_name(name): name for name in lookups.municipality_names.values()}
        suggestion = nearest_spelling(normalize_name(row["municipality"]), spellings)
        if suggestion:
            problem("municipality", _("unknown municipality “%(name)s”; did you mean “%(suggestion)s”?",
                                      name=row["municipality"], suggestion=suggestion))  # fmt: skip
        else:
            problem("municipality", _("unknown municipality “%(name)s”", name=row["municipality"]))

    place_id = None
    if row.get("place") and municipality_id:
        place_id, message = lookups.place(row["place"], municipality_id, within=True)
        if message:
            problem("place", message)

    area_places: list[int] = []
    area_municipalities: list[int] = []
    for name in _split(row.get("service_area", "")):
        if name == "*":
            if municipality_id:
                area_municipalities.append(municipality_id)
            continue
        if municipality_id:
            area_id, message = lookups.place(name, municipality_id)
            if message:
                problem("service_area", message)
            else:
                area_places.append(area_id)

    postcode = None
    if row.get("postcode"):
        match = _POSTCODE.match(row["postcode"])
        if not match:
            problem("postcode", _("“%(value)s” is not a Dutch postcode like 8651 AB",
                                  value=row["postcode"]))  # fmt: skip
        else:
            postcode = match.group(1) + (f" {match.group(2).upper()}" if match.group(2) else "")

    coordinates = None
    lat_text, lon_text = row.get("latitude", ""), row.get("longitude", "")
    if lat_text or lon_text:
        try:
            lat, lon = float(lat_text), float(lon_text)
        except ValueError:
            problem("latitude" if not _is_float(lat_text) else "longitude",
                    _("coordinates must be two decimal numbers, like 53.01 and 5.62"))  # fmt: skip
        else:
            south, north, west, east = NL_BOUNDS
            if not (south <= lat <= north and west <= lon <= east):
                problem("latitude", _("coordinates %(lat)s, %(lon)s are not in the Netherlands",
                                      lat=lat, lon=lon))  # fmt: skip
            else:
                coordinates = (lat, lon)

    for f in fields.FIELDS:  # the checks each field declares (e-mail, web address, phone …)
        if f.check and row.get(f.name) and (message := f.check(row[f.name])):
            problem(f.name, message)
    # what an editor types on a Frisian page (or imports with the Frisian interface) may be Frisian
    schedules, message = parse_schedule(row.get("schedule", ""), current_language())
    if message:
        problem("schedule", message)

    if problems or place_id is None or municipality_id is None or tier is None:
        return None, problems

    approximate = False
    if coordinates is None:
        *coordinates, approximate = lookups.locate(row.get("address", ""), postcode, row["place"], place_id)

    values = {f.attribute: row.get(f.name) or None for f in fields.STORED_TEXT}
    values.update({f"{f.name}_id": ids[0] if ids else None for f in fields.CODE_FIELDS for ids in [code_ids[f.name]]})
    values["tier_level"] = tier
    location = LocationRecord(
        address=row.get("address") or None,
        postcode=postcode,
        place_id=place_id,
        latitude=round(coordinates[0], 6),
        longitude=round(coordinates[1], 6),
        schedules=tuple(schedules),
        approximate=approximate,
    )
    return ServiceRecord(
        line=line,
        external_id=row["external_id"],
        organization=row["organization"],
        municipality_id=municipality_id,
        fields=values,
        term_ids=term_ids,
        area_place_ids=tuple(sorted(set(area_places))),
        area_municipality_ids=tuple(sorted(set(area_municipalities))),
        location=location,
        contact={"phone": values["phone"], "email": values["email"], "website": values["website"]},
    ), problems


def _is_float(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _snapshot(service: Service) -> tuple:
    """What an import row decides about a service, to tell 'unchanged' from 'updated'."""
    values = {name: getattr(service, name) for name in (
        *(f.attribute for f in fields.STORED_TEXT), *(f"{f.name}_id" for f in fields.CODE_FIELDS),
        "tier_level")}  # fmt: skip
    terms = {f.name: tuple(sorted(t.id for t in getattr(service, f.name))) for f in fields.LIST_FIELDS}
    locations = [
        LocationRecord(
            loc.address, loc.postcode, loc.place_id, loc.latitude, loc.longitude,
            tuple((s.weekday, s.opens_at, s.closes_at) for s in loc.schedules), bool(loc.approximate),
        )
        for loc in service.locations
    ]  # fmt: skip
    return (
        service.organization.name,
        values,
        terms,
        tuple(sorted(p.id for p in service.area_places)),
        tuple(sorted(m.id for m in service.area_municipalities)),
        locations,
    )


def _wanted(record: ServiceRecord) -> tuple:
    return (
        record.organization,
        record.fields,
        record.term_ids,
        record.area_place_ids,
        record.area_municipality_ids,
        [record.location],
    )


def import_services(
    source_file: Path | str | io.TextIOBase,
    source: str = "import",
    progress: Callable[[int, int], None] | None = None,
) -> ImportSummary:
    """Validate the whole file, then create or update its services; flushes, never commits.

    Raises ImportFailed (and writes nothing) when any row is invalid. Services are matched on
    (source, external_id), so importing the same file twice changes nothing.
    """
    header, rows = read_rows(source_file)
    lookups = Lookups()
    records, problems = validate_rows(header, rows, lookups)
    if problems:
        raise ImportFailed(problems)

    existing = {
        s.external_id: s
        for s in db.session.scalars(
            select(Service)
            .where(Service.source == source)
            .options(
                selectinload(Service.organization),
                *(selectinload(getattr(Service, f.name)) for f in fields.LIST_FIELDS),
                selectinload(Service.area_places),
                selectinload(Service.area_municipalities),
                selectinload(Service.locations).selectinload(Location.schedules),
            )
        )
    }
    organizations = {o.name: o for o in db.session.scalars(select(Organization))}
    terms = {t.id: t for t in db.session.scalars(select(TaxonomyTerm))}
    places = {p.id: p for p in db.session.scalars(select(Place))}
    municipalities = {m.id: m for m in db.session.scalars(select(Municipality))}
    slugs = set(db.session.scalars(select(Organization.slug)))

    summary = ImportSummary()
    today = dt.date.today()
    for done, record in enumerate(records, start=1):
        service = existing.get(record.external_id)
        if service is not None and _snapshot(service) == _wanted(record):
            summary.unchanged += 1
        else:
            organization = organizations.get(record.organization)
            if organization is None:
                organization = _new_organization(record, slugs)
                organizations[record.organization] = organization
            if service is None:
                service = Service(source=source, external_id=record.external_id, status="active")
                db.session.add(service)
                summary.created += 1
            else:
                summary.updated += 1
            apply_record(service, record, organization, terms, places, municipalities)
            service.assured_at = today
            service.updated_at = utcnow()
        if progress:
            progress(done, len(records))
    db.session.flush()
    return summary


def _new_organization(record: ServiceRecord, slugs: set[str]) -> Organization:
    slug = base = slugify(record.organization) or "organisatie"
    counter = 2
    while slug in slugs:
        slug, counter = f"{base}-{counter}", counter + 1
    slugs.add(slug)
    organization = Organization(
        name=record.organization, slug=slug, municipality_id=record.municipality_id, **record.contact
    )
    db.session.add(organization)
    return organization


def apply_record(service: Service, record: ServiceRecord, organization, terms, places, municipalities, *,
                 keep_other_locations: bool = False) -> None:
    """Write a validated row onto a service. A row describes one location: the import makes it the
    only one (the file is the whole truth about its services); an edit (keep_other_locations) changes
    the first and keeps the others of a service offered in several villages."""
    service.organization = organization
    for name, value in record.fields.items():
        setattr(service, name, value)
    for list_field in fields.LIST_FIELDS:  # the code-list fields are named after their relationships
        setattr(service, list_field.name, [terms[i] for i in record.term_ids[list_field.name]])
    service.area_places = [places[i] for i in record.area_place_ids]
    service.area_municipalities = [municipalities[i] for i in record.area_municipality_ids]
    wanted = record.location
    values = {
        "address": wanted.address,
        "postcode": wanted.postcode,
        "place_id": wanted.place_id,
        "latitude": wanted.latitude,
        "longitude": wanted.longitude,
        "approximate": wanted.approximate,
        "schedules": [Schedule(weekday=d, opens_at=o, closes_at=c) for d, o, c in wanted.schedules],
    }
    if keep_other_locations and service.locations:
        # In place: the first location stays first (locations are ordered by id) and keeps its id.
        location = service.locations[0]
        for name, value in values.items():
            setattr(location, name, value)
        location.place = places[wanted.place_id]
    else:
        service.locations = [Location(**values)]
