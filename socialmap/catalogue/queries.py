"""Reads of the catalogue."""

from __future__ import annotations

from sqlalchemy import func, select

from socialmap.catalogue.models import Location, Service
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
