"""Writes for vacancies: post, end, and the demo catalogue's vacancies. Flush, never commit."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from sqlalchemy import delete, select

from socialmap.accounts.access import require_editor_of
from socialmap.catalogue.models import Organization
from socialmap.clock import utcnow
from socialmap.extensions import db
from socialmap.i18n import _
from socialmap.places.models import Place
from socialmap.places.queries import PlaceAmbiguous, PlaceNotFound, resolve_place_name
from socialmap.validate import LONG_TEXT, SHORT_TEXT, Checker, ValidationFailed
from socialmap.volunteering.models import Vacancy

MAX_HOURS_PER_WEEK = 40
MAX_AREA_PLACES = 50


def _place(name: str, organization: Organization) -> Place:
    """A village by its Dutch or Frisian name; with several of that name, the one in the organisation's
    municipality."""
    try:
        return resolve_place_name(name)
    except PlaceAmbiguous as error:
        own = [p for p in error.candidates if p.municipality_id == organization.municipality_id]
        if len(own) == 1:
            return own[0]
        raise


def _where(check: Checker, organization: Organization) -> tuple[Place | None, list[Place], int | None]:
    """`place` (one village) or `service_area` (villages, or "*" for the organisation's municipality)."""
    place_name = check.text("place", SHORT_TEXT, required=False)
    area = check.data.get("service_area")
    if isinstance(area, str):
        area = [part.strip() for part in area.split(";") if part.strip()]
    if area in (None, []) and not place_name:
        if "place" not in check.errors:
            check.errors["place"] = _("Give the village, or the villages (service area) the vacancy is for.")
        return None, [], None
    place = None
    if place_name:
        try:
            place = _place(place_name, organization)
        except PlaceNotFound:
            check.errors["place"] = _("We do not know the place “%(value)s”.", value=place_name[:50])
        except PlaceAmbiguous:
            check.errors["place"] = _("There are several places called “%(value)s”. Add the municipality: "
                                      "“%(value)s, Municipality”.", value=place_name[:50])  # fmt: skip
    if area in (None, []):
        return place, [], None
    if not isinstance(area, list) or not all(isinstance(a, str) for a in area) or len(area) > MAX_AREA_PLACES:
        check.errors["service_area"] = _("Give a list of at most %(n)s villages, or “*” for the whole municipality.",
                                         n=MAX_AREA_PLACES)  # fmt: skip
        return place, [], None
    if area == ["*"]:
        if organization.municipality_id is None:
            check.errors["service_area"] = _("Your organisation has no municipality: name the villages.")
        return place, [], organization.municipality_id
    places: list[Place] = []
    for name in area:
        try:
            found = _place(name, organization)
        except (PlaceNotFound, PlaceAmbiguous):
            check.errors["service_area"] = _("We do not know the place “%(value)s”.", value=name[:50])
            return place, [], None
        if found not in places:
            places.append(found)
    return place, places, None


def read_vacancy(data: dict, organization: Organization, today: dt.date) -> dict:
    """The vacancy's values from JSON or a form, or ValidationFailed naming every field that is wrong."""
    check = Checker(data)
    values = {
        "title": check.text("title", SHORT_TEXT),
        "description_nl": check.text("description_nl", LONG_TEXT),
        "description_fy": check.text("description_fy", LONG_TEXT, required=False),
        "hours_per_week": check.number("hours_per_week", 0.5, MAX_HOURS_PER_WEEK),
        "contact": check.text("contact", SHORT_TEXT),
        "expires_on": check.date("expires_on", today),
    }
    values["place"], values["area_places"], values["area_municipality_id"] = _where(check, organization)
    if check.errors:
        raise ValidationFailed(check.errors)
    return values


def post_vacancy(actor, organization: Organization, data: dict, today: dt.date) -> Vacancy:
    """An organisation's editor (or a curator of its municipality) posts a vacancy. Raises NotAllowed
    before anything else, then ValidationFailed."""
    require_editor_of(actor, organization)
    vacancy = Vacancy(organization=organization, created_by_id=actor.id, **read_vacancy(data, organization, today))
    db.session.add(vacancy)
    db.session.flush()
    return vacancy


def end_vacancy(actor, vacancy: Vacancy) -> None:
    """Residents no longer see it (filled, or no longer needed)."""
    require_editor_of(actor, vacancy.organization)
    if vacancy.ended_at is None:
        vacancy.ended_at = utcnow()
    db.session.flush()


def load_demo_vacancies(path: Path, today: dt.date) -> int:
    """Replace the demo catalogue's vacancies by those of `path`, whose `expires_in_days` count from
    `today`, so the demo never shows an expired vacancy however long after it was built it is loaded."""
    db.session.execute(delete(Vacancy).where(Vacancy.source == "demo"))
    organizations = {o.name: o for o in db.session.scalars(select(Organization))}
    count = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            organization = organizations.get(row["organization"])
            if organization is None:
                continue  # the services file no longer has this organisation
            data = {**row, "expires_on": (today + dt.timedelta(days=int(row["expires_in_days"]))).isoformat(),
                    "service_area": row["service_area"] or None}  # fmt: skip
            db.session.add(Vacancy(organization=organization, source="demo", **read_vacancy(data, organization, today)))
            count += 1
    db.session.flush()
    return count
