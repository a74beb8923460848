"""What the index holds for a service: its texts, and a compact `meta` for filters, facets and distance."""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from socialmap.catalogue.models import Location, Organization, Service
from socialmap.catalogue.queries import DISPLAY_OPTIONS
from socialmap.search import dimensions
from socialmap.search.index import IndexDocument
from socialmap.text import fold


def is_searchable(service: Service) -> bool:
    """Residents only ever find services that are active, not deleted, of an approved organisation.
    (Entries nobody confirmed for a year are indexed but left out at search time: time passes
    without any commit.)"""
    return service.is_visible


def document_for(service: Service) -> IndexDocument:
    theme_labels = " ".join(f"{t.label_nl} {t.label_fy} {t.label_en}" for t in service.themes)
    return IndexDocument(
        service_id=service.id,
        texts={
            "name_nl": service.name_nl,
            "name_fy": service.name_fy,
            "name_en": service.name_en,
            "organization": service.organization.name,
            "themes_text": theme_labels,
            "description_nl": service.description_nl,
            "description_fy": service.description_fy,
            "description_en": service.description_en,
        },
        theme_codes=[t.code for t in service.themes],
        meta={
            **dimensions.stored_values(service),  # what the filters and facets read (search/dimensions.py)
            "id": service.id,
            "loc": [[loc.latitude, loc.longitude] for loc in service.locations],
            "sort": fold(service.name_nl),
            "assured": service.assured_at.toordinal() if service.assured_at else 0,
        },
    )


def searchable_ids(session: Session) -> list[int]:
    """Ids of the services the index should hold, in id order."""
    return list(session.scalars(
        select(Service.id).join(Organization)
        .where(Service.status == "active", Service.deleted_at.is_(None), Organization.status == "active")
        .order_by(Service.id)
    ))  # fmt: skip


def iter_searchable_documents(session: Session, ids: list[int], batch_size: int = 500) -> Iterator[IndexDocument]:
    """Documents for these services, loaded in batches so that 100k services fit in memory."""
    for start in range(0, len(ids), batch_size):
        batch = session.scalars(
            select(Service).options(*DISPLAY_OPTIONS).where(Service.id.in_(ids[start : start + batch_size]))
        ).all()
        for service in batch:
            if is_searchable(service):
                yield document_for(service)
        session.expunge_all()


def documents_for_ids(session: Session, ids: set[int]) -> tuple[list[IndexDocument], set[int]]:
    """(documents to write, ids to remove) for services that changed."""
    services = session.scalars(select(Service).options(*DISPLAY_OPTIONS).where(Service.id.in_(ids))).all()
    keep = [document_for(s) for s in services if is_searchable(s)]
    kept_ids = {d.service_id for d in keep}
    return keep, ids - kept_ids


def service_ids_for(session: Session, changes: set[tuple[str, int]]) -> set[int]:
    """Services touched by changed services, locations (schedules) and organisations."""
    ids = {key for kind, key in changes if kind == "service"}
    locations = {key for kind, key in changes if kind == "location"}
    organizations = {key for kind, key in changes if kind == "organization"}
    if locations:
        ids |= set(session.scalars(select(Location.service_id).where(Location.id.in_(locations))))
    if organizations:
        ids |= set(session.scalars(select(Service.id).where(Service.organization_id.in_(organizations))))
    return ids
