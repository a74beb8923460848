"""Small builders for test data with sensible defaults."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools

from sqlalchemy import select

from socialmap.catalogue.importer import COLUMNS
from socialmap.catalogue.models import Location, Organization, Schedule, Service, TaxonomyTerm
from socialmap.extensions import db
from socialmap.places.models import Municipality, Place
from socialmap.text import slugify

_counter = itertools.count(1)


def term(vocabulary: str, code: str) -> TaxonomyTerm:
    return db.session.scalars(
        select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == vocabulary, TaxonomyTerm.code == code)
    ).one()


def place(name_nl: str) -> Place:
    return db.session.scalars(
        select(Place).where(Place.name_nl == name_nl).order_by(Place.kind.desc())
    ).first()


def municipality(name: str) -> Municipality:
    return db.session.scalars(select(Municipality).where(Municipality.name == name)).one()


def make_org(name: str | None = None, **fields) -> Organization:
    name = name or f"Stichting Test {next(_counter)}"
    organization = Organization(name=name, slug=slugify(name), **fields)
    db.session.add(organization)
    db.session.flush()
    return organization


def make_service(
    org: Organization | None = None,
    name: str = "Koffieochtend",
    place_name: str = "Exloo",
    kind: str = "village_room",
    tier: int = 3,
    themes: tuple[str, ...] = ("meeting",),
    audiences: tuple[str, ...] = ("everyone",),
    alternatives: tuple[str, ...] = (),
    cost: str = "free",
    area: tuple[str, ...] = (),
    area_municipalities: tuple[str, ...] = (),
    schedules: tuple[tuple[int, str, str], ...] = (),
    latitude: float | None = None,
    longitude: float | None = None,
    description_nl: str = "Elke week koffie drinken en bijpraten.",
    **fields,
) -> Service:
    """A published service at one location; commit is up to the test."""
    where = place(place_name)
    service = Service(
        organization=org or make_org(),
        source=fields.pop("source", "test"),
        external_id=fields.pop("external_id", f"t-{next(_counter)}"),
        name_nl=name,
        description_nl=description_nl,
        kind=term("kind", kind),
        tier_level=tier,
        cost=term("cost", cost),
        themes=[term("theme", c) for c in themes],
        audiences=[term("audience", c) for c in audiences],
        alternatives_for=[term("product", c) for c in alternatives],
        area_places=[place(p) for p in area],
        area_municipalities=[municipality(m) for m in area_municipalities],
        assured_at=fields.pop("assured_at", dt.date.today()),
        **fields,
    )
    service.locations = [
        Location(
            place=where,
            address="Brink 1",
            latitude=latitude if latitude is not None else where.latitude,
            longitude=longitude if longitude is not None else where.longitude,
            schedules=[
                Schedule(weekday=d, opens_at=dt.time.fromisoformat(o), closes_at=dt.time.fromisoformat(c))
                for d, o, c in schedules
            ],
        )
    ]
    db.session.add(service)
    db.session.flush()
    return service


def service_row(**overrides: str) -> dict[str, str]:
    """A valid import row; override any column."""
    row = dict.fromkeys(COLUMNS, "")
    row.update(
        external_id=f"ext-{next(_counter)}",
        organization="Dorpshuis De Brink",
        name="Koffieochtend in het dorpshuis",
        description_nl="Elke woensdag koffie en een praatje.",
        kind="village_room",
        tier="3",
        themes="meeting;loneliness",
        audiences="everyone",
        municipality="Súdwest-Fryslân",
        place="Drylts",
        address="Galamagracht 1",
        postcode="8651 AB",
        cost="free",
        schedule="wo 09:30-11:30",
    )
    row.update(overrides)
    return row


def csv_text(rows: list[dict[str, str]], columns: tuple[str, ...] = COLUMNS) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(columns), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


PASSWORD = "correct horse battery"


def make_user(role: str, email: str | None = None, organization=None, municipality: str | None = None,
              team: str | None = None):  # fmt: skip
    from socialmap.accounts.services import create_user

    user = create_user(email or f"user{next(_counter)}@example.org", role, PASSWORD,
                       municipality=municipality, team=team)  # fmt: skip
    if organization is not None:
        user.organizations.append(organization)
    db.session.flush()
    return user


def personas(db_org=None):
    """The cast of the editing tests: two organisations, their editors, a social worker, a curator."""
    from types import SimpleNamespace

    own = db_org or make_org("Vrijwilligers Heeg", municipality_id=municipality("Súdwest-Fryslân").id, is_trusted=True)
    other = make_org("Dorpshuis Exloo", municipality_id=municipality("Borger-Odoorn").id, is_trusted=True)
    return SimpleNamespace(
        own=own,
        other=other,
        volunteer_editor=make_user("organisation_editor", "editor@heeg.example.org", own),
        other_org_editor=make_user("organisation_editor", "editor@exloo.example.org", other),
        social_worker=make_user("professional", "worker@swf.example.org", team="Gebiedsteam Snits"),
        municipal_editor=make_user("municipal_editor", "redactie@swf.example.org", municipality="Súdwest-Fryslân"),
    )
