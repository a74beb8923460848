"""Reads of the catalogue."""

from __future__ import annotations

from sqlalchemy import Select, func, select
from sqlalchemy.orm import selectinload

from socialmap.catalogue.models import Location, Service, TaxonomyTerm, Tier
from socialmap.extensions import db
from socialmap.places.models import Municipality, Place


def has_demo_services() -> bool:
    """The demo catalogue is loaded as source 'demo'; pages then show a notice."""
    return db.session.scalar(select(Service.id).where(Service.source == "demo").limit(1)) is not None


def list_municipality_overview() -> list[tuple[Municipality, int, int]]:
    """Each municipality with its number of places and of visible services."""
    place_counts = (
        select(Place.municipality_id, func.count(Place.id).label("n")).group_by(Place.municipality_id)
    ).subquery()
    service_counts = (
        select(Place.municipality_id, func.count(func.distinct(Service.id)).label("n"))
        .select_from(Service)
        .join(Location, Location.service_id == Service.id)
        .join(Place, Place.id == Location.place_id)
        .where(Service.status == "active", Service.deleted_at.is_(None))
        .group_by(Place.municipality_id)
    ).subquery()
    rows = db.session.execute(
        select(Municipality, func.coalesce(place_counts.c.n, 0), func.coalesce(service_counts.c.n, 0))
        .outerjoin(place_counts, place_counts.c.municipality_id == Municipality.id)
        .outerjoin(service_counts, service_counts.c.municipality_id == Municipality.id)
        .order_by(Municipality.name)
    )
    return [tuple(row) for row in rows]


DISPLAY_OPTIONS = (
    selectinload(Service.organization),
    selectinload(Service.kind),
    selectinload(Service.cost),
    selectinload(Service.tier),
    selectinload(Service.themes),
    selectinload(Service.audiences),
    selectinload(Service.alternatives_for),
    selectinload(Service.area_places),
    selectinload(Service.area_municipalities),
    selectinload(Service.locations).selectinload(Location.place),
    selectinload(Service.locations).selectinload(Location.schedules),
)


def visible_services() -> Select:
    return select(Service).where(Service.status == "active", Service.deleted_at.is_(None))


def get_services_in_order(ids: list[int]) -> list[Service]:
    """Services for a result page, in the order given (the search decided it)."""
    if not ids:
        return []
    found = {s.id: s for s in db.session.scalars(select(Service).options(*DISPLAY_OPTIONS).where(Service.id.in_(ids)))}
    return [found[i] for i in ids if i in found]


def get_visible_service(service_id: int) -> Service | None:
    return db.session.scalars(visible_services().options(*DISPLAY_OPTIONS).where(Service.id == service_id)).first()


def list_terms(vocabulary: str) -> list[TaxonomyTerm]:
    return list(
        db.session.scalars(
            select(TaxonomyTerm).where(TaxonomyTerm.vocabulary == vocabulary).order_by(TaxonomyTerm.position)
        )
    )


def list_tiers() -> list[Tier]:
    return list(db.session.scalars(select(Tier).order_by(Tier.level)))
