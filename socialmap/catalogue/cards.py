"""Service cards: what a list of services shows of each one, read in four small queries.

A results page shows twenty cards. Loading them as ORM objects with organisation, locations,
places, schedules and taxonomy terms took ~10 ms at 50k services, nearly all of it building and
tracking objects; cards are read-only, so they are plain rows, and the labels of kinds, costs and
themes come from reference data read once per process.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select

from socialmap import reference
from socialmap.catalogue.models import Location, Organization, Schedule, Service, TaxonomyTerm, service_theme
from socialmap.extensions import db
from socialmap.places.models import Place, display_name


@dataclass(frozen=True)
class TermLabel:
    code: str
    position: int
    label_nl: str
    label_fy: str | None
    label_en: str | None

    def label(self, language: str) -> str:
        return getattr(self, f"label_{language}", None) or self.label_nl


@dataclass(frozen=True)
class CardPlace:
    id: int
    municipality_id: int
    name_nl: str
    name_fy: str | None
    official_language: str

    def display_name(self, language: str) -> str:
        """Drylts on the Frisian page, IJlst on the Dutch and English ones; Easterein on every page."""
        return display_name(self.name_nl, self.name_fy, self.official_language, language)


@dataclass(frozen=True)
class CardSchedule:
    weekday: int
    opens_at: dt.time
    closes_at: dt.time

    def is_open_at(self, moment: dt.datetime) -> bool:
        return moment.weekday() == self.weekday and self.opens_at <= moment.time() < self.closes_at


@dataclass
class ServiceCard:
    id: int
    name_nl: str
    name_fy: str | None
    name_en: str | None
    description_nl: str
    description_fy: str | None
    description_en: str | None
    organization_name: str
    tier_level: int
    kind: TermLabel
    cost: TermLabel | None
    capacity: str | None
    assured_at: dt.date | None
    phone: str | None = None  # the service's own, else its organisation's
    place: CardPlace | None = None  # of the first location, as the service page lists them
    address: str | None = None  # street and number of the first location
    postcode: str | None = None
    schedules: list[CardSchedule] = field(default_factory=list)  # of the first location
    place_ids: set[int] = field(default_factory=set)  # of every location
    themes: list[TermLabel] = field(default_factory=list)

    def name(self, language: str) -> str:
        return getattr(self, f"name_{language}", None) or self.name_nl


@reference.cached(maxsize=4)
def _terms(database_url: str) -> dict[int, TermLabel]:
    # Reference data: read once per process and database, until it is loaded again (socialmap/reference.py).
    return {t.id: TermLabel(t.code, t.position, t.label_nl, t.label_fy, t.label_en)
            for t in db.session.scalars(select(TaxonomyTerm))}  # fmt: skip


def load_cards(service_ids: list[int]) -> list[ServiceCard]:
    """Cards for these services, in the order given; ids that do not exist are skipped."""
    if not service_ids:
        return []
    terms = _terms(str(db.engine.url))
    rows = db.session.execute(
        select(Service.id, Service.name_nl, Service.name_fy, Service.name_en, Service.description_nl,
               Service.description_fy, Service.description_en, Organization.name, Service.tier_level,
               Service.kind_id, Service.cost_id, Service.capacity, Service.assured_at, Service.phone,
               Organization.phone)
        .join(Organization, Organization.id == Service.organization_id)
        .where(Service.id.in_(service_ids))
    )  # fmt: skip
    cards = {}
    for row in rows:
        service_id, *texts, organization_name, tier_level, kind_id, cost_id, capacity, assured_at, phone, org_tel = row
        cards[service_id] = ServiceCard(service_id, *texts, organization_name, tier_level, terms[kind_id],
                                        terms.get(cost_id), capacity, assured_at, phone or org_tel)  # fmt: skip
    first_locations: dict[int, ServiceCard] = {}
    locations = db.session.execute(
        select(Location.id, Location.service_id, Location.address, Location.postcode, Place.id,
               Place.municipality_id, Place.name_nl, Place.name_fy, Place.official_language)
        .join(Place, Place.id == Location.place_id)
        .where(Location.service_id.in_(cards))
        .order_by(Location.id)
    )  # fmt: skip
    for location_id, service_id, address, postcode, *place in locations:
        card = cards[service_id]
        if card.place is None:
            card.place = CardPlace(*place)
            card.address, card.postcode = address, postcode
            first_locations[location_id] = card
        card.place_ids.add(place[0])
    if first_locations:
        schedules = db.session.execute(
            select(Schedule.location_id, Schedule.weekday, Schedule.opens_at, Schedule.closes_at)
            .where(Schedule.location_id.in_(first_locations))
            .order_by(Schedule.weekday, Schedule.opens_at)
        )
        for location_id, *times in schedules:
            first_locations[location_id].schedules.append(CardSchedule(*times))
    themes = db.session.execute(
        select(service_theme.c.service_id, service_theme.c.term_id).where(service_theme.c.service_id.in_(cards))
    )
    for service_id, term_id in themes:
        cards[service_id].themes.append(terms[term_id])
    for card in cards.values():
        card.themes.sort(key=lambda term: term.position)
    return [cards[i] for i in service_ids if i in cards]
