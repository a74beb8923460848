"""What the index holds for a service: its texts, and a compact `meta` for filters, facets and distance."""

from __future__ import annotations

import logging
from bisect import bisect_left
from collections.abc import Iterator
from types import SimpleNamespace

from sqlalchemy import inspect, select
from sqlalchemy.orm import MANYTOONE, Session

from socialmap.catalogue.models import Location, Organization, Schedule, Service, TaxonomyTerm
from socialmap.catalogue.queries import DISPLAY_OPTIONS
from socialmap.places.models import Place
from socialmap.search import dimensions
from socialmap.search.index import IndexDocument
from socialmap.text import fold

log = logging.getLogger(__name__)


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


def iter_searchable_documents(session: Session, ids: list[int], batch_size: int = 2000) -> Iterator[IndexDocument]:
    """Documents for these services: `document_for` on light stand-ins read as plain rows, a few
    queries per batch. Loading ORM objects with their relations was ~0.5 ms a service, a third of
    a full rebuild (issue 13: 50k services within 40 s). The stand-ins carry the service's columns,
    its organisation, its taxonomy terms (one or many), its other many-to-many relations (as ids)
    and its locations with their place and schedules; should a dimension read anything else, the
    rest is loaded as ORM objects (said in the log). Batches keep 100k services out of memory."""
    terms = {row.id: row for row in session.execute(select(TaxonomyTerm.__table__))}
    municipality_of = dict(session.execute(select(Place.id, Place.municipality_id)).all())
    mapper = inspect(Service)
    for start in range(0, len(ids), batch_size):
        batch = ids[start : start + batch_size]
        related = {rel.key: _many(session, rel, batch, terms)
                   for rel in mapper.relationships if rel.secondary is not None}  # fmt: skip
        locations = _locations(session, batch, municipality_of)
        rows = session.execute(
            select(Service.__table__, Organization.name.label("organization_name"),
                   Organization.status.label("organization_status"))
            .join(Organization).where(Service.id.in_(batch)).order_by(Service.id)
        )  # fmt: skip
        for row in rows:
            values = dict(row._mapping)
            organization = SimpleNamespace(name=values.pop("organization_name"),
                                           status=values.pop("organization_status"))  # fmt: skip
            service = SimpleNamespace(**values, organization=organization, locations=locations.get(row.id, []),
                                      **{key: found.get(row.id, []) for key, found in related.items()})  # fmt: skip
            for rel in mapper.relationships:  # kind, cost: a term by its id
                if rel.direction is MANYTOONE and rel.mapper.class_ is TaxonomyTerm:
                    (column,) = rel.local_columns
                    setattr(service, rel.key, terms.get(values[column.name]))
            if not Service.is_visible.fget(service):
                continue
            try:
                document = document_for(service)
            except AttributeError as missing:
                log.info("rebuild: services read as ORM objects (%s)", missing)
                yield from _orm_documents(session, ids[bisect_left(ids, row.id) :], batch_size)
                return
            yield document


def _many(session: Session, rel, batch: list[int], terms: dict) -> dict[int, list]:
    """service id → its related terms (in the taxonomy's order) or stand-ins with an id."""
    ((_, own),) = rel.synchronize_pairs
    ((_, other),) = rel.secondary_synchronize_pairs
    found: dict[int, list] = {}
    for service_id, related_id in session.execute(select(own, other).where(own.in_(batch))):
        found.setdefault(service_id, []).append(related_id)
    if rel.mapper.class_ is TaxonomyTerm:
        in_order = {key: sorted(value, key=lambda t: (terms[t].position, t)) for key, value in found.items()}
        return {key: [terms[t] for t in value] for key, value in in_order.items()}
    return {key: [SimpleNamespace(id=i) for i in sorted(value)] for key, value in found.items()}


def _locations(session: Session, batch: list[int], municipality_of: dict[int, int]) -> dict[int, list]:
    locations: dict[int, list] = {}
    by_id = {}
    for row in session.execute(select(Location.__table__).where(Location.service_id.in_(batch)).order_by(Location.id)):
        place = SimpleNamespace(id=row.place_id, municipality_id=municipality_of[row.place_id])
        location = by_id[row.id] = SimpleNamespace(**row._mapping, place=place, schedules=[])
        locations.setdefault(row.service_id, []).append(location)
    ids = list(by_id)
    for start in range(0, len(ids), 2000):
        for row in session.execute(select(Schedule.__table__).where(Schedule.location_id.in_(ids[start : start + 2000]))
                                   .order_by(Schedule.weekday, Schedule.opens_at)):
            by_id[row.location_id].schedules.append(SimpleNamespace(**row._mapping))  # fmt: skip
    return locations


def _orm_documents(session: Session, ids: list[int], batch_size: int) -> Iterator[IndexDocument]:
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
