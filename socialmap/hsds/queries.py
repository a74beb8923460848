"""Reads for the HSDS API: which services, organisations and terms it shows, found by their UUIDs."""

from __future__ import annotations

import datetime as dt
import math

from sqlalchemy import Select, func, or_, select

from socialmap.catalogue.models import (
    Location,
    Organization,
    Service,
    TaxonomyTerm,
    Tier,
    service_alternative,
    service_area_municipality,
    service_area_place,
    service_audience,
    service_theme,
)
from socialmap.catalogue.queries import DISPLAY_OPTIONS
from socialmap.extensions import db
from socialmap.hsds.mapping import VOCABULARIES, organization_uuid, service_uuid, taxonomy_uuid, term_uuid
from socialmap.places.models import Place, Postcode

LINK_TABLES = {"theme": service_theme, "audience": service_audience, "product": service_alternative}


def published_services() -> Select:
    """Every service of an approved organisation, paused and deleted ones too: a partner that copies
    the catalogue must learn that a service closed (``temporarily closed``, ``defunct``)."""
    return select(Service).join(Organization, Organization.id == Service.organization_id).where(
        Organization.status == "active")


def find_service_id(key: str) -> int | None:
    """The database id of the published service with this HSDS id. The UUID is derived, not stored,
    so the candidates are read as (id, source, external id) only."""
    rows = db.session.execute(published_services().with_only_columns(Service.id, Service.source, Service.external_id))
    return next((sid for sid, source, external in rows if service_uuid(source, external, sid) == key), None)


def get_service(service_id: int) -> Service | None:
    return db.session.scalars(published_services().options(*DISPLAY_OPTIONS).where(Service.id == service_id)).first()


def find_organization(key: str) -> Organization | None:
    rows = db.session.execute(select(Organization.id, Organization.slug).where(Organization.status == "active"))
    found = next((oid for oid, slug in rows if organization_uuid(slug) == key), None)
    return db.session.get(Organization, found) if found is not None else None


def find_term(key: str) -> tuple[str, object] | None:
    """(vocabulary, code or tier level) of an HSDS taxonomy term id."""
    for vocabulary, code in db.session.execute(select(TaxonomyTerm.vocabulary, TaxonomyTerm.code)):
        if term_uuid(vocabulary, code) == key:
            return vocabulary, code
    for level in db.session.scalars(select(Tier.level)):
        if term_uuid("tier", level) == key:
            return "tier", level
    return None


def find_vocabulary(key: str) -> str | None:
    return next((v for v in VOCABULARIES if taxonomy_uuid(v) == key), None)


def _with_term(query: Select, vocabulary: str, code) -> Select:
    if vocabulary == "tier":
        return query.where(Service.tier_level == code)
    term_id = select(TaxonomyTerm.id).where(TaxonomyTerm.vocabulary == vocabulary, TaxonomyTerm.code == code)
    if vocabulary in ("kind", "cost"):
        return query.where(getattr(Service, f"{vocabulary}_id") == term_id.scalar_subquery())
    table = LINK_TABLES.get(vocabulary)
    if table is None:  # a reason or outcome of a referral: no service carries one
        return query.where(False)
    linked = select(table.c.service_id).where(table.c.term_id == term_id.scalar_subquery())
    return query.where(Service.id.in_(linked))


def filter_services(query: Select, *, term=None, vocabulary: str | None = None, organization_id: int | None = None,
                    modified_after: dt.datetime | None = None, ids: list[int] | None = None) -> Select:
    """The cumulative (AND) filters of the HSDS API."""
    if term is not None:
        query = _with_term(query, *term)
    if vocabulary == "cost":
        query = query.where(Service.cost_id.is_not(None))
    elif vocabulary in LINK_TABLES:
        query = query.where(Service.id.in_(select(LINK_TABLES[vocabulary].c.service_id)))
    # every service has a tier and a kind: those vocabularies narrow nothing
    if organization_id is not None:
        query = query.where(Service.organization_id == organization_id)
    if modified_after is not None:
        query = query.where(Service.updated_at >= modified_after)
    if ids is not None:
        query = query.where(Service.id.in_(ids))
    return query


def serving_postcode(query: Select, pc4: str, proximity_m: float | None) -> Select:
    """Services for a postcode: within ``proximity_m`` of its centroid when given, else those located
    in or serving its village(s) or whole municipality."""
    areas = list(db.session.execute(select(Postcode.place_id, Postcode.municipality_id, Postcode.latitude,
                                           Postcode.longitude).where(Postcode.pc4 == pc4)))  # fmt: skip
    if not areas:
        return query.where(False)
    if proximity_m is not None:
        lat, lon = areas[0][2], areas[0][3]
        # A box first (cheap in SQL), then the exact distance in Python would cost a second pass; at
        # village scale the box's corners (~40% more area) are accepted and documented.
        dlat = proximity_m / 111_320
        dlon = proximity_m / (111_320 * max(math.cos(math.radians(lat)), 0.01))
        near = select(Location.service_id).where(Location.latitude.between(lat - dlat, lat + dlat),
                                                 Location.longitude.between(lon - dlon, lon + dlon))  # fmt: skip
        return query.where(Service.id.in_(near))
    places = sorted({a[0] for a in areas})
    municipalities = sorted({a[1] for a in areas})
    return query.where(or_(
        Service.id.in_(select(Location.service_id).where(Location.place_id.in_(places))),
        Service.id.in_(select(service_area_place.c.service_id).where(service_area_place.c.place_id.in_(places))),
        Service.id.in_(select(service_area_municipality.c.service_id)
                       .where(service_area_municipality.c.municipality_id.in_(municipalities))),
    ))  # fmt: skip


def page_of(query: Select, page: int, per_page: int) -> tuple[int, list[Service]]:
    total = db.session.scalar(select(func.count()).select_from(query.order_by(None).subquery())) or 0
    rows = db.session.scalars(query.options(*DISPLAY_OPTIONS).order_by(Service.name_nl, Service.id)
                              .offset((page - 1) * per_page).limit(per_page)).unique()  # fmt: skip
    return total, list(rows)


def page_of_organizations(page: int, per_page: int) -> tuple[int, list[Organization]]:
    query = select(Organization).where(Organization.status == "active")
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.session.scalars(query.order_by(Organization.name).offset((page - 1) * per_page).limit(per_page))
    return total, list(rows)


def list_all_terms() -> tuple[list[TaxonomyTerm], list[Tier]]:
    terms = db.session.scalars(select(TaxonomyTerm).where(TaxonomyTerm.vocabulary.in_(VOCABULARIES))
                               .order_by(TaxonomyTerm.vocabulary, TaxonomyTerm.position))  # fmt: skip
    return list(terms), list(db.session.scalars(select(Tier).order_by(Tier.level)))


def get_place(slug: str) -> Place | None:
    return db.session.scalar(select(Place).where(Place.slug == slug))


def list_drafts(municipality_ids: frozenset[int] | None) -> list:
    """Drafts of plain HSDS services in these municipalities (None: every one, also those whose place
    was not recognised), oldest first."""
    from socialmap.hsds.models import HsdsDraft

    query = select(HsdsDraft).order_by(HsdsDraft.created_at, HsdsDraft.id)
    if municipality_ids is not None:
        query = query.where(HsdsDraft.municipality_id.in_(sorted(municipality_ids)))
    return list(db.session.scalars(query))
