"""Writes for contact points: by a municipal editor of the municipality (or an administrator), and the
CSV load of the command line (`socialmap contact-points FILE.csv`)."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from socialmap import clock
from socialmap.accounts.access import require_curator_of_municipality
from socialmap.extensions import db
from socialmap.i18n import _
from socialmap.places.models import ContactPoint, Place
from socialmap.places.queries import find_municipality, find_place_in, list_contact_points
from socialmap.text import is_email_address, is_phone_number

TEXT_FIELDS = ("name", "phone", "email", "address", "postcode", "walk_in_nl", "walk_in_fy", "walk_in_en")
CSV_COLUMNS = ("municipality", "name", "phone", "email", "address", "postcode", "place", "walk_in_nl", "walk_in_fy",
               "walk_in_en", "places")  # fmt: skip
_POSTCODE = re.compile(r"^[1-9][0-9]{3} ?[A-Za-z]{2}$")


@dataclass
class ContactPointData:
    """What an editor or a CSV row gives; places are those of the contact point's municipality."""

    name: str
    phone: str
    email: str | None = None
    address: str | None = None
    postcode: str | None = None
    place: Place | None = None
    walk_in_nl: str | None = None
    walk_in_fy: str | None = None
    walk_in_en: str | None = None
    places: list[Place] = field(default_factory=list)


class ContactPointInvalid(ValueError):
    def __init__(self, problems: list[str]):
        super().__init__("; ".join(problems))
        self.problems = problems


def save_contact_point(actor, municipality_id: int, data: ContactPointData,
                       contact_point: ContactPoint | None = None) -> ContactPoint:  # fmt: skip
    """Create or change a contact point of this municipality; only its municipal editors may."""
    require_curator_of_municipality(actor, municipality_id)
    if contact_point is not None:
        require_curator_of_municipality(actor, contact_point.municipality_id)
    return _apply(municipality_id, data, contact_point)


def delete_contact_point(actor, contact_point: ContactPoint) -> None:
    require_curator_of_municipality(actor, contact_point.municipality_id)
    db.session.delete(contact_point)
    db.session.flush()


def _apply(municipality_id: int, data: ContactPointData, contact_point: ContactPoint | None) -> ContactPoint:
    problems = _problems(municipality_id, data)
    if problems:
        raise ContactPointInvalid(problems)
    if contact_point is None:
        contact_point = ContactPoint(municipality_id=municipality_id)
        db.session.add(contact_point)
    contact_point.municipality_id = municipality_id
    for name in TEXT_FIELDS:
        value = getattr(data, name)
        setattr(contact_point, name, value.strip() if value and value.strip() else None)
    contact_point.place = data.place
    contact_point.places = list(data.places)
    contact_point.updated_at = clock.utcnow()
    db.session.flush()
    return contact_point


def _problems(municipality_id: int, data: ContactPointData) -> list[str]:
    problems = []
    if not (data.name or "").strip():
        problems.append(_("Give the name of the team or desk."))
    if not is_phone_number((data.phone or "").strip()):
        problems.append(_("Give a phone number, for example 0515-555 400."))
    if data.postcode and not _POSTCODE.match(data.postcode.strip()):
        problems.append(_("Give the postcode as 8601 AB."))
    if data.email and not is_email_address(data.email.strip()):
        problems.append(_("Give a valid e-mail address."))
    columns = ContactPoint.__table__.c  # the form checks lengths too; this is for CSV files (column names)
    problems += [_("Too long: %(column)s (at most %(n)s characters).", column=name, n=columns[name].type.length)
                 for name in TEXT_FIELDS if len(getattr(data, name) or "") > columns[name].type.length]  # fmt: skip
    if any(p.municipality_id != municipality_id for p in [*data.places, *([data.place] if data.place else [])]):
        problems.append(_("Choose villages of this municipality."))
    return problems


@dataclass
class LoadSummary:
    created: int = 0
    updated: int = 0


def load_contact_points(text: str) -> LoadSummary:
    """Load contact points from CSV (columns CSV_COLUMNS; `places` separated by `;`, empty for the
    whole municipality), all or nothing: a problem on any line raises ContactPointInvalid naming it.
    A row updates the contact point of the same municipality and name."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = [c for c in ("municipality", "name", "phone") if c not in (reader.fieldnames or [])]
    if missing:
        raise ContactPointInvalid([_("Missing column: %(column)s", column=c) for c in missing])
    existing = {(c.municipality_id, c.name): c for c in list_contact_points(None)}
    summary, problems, rows = LoadSummary(), [], []
    for line, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        municipality = find_municipality(row.get("municipality", ""))
        if municipality is None:
            problems.append(_("Line %(line)s: unknown municipality “%(value)s”.", line=line,
                              value=row.get("municipality", "")))  # fmt: skip
            continue
        places, unknown = [], []
        for name in filter(None, (n.strip() for n in row.get("places", "").split(";"))):
            found = find_place_in(municipality.id, name)
            if found is None:
                unknown.append(name)
            else:
                places.append(found)
        desk = find_place_in(municipality.id, row["place"]) if row.get("place") else None
        if row.get("place") and desk is None:
            unknown.append(row["place"])
        problems += [_("Line %(line)s: no place “%(value)s” in %(municipality)s.", line=line, value=name,
                       municipality=municipality.name) for name in unknown]  # fmt: skip
        data = ContactPointData(**{k: row.get(k) or None for k in TEXT_FIELDS}, place=desk, places=places)
        data.name, data.phone = row.get("name", ""), row.get("phone", "")
        problems += [_("Line %(line)s: %(problem)s", line=line, problem=p) for p in _problems(municipality.id, data)]
        rows.append((municipality.id, data))
    if problems:
        raise ContactPointInvalid(problems)
    for municipality_id, data in rows:
        current = existing.get((municipality_id, data.name))
        existing[(municipality_id, data.name)] = _apply(municipality_id, data, current)
        if current is None:
            summary.created += 1
        else:
            summary.updated += 1
    return summary
